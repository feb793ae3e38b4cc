"""Rule ``outside-main-text``: find the article inside a whole page's text.

The algorithm, top to bottom:

1. **Units.** Lines of line-broken text; a long line (and the one line of flat text)
   is cut into sentence-like segments, and those again where a run of Title Case
   words (a menu) meets prose.
2. **Features.** Two dozen numbers per unit: its length, the share of its words
   that start in lower case and that are function words of the page's language,
   its punctuation and digits, whether it ends a sentence, whether other rules
   removed it or it holds a boilerplate phrase, whether the same line occurs again,
   whether it is a timestamp line (a comment's header, a relative time) and how
   many came before, whether it lies in the page's densest run of prose and how
   many words before or after that run, how much of its vocabulary that run shares
   and how many prose units came before it, and word-weighted means of the prose
   features over the 2 and 8 units before and after it. Words of scripts written
   without spaces (Chinese, Japanese, Thai) count one per two characters.
3. **Score.** Boosted regression trees (``main_text.toml``: 36 trees of depth 4
   per stage, fitted on both benchmark sets by ``benchmarks/fit_main_text.py``) add up to the
   log-odds that the unit is article text. A second stage of trees then scores
   each unit again with the first stage's view of the page added
   (:func:`stacked`): its neighbours' probabilities and where it lies relative to
   the stretch the first stage took for the article — prose after the article's
   end behind sure boilerplate (comments, teasers) reads like the article unit by
   unit, not page-wide. The trees are plain data, scored in C (``_trees.pyx``) or, without
   the compiled loops, turned into one Python expression per stage once.
4. **Decode.** A two-state path (outside / inside the article) through the units
   that maximises the summed gains of the inside units — probability minus a
   threshold, times the unit's capped word count — minus a cost for each entry
   into the article (Viterbi). Short pieces inside a long article stay; a long
   blurb between menus must pay two switches to be kept. Text on one line (cut
   into sentences) is decoded with settings of its own (``[one_line]``). The heading and the lead
   paragraph right before the decoded article stay with it. Units other rules already
   removed whole are left out of the context and the decode: a "Read also" line cut
   out of the article does not cut the article in two.
"""

from __future__ import annotations

import bisect
import dataclasses
import functools
import itertools
import math
import operator
import re
import sys
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from importlib import resources
from typing import Any

import regex

from ..charclass import SMALL_BATCH, CharClasses, Classifier, matching, runs_of
from ..compiled import compiled_module
from ..context import RuleContext
from ..phrases import word_list
from ..registry import rule
from ..textdoc import TextDoc

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

#: Languages with a stop-word list (``languages/<lang>/stopwords.txt``); more than
#: the phrase languages, since judging prose needs only function words.
STOPWORD_LANGUAGES: tuple[str, ...] = ("ar", "de", "en", "es", "fr", "it", "nl", "pl", "pt")

#: A line longer than this many words is cut into sentences (flat text is one line).
LONG_LINE_WORDS = 80
#: Title Case words in a row that mark a menu glued to prose (flat text).
CASE_RUN = 4

_CASE = regex.compile(r"(?<![\w'’-])(?:(\p{Lu})|[\p{Ll}\p{Lo}])")
_MARK = regex.compile(r"[.,;:!?…،؟。、，！？：；]")
_DIGIT = regex.compile(r"\d")
_SEPARATOR = regex.compile(r"(?<!\S)[|•·›»/>]+(?!\S)")
_WORD = regex.compile(r"\w+")
#: A unit with this share of its characters removed by other rules is gone.
_WHOLE = 0.99
_ENDINGS = frozenset(".!?…؟:;。！？")
_CLOSERS = "\"'»”’)]"
#: :data:`_ENDINGS` as the string the compiled ``base_rows`` reads.
_ENDINGS_SORTED = "".join(sorted(_ENDINGS))

#: Feature names, in the order of the model file.
BASE = ("words", "lower", "stop", "ends", "marks", "digits", "separator", "removed", "phrase",
        "repeated", "headline", "position", "word_position", "after_comments", "clock",
        "colon", "capitals", "word_length", "densest", "doc_words", "bullet", "link", "header",
        "headers_before", "flagged_before", "before_densest", "after_densest", "topical",
        "prose_before")
#: Neighbour features: word-weighted means over the units around (not the unit itself).
CONTEXT = ("lower", "stop", "ends", "removed", "prose", "phrase")
WINDOWS = (("near", 2), ("far", 8))
FEATURES: tuple[str, ...] = (
    *BASE,
    *(f"{side}_{w}_{n}" for w, _ in WINDOWS for side in ("prev", "next") for n in CONTEXT),
)
#: What the second stage adds to a unit's features, from the first stage's scores:
#: its own log-odds, the mean probability of its neighbours, and where it lies
#: relative to the first stage's article (the decoded run with the largest gain).
STACK = ("first", "first_prev_near", "first_next_near", "first_prev_far", "first_next_far",
         "run_share", "in_main", "before_main", "after_main", "barrier", "outside_core")
#: Feature names of the second stage, in the order of the model file.
SECOND: tuple[str, ...] = (*FEATURES, *STACK)
#: The first stage's article is decoded with these settings (fixed: the second
#: stage learns what to make of it).
FIRST_THRESHOLD = 0.5
FIRST_SWITCH = 10.0
#: The article's core: the same, but of units the first stage is sure of; a unit
#: under LOW is sure boilerplate (the barriers between the core and a unit).
CORE_THRESHOLD = 0.75
LOW = 0.3


@dataclass(frozen=True)
class Tree:
    """One regression tree of the unit scorer, as parallel node arrays.

    Node ``i`` is a leaf when ``feature[i] < 0``; else a unit goes to ``left[i]`` when
    its feature ``feature[i]`` is at most ``threshold[i]``, to ``right[i]`` otherwise.
    A leaf's ``value`` is added to the unit's log-odds.
    """

    feature: tuple[int, ...]
    threshold: tuple[float, ...]
    left: tuple[int, ...]
    right: tuple[int, ...]
    value: tuple[float, ...]


@dataclass(frozen=True)
class Model:
    """The unit scorer (boosted trees) and the decoder's costs (``main_text.toml``)."""

    bias: float  # the log-odds every unit starts from
    trees: tuple[Tree, ...]
    second_bias: float  # the second stage: the same on FEATURES + STACK
    second: tuple[Tree, ...]  # (empty: one stage only)
    threshold: float  # a unit more likely than this to be article text gains
    switch_cost: float  # what entering the article costs
    certainty: float  # a stretch goes only if one of its units is less likely than this
    min_sure_words: int  # ... and the page has this many words in such units (else: an article)
    title_words: tuple[int, int]  # a heading of so many words right before the article stays
    lead_words: tuple[int, int]  # a lead of at least [0] words, at most [1] words before it ...
    lead_probability: float  # ... and at least this likely stays (0 words or over 1: none)
    length_cap: int  # a unit's log-odds counts min(words, length_cap) times ...
    length_floor: int  # ... at least length_floor times
    min_article_words: int  # below this the text is kept whole
    #: The decoder's settings for text on one line (cut into sentences: a page a
    #: scraper flattened): ``(threshold, switch_cost, certainty, lead_probability)``,
    #: or None for the same as on lines. A sentence of one-line text is a smaller
    #: unit than a paragraph line, and one-line text has no line breaks to tell the
    #: notes after an article from it, so it is decoded with settings of its own.
    one_line: tuple[float, float, float, float] | None = None

    @functools.cached_property
    def on_one_line(self) -> Model:
        """This model with the decoder's settings for one-line text (:attr:`one_line`)."""
        if self.one_line is None:
            return self
        threshold, switch_cost, certainty, lead_probability = self.one_line
        return dataclasses.replace(self, threshold=threshold, switch_cost=switch_cost,
                                   certainty=certainty, lead_probability=lead_probability,
                                   one_line=None)

    def decoder_for(self, text: str) -> Model:
        """The model whose decoder settings fit ``text``: :attr:`on_one_line` when it
        has no line break."""
        return self.on_one_line if "\n" not in text else self

    @functools.cached_property
    def label_settings(self) -> tuple[float | int, ...]:
        """The decoder's settings as the compiled :func:`article_labels`
        (``_context.matrix_labels``) reads them."""
        return (self.certainty, self.min_sure_words, self.threshold, self.switch_cost,
                self.length_floor, self.length_cap, *self.title_words, *self.lead_words,
                self.lead_probability, self.min_article_words)

    @functools.cached_property
    def log_odds(self) -> Callable[[Sequence[Sequence[float]]], list[float]]:
        """Each unit's log-odds of being article text, from its feature row (see
        :func:`scorer`)."""
        return scorer(self.bias, self.trees, len(FEATURES))

    @functools.cached_property
    def second_log_odds(self) -> Callable[[Sequence[Sequence[float]]], list[float]]:
        """The second stage's log-odds, from the rows of :func:`stacked`."""
        return scorer(self.second_bias, self.second, len(SECOND))


