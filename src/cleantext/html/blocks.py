"""One walk over the kept tree that cuts it into text blocks.

A *block* is the text of one block-level element (paragraph, heading, list item,
table cell row, quote, div with its own text...), inline elements joined in, with
how much of it is link text. Linearizing and main-content scoring both read the
page through this one walk; it is iterative, so deep trees are safe.
"""

from __future__ import annotations

import array
import collections
import threading
from collections.abc import Callable, Collection, Iterator, MutableMapping
from dataclasses import dataclass
from typing import Any

import ahocorasick
import regex
from lxml import etree

from ..compiled import compiled_module

_SPACE = regex.compile(r"\s+")

#: Elements whose text is never shown.
INVISIBLE = frozenset(
    {"script", "style", "noscript", "template", "head", "title", "meta", "link", "svg",
     "math", "iframe", "object", "embed", "canvas", "datalist", "option", "base"}
)

BLOCK_TAGS = frozenset(
    {"p", "div", "section", "article", "main", "aside", "header", "footer", "nav",
     "h1", "h2", "h3", "h4", "h5", "h6", "li", "ul", "ol", "dl", "dt", "dd",
     "blockquote", "pre", "figure", "figcaption", "table", "tr", "td", "th",
     "thead", "tbody", "tfoot", "caption", "form", "fieldset", "address", "hr",
     "br", "body", "html", "details", "summary", "center", "legend", "label", "button",
     "select", "textarea", "dialog", "menu", "hgroup", "picture", "video", "audio"}
)

#: Attributes the markup rules read (class, id, role, aria, style, hidden...).
MARKUP_ATTRIBUTES = frozenset(
    {"class", "id", "role", "aria-label", "aria-hidden", "style", "hidden", "type", "itemprop"}
)

#: Tags whose elements the page walk lists (see :meth:`HtmlDoc.elements`): the
#: landmarks and furniture tags rules look for, so they need no walk of their own.
INDEXED_TAGS = frozenset(
    {"nav", "aside", "footer", "form", "button", "select", "textarea", "input", "dialog",
     "menu", "figcaption", "article", "main", "header", "h1", "h2"}
)

#: Block kinds: h(eading), li (list item), tr (table row), quote, pre, p (the rest).
KIND = {"h1": "h", "h2": "h", "h3": "h", "h4": "h", "h5": "h", "h6": "h",
        "li": "li", "dt": "li", "dd": "li", "tr": "tr", "td": "tr", "th": "tr",
        "blockquote": "quote", "pre": "pre"}

#: Marks where two inline elements touch (NUL never survives parsing).
_TOUCH = "\x00"
_TOUCHING = regex.compile(r"(?<=\w)\x00+(?=\w)")


@dataclass(slots=True)
class TextBlock:
    """The text of one block element: ``node`` owns it (the nearest block ancestor)."""

    node: etree._Element
    text: str
    link_chars: int
    kind: str

    @property
    def link_density(self) -> float:
        return min(1.0, self.link_chars / len(self.text)) if self.text else 0.0


