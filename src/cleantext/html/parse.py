"""Parse HTML safely with lxml: no network, no entity expansion, bounded depth.

The page is handed to libxml2 as UTF-8 bytes with the encoding stated, so an XML
declaration or a ``<meta charset>`` in an already decoded page cannot mislead it.
lxml's HTML parser never fetches external entities or DTDs (``no_network``) and never
expands entities a page declares for itself (a "billion laughs" page stays small).
libxml2 stops nesting at :data:`PARSER_DEPTH_LIMIT` levels and drops the rest of the
page, so such a page is refused with a clear :class:`InputError` rather than cleaned
from its truncated first part; :func:`check_depth` also enforces ``Config.max_depth``.
Everything that walks the tree is iterative, so deep trees below that limit cost time,
never a ``RecursionError``.
"""

from __future__ import annotations

import functools
import re
from itertools import islice

from lxml import etree

from ..errors import InputError
from .blocks import INVISIBLE
from .blocks import native_module as _native_module

#: The compiled walk module (depth and element probes without proxies), or None.
native = _native_module()

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


#: Depth (the root element is 1) at which libxml2's HTML parser stops nesting and
#: drops everything after, without an error. A parsed tree this deep lost text.
PARSER_DEPTH_LIMIT = 2048

#: A DOCTYPE with an internal subset (entity declarations): the HTML parser does not
#: understand it and would show its tail ("]>") as text. Its entities are never
#: expanded either way.
#: An XML declaration (XHTML pages): skipped to find the DOCTYPE after it.
_XML_DECLARATION = re.compile(r"\A\s*<\?xml[^>]*>")
_DOCTYPE_SUBSET = re.compile(r"\A\s*<!DOCTYPE[^\[>]*\[.*?\]\s*>", re.IGNORECASE | re.DOTALL)


def parse_html(markup: str | bytes) -> etree._Element:
    """The root ``<html>`` element of ``markup`` (a decoded page, or UTF-8 bytes: the
    same tree as their decoded text's).

    lxml's HTML parser never fetches external entities or DTDs (``no_network``) and
    does not expand custom entities. Scripts, styles and other invisible elements
    are dropped (``<head>`` is kept: rules read its title and JSON-LD). Raises
    :class:`InputError` when nothing parses. A tree cut at the parser's depth limit
    is returned as parsed: :func:`check_depth` tells.
    """
    if isinstance(markup, bytes) and _needs_text(markup):
        markup = markup.decode("utf-8", errors="replace")
    if isinstance(markup, str):
        if markup.lstrip().startswith("<?"):
            markup = _XML_DECLARATION.sub("", markup, count=1)
        if markup.lstrip()[:9].upper() == "<!DOCTYPE":
            markup = _DOCTYPE_SUBSET.sub("", markup, count=1)
        data = markup.encode("utf-8", errors="replace")
    else:
        data = markup
    if b"\x00" in data:
        data = data.replace(b"\x00", b"")
    try:
        root = etree.fromstring(data, parser=_PARSER)
    except (etree.ParserError, etree.XMLSyntaxError, ValueError) as exc:
        raise InputError(f"cannot parse the page as HTML: {exc}") from exc
    if root is None:
        if not data.strip():
            raise InputError("cannot parse the page as HTML: it is empty")
        # Nothing but a DOCTYPE or a comment: an empty page.
        root = etree.fromstring(b"<html><body></body></html>", parser=_PARSER)
    _unwrap_swallowing_noscript(root)
    etree.strip_elements(root, *_DROPPED, with_tail=False)
    return root


def _needs_text(data: bytes) -> bool:
    """Whether UTF-8 ``data`` starts with what :func:`parse_html` rewrites in a decoded
    page (an XML declaration, a DOCTYPE with an internal subset), or with so much
    whitespace that the start cannot be told from its first bytes."""
    head = data[:4096].decode("utf-8", errors="ignore").lstrip()
    if not head or head.startswith("<?"):
        return bool(data.strip())
    if head[:9].upper() == "<!DOCTYPE":
        end = head.find(">")
        return end < 0 or "[" in head[:end]
    return False


def check_depth(root: etree._Element, max_depth: int, *, parsed: bool = True) -> None:
    """Raise :class:`InputError` if the tree under ``root`` is nested more than
    ``max_depth`` elements deep (``root`` is depth 1), or — for a tree ``parsed`` from
    markup by :func:`parse_html` — if it reaches :data:`PARSER_DEPTH_LIMIT`, where the
    parser dropped the rest of the page.

    Cost: a walk over libxml2's nodes (the compiled walk module), about 2% of the
    parse itself; without it, one XPath evaluation in C, about 15%.
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
    if native is not None:
        return bool(native.max_depth(root, depth) > depth)
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


#: A ``<noscript>`` holding at least this share of the page's elements swallowed the
#: page: ``<noscript><div></noscript>`` makes libxml2 nest the rest of the body in it.
NOSCRIPT_SHARE = 0.5


_COUNT_INSIDE = etree.XPath("count(.//*)")
_COUNT_ALL = etree.XPath("count(//*)")


def _unwrap_swallowing_noscript(root: etree._Element) -> None:
    """Turn a ``<noscript>`` that swallowed the page into a ``<div>`` (kept), so the
    page is not dropped with it."""
    if native is not None and not native.has_element(root, b"noscript"):
        return  # most pages: no walk of proxies to find none
    total: float | None = None
    for node in root.iter("noscript"):
        if len(node) == 0 or next(islice(node.iter(), 20, None), None) is None:
            continue  # a tracking pixel or a message: not worth counting the page
        inside = float(_COUNT_INSIDE(node))  # type: ignore[arg-type]
        if total is None:
            total = float(_COUNT_ALL(root))  # type: ignore[arg-type]
        if inside >= NOSCRIPT_SHARE * total:
            node.tag = "div"
            return
