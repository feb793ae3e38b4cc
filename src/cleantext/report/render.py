"""Turn a cleaning into one self-contained HTML page.

The page needs nothing outside itself: inline CSS and a few lines of JavaScript,
no network, no external fonts. Everything taken from the page or the log is escaped,
and a Content-Security-Policy allows only the report's own style and script (by
hash), so nothing from the page can run even if escaping were ever missed.

Big pages stay fast: one element per removal, and the rule filters flip one CSS
class on the container (``.h3 .r3 {display: none}``) instead of looping over nodes.
"""

from __future__ import annotations

import base64
import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from html import escape
from importlib import resources
from typing import Any, Literal

from .. import __version__
from ..cleaner import Trace
from ..errors import CleantextError
from ..load import load
from ..registry import REGISTRY
from ..result import Cleaned, Removal
from .layout import Cut, Layout, Part, fallback, layout_html, layout_text

#: (tint, ink) per rule, in order of first appearance in the log; legible on white,
#: distinct side by side. Past twelve rules the colours repeat.
PALETTE: tuple[tuple[str, str], ...] = (
    ("#ffe1de", "#b42318"),
    ("#dbeafe", "#1d4ed8"),
    ("#d3f9e0", "#067647"),
    ("#fdecd2", "#a14a05"),
    ("#efe3ff", "#6d28d9"),
    ("#fde4f4", "#b1136c"),
    ("#cff5f6", "#0e6f7c"),
    ("#fdf4c4", "#7a5a00"),
    ("#e3e8ef", "#344054"),
    ("#e5f7c8", "#3f6212"),
    ("#e0e7ff", "#3730a3"),
    ("#ffe4d5", "#9a3412"),
)

#: Longest excerpt of a removal's text shown in the removal log list.
EXCERPT = 240


@dataclass(frozen=True)
class RuleStats:
    """What one rule removed: how many pieces and how many characters."""

    name: str
    removals: int
    chars: int


def rule_stats(cleaned: Cleaned) -> list[RuleStats]:
    """Per-rule counts, rules in order of their first removal in the log."""
    counts: dict[str, list[int]] = {}
    for removal in cleaned.removals:
        entry = counts.setdefault(removal.rule, [0, 0])
        entry[0] += 1
        entry[1] += len(removal.text)
    return [RuleStats(name, n, chars) for name, (n, chars) in counts.items()]


def render_trace(
    trace: Trace,
    *,
    title: str = "cleantext report",
    url: str | None = None,
) -> str:
    """The HTML report of a traced cleaning (:meth:`cleantext.Cleaner.trace`).

    Everything shown comes from the pipeline's own documents: the text the text
    rules ran on, the nodes the HTML rules removed, and the log. ``url`` is only shown.
    """
    if trace.kind == "html" and trace.html_doc is not None:
        layout = layout_html(trace.html_doc, trace.text_doc, trace.cleaned)
    else:
        layout = layout_text(trace.text_doc.text, trace.cleaned)
    kind = "html" if trace.kind == "html" else "text"
    return _Page(trace.cleaned, layout, title=title, kind=kind, url=url).html()


def render_report(
    source: Any,
    cleaned: Cleaned,
    *,
    title: str = "cleantext report",
    kind: Literal["text", "html"] | None = None,
    url: str | None = None,
    encoding: str | None = None,
) -> str:
    """The HTML report of ``cleaned``, the cleaning of ``source``, from its log alone.

    For text input the log's character spans put every removal in place. For HTML
    input the log alone cannot say where the kept text's blocks fall, so the
    removals are listed after the kept text (with a notice): use
    :func:`render_trace` with :meth:`cleantext.Cleaner.trace` to see them in place.
    ``source`` is text or HTML (``str`` or ``bytes``, decoded as the cleaner decodes
    it, ``encoding`` being an HTTP header's charset) or a parsed page; ``kind``
    overrides the cleaner's detection of text versus HTML. ``url`` is only shown.
    """
    found_kind, content = load(source, max_chars=1 << 62, encoding=encoding)
    kind = kind or found_kind
    if kind == "text":
        if not isinstance(content, str):
            raise CleantextError("a text report needs the input text, not a tree")
        layout = layout_text(content, cleaned)
    else:
        layout = fallback(cleaned, "an HTML report needs the trace of the cleaning "
                          "(Cleaner.trace() and render_trace())")
    return _Page(cleaned, layout, title=title, kind=kind, url=url).html()