def scorer(
    bias: float, trees: Sequence[Tree], width: int
) -> Callable[[Sequence[Sequence[float]]], list[float]]:
    """The log-odds of rows of ``width`` features: the compiled scorer
    (``_trees.pyx``) when it was built, else :func:`compile_scorer`'s Python (the
    same sums)."""
    native = compiled_module("rules._trees")
    if native is None:
        return compile_scorer(bias, trees, width)
    return native.TreeScorer(bias, trees, width)  # type: ignore[no-any-return]


@functools.cache
def load_model(name: str = "main_text.toml") -> Model:
    """The fitted model shipped with cleantext."""
    data = tomllib.loads(resources.files(__package__).joinpath(name).read_text("utf-8"))
    index = {feature: i for i, feature in enumerate(SECOND)}

    def trees(key: str) -> tuple[Tree, ...]:
        return tuple(
            Tree(
                feature=tuple(index[f] if f else -1 for f in tree["feature"]),
                threshold=tuple(float(t) for t in tree["threshold"]),
                left=tuple(int(n) for n in tree["left"]),
                right=tuple(int(n) for n in tree["right"]),
                value=tuple(float(v) for v in tree["value"]),
            )
            for tree in data.get(key, ())
        )

    return Model(
        bias=float(data["bias"]),
        trees=trees("trees"),
        second_bias=float(data.get("second_bias", 0.0)),
        second=trees("second"),
        threshold=float(data["threshold"]),
        switch_cost=float(data["switch_cost"]),
        certainty=float(data["certainty"]),
        min_sure_words=int(data["min_sure_words"]),
        title_words=(int(data["title_words"][0]), int(data["title_words"][1])),
        lead_words=(int(data.get("lead_words", (0, 0))[0]),
                    int(data.get("lead_words", (0, 0))[1])),
        lead_probability=float(data.get("lead_probability", 1.0)),
        length_cap=int(data["length_cap"]),
        length_floor=int(data["length_floor"]),
        min_article_words=int(data["min_article_words"]),
        one_line=_one_line(data.get("one_line")),
    )


def _one_line(table: dict[str, Any] | None) -> tuple[float, float, float, float] | None:
    """The ``[one_line]`` decoder settings of the model file (None when absent)."""
    if table is None:
        return None
    return (float(table["threshold"]), float(table["switch_cost"]),
            float(table["certainty"]), float(table["lead_probability"]))


# -- units ------------------------------------------------------------------------


#: Characters of scripts written without spaces between words (Chinese, Japanese,
#: Thai): a run of them counts one word per two characters.
_UNSPACED = regex.compile(r"[\p{Han}\p{Hiragana}\p{Katakana}\p{Thai}]+")
#: The same scripts by code point ranges, for the cheap check whether a page has any
#: (the standard library's engine scans ranges several times faster).
_ANY_UNSPACED = re.compile(
    "[\u0E00-\u0E7F\u3040-\u30FF\u3400-\u4DBF\u4E00-\u9FFF\uF900-\uFAFF\U00020000-\U0002FA1F]"
)
#: The last text :func:`_has_unspaced` scanned, and the answer (the rule asks
#: about the same page text several times).
_LAST_SCAN: tuple[str | None, bool] = (None, False)


def _has_unspaced(text: str) -> bool:
    """Whether ``text`` has characters of a script without spaces (one scan per
    page text: the answer for the last text asked about is kept, with the text)."""
    global _LAST_SCAN
    last = _LAST_SCAN
    if last[0] is text:
        return last[1]
    native = _native()
    found = (native.has_unspaced(text) if native is not None
             else _ANY_UNSPACED.search(text) is not None)
    _LAST_SCAN = (text, found)
    return found


#: Bit 2: a character of ``_UNSPACED`` (for the compiled word counts).
_UNSPACED_CLASSES = CharClasses(((2, regex.compile(r"[\p{Han}\p{Hiragana}\p{Katakana}\p{Thai}]")),))

#: A sentence end of those scripts ("。", "！", "？"): a unit may end there.
_UNSPACED_END = regex.compile(r"[。！？]+[」』）]*")


def unit_words(text: str, units: Sequence[tuple[int, int]]) -> list[int]:
    """The word count of every unit: its spaces plus one, plus half the characters
    of scripts without spaces (a Japanese paragraph is not one word)."""
    native = _native()
    words: list[int] = (
        native.space_words(text, units if type(units) is list else list(units))
        if native is not None else [text.count(" ", s, e) + 1 for s, e in units]
    )
    return _words_of_spaced(text, units, words)


