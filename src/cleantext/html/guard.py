"""The HTML rules' shared safety net: never remove the bulk of the article."""

from __future__ import annotations

from lxml import etree

from .htmldoc import HtmlDoc
from .stats import PageStats, page_stats

#: A container holding at least this share of the page's good text is article, not
#: boilerplate, whatever its markup says.
BULK_SHARE = 0.5


def initial_stats(doc: HtmlDoc) -> PageStats:
    """The statistics of the page as parsed (computed once, cached on the doc)."""
    found = doc.cache.get("initial-stats")
    if not isinstance(found, PageStats):
        found = page_stats(doc.root)
        doc.cache["initial-stats"] = found
    return found


def remove_unless_bulk(doc: HtmlDoc, node: etree._Element, reason: str) -> bool:
    """Remove ``node`` unless it holds the bulk of the page's good text (or is
    ``<body>``/``<html>``). Returns whether it was removed."""
    if node.tag in ("html", "body"):
        return False
    if initial_stats(doc).holds_bulk(node, BULK_SHARE):
        return False
    return doc.remove(node, reason)