class _Page:
    def __init__(self, cleaned: Cleaned, layout: Layout, *, title: str, kind: str,
                 url: str | None) -> None:
        self.cleaned = cleaned
        self.layout = layout
        self.title = title
        self.kind = kind
        self.url = url
        self.stats = rule_stats(cleaned)
        self.slot = {s.name: i for i, s in enumerate(self.stats)}
        self.removed_chars = sum(s.chars for s in self.stats)
        self.kept_chars = len(cleaned.text)

    def html(self) -> str:
        css = _asset("report.css") + self._rule_css()
        script = _asset("report.js")
        csp = (f"default-src 'none'; style-src '{csp_hash(css)}'; script-src '{csp_hash(script)}'; "
               "img-src 'none'; base-uri 'none'; form-action 'none'")
        out = [
            "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n",
            f'<meta http-equiv="Content-Security-Policy" content="{csp}">\n',
            '<meta name="viewport" content="width=device-width, initial-scale=1">\n',
            f'<meta name="generator" content="cleantext {escape(__version__)}">\n',
            f"<title>{escape(self.title)} · cleantext report</title>\n",
            f"<style>{css}</style>\n</head>\n<body>\n",
            self._header(),
            '<div class="layout">\n<main id="view" class="view">\n',
        ]
        if self.layout.notice:
            out.append(f'<p class="notice" id="notice">{escape(self.layout.notice)}</p>\n')
        out.append(self._document())
        out.append(self._log())
        out.append("</main>\n")
        out.append(self._legend())
        out.append(f"</div>\n<script>{script}</script>\n</body>\n</html>\n")
        return "".join(out)

    # -- pieces -----------------------------------------------------------------------

    def _rule_css(self) -> str:
        total = max(1, self.removed_chars + self.kept_chars)
        widest = max([1, *(st.chars for st in self.stats)])
        lines = ["\n/* per rule */"]
        for i, stats in enumerate(self.stats):
            tint, ink = PALETTE[i % len(PALETTE)]
            lines.append(
                f".r{i}{{background:{tint};color:{ink};text-decoration-color:{ink}}}"
                f".c{i}{{background:{ink}}}.t{i}{{background:{tint};color:{ink}}}"
                f".h{i} .r{i},.h{i} .l{i}{{display:none}}"
                f".w{i}{{width:{100 * stats.chars / widest:.2f}%}}"
                f".s{i}{{width:{100 * stats.chars / total:.3f}%}}"
            )
        lines.append(f".sk{{width:{100 * self.kept_chars / total:.3f}%}}\n")
        return "\n".join(lines)

    def _header(self) -> str:
        total = self.removed_chars + self.kept_chars
        share = f"{100 * self.removed_chars / total:.1f}%" if total else "0%"
        n = len(self.cleaned.removals)
        bits = [
            f"{'HTML' if self.kind == 'html' else 'Text'} input",
            f"<b>{n}</b> removal{'s' if n != 1 else ''} by <b>{len(self.stats)}</b> "
            f"rule{'s' if len(self.stats) != 1 else ''}",
            f"<b>{self.removed_chars:,}</b> characters removed ({share}), "
            f"<b>{self.kept_chars:,}</b> kept",
        ]
        if self.url:
            bits.insert(1, escape(self.url))
        return (f'<header class="top"><h1>{escape(self.title)} '
                f'<span class="brand">· cleantext report</span></h1>\n'
                f'<p class="meta">{" · ".join(bits)}</p></header>\n')

    def _document(self) -> str:
        out = [f'<article class="doc{" pre" if self.layout.pre else ""}" id="doc">']
        headings = self.layout.headings
        for i, para in enumerate(self.layout.paras):
            out.append('<p class="hd">' if i in headings else "<p>")
            self._parts(para, out)
            out.append("</p>")
        out.append("</article>\n")
        return "".join(out)

    def _parts(self, parts: Sequence[Part], out: list[str]) -> None:
        for part in parts:
            if isinstance(part, str):
                out.append(escape(part, quote=False))
            else:
                self._cut(part, out)

    def _cut(self, cut: Cut, out: list[str]) -> None:
        removal = self.cleaned.removals[cut.index]
        slot = self.slot[removal.rule]
        hover = f"{removal.rule}: {removal.reason}\n{_where(removal)}"
        out.append(f'<del class="r r{slot}{" blk" if cut.block else ""}" id="x{cut.index + 1}" '
                   f'title="{escape(hover)}">')
        self._parts(cut.parts, out)
        out.append("</del>")

    def _legend(self) -> str:
        total = self.removed_chars + self.kept_chars
        share = f"{100 * self.removed_chars / total:.1f}" if total else "0"
        out = ['<aside class="side" id="legend">\n<h2>Rules</h2>\n',
               '<div class="stack" title="kept text and each rule\'s share of the characters">'
               '<span class="kept sk"></span>']
        out += [f'<span class="c{i} s{i}"></span>' for i in range(len(self.stats))]
        out.append(f'</div>\n<p class="share">{share}% of the characters removed</p>\n'
                   '<table class="legend">\n<thead><tr><th></th><th class="num">pieces</th>'
                   '<th class="num">chars</th></tr></thead>\n<tbody>\n')
        for i, stats in enumerate(self.stats):
            summary = _summary(stats.name)
            out.append(
                f'<tr class="rule" data-rule-name="{escape(stats.name)}" '
                f'data-removals="{stats.removals}" data-chars="{stats.chars}"><td>'
                f'<label><input type="checkbox" checked data-rule="{i}">'
                f'<span class="sw c{i}"></span><span class="name">{escape(stats.name)}</span>'
                f'</label>'
                + (f'<div class="about">{escape(summary)}</div>' if summary else "")
                + f'<div class="bar"><span class="c{i} w{i}"></span></div></td>'
                f'<td class="num">{stats.removals:,}</td>'
                f'<td class="num">{stats.chars:,}</td></tr>\n'
            )
        out.append(
            f'<tr class="kept" data-chars="{self.kept_chars}"><td><label>'
            f'<span class="box"></span><span class="sw kept"></span>'
            f'<span class="name">kept text</span></label></td>'
            f'<td class="num"></td><td class="num">{self.kept_chars:,}</td></tr>\n'
            '</tbody>\n</table>\n'
            '<div class="controls"><button type="button" id="show-all">Show all</button>'
            '<button type="button" id="hide-all">Hide all</button>'
            '<label><input type="checkbox" id="strike" checked>strike through</label></div>\n'
            '<p class="hint">Hover a removal for its rule, reason and location.</p>\n'
        )
        if self.cleaned.notes:
            out.append('<h2 class="notes">Notes</h2>\n<ul class="notes">\n')
            for note in self.cleaned.notes:
                out.append(f"<li><b>{escape(note.kind)}</b> {escape(note.rule)}: "
                           f"{escape(note.message)}</li>\n")
            out.append("</ul>\n")
        out.append("</aside>\n")
        return "".join(out)

    def _log(self) -> str:
        n = len(self.cleaned.removals)
        out = [f'<details class="log" id="log"><summary>Removal log ({n})</summary>\n<ol>\n']
        for index, removal in enumerate(self.cleaned.removals):
            slot = self.slot[removal.rule]
            text = removal.text if len(removal.text) <= EXCERPT else removal.text[:EXCERPT] + "…"
            out.append(
                f'<li class="l{slot}"><a href="#x{index + 1}"><span class="tag t{slot}">'
                f"{escape(removal.rule)}</span> {escape(removal.reason)}</a> "
                f"<code>{escape(_where(removal))}</code>"
                f'<span class="text">{escape(text)}</span></li>\n'
            )
        out.append("</ol>\n</details>\n")
        return "".join(out)


def _where(removal: Removal) -> str:
    where = removal.where
    if isinstance(where, tuple):
        return f"characters {where[0]}–{where[1]}"
    return f"{removal.stage} stage · {where}"


def _summary(name: str) -> str:
    try:
        return REGISTRY.get(name).summary
    except CleantextError:
        return ""


def _asset(name: str) -> str:
    return resources.files(__package__).joinpath(name).read_text(encoding="utf-8")


def csp_hash(text: str) -> str:
    """The CSP source expression (``sha256-…``) that allows an inline ``text``."""
    digest = hashlib.sha256(text.encode("utf-8")).digest()
    return "sha256-" + base64.b64encode(digest).decode("ascii")