def _words_of_spaced(text: str, units: Sequence[tuple[int, int]], words: list[int]) -> list[int]:
    """:func:`unit_words` given each unit's spaces plus one (``words``, changed)."""
    native = _native()
    if not _has_unspaced(text):
        return words  # most pages: one fast scan of the text
    if native is not None:
        # The characters of those scripts in each unit: the summed length of the
        # pattern's runs.
        halves = native.class_counts(text, units if type(units) is list else list(units),
                                     _UNSPACED_CLASSES.table, _UNSPACED_CLASSES, 2)
        return [n + h // 2 for n, h in zip(words, halves, strict=True)]
    for i, (s, e) in enumerate(units):
        words[i] += sum(map(len, _UNSPACED.findall(text, s, e))) // 2
    return words


def units_of(doc: TextDoc) -> list[tuple[int, int]]:
    """``(start, end)`` of every unit: a line, or a sentence of a long line."""
    return list(_units_and_words(doc)[0])  # (a copy: it can be the document's own list)


def _units_and_words(doc: TextDoc) -> tuple[list[tuple[int, int]], list[int] | None]:
    """:func:`units_of` and, when every unit is a whole block, the units' word
    counts (:func:`unit_words`, read off the blocks on the way); else None. The
    units can be ``doc.block_bounds`` itself: not to be changed."""
    text = doc.text
    blocks = doc.block_bounds
    sizes = unit_words(text, blocks)
    # The blocks cut into sentences: most lines are shorter (copied as they are).
    native = _native()
    long = (native.over(sizes, LONG_LINE_WORDS) if native is not None
            else list(itertools.compress(range(len(sizes)), map(LONG_LINE_WORDS.__lt__, sizes))))
    if not long:
        return blocks, sizes
    out: list[tuple[int, int]] = []
    unspaced = _has_unspaced(text)
    after = 0
    for index in long:
        out.extend(blocks[after:index])  # (a copy: the document's list stays)
        after = index + 1
        if native is not None and not unspaced:
            # All the block's sentences in one compiled call (as _case_pieces).
            out.extend(native.case_pieces_of(
                text, doc.segment_bounds(index), _class_table(), _char_class, CASE_RUN,
            ))
            continue
        for seg_start, seg_end in doc.segment_bounds(index):
            for a, b in _case_pieces(text, seg_start, seg_end):
                out.extend(_unspaced_sentences(text, a, b) if unspaced else ((a, b),))
    out.extend(blocks[after:])
    return out, None


#: A unit's start.
_START = operator.itemgetter(0)


def _unspaced_sentences(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Cut a piece after each sentence end of a script without spaces ("。")."""
    out = []
    for match in _UNSPACED_END.finditer(text, start, end):
        cut = match.end()
        if cut < end and cut - start > 1:
            piece_end = len(text[start:cut].rstrip()) + start
            out.append((start, piece_end))
            start = cut
            while start < end and text[start].isspace():
                start += 1
    if start < end:
        out.append((start, end))
    return out


def _case_pieces(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Cut a sentence where a run of Title Case words (a menu, a list of links)
    gives way to prose or prose to such a run: a flattened page glues its
    navigation to the first and last sentences of the article."""
    native = _native()
    if native is not None:
        return native.case_pieces(  # type: ignore[no-any-return]
            text, start, end, _class_table(), _char_class, CASE_RUN
        )
    found = _WORD.findall(text, start, end)
    if len(found) < 2 * CASE_RUN:
        return [(start, end)]
    caps = [w[0].isupper() or w[0].isdigit() for w in found]
    if "1" * CASE_RUN not in "".join("1" if c else "0" for c in caps):
        return [(start, end)]  # no Title Case run: nothing to cut
    # Only now the words' offsets (most sentences have no such run).
    words = [(m.start(), m.group()[0]) for m in _WORD.finditer(text, start, end)]
    cuts: list[int] = []
    upper = sum(caps[:CASE_RUN])
    after = sum(caps[CASE_RUN : 2 * CASE_RUN])
    for i in range(CASE_RUN, len(words) - CASE_RUN + 1):
        if i > CASE_RUN:
            upper += caps[i - 1] - caps[i - 1 - CASE_RUN]
            after += caps[i + CASE_RUN - 1] - caps[i - 1]
        first = words[i][1]
        opens = caps[i] or first.lower() == first.upper()
        if (upper == CASE_RUN and opens and after - caps[i] <= 1) or (
            upper <= 1 and after == CASE_RUN
        ):
            cuts.append(words[i][0])
    cuts = [c for c in cuts if text[c - 1].isspace()]
    # Of adjacent candidates ("… Contact Us The city …") keep the later one.
    nexts = [*cuts[1:], end]
    kept = [c for c, nxt in zip(cuts, nexts, strict=False) if text.count(" ", c, nxt) > 1]
    bounds = [start, *kept, end]
    out = []
    for a, b in itertools.pairwise(bounds):
        b_trim = len(text[a:b].rstrip()) + a
        if b_trim > a:
            out.append((a, b_trim))
    return out


# -- features ---------------------------------------------------------------------


def _stopwords(text: str, languages: Sequence[str], lowered: str | None = None) -> frozenset[str]:
    """The stop-word list of the page's language (the one with most hits; the first
    of a tie). ``lowered``: ``text.lower()`` when the caller has it. The reference
    for the compiled ``StopTokens`` of :func:`_features`."""
    counts = Counter((text.lower() if lowered is None else lowered).split())
    best: frozenset[str] = frozenset()
    best_hits = 0
    for lang in languages or STOPWORD_LANGUAGES:
        stop = word_list(lang, "stopwords")
        hits = sum(map(counts.__getitem__, stop & counts.keys()))
        if hits > best_hits:
            best, best_hits = stop, hits
    return best


def _best_list(languages: Sequence[str], hits: Sequence[int]) -> tuple[frozenset[str], int]:
    """The stop-word list with the most ``hits`` (the first of a tie; empty with
    none) and its index in ``languages`` (-1 for none)."""
    best: frozenset[str] = frozenset()
    index, most = -1, 0
    for j, (lang, found) in enumerate(zip(languages, hits, strict=True)):
        if found > most:
            best, index, most = word_list(lang, "stopwords"), j, found
    return best, index


@functools.lru_cache(maxsize=16)
def _stop_table(languages: tuple[str, ...]) -> tuple[dict[str, int], int]:
    """For the compiled :func:`_stopwords`: every stop word of ``languages`` with the
    bits of the lists holding it (bit ``j`` for ``languages[j]``), and the length of
    the longest."""
    table: dict[str, int] = {}
    for j, lang in enumerate(languages):
        for word in word_list(lang, "stopwords"):
            table[word] = table.get(word, 0) | (1 << j)
    return table, max(map(len, table), default=0)


@functools.lru_cache(maxsize=16)
def _stop_index(languages: tuple[str, ...]) -> Any:
    """:func:`_stop_table`'s words in the compiled word table (``_context.StopIndex``)
    that ``StopTokens`` looks a text's words up in without slicing them out."""
    return _native().StopIndex(_stop_table(languages)[0])


def _removed_shares(doc: TextDoc, units: list[tuple[int, int]]) -> list[float]:
    """For each unit, the share of its characters other rules already removed."""
    spans = [(s, e) for s, e, _ in doc.removed_spans()]
    native = _native()
    if native is not None:
        return native.removed_shares(units, spans)  # type: ignore[no-any-return]
    out = [0.0] * len(units)
    if not spans:
        return out
    j = 0
    for i, (start, end) in enumerate(units):
        while j < len(spans) and spans[j][1] <= start:
            j += 1
        removed, k = 0, j
        while k < len(spans) and spans[k][0] < end:
            removed += min(spans[k][1], end) - max(spans[k][0], start)
            k += 1
        out[i] = removed / (end - start)
    return out


def _phrase_units(doc: TextDoc, units: list[tuple[int, int]], ctx: RuleContext) -> list[int]:
    """Which units hold one of the rule's boilerplate phrases (cookie notices,
    legal footers): 1 or 0 per unit."""
    hits = [0] * len(units)
    if not ctx.phrases:
        return hits
    native = _native()
    starts: list[int] | None = None
    for _phrase, match in ctx.find_phrases(doc):
        if native is not None:  # (bisected in C, on the units themselves)
            i = native.unit_at(units, match.start())
            if i >= 0:
                hits[i] = 1
            continue
        if starts is None:
            starts = list(map(_START, units))
        i = bisect.bisect_right(starts, match.start()) - 1
        if i >= 0 and match.start() < units[i][1]:
            hits[i] = 1
    return hits


def features(doc: TextDoc, units: list[tuple[int, int]], ctx: RuleContext) -> list[list[float]]:
    """The feature vector of every unit, in the order of :data:`FEATURES`."""
    return _features(doc, units, ctx)  # type: ignore[no-any-return]


def _unit_stats(native: Any, text: str, units: list[tuple[int, int]]) -> tuple[list[Any], ...]:
    """The compiled ``unit_stats`` of the units: their words, upper- and lower-case
    word starts, marks, digits, spaces plus one, bullet starts, title starts (the
    first four words capitalised, of units of eight words or more) and whether
    another unit has the same text, in one pass."""
    return native.unit_stats(  # type: ignore[no-any-return]
        text, units, _class_table(), _char_class, _BULLET_CLASSES.table, _BULLET_CLASSES, 8, 4
    )


def _features(
    doc: TextDoc, units: list[tuple[int, int]], ctx: RuleContext, matrix: bool = False,
    words: list[int] | None = None, stats: tuple[list[Any], ...] | None = None,
) -> Any:
    """:func:`features`; with ``matrix`` (compiled loops only), as a C matrix as wide
    as :data:`SECOND` rows (the :data:`STACK` columns 0.0, for the second stage).
    ``words``: the units' :func:`unit_words`, when the caller has them; ``stats``:
    their :func:`_unit_stats` (compiled loops only), likewise."""
    text = doc.text
    # ``text.lower()`` but for whitespace made plain spaces (which no word
    # count, split or word-character run here tells apart), shared with the
    # phrase index.
    lowered = doc.folded
    native = _native()
    langs = tuple(ctx.config.languages or STOPWORD_LANGUAGES)
    stop_tokens = None
    if native is not None:
        # The words read once for the language choice and the per-unit counts.
        _, longest = _stop_table(langs)
        stop_tokens = native.StopTokens(lowered, _stop_index(langs), len(langs), longest)
        stop, language = _best_list(langs, stop_tokens.hits)
    else:
        stop = _stopwords(text, ctx.config.languages, lowered)
    removed = _removed_shares(doc, units)
    phrase = _phrase_units(doc, units, ctx)
    # The units' texts, for the Python loops (the compiled ones read the text).
    pieces: list[str] = [] if native is not None else [text[s:e] for s, e in units]
    count = len(units)
    comments = next(
        (s for s, _, name in doc.removed_spans() if name == "comments-section"), len(text)
    )
    if native is not None:
        if stats is None:
            stats = _unit_stats(native, text, units)
        tokens, uppers, lowers, marks, digits, spaced, bullets, titles, repeated = stats
    else:
        tokens = [len(piece.split()) for piece in pieces]
        # One pass per piece for both cases: "" for a lower-case word start, the
        # letter for an upper-case one.
        starts = [_CASE.findall(piece) for piece in pieces]
        uppers = [len(found) - found.count("") for found in starts]
        lowers = [len(found) - up for found, up in zip(starts, uppers, strict=True)]
        marks = _counts(_MARK, text, units)
        digits = _counts(_DIGIT, text, units)
    sizes = tokens
    if _has_unspaced(text):
        # Plus the words of the scripts without spaces: a unit's words less its
        # spaces and one (the compiled count of those is the spaces per unit).
        if native is None:
            spaced = [text.count(" ", a, b) + 1 for a, b in units]
        sizes = [n + w - s for n, w, s in zip(
            sizes, unit_words(text, units) if words is None else words, spaced, strict=True)]
    all_words = max(1, sum(sizes))
    doc_words = math.log1p(all_words)
    if native is not None:
        # The four patterns matched in C, where a match can start.
        clocks, years, separators, links = native.flag_units(
            text, units, _FLAG_CLASSES.table, _FLAG_CLASSES
        )
    else:
        clocks = _flags(_CLOCK, text, units)
        years = _flags(_YEAR, text, units)
        separators = _flags(_SEPARATOR, text, units)
        links = _flags(_LINK, text, units)
    agos = _ago_flags(text, units)
    if stop and native is not None and "\u03a3" not in text:
        # Lower-cased once: a piece's lower case is its slice of the text's unless
        # a character became several (checked) or a capital sigma's form depends
        # on its neighbours (no "Σ").
        if len(lowered) == len(text) and stop_tokens is not None:
            stops = stop_tokens.counts(units, language, stop)
        else:
            stops = [sum(map(stop.__contains__, text[a:b].lower().split())) for a, b in units]
    elif stop:
        stops = [sum(map(stop.__contains__, text[a:b].lower().split())) for a, b in units]
    else:
        stops = [0] * count
    if native is not None:
        base = native.base_rows(
            text, units, sizes, lowers, uppers, stops, marks, digits, separators, removed,
            phrase, repeated, native.headlines(text, units, titles, stop),
            clocks, agos, years, links, bullets, comments, all_words, doc_words, _CLOSERS,
            _ENDINGS_SORTED, len(SECOND) if matrix else len(FEATURES),
        )
    else:
        base = _base_rows(
            units, pieces, sizes, tokens, lowers, uppers, stops, marks, digits, separators,
            removed, phrase, Counter(pieces), stop, clocks, agos, years, links, comments, all_words,
            doc_words,
        )
    dense = _densest(base, sizes)
    if native is not None:
        native.dense_columns(base, sizes, dense.start, dense.stop, _DENSEST,
                             _BEFORE_DENSEST, _AFTER_DENSEST)
    else:
        _dense_columns_python(base, sizes, dense)
    _page_columns(base, text, lowered, units, sizes, dense, stop)
    if native is not None:
        # Compiled: the rows are a C matrix from the first column to the last.
        native.context_matrix(*_context_arguments(base, sizes), len(BASE))
        return base if matrix else native.to_rows(base)
    return _with_context_python(base, sizes)


def _dense_columns_python(base: list[list[float]], sizes: list[int], dense: range) -> None:
    """Mark the densest run ``dense`` in the rows and, outside it, how far from it
    each unit lies (``_context.dense_columns`` in C)."""
    count = len(base)
    for i in dense:
        base[i][_DENSEST] = 1.0
    if dense:
        # How far (in words) a unit lies before or after the densest run: prose
        # long after the article's end is comments or teasers more often.
        cum = list(itertools.accumulate(sizes, initial=0))
        for i in range(dense.start):
            base[i][_BEFORE_DENSEST] = math.log1p(cum[dense.start] - cum[i + 1])
        for i in range(dense.stop, count):
            base[i][_AFTER_DENSEST] = math.log1p(cum[i] - cum[dense.stop])


#: A word that can carry a unit's topic: at least this many word characters
#: (``_WORD``) in a row, not a function word.
_TOPIC_CHARS = 4
_TOPIC_WORD = regex.compile(rf"\w{{{_TOPIC_CHARS},}}")


def _topic_words_python(
    lowered: str, units: list[tuple[int, int]], stop: frozenset[str]
) -> list[list[str]]:
    """The words of each unit of the lower-cased text that can carry its topic: runs
    of at least ``_TOPIC_CHARS`` word characters, less the function words ``stop``."""
    return [[word for word in _TOPIC_WORD.findall(lowered, s, e) if word not in stop]
            for s, e in units]


def _page_columns(
    base: list[list[float]], text: str, lowered: str, units: list[tuple[int, int]],
    sizes: list[int], dense: range, stop: frozenset[str],
) -> None:
    """Append to every row the columns that read the whole page (the last two of
    :data:`BASE`), the same in the compiled and the Python paths:

    ``topical``: the share of the unit's topic words (:func:`_topic_words_python`) that
    occur elsewhere in the densest run of prose, -1 when it has none or there is no
    such run. An article's lead, headings, list items and table cells speak of what
    its body speaks of; menus, teasers of other articles and cookie notices do not.

    ``prose_before``: how many prose units (long, punctuated, lower-case; not
    removed whole) come before it, log1p. An article's first paragraph is often the
    page's first prose, separated from the body by a byline, an image or a table of
    contents.
    """
    if len(lowered) != len(text):
        # A character became several in lower case: the units' offsets are the text's.
        lowered = "".join(char.lower()[:1] for char in text)
    native = _native()
    if native is not None:
        shares = native.topic_shares_of(lowered, units, stop, _class_table(), _char_class,
                                        _TOPIC_CHARS, dense.start, dense.stop)
    else:
        shares = _topic_shares_python(_topic_words_python(lowered, units, stop), dense)
    if native is not None:
        native.page_columns(base, shares, sizes, _I["ends"], _I["lower"], _I["removed"], _WHOLE,
                            len(BASE) - 2)
    else:
        _page_columns_python(base, shares, sizes)


def _page_columns_python(base: list[list[float]], shares: list[float], sizes: list[int]) -> None:
    """Append each unit's topic share and log1p of the prose units before it
    (``_context.page_columns`` in C)."""
    ends, lower, removed = _I["ends"], _I["lower"], _I["removed"]
    prose = 0
    for row, share, size in zip(base, shares, sizes, strict=True):
        row.append(share)
        row.append(math.log1p(prose))
        if row[ends] and row[lower] >= 0.6 and size >= 10 and row[removed] < _WHOLE:
            prose += 1


def _topic_shares_python(words: list[list[str]], dense: range) -> list[float]:
    """For each unit's topic words, the share of them found elsewhere in the units of
    ``dense`` (a word counts when the run holds it more often than the unit itself
    does); -1.0 for a unit without topic words or an empty run
    (``_context.topic_shares_of`` in C, from the text: the words never made strings)."""
    in_dense: Counter[str] = Counter()
    for i in dense:
        in_dense.update(words[i])
    out = []
    for i, mine in enumerate(words):
        if not mine or not dense:
            out.append(-1.0)
        elif i in dense:
            own = Counter(mine)
            out.append(sum(1 for w in mine if in_dense[w] > own[w]) / len(mine))
        else:
            out.append(sum(map(in_dense.__contains__, mine)) / len(mine))
    return out


def _base_rows(
    units: list[tuple[int, int]], pieces: list[str], sizes: list[int], tokens: list[int],
    lowers: list[int], uppers: list[int], stops: list[int], marks: list[int],
    digits: list[int], separators: list[bool], removed: list[float], phrase: list[int],
    repeats: Counter[str], stop: frozenset[str], clocks: list[bool], agos: list[bool],
    years: list[bool], links: list[bool], comments: int, all_words: int, doc_words: float,
) -> list[list[float]]:
    """The rows of :data:`BASE` (the densest-run columns still 0) from the units'
    counts and flags (``_context.base_rows`` is the same loop in C)."""
    total = max(1, len(units) - 1)
    base: list[list[float]] = []
    before = 0
    headers, flagged = 0.0, 0
    for i, piece in enumerate(pieces):
        n = sizes[i]
        low, up = lowers[i], uppers[i]
        last = piece.rstrip(_CLOSERS)[-1:]
        clock = clocks[i]
        # A timestamp line (a comment's or a post's header): short, with a clock
        # time or a relative one ("2 days ago"), or a year and a closing colon
        # ("Alex on May 2, 2018 said:").
        header = 1.0 if n <= 15 and (clock or agos[i] or (last == ":" and years[i])) else 0.0
        lower = low / (low + up) if low + up else 0.5
        base.append([
            math.log1p(n),
            lower,
            stops[i] / n,
            1.0 if last in _ENDINGS else 0.0,
            min(1.0, marks[i] / n),
            min(1.0, digits[i] / len(piece)),
            1.0 if separators[i] else 0.0,
            removed[i],
            float(phrase[i]),
            1.0 if repeats[piece] > 1 else 0.0,
            1.0 if tokens[i] >= 8 and _headline(piece.split(), stop) else 0.0,
            i / total,
            before / all_words,
            1.0 if units[i][0] >= comments else 0.0,
            1.0 if clock else 0.0,
            1.0 if last == ":" else 0.0,
            up / n,
            len(piece) / n,
            0.0,
            doc_words,
            1.0 if _BULLET.match(piece) else 0.0,
            1.0 if links[i] else 0.0,
            header,
            math.log1p(headers),
            math.log1p(flagged),
            0.0,
            0.0,
        ])
        before += n
        headers += header
        flagged += removed[i] >= 0.5 or phrase[i]
    return base


_CLOCK = regex.compile(r"(?<!\d)\d{1,2}[:h]\d\d(?!\d)(?:\s*[ap]\.?m\b)?", regex.IGNORECASE)
_YEAR = regex.compile(r"(?<!\d)(?:19|20)\d\d(?!\d)")
#: A relative time ("3 hours ago", "vor 2 Tagen", "il y a 5 jours", "hace 3 horas",
#: "há 2 dias", "منذ 3 ساعات"): the header of a comment or of a teaser.
_AGO = regex.compile(
    r"\b\d{1,3}\s+(?:sec|min|hour|hr|day|week|month|year)\w*\s+ago\b"
    r"|\bvor\s+\d{1,3}\s+(?:sek|min|stunde|tag|woche|monat|jahr)\w*"
    r"|\bil\s+y\s+a\s+\d{1,3}\s+(?:sec|min|heure|jour|semaine|mois|an)"
    r"|\b(?:hace|há)\s+\d{1,3}\s+(?:seg|min|hora|d[ií]a|semana|mes|año|ano)"
    r"|منذ\s+\d{1,3}",
    regex.IGNORECASE,
)
_BULLET = regex.compile(r"[^\w\s\"'«“(]|\d{1,2}[.)]\s")
#: The character classes of ``_BULLET`` for the compiled ``_context.bullets``: 2 its
#: first alternative, 4 a digit, 8 "." or ")", 16 a space.
_BULLET_CLASSES = CharClasses((
    (2, regex.compile(r"[^\w\s\"'«“(]")), (4, regex.compile(r"\d")),
    (8, regex.compile(r"[.)]")), (16, regex.compile(r"\s")),
))
_LINK = regex.compile(r"https?:|www\.|@\w|\.(?:com|org|net|de|fr)\b")
_DENSEST = BASE.index("densest")
_BEFORE_DENSEST = BASE.index("before_densest")
_AFTER_DENSEST = BASE.index("after_densest")
_I = {name: BASE.index(name) for name in BASE}


#: The characters after which ``_CASE`` sees no word start (its lookbehind).
_BLOCKER = regex.compile(r"[\w'’-]")


def _char_class_of(char: str) -> int:
    """The class bits of one character for the compiled :func:`features` pass
    (``_context.unit_counts``): 1 (known), 2 / 4 an upper / lower-case word start by
    ``_CASE``, 8 ``_CASE``'s lookbehind class, 16 ``_MARK``, 32 ``_DIGIT``, 64 ``_WORD``,
    128 without case (``char.lower() == char.upper()``). Asked of
    the patterns themselves, so the compiled counts are theirs."""
    cls = 1
    start = _CASE.match(char)
    if start is not None:
        cls |= 2 if start.group(1) else 4
    if _BLOCKER.match(char):
        cls |= 8
    if _MARK.match(char):
        cls |= 16
    if _DIGIT.match(char):
        cls |= 32
    if _WORD.match(char):
        cls |= 64
    if char.lower() == char.upper():
        cls |= 128
    return cls


def _char_classes_of(chars: str) -> bytes:
    """:func:`_char_class_of` of each character of ``chars`` (each pattern run once
    over them where it can be, :func:`~cleantext.charclass.matching`)."""
    n = len(chars)
    if n <= SMALL_BATCH:
        return bytes(map(_char_class_of, chars))
    out = bytearray(b"\x01" * n)
    case = _CASE.match
    for i, char in enumerate(chars):
        start = case(char)
        if start is not None:
            out[i] |= 2 if start.group(1) else 4
    lower, upper = chars.lower(), chars.upper()
    if len(lower) == n == len(upper):  # one character each: side by side
        for i in range(n):
            if lower[i] == upper[i]:
                out[i] |= 128
    else:
        for i, char in enumerate(chars):
            if char.lower() == char.upper():
                out[i] |= 128
    bits = int.from_bytes(out, "big")
    for bit, pattern, runs in _CHAR_PATTERNS:
        bits |= matching(pattern, chars, runs) * bit
    return bits.to_bytes(n, "big")


#: The patterns of :func:`_char_class_of` that :func:`_char_classes_of` runs over a
#: batch: bit, pattern, its runs (:func:`~cleantext.charclass.runs_of`).
_CHAR_PATTERNS = tuple((bit, pattern, runs_of(pattern))
                       for bit, pattern in ((8, _BLOCKER), (16, _MARK), (32, _DIGIT), (64, _WORD)))


#: :func:`_char_class_of` for the compiled scans, with its batch form.
_char_class = Classifier(_char_class_of, _char_classes_of)


@functools.cache
def _class_table() -> bytearray:
    """One byte per code point: its :func:`_char_class_of`, 0 until first seen."""
    return bytearray(sys.maxunicode + 1)


def _counts(pattern: regex.Pattern[str], text: str, units: list[tuple[int, int]]) -> list[int]:
    """How many matches of ``pattern`` start in each unit: one pass over the whole
    text (units are sorted and do not overlap) instead of one search per unit."""
    found = [m.start() for m in pattern.finditer(text)]
    return [
        bisect.bisect_left(found, end) - bisect.bisect_left(found, start) for start, end in units
    ]


def _flags(pattern: regex.Pattern[str], text: str, units: list[tuple[int, int]]) -> list[bool]:
    """Whether a match of ``pattern`` starts in each unit (one pass over the text)."""
    out = [False] * len(units)
    starts = [start for start, _ in units]
    for match in pattern.finditer(text):
        i = bisect.bisect_right(starts, match.start()) - 1
        if i >= 0 and match.start() < units[i][1]:
            out[i] = True
    return out


#: What follows a clock time's hours (``_CLOCK``), a separator character
#: (``_SEPARATOR``) and a space as those patterns see them: the character classes
#: of the compiled matching of those patterns (``_context.flag_units``).
_CLOCK_SEP = regex.compile(r"[:h]", regex.IGNORECASE)
_SEPARATOR_CHAR = regex.compile(r"[|•·›»/>]")
_SPACE = regex.compile(r"\s")


#: The class bits of ``_context.flag_units``: 2 a digit (``_DIGIT``), 4
#: ``_CLOCK_SEP``, 8 ``_SPACE``, 16 ``_SEPARATOR_CHAR``, 32 a word character
#: (``_WORD``: what ``\b`` and ``@\w`` look at).
_FLAG_CLASSES = CharClasses(((2, _DIGIT), (4, _CLOCK_SEP), (8, _SPACE), (16, _SEPARATOR_CHAR),
                             (32, _WORD)))


#: Where a relative time (``_AGO``) can be: every match holds a number that starts
#: a word, and consists of word characters and spaces only.
_WORD_DIGIT = regex.compile(r"(?<!\w)\d")
_BREAK = regex.compile(r"[^\w\s]")
_BREAK_BEFORE = regex.compile(r"[^\w\s]", regex.REVERSE)


def _ago_flags(text: str, units: list[tuple[int, int]]) -> list[bool]:
    """``_flags(_AGO, text, units)``, searching only the stretches of word
    characters and spaces that hold a number starting a word (the pattern is slow,
    such stretches are a part of the page). The matches are the same: none can
    cross a character outside these stretches, and the characters around a
    stretch are not word characters, as the pattern's ``\b`` sees them either way."""
    out = [False] * len(units)
    native = _native()
    stretches = (_ago_stretches_python(text) if native is None
                 else native.ago_stretches(text, _AGO_CLASSES.table, _AGO_CLASSES, _AGO_UNITS))
    if not stretches:
        return out  # most pages
    if native is not None:  # (bisected in C, on the units themselves)
        for start, end in stretches:
            for match in _AGO.finditer(text, start, end):
                i = native.unit_at(units, match.start())
                if i >= 0:
                    out[i] = True
        return out
    unit_starts = list(map(_START, units))
    for start, end in stretches:
        for match in _AGO.finditer(text, start, end):
            i = bisect.bisect_right(unit_starts, match.start()) - 1
            if i >= 0 and match.start() < units[i][1]:
                out[i] = True
    return out


def _ago_stretches_python(text: str) -> list[tuple[int, int]]:
    """``(start, end)`` of the stretches :func:`_ago_flags` searches: around each
    number that starts a word, the word characters and spaces up to the nearest
    other character on either side, when they hold :data:`_AGO_HINT`
    (``_context.ago_stretches`` in C)."""
    out = []
    end = 0
    for digit in _WORD_DIGIT.finditer(text):
        at = digit.start()
        if at < end:
            continue  # in the stretch just found
        before = _BREAK_BEFORE.search(text, end, at)
        start = before.end() if before is not None else end
        after = _BREAK.search(text, at)
        end = after.start() if after is not None else len(text)
        if _AGO_HINT.search(text, start, end) is not None:
            out.append((start, end))
    return out


#: Every unit of time of ``_AGO``, lower case (each alternative of the pattern holds
#: a number, spaces and one of these; it matches them ignoring case).
_AGO_UNITS = ("sec", "min", "hour", "hr", "day", "week", "month", "year", "sek", "stunde",
              "tag", "woche", "monat", "jahr", "heure", "jour", "semaine", "mois", "an",
              "seg", "hora", "dia", "día", "semana", "mes", "año", "ano")
#: The first letter of every unit of time of ``_AGO`` ("sec", "Stunde", "jour", "año"
#: ...), as ``_AGO`` matches letters (ignoring case).
_AGO_UNIT = regex.compile(r"[smhdwytja]", regex.IGNORECASE)
#: What every match of ``_AGO`` holds: a number of one to three digits, spaces and
#: a unit of time, or "منذ" (a stretch without it is not searched: most numbers of a
#: page are years, prices, dates, clock times, quantities).
_AGO_HINT = regex.compile(rf"(?<!\d)\d{{1,3}}\s+(?i:{'|'.join(_AGO_UNITS)})|منذ")


#: The class bits of ``_context.ago_stretches``: 2 a break (``_BREAK``), 4 a word
#: character (``_WORD_DIGIT``'s lookbehind), 8 a digit (``_DIGIT``), 16 a space
#: (``_SPACE``), 32 the first letter of a unit of time (``_AGO_UNIT``).
_AGO_CLASSES = CharClasses(((2, _BREAK), (4, _WORD), (8, _DIGIT), (16, _SPACE),
                            (32, _AGO_UNIT)))


def _densest(base: Any, sizes: list[int]) -> range:
    """The densest run of prose units (Kadane): long, punctuated, mostly lower-case
    units gain their word count, others cost a fixed penalty plus theirs; units
    other rules removed whole count for nothing (``_context.densest`` in C, on the rows
    as a C matrix)."""
    native = _native()
    if native is not None:
        if isinstance(base, list):  # the compiled loop reads a C matrix
            base = native.to_matrix(base, len(BASE) - 2)
        return range(*native.densest(base, sizes, _I["lower"], _I["marks"], _I["removed"],
                                     _WHOLE))
    best = cur = 0.0
    span = (0, 0)
    start = 0
    lower, marks, removed = _I["lower"], _I["marks"], _I["removed"]
    for i, row in enumerate(base):
        n = sizes[i]
        if row[removed] >= _WHOLE:
            continue  # what other rules removed is not in the way
        good = n >= 10 and row[marks] > 0 and row[lower] >= 0.5 and row[removed] < 0.5
        cur += n if good else -(8 + min(n, 10))
        if cur <= 0:
            cur, start = 0.0, i + 1
        elif cur > best:
            best, span = cur, (start, i + 1)
    return range(*span)


def _with_context(base: list[list[float]], sizes: list[int]) -> list[list[float]]:
    """Append to each row its neighbour means (:func:`_with_context_python`), in C
    when ``_context.pyx`` was built."""
    native = _native()
    if native is None:
        return _with_context_python(base, sizes)
    return native.with_context(*_context_arguments(base, sizes))  # type: ignore[no-any-return]


def _context_arguments(base: list[list[float]], sizes: list[int]) -> tuple[Any, ...]:
    """The arguments of the compiled ``with_context``."""
    return (base, sizes, *_CONTEXT_SETTINGS)


#: What the compiled ``with_context`` reads besides the rows and their sizes: the
#: context columns (-1 for ``prose``), the removed, ends and lower columns, the
#: windows, the whole-removal share (made once: the module's constants).
_CONTEXT_SETTINGS = ([-1 if name == "prose" else _I[name] for name in CONTEXT],
                     _I["removed"], _I["ends"], _I["lower"], tuple(k for _, k in WINDOWS),
                     _WHOLE)


def _with_context_python(base: list[list[float]], sizes: list[int]) -> list[list[float]]:
    """Append to each row the word-weighted means of the context features over the
    ``k`` units before and after it (for each window of :data:`WINDOWS`).

    Units other rules removed whole are skipped (their own ``removed`` feature
    says what they were): a sentence after a cut-out "Read also" line has the
    article around it. At the edges a unit is its own neighbour (no context is
    no evidence).
    """
    removed = _I["removed"]
    live = [i for i, row in enumerate(base) if row[removed] < _WHOLE]
    count = len(live)
    weights = [min(sizes[i], 30) for i in live]
    columns: list[list[float]] = []
    for name in CONTEXT:
        if name == "prose":
            ends, lower = _I["ends"], _I["lower"]
            col = [
                1.0 if base[i][ends] and base[i][lower] >= 0.6 and sizes[i] >= 10 else 0.0
                for i in live
            ]
        else:
            j = _I[name]
            col = [base[i][j] for i in live]
        columns.append(col)
    sums = [
        list(itertools.accumulate((w * v for w, v in zip(weights, col, strict=True)), initial=0.0))
        for col in columns
    ]
    cum_w = list(itertools.accumulate(weights, initial=0))
    # Position of each unit among the live ones: live units before it, and where
    # the live units after it start.
    before = [bisect.bisect_left(live, i) for i in range(len(base))]
    after = [
        b + 1 if b < count and live[b] == i else b for i, b in enumerate(before)
    ]
    own = [[row[_I[n]] if n != "prose" else 0.0 for n in CONTEXT] for row in base]
    for i in live:
        own[i] = [col[before[i]] for col in columns]
    # The share removed around a unit is counted over all units, removed or not.
    every = len(base)
    all_weights = [min(n, 30) for n in sizes]
    all_cum = list(itertools.accumulate(all_weights, initial=0))
    all_removed = list(itertools.accumulate(
        (w * row[removed] for w, row in zip(all_weights, base, strict=True)), initial=0.0
    ))
    own_columns = list(zip(*own, strict=True)) if own else [() for _ in CONTEXT]
    own_removed = [row[removed] for row in base]
    extra: list[list[float]] = []
    for _, k in WINDOWS:
        prev = ([max(0, b - k) for b in before], before)
        nxt = (after, [min(count, a + k) for a in after])
        for side, (los, his) in enumerate((prev, nxt)):
            total = [cum_w[hi] - cum_w[lo] for lo, hi in zip(los, his, strict=True)]
            for c, acc in enumerate(sums):
                if CONTEXT[c] == "removed":
                    if side == 0:
                        span_lo = [max(0, i - k) for i in range(every)]
                        span_hi: Sequence[int] = range(every)
                    else:
                        span_lo = list(range(1, every + 1))
                        span_hi = [min(every, i + 1 + k) for i in range(every)]
                    extra.append([
                        (all_removed[hi] - all_removed[lo]) / (all_cum[hi] - all_cum[lo])
                        if all_cum[hi] > all_cum[lo] else mine
                        for lo, hi, mine in zip(span_lo, span_hi, own_removed, strict=True)
                    ])
                    continue
                extra.append([
                    (acc[hi] - acc[lo]) / w if w else mine
                    for lo, hi, w, mine in zip(los, his, total, own_columns[c], strict=True)
                ])
    for row, more in zip(base, zip(*extra, strict=True), strict=True):
        row.extend(more)
    return base


def _headlines(
    text: str, units: list[tuple[int, int]], titles: list[bool], stop: frozenset[str]
) -> list[bool]:
    """For each unit, whether it opens with a headline (:func:`_headline`), asked
    only of the units whose ``titles`` flag says their first words are capitalised
    (the reference of ``_context.headlines``)."""
    out = [False] * len(units)
    for i in itertools.compress(range(len(units)), titles):
        a, b = units[i]
        out[i] = _headline(text[a:b].split(), stop)
    return out


def _title_start(piece: str) -> bool:
    """Whether the first four words start with a capital (what :func:`_headline`
    needs first; a cheap look at the start of the unit only)."""
    first = piece.split(None, 4)[:4]
    return len(first) == 4 and all(word[0].isupper() for word in first)


def _headline(words: list[str], stop: frozenset[str]) -> bool:
    """Whether the unit opens with a Title Case headline of four words or more with
    a capitalised function word after the first ("Michigan To Mail Ballots …"):
    prose capitalises a function word only at the start of a sentence."""
    if len(words) < 8:
        return False
    count = capital_stops = 0
    for word in words:
        if not word[0].isupper():
            break
        count += 1
        if count > 1 and word.lower() in stop:
            capital_stops += 1
    return count >= 4 and capital_stops >= 1


# -- decoding ---------------------------------------------------------------------


def _logistic(z: float) -> float:
    return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))