def iter_blocks(
    root: etree._Element,
    removed: Collection[etree._Element] = (),
    spans: MutableMapping[etree._Element, tuple[int, int]] | None = None,
    separate: bool = False,
    marked: list[etree._Element] | None = None,
    markup: list[tuple[tuple[str, str], ...]] | None = None,
    tagged: list[tuple[str, etree._Element]] | None = None,
    codes: list[int] | None = None,
) -> Iterator[TextBlock]:
    """The blocks of the tree under ``root``, skipping invisible and ``removed`` nodes
    (``root`` itself is walked even when removed: that is how a removal's text is read).

    Text inside ``<pre>`` keeps its line breaks; everywhere else whitespace is
    collapsed to single spaces. With ``separate``, two inline elements that touch
    (``<a>One</a><a>Two</a>``) are read with a space between them when both sides are
    letters or digits: that is how the removal log shows them (they are separate
    items: menu entries, tags), while the output keeps the page's text as a browser
    shows it, glued. When ``spans`` is given, it receives the
    ``[first, last)`` range of block numbers of every block-level element walked (the
    blocks under an element are consecutive). When ``marked`` is given, it receives
    the visible elements that carry attributes the markup rules read, in document
    order, and ``markup`` (given with it) receives each one's ``(name, value)`` pairs
    of those attributes, less the *quiet* ones (see :func:`set_quiet_words`, which
    also says whether an element with only quiet pairs is listed, with ``()``): the
    rules judge the pairs once per distinct tuple. When
    ``tagged`` is given, it receives ``(tag, element)`` of the visible elements whose
    tag is in :data:`INDEXED_TAGS`, in document order, and ``("", element)`` for an
    invisible element that holds such elements (they are not listed).
    When ``codes`` is given too (with ``markup``), ``markup`` receives each distinct
    set once, in order of first appearance, and ``codes`` the number of each marked
    element's set in it. The compiled walk lists a set as its key bytes, not as a
    tuple of pairs (``_walk.key_pairs`` decodes them; see ``markup._hits``).

    This is the page's one walk, so it runs compiled (``_walk.pyx``, over libxml2's
    nodes) when the extension was built, else as :func:`iter_blocks_python`; both
    give the same blocks.
    """
    if _QUIET_PENDING:
        _apply_quiet_words()
    if _native is not None:
        return iter(_native.walk(root, removed, spans, separate, marked, markup, tagged, codes))
    return iter_blocks_python(root, removed, spans, separate, marked, markup, tagged, codes)


def iter_blocks_python(
    root: etree._Element,
    removed: Collection[etree._Element] = (),
    spans: MutableMapping[etree._Element, tuple[int, int]] | None = None,
    separate: bool = False,
    marked: list[etree._Element] | None = None,
    markup: list[tuple[tuple[str, str], ...]] | None = None,
    tagged: list[tuple[str, etree._Element]] | None = None,
    codes: list[int] | None = None,
) -> Iterator[TextBlock]:
    """:func:`iter_blocks` in Python, over lxml's proxies (the fallback when the
    compiled walk is not built, and the reference it is tested against).

    The traversal is lxml's own (``iterwalk``): Python sees each element twice
    (start and end) and does no stack bookkeeping of its own.
    """
    if _QUIET_PENDING:
        _apply_quiet_words()
    if codes is not None and markup is None:
        raise ValueError("codes are given with markup")
    numbers: dict[tuple[tuple[str, str], ...], int] = {}  # with codes: each set's number
    buffer: list[str] = []
    link_chars = 0
    links = 0
    count = 0
    owners: list[etree._Element] = [root]
    starts: list[int] = []
    touching = False  # an inline element just ended, with no text after it yet
    skipped: etree._Element | None = None  # the element whose subtree is skipped
    block_tags = BLOCK_TAGS
    invisible = INVISIBLE
    markup_names = MARKUP_ATTRIBUTES
    indexed = INDEXED_TAGS
    walker = etree.iterwalk(root, events=("start", "end"))
    for event, node in walker:
        if skipped is not None:
            # The end event of a skipped element: only its tail is read.
            if node is skipped:
                skipped = None
                tail = node.tail
                if tail and node is not root:
                    buffer.append(tail)
                    touching = False
            continue
        tag = node.tag
        if event == "start":
            if tag.__class__ is not str or tag in invisible or (
                removed and node in removed and node is not root
            ):
                walker.skip_subtree()
                skipped = node
                if tagged is not None and len(node) and next(node.iter(*indexed), None) is not None:
                    tagged.append(("", node))
                continue
            if tagged is not None and tag in indexed:
                tagged.append((tag, node))
            if marked is not None:
                keys = node.keys()
                if keys and not markup_names.isdisjoint(keys):
                    if markup is None:
                        marked.append(node)
                    else:
                        get = node.get
                        pairs = tuple([
                            (k, v) for k in keys
                            if k in markup_names and not _quiet(k, v := get(k))
                        ])
                        if pairs or not _QUIET_UNMARKED:
                            marked.append(node)
                            if codes is None:
                                markup.append(pairs)
                            else:
                                number = numbers.get(pairs)
                                if number is None:
                                    number = numbers[pairs] = len(markup)
                                    markup.append(pairs)
                                codes.append(number)
            if tag in block_tags:
                if buffer:
                    block = _flush(buffer, link_chars, owners[-1])
                    link_chars = 0
                    if block is not None:
                        count += 1
                        yield block
                owners.append(node)
                if spans is not None:
                    starts.append(count)
            else:
                if touching and separate:
                    buffer.append(_TOUCH)
                if tag == "a":
                    links += 1
            touching = False
            text = node.text
            if text:
                buffer.append(text)
                if links:
                    link_chars += len(text.strip())
            if links:
                for child in node:
                    tail = child.tail
                    if tail:
                        link_chars += len(tail.strip())
            continue
        # end event
        if tag in block_tags:
            if buffer:
                block = _flush(buffer, link_chars, owners[-1])
                link_chars = 0
                if block is not None:
                    count += 1
                    yield block
            owners.pop()
            if spans is not None:
                spans[node] = (starts.pop(), count)
            touching = False
        else:
            if tag == "a":
                links -= 1
            touching = True
        tail = node.tail
        if tail and node is not root:
            buffer.append(tail)
            touching = False
    if buffer:
        block = _flush(buffer, link_chars, owners[-1])
        if block is not None:
            yield block


