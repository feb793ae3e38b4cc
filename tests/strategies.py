"""Hypothesis strategies for hostile input: scraped text and HTML-ish markup.

The strategies mix article-like sentences, boilerplate the rules target (in several
languages), and junk a scraper meets on the web: control characters, NULs, lone
surrogates, stray markup, broken entities, deep or wide nesting, odd encodings.

``FUZZ_EXAMPLES`` scales every fuzz test: ``CLEANTEXT_FUZZ_EXAMPLES=20000 pytest
tests/test_fuzz.py`` is the long run; CI uses the small default.
"""

from __future__ import annotations

import os

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st

#: Examples per fuzz test (the CI default keeps the whole fuzz suite under a minute).
FUZZ_EXAMPLES = int(os.environ.get("CLEANTEXT_FUZZ_EXAMPLES", "60"))

FUZZ_SETTINGS = settings(
    max_examples=FUZZ_EXAMPLES,
    deadline=None,
    suppress_health_check=[
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
        HealthCheck.function_scoped_fixture,
        HealthCheck.filter_too_much,
    ],
)

ARTICLE = (
    "Rain fell on Rabat all day.",
    "The ministry launched a YouTube channel in March.",
    "Le gouvernement a présenté mercredi son plan pour l'énergie à l'horizon 2030.",
    "M. Dupont a déclaré : « C'est une étape importante ».",
    "Die Regierung hat am Mittwoch z.B. neue Pläne vorgestellt.",
    "El ministerio anunció el lunes un nuevo hospital en Sevilla.",
    "أعلنت الوزارة اليوم عن افتتاح مستشفى جديد في مدينة الرباط، وقال الوزير إن المشروع مهم؟",
    "国家统计局今天发布数据显示，经济同比增长百分之五。",
    "Dr. J. Smith said the newsletter of the society had 3 comments in 1990!",
    "What happened next… nobody knows?",
)
BOILERPLATE = (
    "The liveblog has ended.",
    "No liveblog updates yet.",
    "Le direct est terminé",
    "Sign up for our daily newsletter",
    "Abonnez-vous à la newsletter quotidienne",
    "Gratuite, claire, sans spam",
    "You are now subscribed",
    "Veuillez laisser ce champ vide",
    "Leave this field empty",
    "Required fields are marked *",
    "Your email address will not be published.",
    "Commentaires",
    "3 comments",
    "Leave a reply",
    "التعليقات",
    "تابعونا على فيسبوك",
    "Folgen Sie uns auf Instagram",
    "Subscribe to our YouTube channel",
    "Follow us on Telegram",
)
JUNK = (
    "\x00", "\ufffd", "\ud800", "\udfff", "\u200b", "\u202e", "\ufeff", "\x0b", "\x0c",
    "\r", "\r\n", "\u2028", "\u00a0", "…", "؟", "«", "»", "&amp;", "&nbsp;", "&#0;",
    "&#xD800;", "&#x110000;", "&lol;", "<", ">", "</", "<!--", "-->", "<![CDATA[", "]]>",
    "<?xml", "?>", "\\", "{n}", "(a+)+", "$", "^", "%PDF-", "*", "[", "]",
)

_WORD = st.text(
    alphabet=st.characters(
        categories=("L", "N", "P", "S", "Zs", "M"), exclude_characters="<&"
    ),
    min_size=1,
    max_size=12,
)


@st.composite
def sentences(draw: st.DrawFn) -> str:
    """One sentence-like piece: article text, boilerplate, random words or junk."""
    kind = draw(st.sampled_from(("article", "boilerplate", "words", "junk", "mixed")))
    if kind == "article":
        return draw(st.sampled_from(ARTICLE))
    if kind == "boilerplate":
        phrase = draw(st.sampled_from(BOILERPLATE))
        return draw(st.sampled_from((phrase, phrase.upper(), phrase.lower())))
    if kind == "words":
        words = draw(st.lists(_WORD, min_size=1, max_size=15))
        return " ".join(words) + draw(st.sampled_from((".", "!", "?", "", "…", " »")))
    if kind == "junk":
        return "".join(draw(st.lists(st.sampled_from(JUNK), min_size=1, max_size=4)))
    parts = draw(st.lists(st.one_of(st.sampled_from(ARTICLE + BOILERPLATE), _WORD,
                                    st.sampled_from(JUNK)), min_size=1, max_size=6))
    return " ".join(parts)


@st.composite
def scraped_texts(draw: st.DrawFn) -> str:
    """Text a scraper flattened out of a page: one long line, lines, or blank-line
    paragraphs, with boilerplate at the head, the tail or in between."""
    pieces = draw(st.lists(sentences(), min_size=0, max_size=25))
    style = draw(st.sampled_from(("flat", "lines", "paragraphs", "mixed", "raw")))
    if style == "raw":
        return draw(st.text(max_size=300))
    if style == "flat":
        return " ".join(pieces)
    if style == "lines":
        return "\n".join(pieces)
    if style == "paragraphs":
        return "\n\n".join(pieces)
    seps = draw(st.lists(st.sampled_from((" ", "\n", "\n\n", "\r\n", "\t", "  \n ", "")),
                         min_size=len(pieces), max_size=len(pieces)))
    return "".join(p + s for p, s in zip(pieces, seps, strict=True))


