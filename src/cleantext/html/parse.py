"""Parse HTML safely with lxml: no network, no entity expansion, huge trees allowed."""

from __future__ import annotations

import lxml.html
from lxml import etree

from ..errors import InputError

_PARSER = lxml.html.HTMLParser(
    remove_comments=True,
    remove_pis=True,
    no_network=True,
    huge_tree=True,
    recover=True,
)


def parse_html(markup: str) -> lxml.html.HtmlElement:
    """The root ``<html>`` element of ``markup``.

    lxml's HTML parser never fetches external entities or DTDs (``no_network``) and
    does not expand custom entities. Raises :class:`InputError` when nothing parses.
    """
    if "\x00" in markup:
        markup = markup.replace("\x00", "")
    try:
        root = lxml.html.document_fromstring(markup, parser=_PARSER)
    except (etree.ParserError, ValueError) as exc:
        raise InputError(f"cannot parse the page as HTML: {exc}") from exc
    return root
