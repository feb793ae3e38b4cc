"""``Cleaner`` and ``clean()``: the whole algorithm, top to bottom.

    load ─▶ (HTML) parse ─▶ html rules ─▶ linearize ─┐
         └▶ (text) ──────────────────────────────────┴▶ TextDoc ─▶ text rules ─▶ Cleaned

Each rule runs under the guard (see :func:`cleantext.pipeline.run_rules`).
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, replace
from typing import Any

from . import rules as _builtin_rules  # noqa: F401  (registers the built-in rules)
from .config import Config
from .errors import ConfigError
from .html.htmldoc import HtmlDoc
from .html.linearize import linearize, locate
from .html.parse import check_depth, parse_html
from .load import load
from .phrases import compile_phrases
from .pipeline import HTML_RULES, TEXT_RULES, run_rules
from .profiles import matching
from .registry import REGISTRY, Rule, order_rules
from .result import Cleaned, Note, Removal
from .textdoc import TextDoc


@dataclass(frozen=True)
class Trace:
    """A cleaning with its intermediate documents.

    ``text_doc`` is the text stage's document (for HTML input: the linearized
    blocks, each with its XPath); ``html_doc`` is the parsed page with the nodes the
    HTML rules removed (``None`` for text input).
    """

    cleaned: Cleaned
    kind: str
    text_doc: TextDoc
    html_doc: HtmlDoc | None


class Cleaner:
    """A configured, reusable cleaner. Build it once, call :meth:`clean` many times.

    ``Cleaner(config)`` or ``Cleaner(lang="fr", disable=("comments-section",))``.
    Picklable, so it can be shipped to worker processes and Spark executors.
    """

    def __init__(self, config: Config | None = None, **changes: Any) -> None:
        base = config if config is not None else Config()
        self.config = base.with_(**changes) if changes else base
        for name in (*self.config.enable, *self.config.disable):
            REGISTRY.get(name)  # raises UnknownRuleError listing the known rules
        enabled, disabled = set(self.config.enable), set(self.config.disable)
        self.html_rules: list[Rule] = order_rules(HTML_RULES, "html", enabled, disabled)
        self.text_rules: list[Rule] = order_rules(TEXT_RULES, "text", enabled, disabled)
        for rule, stage in [(r, "html") for r in self.html_rules] + [
            (r, "text") for r in self.text_rules
        ]:
            if rule.stage != stage:
                raise ConfigError(f"rule {rule.name!r} is a {rule.stage}-stage rule")
        for name in {name for name, _ in self.config.extra_phrases}:
            REGISTRY.get(name)  # an extra phrase for no rule is a typo
            extra = tuple(p for n, p in self.config.extra_phrases if n == name)
            compile_phrases(name, self.config.languages, extra)  # ConfigError if invalid

    def __reduce__(self) -> tuple[Any, ...]:
        return (Cleaner, (self.config,))

    def __repr__(self) -> str:
        return f"Cleaner({self.config!r})"

    def clean(self, page: Any, *, url: str | None = None, encoding: str | None = None) -> Cleaned:
        """Clean one page: HTML (str, bytes, lxml tree, BeautifulSoup) or plain text.

        ``url`` selects site profiles and helps rules; ``encoding`` is the charset an
        HTTP header declared for ``bytes`` input. Raises :class:`InputError` for input
        that is not a page; never for a rule's failure (that becomes a note).
        """
        return self._run(page, url, encoding, False)[0]

    def trace(self, page: Any, *, url: str | None = None, encoding: str | None = None) -> Trace:
        """Clean one page and keep the intermediate documents (for reports and tools
        that show where each removal sat); :meth:`clean` is ``trace(...).cleaned``."""
        cleaned, kind, text_doc, html_doc = self._run(page, url, encoding, True)
        return Trace(cleaned=cleaned, kind=kind, text_doc=text_doc, html_doc=html_doc)

    def _run(
        self, page: Any, url: str | None, encoding: str | None, block_paths: bool
    ) -> tuple[Cleaned, str, TextDoc, HtmlDoc | None]:
        """The cleaning: what a :class:`Trace` holds (made only for :meth:`trace`).
        ``block_paths`` sets every HTML block's XPath in the trace's text document
        (costly on big pages, so :meth:`clean` skips it: its removals get their
        XPaths either way)."""
        profiled = self._for_site(url)
        if profiled is not None:
            return profiled._run(page, url, encoding, block_paths)
        kind, content = load(
            page, max_chars=self.config.max_input_chars, encoding=encoding, utf8_bytes=True
        )
        notes: list[Note] = []
        html_doc: HtmlDoc | None = None
        html_removals: list[Removal] = []
        if kind == "html":
            markup = isinstance(content, (str, bytes))
            root = parse_html(content) if markup else content
            check_depth(root, self.config.max_depth, parsed=markup)
            html_doc = HtmlDoc(root, url)
            run_rules(html_doc, self.html_rules, self.config, url, notes)
            html_removals = html_doc.removals
            blocks = [b for b in linearize(html_doc) if b[0].strip()]
            # XPaths only for the blocks the text rules remove from (see locate()).
            doc = TextDoc.from_blocks(
                ((text, None, kind) for text, _, kind in blocks), self.config.languages
            )
            nodes = [node for _, node, _ in blocks]
            run_rules(doc, self.text_rules, self.config, url, notes)
            text_removals = locate(
                html_doc, doc.removals, [b.start for b in doc.blocks], nodes
            )
            if block_paths:
                pairs = zip(doc.blocks, nodes, strict=True)
                doc.blocks[:] = [replace(b, where=html_doc.xpath_of(n)) for b, n in pairs]
        else:
            doc = TextDoc.from_text(content, self.config.languages)
            run_rules(doc, self.text_rules, self.config, url, notes)
            text_removals = doc.removals  # (a new list)
        cleaned = Cleaned(
            text=doc.output(),
            removals=(*html_removals, *text_removals),
            notes=tuple(notes),
        )
        return cleaned, kind, doc, html_doc

    __call__ = clean

    def _for_site(self, url: str | None) -> Cleaner | None:
        """A cleaner with the matching site profiles' phrases and switches folded into
        its config (cached per set of profiles), or ``None`` when none changes them."""
        if not self.config.profiles or not url:
            return None
        found = tuple(
            p for p in matching(self.config.profiles, url) if p.disable or p.extra_phrases
        )
        if not found:
            return None
        disable = tuple(dict.fromkeys(
            (*self.config.disable, *(n for p in found for n in p.disable))
        ))
        extra = (*self.config.extra_phrases, *(x for p in found for x in p.extra_phrases))
        others = tuple(p for p in self.config.profiles if p not in found)
        # The drop selectors still apply: keep the matching profiles, minus what is folded in.
        kept = tuple(replace(p, disable=(), extra_phrases=()) for p in found)
        return cached_cleaner(
            self.config.with_(disable=disable, extra_phrases=extra, profiles=others + kept)
        )


@functools.cache
def _default_config() -> Config:
    """``Config()``, made once: configs are frozen, and building one validates every
    field (a few microseconds that :func:`clean` would pay on every page)."""
    return Config()


@functools.lru_cache(maxsize=32)
def cached_cleaner(config: Config) -> Cleaner:
    """One shared cleaner per distinct config (configs are hashable)."""
    return Cleaner(config)


def clean(
    page: Any,
    *,
    url: str | None = None,
    lang: str | tuple[str, ...] | None = None,
    enable: tuple[str, ...] | list[str] = (),
    disable: tuple[str, ...] | list[str] = (),
    config: Config | None = None,
    encoding: str | None = None,
) -> Cleaned:
    """Clean a page and explain what was removed.

    >>> text, removals = clean("The liveblog has ended. Rain fell on Rabat all day.")
    >>> text
    'Rain fell on Rabat all day.'
    >>> removals[0].rule
    'liveblog-stub'

    ``page`` is HTML (``str``, ``bytes`` in any encoding, an lxml tree or a
    BeautifulSoup object) or text a scraper flattened out of a page. ``lang``
    narrows the phrase lists (default: all languages); ``enable``/``disable`` switch
    rules by name. Repeated calls with the same options reuse one compiled cleaner.
    """
    base = config if config is not None else _default_config()
    changes: dict[str, Any] = {}
    if lang is not None:
        changes["lang"] = lang
    if enable:
        changes["enable"] = tuple(enable)
    if disable:
        changes["disable"] = tuple(disable)
    return cached_cleaner(base.with_(**changes) if changes else base).clean(
        page, url=url, encoding=encoding
    )
