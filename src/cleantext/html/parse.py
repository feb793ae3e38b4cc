"""Parse HTML safely with lxml: no network, no entity expansion, huge trees allowed.

The page is handed to libxml2 as UTF-8 bytes with the encoding stated, so an XML
declaration or a ``<meta charset>`` in an already decoded page cannot mislead it.
libxml2 stops at 2,048 levels of nesting: such a page is refused with a clear
:class:`InputError` rather than cleaned from its truncated first part. Everything
that walks the tree is iterative, so deep trees below that limit cost time, never
a ``RecursionError``.
"""

from __future__ import annotations

from lxml import etree

from ..errors import InputError
from .blocks import INVISIBLE

#: Dropped right after parsing: never shown, and walking them costs time. They are
#: not logged (they hold no visible text); sibling XPaths do not change, since an
#: XPath step counts only siblings of the same tag.
_DROPPED = tuple(sorted(INVISIBLE - {"head", "title", "meta", "link", "base"}))

_PARSER = etree.HTMLParser(
    encoding="utf-8",
    remove_comments=True,
    remove_pis=True,
    no_network=True,
    huge_tree=True,
    recover=True,
)


def parse_html(markup: str | bytes) -> etree._Element:
    """The root ``<html>`` element of ``markup`` (a decoded page, or UTF-8 bytes).

    lxml's HTML parser never fetches external entities or DTDs (``no_network``) and
    does not expand custom entities. Scripts, styles and other invisible elements
    are dropped (``<head>`` is kept: rules read its title and JSON-LD). Raises
    :class:`InputError` when nothing parses.
    """
    data = markup.encode("utf-8", errors="replace") if isinstance(markup, str) else markup
    if b"\x00" in data:
        data = data.replace(b"\x00", b"")
    try:
        root = etree.fromstring(data, parser=_PARSER)
    except (etree.ParserError, etree.XMLSyntaxError, ValueError) as exc:
        raise InputError(f"cannot parse the page as HTML: {exc}") from exc
    if any("Excessive depth" in e.message for e in _PARSER.error_log):
        raise InputError(
            "the page nests elements deeper than libxml2's limit (2048 levels), so the rest "
            "of it cannot be parsed; such pages are generated garbage or an attack"
        )
    if root is None:
        raise InputError("cannot parse the page as HTML: no element found")
    _unwrap_swallowing_noscript(root)
    etree.strip_elements(root, *_DROPPED, with_tail=False)
    return root


#: A ``<noscript>`` holding at least this share of the page's elements swallowed the
#: page: ``<noscript><div></noscript>`` makes libxml2 nest the rest of the body in it.
NOSCRIPT_SHARE = 0.5


def _unwrap_swallowing_noscript(root: etree._Element) -> None:
    """Turn a ``<noscript>`` that swallowed the page into a ``<div>`` (kept), so the
    page is not dropped with it."""
    total: float | None = None
    for node in root.iter("noscript"):
        inside = float(node.xpath("count(.//*)"))  # type: ignore[arg-type]
        if inside < 20:
            continue  # a tracking pixel or a message: not worth counting the page
        if total is None:
            total = float(root.xpath("count(//*)"))  # type: ignore[arg-type]
        if inside >= NOSCRIPT_SHARE * total:
            node.tag = "div"
            return
