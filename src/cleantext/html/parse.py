"""Parse HTML safely with lxml: no network, no entity expansion, bounded depth.

lxml's HTML parser never fetches external entities or DTDs (``no_network``) and never
expands entities a page declares for itself (a "billion laughs" page stays small).
It does stop building the tree below :data:`PARSER_DEPTH_LIMIT` levels and silently
drops the rest of the page, so :func:`check_depth` refuses trees that reach it.
"""

from __future__ import annotations

import functools
import re

import lxml.html
from lxml import etree

from ..errors import InputError

_PARSER = lxml.html.HTMLParser(
    remove_comments=True,
    remove_pis=True,
    no_network=True,
    huge_tree=True,
    recover=True,
    default_doctype=False,  # type: ignore[call-arg]  # missing from lxml-stubs
)

#: Depth (the root element is 1) at which libxml2's HTML parser stops nesting and
#: drops everything after, without an error. A parsed tree this deep lost text.
PARSER_DEPTH_LIMIT = 2048

#: An XML declaration: lxml refuses ``str`` input that carries one (XHTML pages do).
_XML_DECLARATION = re.compile(r"\A\s*<\?xml[^>]*>")
#: A DOCTYPE with an internal subset (entity declarations): the HTML parser does not
#: understand it and would show its tail ("]>") as text. Its entities are never
#: expanded either way.
_DOCTYPE_SUBSET = re.compile(r"\A\s*<!DOCTYPE[^\[>]*\[.*?\]\s*>", re.IGNORECASE | re.DOTALL)


def parse_html(markup: str) -> lxml.html.HtmlElement:
    """The root ``<html>`` element of ``markup``; an empty ``<html>`` if nothing in
    it is an element (a bare DOCTYPE, say).

    NUL characters are dropped, as browsers do. Raises :class:`InputError` when the
    markup cannot be parsed at all.
    """
    if "\x00" in markup:
        markup = markup.replace("\x00", "")
    if markup.lstrip().startswith("<?"):
        markup = _XML_DECLARATION.sub("", markup, count=1)
    if markup.lstrip()[:9].upper() == "<!DOCTYPE":
        markup = _DOCTYPE_SUBSET.sub("", markup, count=1)
    try:
        root = lxml.html.document_fromstring(markup, parser=_PARSER)
    except etree.ParserError as exc:
        if "empty" in str(exc).lower():
            return lxml.html.document_fromstring("<html><body></body></html>", parser=_PARSER)
        raise InputError(f"cannot parse the page as HTML: {exc}") from exc
    except ValueError as exc:
        raise InputError(f"cannot parse the page as HTML: {exc}") from exc
    return root


def check_depth(root: etree._Element, max_depth: int, *, parsed: bool = True) -> None:
    """Raise :class:`InputError` if the tree under ``root`` is nested more than
    ``max_depth`` elements deep (``root`` is depth 1), or — for a tree ``parsed`` from
    markup by :func:`parse_html` — if it reaches :data:`PARSER_DEPTH_LIMIT`, where the
    parser dropped the rest of the page.

    Cost: one XPath evaluation in C, about 5% of the parse itself.
    """
    if parsed and max_depth >= PARSER_DEPTH_LIMIT and _deeper_than(root, PARSER_DEPTH_LIMIT - 1):
        raise InputError(
            f"the page is nested {PARSER_DEPTH_LIMIT} elements deep or more, the HTML "
            "parser's limit: it dropped everything below that level, so the page "
            "cannot be cleaned without losing text"
        )
    if _deeper_than(root, max_depth):
        raise InputError(
            f"the page is nested more than {max_depth} elements deep; "
            "raise Config.max_depth if you mean it"
        )


def _deeper_than(root: etree._Element, depth: int) -> bool:
    """Whether some element under ``root`` sits deeper than ``depth``."""
    if depth <= 0:
        return True
    if depth <= _XPATH_MAX_STEPS:
        try:
            return bool(_depth_probe(depth)(root))
        except etree.XPathError:  # libxml2's own recursion limit on long expressions
            pass
    return _depth_by_walk(root, depth) > depth


#: Longer location paths hit libxml2's XPath recursion limit (about 5000 steps).
_XPATH_MAX_STEPS = 2500


@functools.lru_cache(maxsize=8)
def _depth_probe(depth: int) -> etree.XPath:
    # "*/*/…/*" with ``depth`` steps selects the elements at depth ``depth + 1``.
    # Each step visits one level's children, so the whole evaluation is linear.
    return etree.XPath("boolean(" + "/".join(["*"] * depth) + ")")


def _depth_by_walk(root: etree._Element, stop: int) -> int:
    deepest = depth = 0
    for event, _ in etree.iterwalk(root, events=("start", "end")):
        if event == "start":
            depth += 1
            if depth > deepest:
                deepest = depth
                if deepest > stop:
                    break
        else:
            depth -= 1
    return deepest