def probabilities(rows: list[list[float]], model: Model, words: Sequence[int]) -> list[float]:
    """The probability that each unit is article text: the logistic of the bias plus
    the leaf value each tree gives the unit; with a second stage, of the second
    stage's trees on the rows :func:`stacked` makes from the first stage's log-odds."""
    native = _native()
    if (native is not None and model.second and hasattr(model.log_odds, "score_matrix")
            and hasattr(model.second_log_odds, "score_matrix")):
        # Compiled all the way: the rows read into a C matrix once, scored and
        # stacked there (the same values as the list path below).
        removed = [row[_REMOVED_SHARE] for row in rows]
        return _matrix_probabilities(
            native, native.to_matrix(rows, len(FEATURES)), removed, model, words
        )
    first = model.log_odds(rows)
    logistic: Callable[[Sequence[float]], list[float]] = (
        native.logistic_all if native is not None else _logistic_all
    )
    if not model.second:
        return logistic(first)
    return logistic(model.second_log_odds(stacked(rows, first, words)))


def _matrix_probabilities(
    native: Any, matrix: Any, removed: Sequence[float], model: Model, words: Sequence[int]
) -> list[float]:
    """:func:`probabilities` of the rows of a C matrix (``_context``): both stages
    scored and the second stage's rows stacked without Python lists. ``removed``:
    the rows' removed shares, read only when ``words`` is not a list."""
    first = model.log_odds.score_matrix(matrix)  # type: ignore[attr-defined]
    if type(words) is list:
        # The stacked rows in one call (the same as the three steps below).
        stack = native.stack_all(matrix, first, _REMOVED_SHARE, words, _WHOLE,
                                 FIRST_THRESHOLD, CORE_THRESHOLD, FIRST_SWITCH, LOW)
    else:
        stack = native.stack_matrix(
            matrix, first, *_stack_inputs(
                native, list(removed) or native.column(matrix, _REMOVED_SHARE), first, words)
        )
    return native.logistic_all(  # type: ignore[no-any-return]
        model.second_log_odds.score_matrix(stack)  # type: ignore[attr-defined]
    )