def _flush(buffer: list[str], link_chars: int, node: etree._Element) -> TextBlock | None:
    """The block of the text gathered in ``buffer`` (emptied), owned by ``node``."""
    raw = "".join(buffer)
    buffer.clear()
    return block_of(raw, link_chars, node)


def block_of(raw: str, link_chars: int, node: etree._Element) -> TextBlock | None:
    """The block of the raw text gathered for ``node`` (``None`` when it is blank)."""
    if raw.isspace():
        return None  # the indentation between two block elements
    if _TOUCH in raw:
        raw = _TOUCHING.sub(" ", raw).replace(_TOUCH, "")
    tag = node.tag
    if tag == "pre":
        text = raw.strip("\n")
        if not text.strip():
            return None
    else:
        text = " ".join(raw.split())
        if not text:
            return None
    return TextBlock(node, text, link_chars, KIND.get(str(tag), "p"))


#: Per attribute name, the words whose absence makes a value of it quiet (see
#: :func:`set_quiet_words`), as given, and as an automaton (``None``: no words).
_QUIET_WORDS: dict[str, frozenset[str]] = {}
_QUIET_AUTOMATA: dict[str, Any] = {}
_QUIET_PENDING = False
#: Whether an element with only quiet markup pairs is left unmarked (asked of
#: ``_QUIET_ASK`` when the words change).
_QUIET_UNMARKED = False
_QUIET_ASK: Callable[[], bool] | None = None
_QUIET_LOCK = threading.Lock()
#: The letters and digits of ASCII, in the order of the compiled automaton's symbols.
_ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789"
#: The ASCII bytes that are neither letters nor digits.
_NOT_ALNUM = bytes(c for c in range(128) if chr(c) not in _ALPHABET + _ALPHABET[:26].upper())