BLOCK_TAGS = ("div", "p", "section", "article", "main", "aside", "header", "footer",
              "nav", "h1", "h2", "li", "ul", "ol", "table", "tr", "td", "blockquote",
              "pre", "form", "figure", "figcaption", "details", "summary", "label",
              "button", "dl", "dt", "dd", "center")
INLINE_TAGS = ("span", "a", "b", "i", "em", "strong", "small", "sup", "code", "br",
               "img", "input", "time", "abbr", "font", "unknown-tag", "x:y")
INVISIBLE_TAGS = ("script", "style", "noscript", "template", "svg", "math", "iframe",
                  "textarea", "title", "object", "select", "option", "head", "frameset")
ATTRIBUTES = (
    'class="newsletter"', 'class="comments"', 'id="share-buttons"', 'class="social"',
    'class="cookie-banner"', 'class="related"', 'role="navigation"', 'aria-hidden="true"',
    "hidden", 'style="display:none"', 'itemprop="articleBody"', 'class="article-body"',
    'class="post-content entry"', 'id="main"', 'class=""', 'class="a b  c\td"',
    "onclick=\"alert('x')\"", 'data-x="&lol;"', 'class="\x00"', "class='unterminated",
    'lang="ar" dir="rtl"', 'href="javascript:void(0)"', "x=y=z",
)


@st.composite
def html_nodes(draw: st.DrawFn, depth: int = 0) -> str:
    """An element with attributes and mixed content, or text, or a comment."""
    kind = draw(st.sampled_from(("block", "block", "inline", "invisible", "text", "text",
                                 "comment", "broken")))
    if kind == "text" or depth > 5:
        return draw(sentences())
    if kind == "comment":
        return "<!--" + draw(sentences()) + "-->"
    if kind == "broken":
        return draw(st.sampled_from(("<div", "</p>", "<p <p>", "<a href=", "</div></div>",
                                     "<br/>", "<p/>", "</html>", "<body>", "<html>",
                                     "<!DOCTYPE html>", "<![CDATA[x", "&", "&#", "<>")))
    tags = {"block": BLOCK_TAGS, "inline": INLINE_TAGS, "invisible": INVISIBLE_TAGS}[kind]
    tag = draw(st.sampled_from(tags))
    attrs = draw(st.lists(st.sampled_from(ATTRIBUTES), max_size=3))
    children = draw(st.lists(html_nodes(depth + 1), max_size=5 if depth < 3 else 2))
    close = draw(st.booleans()) or draw(st.booleans())  # unclosed tags a quarter of the time
    open_tag = "<" + " ".join((tag, *attrs)) + ">"
    return open_tag + "".join(children) + (f"</{tag}>" if close else "")


@st.composite
def html_pages(draw: st.DrawFn) -> str:
    """A whole page: optional prolog, head, body of random nodes, maybe truncated."""
    prolog = draw(st.sampled_from((
        "", "<!DOCTYPE html>", '<?xml version="1.0" encoding="utf-8"?>',
        '<?xml version="1.0"?><!DOCTYPE html [<!ENTITY x SYSTEM "file:///etc/passwd">]>',
        '<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Strict//EN" '
        '"http://www.w3.org/TR/xhtml1/DTD/xhtml1-strict.dtd">',
    )))
    head = draw(st.sampled_from((
        "", "<head><title>Title</title></head>", '<head><meta charset="utf-8"></head>',
        "<head><script>var a = '<p>not text</p>';</script></head>",
        '<head><meta http-equiv="refresh" content="0;url=http://127.0.0.1:9/"></head>',
    )))
    body = "".join(draw(st.lists(html_nodes(), min_size=0, max_size=12)))
    page = f"{prolog}<html>{head}<body>{body}</body></html>"
    if draw(st.integers(0, 5)) == 0:  # truncated download
        page = page[: draw(st.integers(0, len(page)))]
    return page


ENCODINGS = ("utf-8", "utf-16", "utf-16-le", "cp1252", "iso-8859-1", "cp1256", "gb18030",
             "shift_jis", "koi8-r", "utf-32")


@st.composite
def page_bytes(draw: st.DrawFn) -> bytes:
    """Bytes as a scraper gets them: a page or text in some encoding, maybe mangled."""
    page = draw(st.one_of(html_pages(), scraped_texts()))
    encoding = draw(st.sampled_from(ENCODINGS))
    data = page.encode(encoding, errors="replace") if encoding != "utf-8" else page.encode(
        "utf-8", errors="surrogatepass")
    mangle = draw(st.sampled_from(("none", "none", "prefix", "splice", "random")))
    if mangle == "prefix":
        data = draw(st.sampled_from((b"%PDF-1.7\n", b"\x1f\x8b\x08", b"\xef\xbb\xbf",
                                     b"\xff\xfe", b"\x89PNG\r\n", b"", b"\x00"))) + data
    elif mangle == "splice" and data:
        at = draw(st.integers(0, len(data)))
        data = data[:at] + draw(st.binary(max_size=20)) + data[at:]
    elif mangle == "random":
        data = draw(st.binary(max_size=400))
    return data