def _matrix_labels(native: Any, matrix: Any, model: Model, words: list[int]) -> list[bool]:
    """:func:`article_labels` of the units whose features are the rows of ``matrix``
    (``_features(..., matrix=True)``: as wide as :data:`SECOND`), scored by both
    stages: :func:`_matrix_probabilities`' steps with the log-odds in C arrays and the
    :data:`STACK` columns written into the matrix itself (the same values)."""
    first = model.log_odds.score_array(matrix)  # type: ignore[attr-defined]
    native.stack_in_place(matrix, first, len(FEATURES), _REMOVED_SHARE, words, _WHOLE,
                          FIRST_THRESHOLD, CORE_THRESHOLD, FIRST_SWITCH, LOW)
    return native.log_odds_labels(  # type: ignore[no-any-return]
        model.second_log_odds.score_array(matrix),  # type: ignore[attr-defined]
        words, matrix, _LOWER_SHARE, _REMOVED_SHARE, _WHOLE, model.label_settings,
    )


def _logistic_all(values: Sequence[float]) -> list[float]:
    return [_logistic(z) for z in values]


@functools.cache
def _native() -> Any:
    """The compiled loops (``_context.pyx``), or None: not built, or
    ``CLEANTEXT_PURE_PYTHON=1``."""
    return compiled_module("rules._context")


