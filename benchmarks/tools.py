"""Adapters: every tool is a function (page input) -> extracted text, plus the views it takes.

Inputs are prepared outside the timed section: peers get the HTML decoded once by
`data.decode_html` (a str); cleantext gets the raw bytes in HTML mode (its own decoding is
timed) and the view's str in text mode.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from .baseline import densest_run
from .data import TEXT_VIEWS

# (raw bytes, decoded html or text view, url) -> text
Runner = Callable[[bytes, str, str], str]


@dataclass
class Tool:
    name: str
    views: tuple[str, ...]
    make: Callable[[], Runner]  # imports lazily; raises if the tool is unavailable


class Unavailable(Exception):
    """The tool cannot be imported or set up in this environment."""


# ---------------------------------------------------------------- cleantext
def _make_cleantext_html() -> Runner:
    clean = _cleantext_clean()

    def run(raw: bytes, _text: str, url: str) -> str:
        return str(clean(raw, url=url).text)

    return run


def _make_cleantext_text() -> Runner:
    clean = _cleantext_clean()

    def run(_raw: bytes, text: str, _url: str) -> str:
        return str(clean(text).text)

    return run


def _cleantext_clean() -> Callable[..., Any]:
    try:
        import cleantext
    except Exception as exc:  # the core is being written concurrently
        raise Unavailable(f"import cleantext failed: {exc!r}") from exc
    clean = getattr(cleantext, "clean", None)
    if not callable(clean):
        raise Unavailable("cleantext.clean does not exist yet")
    return clean  # type: ignore[no-any-return]


# ---------------------------------------------------------------- peers (HTML only)
def _make_trafilatura(**kwargs: Any) -> Callable[[], Runner]:
    def make() -> Runner:
        import trafilatura

        def run(_raw: bytes, html: str, url: str) -> str:
            return trafilatura.extract(html, url=url or None, **kwargs) or ""

        return run

    return make


def _make_readability() -> Runner:
    import lxml.html
    from readability import Document  # type: ignore[import-untyped]

    def run(_raw: bytes, html: str, _url: str) -> str:
        summary = Document(html).summary()
        if not summary.strip():
            return ""
        tree = lxml.html.fromstring(summary)
        if isinstance(tree, lxml.html.HtmlElement):
            return str(tree.text_content())
        return "".join(str(t) for t in tree.itertext())

    return run


_LANG_ATTR = re.compile(r"<html\b[^>]*?\blang\s*=\s*[\"']?([A-Za-z]{2,3})\b", re.I)
_LANG_META = re.compile(
    r"<meta\b[^>]*?(?:content-language|og:locale)[^>]*?content\s*=\s*[\"']?([A-Za-z]{2,3})\b",
    re.I,
)
_ISO_TO_JUSTEXT = {
    "en": "English",
    "de": "German",
    "fr": "French",
    "es": "Spanish",
    "pl": "Polish",
    "it": "Italian",
    "pt": "Portuguese",
    "nl": "Dutch",
    "ru": "Russian",
    "cs": "Czech",
    "sk": "Slovak",
    "sv": "Swedish",
    "da": "Danish",
    "no": "Norwegian_Bokmal",
    "nb": "Norwegian_Bokmal",
    "nn": "Norwegian_Nynorsk",
    "fi": "Finnish",
    "tr": "Turkish",
    "ar": "Arabic",
    "id": "Indonesian",
    "ms": "Malay",
    "ko": "Korean",
    "uk": "Ukrainian",
    "el": "Greek",
    "hu": "Hungarian",
    "ro": "Romanian",
    "bg": "Bulgarian",
    "hr": "Croatian",
    "sr": "Serbian",
    "sl": "Slovenian",
    "ca": "Catalan",
    "fa": "Persian",
    "he": "Hebrew",
    "hi": "Hindi",
    "vi": "Vietnamese",
    "lt": "Lithuanian",
    "lv": "Latvian",
    "et": "Estonian",
}
# languages tried by stopword vote when the page declares none
_VOTE = (
    "English",
    "German",
    "French",
    "Spanish",
    "Polish",
    "Italian",
    "Portuguese",
    "Dutch",
    "Russian",
    "Arabic",
)
_WORD = re.compile(r"\w+")
_TAGS = re.compile(r"<script\b.*?</script>|<style\b.*?</style>|<[^>]+>", re.I | re.S)


def justext_language(html: str, stoplists: dict[str, frozenset[str]]) -> str:
    """Declared language (<html lang>, content-language, og:locale), else stopword vote,
    else English."""
    m = _LANG_ATTR.search(html) or _LANG_META.search(html)
    if m:
        name = _ISO_TO_JUSTEXT.get(m.group(1).lower())
        if name:
            return name
    words = [w.lower() for w in _WORD.findall(_TAGS.sub(" ", html))]
    if words:
        votes = {lang: sum(w in stoplists[lang] for w in words) for lang in _VOTE}
        best = max(votes, key=lambda k: votes[k])
        if votes[best] >= 0.1 * len(words):
            return best
    return "English"


def _make_justext() -> Runner:
    import justext  # type: ignore[import-untyped]

    names = set(_ISO_TO_JUSTEXT.values()) | set(_VOTE)
    stoplists = {n: frozenset(justext.get_stoplist(n)) for n in names}

    def run(_raw: bytes, html: str, _url: str) -> str:
        lang = justext_language(html, stoplists)
        paragraphs = justext.justext(html, stoplists[lang])
        return "\n".join(p.text for p in paragraphs if not p.is_boilerplate)

    return run


def _make_resiliparse() -> Runner:
    from resiliparse.extract.html2text import extract_plain_text

    def run(_raw: bytes, html: str, _url: str) -> str:
        return str(extract_plain_text(html, main_content=True))

    return run


# ---------------------------------------------------------------- text-view baselines
def _make_identity() -> Runner:
    def run(_raw: bytes, text: str, _url: str) -> str:
        return text

    return run


def _make_densest() -> Runner:
    def run(_raw: bytes, text: str, _url: str) -> str:
        return densest_run(text)

    return run


HTML_ONLY = ("html",)
TOOLS: dict[str, Tool] = {
    t.name: t
    for t in (
        Tool("trafilatura", HTML_ONLY, _make_trafilatura()),
        Tool("trafilatura-precision", HTML_ONLY, _make_trafilatura(favor_precision=True)),
        Tool("readability", HTML_ONLY, _make_readability),
        Tool("justext", HTML_ONLY, _make_justext),
        Tool("resiliparse", HTML_ONLY, _make_resiliparse),
        Tool("identity", TEXT_VIEWS, _make_identity),
        Tool("baseline-densest-run", TEXT_VIEWS, _make_densest),
    )
}
CLEANTEXT = "cleantext"
ALL_TOOLS: tuple[str, ...] = (CLEANTEXT, *TOOLS)


def make_runner(tool: str, view: str) -> Runner:
    """Build the runner of `tool` for `view`; raises Unavailable or ValueError."""
    if tool == CLEANTEXT:
        return _make_cleantext_html() if view == "html" else _make_cleantext_text()
    spec = TOOLS[tool]
    if view not in spec.views:
        raise ValueError(f"{tool} does not take the {view} view")
    try:
        return spec.make()
    except ImportError as exc:
        raise Unavailable(f"{tool}: {exc!r}") from exc


def tool_views(tool: str) -> tuple[str, ...]:
    if tool == CLEANTEXT:
        return ("html", *TEXT_VIEWS)
    return TOOLS[tool].views