def set_quiet_words(
    words: dict[str, frozenset[str]], unmarked: Callable[[], bool] | None = None
) -> None:
    """Make the walk leave *quiet* pairs out of the markup pairs it gathers, and,
    when ``unmarked()`` says so (asked before the next walk), the elements whose
    markup pairs are all quiet out of the marked elements (when it gathers pairs).

    A ``(name, value)`` pair is quiet when ``words`` lists the name, the value is
    ASCII and none of the name's words is a piece of the value's lower-cased letters
    and digits (``"col-md-6"`` → ``"colmd6"``). The markup judges
    (:mod:`cleantext.html.markup`) set this to the names all of them listed words
    for, so a quiet pair is one every judge ignores; most ``class`` and ``id``
    values are quiet, and the compiled walk drops them without making a string of
    them; when no judge flags an element without pairs, such elements need no
    judging at all. Takes effect from the next walk on.
    """
    global _QUIET_WORDS, _QUIET_ASK, _QUIET_PENDING
    _QUIET_WORDS = {name: frozenset(ws) for name, ws in words.items()}
    _QUIET_ASK = unmarked
    _QUIET_PENDING = True


def word_automaton(words: dict[str, Any]) -> Any:
    """An Aho-Corasick automaton over the non-empty keys of ``words``, each found with
    its value (the pure-Python side of the walk's word tests)."""
    automaton = ahocorasick.Automaton()
    for word, value in words.items():
        if word:
            automaton.add_word(word, value)
    automaton.make_automaton()
    return automaton


def _apply_quiet_words() -> None:
    """Build the automata of :func:`set_quiet_words`' words (on the first walk after).

    Built whole, then published: a walk in another thread sees the old test or the
    new one, never half of one (either gives the same verdicts: quiet pairs are ones
    every judge ignores)."""
    global _QUIET_PENDING, _QUIET_UNMARKED, _QUIET_AUTOMATA
    with _QUIET_LOCK:
        if not _QUIET_PENDING:
            return  # another thread applied them
        words_now = _QUIET_WORDS
        unmarked = _QUIET_ASK is not None and _QUIET_ASK()
        automata = {
            name: (word_automaton({w: w for w in words}) if words else None, "" in words)
            for name, words in words_now.items()
        }
        if _native is not None:
            _native.configure_quiet(*quiet_tables(words_now), unmarked)
        _QUIET_AUTOMATA, _QUIET_UNMARKED = automata, unmarked
        _QUIET_PENDING = words_now is not _QUIET_WORDS  # words set again meanwhile


def _quiet(name: str, value: str) -> bool:
    """Whether the pair is quiet (see :func:`set_quiet_words`)."""
    found = _QUIET_AUTOMATA.get(name)
    if found is None or not value.isascii():
        return False
    automaton, empty = found
    if empty or automaton is None:
        return not empty  # the empty word is a piece of any value
    letters = value.lower().encode().translate(None, _NOT_ALNUM).decode()
    return next(automaton.iter(letters), None) is None


def quiet_tables(words: dict[str, frozenset[str]]) -> tuple[dict[bytes, int], bytes, bytes]:
    """The automaton of the compiled walk's quiet test: a start state per attribute
    name (UTF-8), the state table (native ``int`` per state and symbol, symbols in
    :data:`_ALPHABET`'s order) and a byte per state, 1 when a word ends there
    (Aho-Corasick's goto function, failure links folded in)."""
    starts, table, final = _automaton_tables(
        {name: dict.fromkeys(name_words, 1) for name, name_words in words.items()}
    )
    return starts, table, bytes(final)