def stacked(
    rows: list[list[float]], first: list[float], words: Sequence[int]
) -> list[list[float]]:
    """Each row with the :data:`STACK` features of the first stage's log-odds appended.

    The first stage judges a unit by itself and its neighbours; the second sees the
    page the first stage saw: which stretch it took for the article, and how far
    from it a unit lies. Prose that follows the article (comments, long teasers)
    reads like the article unit by unit but lies after its end. Units other rules
    removed whole are left out of the neighbour means and the runs, as in
    :func:`_with_context`.
    """
    native = _native()
    if native is not None:
        removed = [row[_REMOVED_SHARE] for row in rows]
        return native.stack_rows(  # type: ignore[no-any-return]
            rows, first, *_stack_inputs(native, removed, first, words)
        )
    return _stacked_python(rows, first, words)


def _stack_inputs(
    native: Any, removed: list[float], first: list[float], words: Sequence[int]
) -> tuple[Any, ...]:
    """What the compiled stacking reads besides the rows and the log-odds: the
    probabilities, the live units, the decoded runs of the first stage, its article
    and its core, and the LOW bound (:func:`_stacked_python` computes the same)."""
    probs, live, gains, core_gains = native.stack_prepare(
        removed, first, words, _WHOLE, FIRST_THRESHOLD, CORE_THRESHOLD
    )
    runs = _decoded_runs(gains)
    main = max(runs, key=lambda r: r[2]) if runs else (0, 0, 0.0)
    return probs, live, words, runs, main, _best_run(core_gains), LOW


def _stacked_python(
    rows: list[list[float]], first: list[float], words: Sequence[int]
) -> list[list[float]]:
    """:func:`stacked` in Python (the compiled version does the same operations)."""
    removed = _I["removed"]
    count = len(rows)
    probs = [_logistic(z) for z in first]
    live = [i for i in range(count) if rows[i][removed] < _WHOLE]
    weights = [max(1, min(words[i], 30)) for i in live]
    cum_w = list(itertools.accumulate(weights, initial=0))
    cum_p = list(itertools.accumulate(
        (w * probs[i] for w, i in zip(weights, live, strict=True)), initial=0.0))
    # The first stage's article: the decoded run with the largest gain.
    gains = [(probs[i] - FIRST_THRESHOLD) * max(1, min(words[i], 40)) for i in live]
    runs = _decoded_runs(gains)  # (start, end) among live, summed gain
    main = max(runs, key=lambda r: r[2]) if runs else (0, 0, 0.0)
    best = max(main[2], 1e-9)
    run_of = [0.0] * len(live)
    for a, b, gain in runs:
        for j in range(a, b):
            run_of[j] = gain / best
    cum_words = list(itertools.accumulate((words[i] for i in live), initial=0))
    core = _best_run([(probs[i] - CORE_THRESHOLD) * max(1, min(words[i], 40)) for i in live])
    cum_low = list(itertools.accumulate((probs[i] < LOW for i in live), initial=0))
    extra = [[min(30.0, max(-30.0, z)), 0.5, 0.5, 0.5, 0.5, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0]
             for z in first]
    for j, i in enumerate(live):
        row = extra[i]
        for slot, k in ((1, 2), (3, 8)):
            lo, hi = max(0, j - k), j
            row[slot] = (cum_p[hi] - cum_p[lo]) / (cum_w[hi] - cum_w[lo]) if hi > lo else probs[i]
            lo, hi = j + 1, min(len(live), j + 1 + k)
            row[slot + 1] = (
                (cum_p[hi] - cum_p[lo]) / (cum_w[hi] - cum_w[lo]) if hi > lo else probs[i]
            )
        row[5] = run_of[j]
        if main[1] > main[0]:
            if j < main[0]:
                row[7] = math.log1p(cum_words[main[0]] - cum_words[j + 1])
            elif j >= main[1]:
                row[8] = math.log1p(cum_words[j] - cum_words[main[1]])
            else:
                row[6] = 1.0
        if core[1] > core[0]:
            if j < core[0]:
                row[9] = math.log1p(cum_low[core[0]] - cum_low[j + 1])
                row[10] = math.log1p(cum_words[core[0]] - cum_words[j + 1])
            elif j >= core[1]:
                row[9] = math.log1p(cum_low[j] - cum_low[core[1]])
                row[10] = math.log1p(cum_words[j] - cum_words[core[1]])
    return [[*row, *more] for row, more in zip(rows, extra, strict=True)]


def _best_run(gains: list[float]) -> tuple[int, int]:
    """``(start, end)`` of the run of the decoded path (:data:`FIRST_SWITCH`) with the
    largest summed gain; ``(0, 0)`` when the path is empty."""
    best, span = 0.0, (0, 0)
    for start, end, total in _decoded_runs(gains):
        if total > best:
            best, span = total, (start, end)
    return span


def _decoded_runs(gains: list[float]) -> list[tuple[int, int, float]]:
    """``(start, end, summed gain)`` of every run of inside units on the decoded path
    (:data:`FIRST_SWITCH`), in order (``_context.decoded_runs`` in C)."""
    native = _native()
    if native is not None and type(gains) is list:
        return native.decoded_runs(gains, FIRST_SWITCH)  # type: ignore[no-any-return]
    labels = decode(gains, FIRST_SWITCH)
    runs = []
    j = 0
    while j < len(labels):
        if not labels[j]:
            j += 1
            continue
        k = j
        while k < len(labels) and labels[k]:
            k += 1
        runs.append((j, k, sum(gains[j:k])))
        j = k
    return runs


def compile_scorer(
    bias: float, trees: Sequence[Tree], width: int
) -> Callable[[Sequence[Sequence[float]]], list[float]]:
    """The log-odds of many units (rows of ``width`` features) as one Python
    function, built once from the trees.

    Each tree becomes a nested conditional expression (``(a if f3 <= 0.5 else b)``,
    ``f3`` being the unit's feature 3) and the function returns, for each row, the
    bias plus their sum: the same arithmetic as walking the node arrays, about four
    times faster. The source holds only the model file's numbers and feature indices.
    """

    def expression(tree: Tree, node: int) -> str:
        feature = tree.feature[node]
        if feature < 0:
            return repr(tree.value[node])
        return (
            f"({expression(tree, tree.left[node])} if f{feature} <= "
            f"{tree.threshold[node]!r} else {expression(tree, tree.right[node])})"
        )

    used = {f for tree in trees for f in tree.feature if f >= 0}
    names = ", ".join(f"f{i}" if i in used else "_" for i in range(width))
    terms = [repr(bias), *(expression(tree, 0) for tree in trees)]
    source = (
        "def score(rows):\n"
        "    out = []\n"
        f"    for {names} in rows:\n"
        f"        out.append({' + '.join(terms)})\n"
        "    return out\n"
    )
    namespace: dict[str, Callable[[Sequence[Sequence[float]]], list[float]]] = {}
    exec(compile(source, "<outside-main-text model>", "exec"), namespace)
    return namespace["score"]


def decode(gains: list[float], switch_cost: float) -> list[bool]:
    """The inside/outside labelling that maximises the summed gains of the inside
    units minus ``switch_cost`` per entry into the article (Viterbi, two states); in
    C when ``_context.pyx`` was built (the same comparisons and sums)."""
    native = _native()
    if native is not None:
        return native.decode(  # type: ignore[no-any-return]
            gains if type(gains) is list else list(gains), switch_cost
        )
    return _decode_python(gains, switch_cost)


def _decode_python(gains: list[float], switch_cost: float) -> list[bool]:
    """:func:`decode` in Python."""
    out_score, in_score = 0.0, -math.inf
    back: list[tuple[bool, bool]] = []  # (best predecessor of out is in, of in is in)
    for gain in gains:
        from_in = in_score >= out_score - switch_cost
        new_in = (in_score if from_in else out_score - switch_cost) + gain
        out_from_in = in_score > out_score
        new_out = in_score if out_from_in else out_score
        back.append((out_from_in, from_in))
        out_score, in_score = new_out, new_in
    state = in_score > out_score
    labels = [False] * len(gains)
    for i in range(len(gains) - 1, -1, -1):
        labels[i] = state
        state = back[i][1] if state else back[i][0]
    return labels