def _automaton_tables(
    words: dict[str, dict[str, int]],
) -> tuple[dict[bytes, int], bytes, list[int]]:
    """:func:`quiet_tables` of words that carry bit masks: per state the OR of the
    masks of the words that end there or at a state its failure links lead to (the
    empty word's mask is the name's start state's)."""
    size = len(_ALPHABET)
    symbol_of = {c: i for i, c in enumerate(_ALPHABET)}
    # The trie first (each state's edges), then each state's full row, made from
    # its failure state's row (breadth first: that row is done by then) with the
    # state's own edges put in: list copies, not a Python step per symbol.
    edges: list[dict[int, int]] = []
    final: list[int] = []
    starts: dict[bytes, int] = {}
    for name, name_words in words.items():
        root = len(edges)
        starts[name.encode()] = root
        edges.append({})
        final.append(name_words.get("", 0))
        for word in sorted(name_words):
            if not word or any(c not in symbol_of for c in word):
                continue  # a letter outside the alphabet is never in a value's letters
            state = root
            for c in word:
                symbol = symbol_of[c]
                child = edges[state].get(symbol)
                if child is None:
                    child = edges[state][symbol] = len(edges)
                    edges.append({})
                    final.append(0)
                state = child
            final[state] |= name_words[word]
    goto: list[list[int]] = [[] for _ in edges]
    fail: dict[int, int] = {}
    for root in starts.values():
        row = [root] * size
        queue: collections.deque[int] = collections.deque()
        for symbol, child in edges[root].items():
            row[symbol] = child
            fail[child] = root
            queue.append(child)
        goto[root] = row
        while queue:
            state = queue.popleft()
            final[state] |= final[fail[state]]
            fail_row = goto[fail[state]]
            row = fail_row.copy()
            for symbol, child in edges[state].items():
                row[symbol] = child
                fail[child] = fail_row[symbol]
                queue.append(child)
            goto[state] = row
    table = array.array("i", [s for row in goto for s in row]).tobytes()
    return starts, table, final


#: The most owners :func:`set_word_owners` tells apart (bits of a C ``int``).
MAX_OWNERS = 30
_OWNER_AUTOMATA: dict[str, tuple[Any, int]] = {}
_ALL_OWNERS = (1 << MAX_OWNERS) - 1


def set_word_owners(words: dict[str, dict[str, int]]) -> None:
    """Set the words of :func:`pair_masks`: per attribute name, each word's mask of
    owners (bits below :data:`MAX_OWNERS`; the empty word's owners get every value of
    the name)."""
    _OWNER_AUTOMATA.clear()
    for name, name_words in words.items():
        automaton = word_automaton(name_words) if any(name_words) else None
        _OWNER_AUTOMATA[name] = (automaton, name_words.get("", 0))
    if _native is not None:
        starts, table, final = _automaton_tables(words)
        _native.configure_owners(
            {name.decode(): start for name, start in starts.items()},
            table,
            array.array("i", final).tobytes(),
            _ALL_OWNERS,
        )


def pair_masks(pairs: tuple[tuple[str, str], ...]) -> list[int]:
    """Per ``(name, value)`` pair, the mask of the owners (see :func:`set_word_owners`)
    with a word of the name among the value's lower-cased letters and digits; every
    owner for a value that is not ASCII or a name without words. Compiled when the
    walk is (:func:`pair_masks_python` otherwise: same results)."""
    if _native is not None:
        return _native.pair_masks(pairs)  # type: ignore[no-any-return]
    return pair_masks_python(pairs)


def pair_masks_python(pairs: tuple[tuple[str, str], ...]) -> list[int]:
    """:func:`pair_masks` in Python (pyahocorasick over the value's letters)."""
    out = []
    for name, value in pairs:
        found = _OWNER_AUTOMATA.get(name)
        if found is None or not value.isascii():
            out.append(_ALL_OWNERS)
            continue
        automaton, mask = found
        if automaton is not None:
            letters = value.lower().encode().translate(None, _NOT_ALNUM).decode()
            for _, owners in automaton.iter(letters):
                mask |= owners
        out.append(mask)
    return out


def _load_native() -> Any:
    """The compiled walk, configured with this module's data, or ``None`` (not built,
    or switched off with ``CLEANTEXT_PURE_PYTHON=1``)."""
    walk = compiled_module("html._walk")
    if walk is None:
        return None
    walk.configure(
        BLOCK_TAGS, INVISIBLE, INDEXED_TAGS, MARKUP_ATTRIBUTES, KIND, _TOUCHING
    )
    return walk


_native = _load_native()
#: Whether the page walk runs compiled (``cleantext --version`` shows it).
NATIVE_WALK = _native is not None


def native_module() -> Any:
    """The compiled walk module (for its other tree probes), or ``None``."""
    return _native