def inside(
    doc: TextDoc, ctx: RuleContext, model: Model
) -> tuple[list[tuple[int, int]], list[int], list[bool]]:
    """The units of ``doc``, their word counts and which of them are article text."""
    units, words_of_blocks = _units_and_words(doc)
    if not units:
        return units, [], []
    native = _native()
    stats = None
    if words_of_blocks is not None:
        words = words_of_blocks
    elif native is not None:
        # The units' counts read once: their spaces give the word counts here, the
        # rest the features.
        stats = _unit_stats(native, doc.text, units)
        words = _words_of_spaced(doc.text, units, list(stats[5]))
    else:
        words = unit_words(doc.text, units)
    if (native is not None and model.second and hasattr(model.log_odds, "score_array")
            and hasattr(model.second_log_odds, "score_array")):
        # Compiled: the features stay in a C matrix from the context means to the
        # second stage (the values of the list path below).
        matrix = _features(doc, units, ctx, matrix=True, words=words, stats=stats)
        return units, words, _matrix_labels(native, matrix, model, words)
    rows = features(doc, units, ctx)
    probs = probabilities(rows, model, words)
    lower = [row[_LOWER_SHARE] for row in rows]
    removed = [row[_REMOVED_SHARE] for row in rows]
    return units, words, article_labels(probs, words, lower, model, removed)


_LOWER_SHARE = FEATURES.index("lower")
_REMOVED_SHARE = FEATURES.index("removed")


def article_labels(
    probs: list[float],
    words: list[int],
    lower: list[float],
    model: Model,
    removed: Sequence[float] = (),
) -> list[bool]:
    """Which units are article text, given their probabilities and word counts.

    Units that other rules removed whole (``removed`` share 1) are left out of the
    decision, so a "Read also" line another rule cut out of the article does not
    cut the article in two; they are labelled outside (they are gone anyway).
    """
    native = _native()
    if (native is not None and type(probs) is list and type(words) is list
            and len(words) == len(probs) == len(lower)
            and (not removed or len(removed) == len(probs))):
        # Compiled in one call (the same decisions as below).
        matrix = native.to_matrix([[low, share] for low, share in itertools.zip_longest(
            lower, removed, fillvalue=0.0)], 2)
        return native.matrix_labels(  # type: ignore[no-any-return]
            probs, words, matrix, 0, 1 if removed else -1, _WHOLE, model.label_settings
        )
    sure = (native.sure_words(probs, words, model.certainty)
            if native is not None and type(probs) is list and type(words) is list
            else sum(n for p, n in zip(probs, words, strict=True) if p < model.certainty))
    if sure < model.min_sure_words:
        return [True] * len(probs)  # no sure boilerplate: an article, not a page
    live = (list(itertools.compress(range(len(probs)), map(_WHOLE.__gt__, removed)))
            if removed else list(range(len(probs))))
    labels = [False] * len(probs)
    if len(live) == len(probs):
        return _labels(probs, words, lower, model)
    picked = _labels(list(map(probs.__getitem__, live)), list(map(words.__getitem__, live)),
                     list(map(lower.__getitem__, live)), model)
    if all(picked):
        return [True] * len(probs)
    for i in itertools.compress(live, picked):
        labels[i] = True
    return labels


def _keep_lead(
    labels: list[bool], probs: list[float], words: list[int], lower: list[float], model: Model
) -> None:
    """Keep the article's lead: the last long, lower-case unit before the article
    that is not surely boilerplate (probability at least ``model.lead_probability``),
    when at most ``model.lead_words[1]`` words of shorter units lie between them.
    A standfirst is often cut off from the body by a byline, a date, an image's
    caption or a table of contents, and reads, alone between them, like a teaser."""
    shortest, most = model.lead_words
    if shortest <= 0:
        return
    gap = 0
    for i in range(labels.index(True) - 1, -1, -1):
        if words[i] >= shortest and lower[i] >= 0.6 and probs[i] >= model.lead_probability:
            labels[i] = True
            return
        gap += words[i]
        if gap > most:
            return


def _labels(
    probs: list[float], words: list[int], lower: list[float], model: Model
) -> list[bool]:
    """Which units are article text (:func:`article_labels` without removed units).

    The decoded path, except that a stretch outside it with no unit that is surely
    boilerplate (probability under ``model.certainty``) is kept: a last one-sentence
    paragraph is not boilerplate just because it is short. A unit of a heading's
    length right before the article, with some lower-case words (a menu has none),
    is its title and stays, and so does its lead (:func:`_keep_lead`). Everything is
    kept when
    the page has fewer than ``model.min_sure_words`` words in surely-boilerplate
    units (a clean article, a short text) or the article would have fewer than
    ``model.min_article_words`` words.
    """
    native = _native()
    gains = (
        native.unit_gains(probs, words, model.threshold, model.length_floor, model.length_cap)
        if (native is not None and type(probs) is list and type(words) is list
            and len(words) == len(probs)) else [
            (p - model.threshold) * max(model.length_floor, min(n, model.length_cap))
            for p, n in zip(probs, words, strict=False)
        ]
    )
    labels = decode(gains, model.switch_cost)
    first = labels.index(True) if True in labels else 0
    low, high = model.title_words
    if first > 0 and low <= words[first - 1] <= high and 0 < lower[first - 1] < 0.9:
        labels[first - 1] = True  # the title glued to the article's first sentence
    if True in labels:
        _keep_lead(labels, probs, words, lower, model)
    if native is not None and type(probs) is list and type(words) is list:
        native.keep_unsure(labels, probs, model.certainty)
        if native.kept_words(words, labels) < model.min_article_words:
            return [True] * len(labels)
        return labels
    i = 0
    while i < len(labels):
        j = i
        while j < len(labels) and not labels[j]:
            j += 1
        if j > i and min(probs[i:j]) >= model.certainty:
            labels[i:j] = [True] * (j - i)
        i = j + 1
    if sum(n for n, keep in zip(words, labels, strict=False) if keep) < model.min_article_words:
        return [True] * len(labels)
    return labels



@rule("outside-main-text", stage="text", max_share=None, after="edge-leftover")
def outside_main_text(doc: TextDoc, ctx: RuleContext) -> None:
    """Remove everything outside the article in a whole page's flattened text.

    What: cuts the text into units — lines, or sentences of a long line — and
    scores each with small boosted trees on how article-like it reads (length,
    lower-case and function-word shares, punctuation, boilerplate phrases,
    timestamps, other rules' removals, and the same for its neighbours). A two-state decoder then
    picks the stretches that are the article, paying a cost for each switch, so the
    article comes out as one or a few long contiguous runs with its headings; the
    stretches before, between and after are removed, one log entry per stretch.

    Why: scrapers and datasets (Common Crawl WET files) hand over the whole page's
    text — menus, teasers, cookie notices, footers and the article run together. The
    article is the long stretch of prose; navigation is runs of short, capitalised,
    unpunctuated pieces. Only text input: on HTML input the HTML stage already chose
    the main content, and the blocks it kept are not cut again.

    Example: "Home News Sport Weather … Le Maroc a officiellement lancé … Contact
    Mentions légales © 2026" keeps only the prose in the middle.

    Known false positives: a comment thread (even under timestamped headers) or a
    block of long teasers right after the article reads like prose and can be kept
    (less often in flat text, where the second stage sees it lie past the article);
    a short article between long teasers can lose to them; a one-sentence caption
    inside the article can go.
    When the article would hold fewer than ``min_article_words`` words the text is
    kept whole (a short text is an article, not a page).
    """
    if doc.from_markup:
        return  # HTML input: the HTML stage chose the main content
    model = load_model()
    text = doc.text
    # (Spaces counted in the first 4096 characters first: enough on most pages.)
    if (text.count(" ", 0, 4096) + 1 < model.min_article_words
            and text.count(" ") + 1 < model.min_article_words
            and unit_words(text, [(0, len(text))])[0] < model.min_article_words):
        return
    units, words, labels = inside(doc, ctx, model.decoder_for(text))
    count = len(units)
    # Each stretch of units outside the article (found by list.index: a page's
    # units lie in few stretches).
    i = _next(labels, False, 0)
    while i < count:
        j = _next(labels, True, i)
        side = "before" if i == 0 else "after" if j == count else "inside"
        doc.remove(units[i][0], units[j - 1][1], _reason(units[i:j], words[i:j], side))
        i = _next(labels, False, j)


def _next(labels: list[bool], value: bool, start: int) -> int:
    """The index of the first ``value`` in ``labels`` from ``start`` on, else its length."""
    try:
        return labels.index(value, start)
    except ValueError:
        return len(labels)


def _reason(stretch: list[tuple[int, int]], words: list[int], side: str) -> str:
    count = len(stretch)
    short = sum(map((6).__gt__, words))  # units of fewer than six words
    where = {"before": "before the article", "after": "after the article",
             "inside": "between parts of the article"}[side]
    if short * 10 >= count * 6:
        what = f"menu-like run of {count} short piece{'s' if count > 1 else ''}"
    else:
        what = f"{count} piece{'s' if count > 1 else ''} that read{'s' if count == 1 else ''} " \
               "like boilerplate, not article prose"
    return f"{what} {where}"
