"""Rule ``outside-main-text``: find the article inside a whole page's text.

The algorithm, top to bottom:

1. **Units.** Lines of line-broken text; a long line (and the one line of flat text)
   is cut into sentence-like segments, and those again where a run of Title Case
   words (a menu) meets prose.
2. **Features.** A dozen numbers per unit: its length, the share of its words that
   start in lower case and that are function words of the page's language, its
   punctuation, whether it ends a sentence, whether other rules removed it or it
   holds a boilerplate phrase, whether the same line occurs again, and the same
   numbers averaged over its neighbours.
3. **Score.** A logistic model (weights in ``main_text.toml``, fitted on benchmark
   pages by ``benchmarks/fit_main_text.py``) turns them into the probability that
   the unit is article text.
4. **Decode.** A two-state path (outside / inside the article) through the units
   that maximises the summed gains of the inside units — probability minus a
   threshold, times the unit's capped word count — minus a cost for each entry
   into the article (Viterbi). Short pieces inside a long article stay; a long
   blurb between menus must pay two switches to be kept.
"""

from __future__ import annotations

import bisect
import functools
import itertools
import math
import sys
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from importlib import resources

import regex

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

_LOWER = regex.compile(r"(?<![\w'’-])[\p{Ll}\p{Lo}]")
_UPPER = regex.compile(r"(?<![\w'’-])\p{Lu}")
_MARK = regex.compile(r"[.,;:!?…،؟]")
_DIGIT = regex.compile(r"\d")
_SEPARATOR = regex.compile(r"(?:^|\s)[|•·›»/>]+(?:\s|$)")
_WORD = regex.compile(r"\w+")
_ENDINGS = frozenset(".!?…؟:;")
_CLOSERS = "\"'»”’)]"

#: Feature names, in the order of the weights file.
BASE = ("words", "lower", "stop", "ends", "marks", "digits", "separator", "removed", "phrase",
        "repeated", "short", "headline", "position", "mid", "long", "prose", "ends_long",
        "after_comments")
CONTEXT = ("words", "lower", "stop", "ends", "removed")
FEATURES: tuple[str, ...] = (
    "bias", *BASE, *(f"prev_{n}" for n in CONTEXT), *(f"next_{n}" for n in CONTEXT),
)
@dataclass(frozen=True)
class Model:
    """Weights of the unit scorer and the decoder's costs (``main_text.toml``)."""

    weights: tuple[float, ...]
    threshold: float  # a unit more likely than this to be article text gains
    switch_cost: float  # what entering the article costs
    certainty: float  # a stretch goes only if one of its units is less likely than this
    min_sure_words: int  # ... and the page has this many words in such units (else: an article)
    title_words: tuple[int, int]  # a heading of so many words right before the article stays
    length_cap: int  # a unit's log-odds counts min(words, length_cap) times ...
    length_floor: int  # ... at least length_floor times
    min_article_words: int  # below this the text is kept whole


@functools.cache
def load_model(name: str = "main_text.toml") -> Model:
    """The fitted model shipped with cleantext."""
    data = tomllib.loads(resources.files(__package__).joinpath(name).read_text("utf-8"))
    weights = data["weights"]
    return Model(
        weights=tuple(float(weights.get(f, 0.0)) for f in FEATURES),
        threshold=float(data["threshold"]),
        switch_cost=float(data["switch_cost"]),
        certainty=float(data["certainty"]),
        min_sure_words=int(data["min_sure_words"]),
        title_words=(int(data["title_words"][0]), int(data["title_words"][1])),
        length_cap=int(data["length_cap"]),
        length_floor=int(data["length_floor"]),
        min_article_words=int(data["min_article_words"]),
    )


# -- units ------------------------------------------------------------------------


def units_of(doc: TextDoc) -> list[tuple[int, int]]:
    """``(start, end)`` of every unit: a line, or a sentence of a long line."""
    text = doc.text
    out: list[tuple[int, int]] = []
    for index, block in enumerate(doc.blocks):
        if text.count(" ", block.start, block.end) < LONG_LINE_WORDS:
            out.append((block.start, block.end))
            continue
        for seg in doc.block_segments(index):
            out.extend(_case_pieces(text, seg.start, seg.end))
    return out


def _case_pieces(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Cut a sentence where a run of Title Case words (a menu, a list of links)
    gives way to prose or prose to such a run: a flattened page glues its
    navigation to the first and last sentences of the article."""
    words = [(m.start(), m.group()[0]) for m in _WORD.finditer(text, start, end)]
    if len(words) < 2 * CASE_RUN:
        return [(start, end)]
    caps = [c.isupper() or c.isdigit() for _, c in words]
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


def _stopwords(text: str, languages: Sequence[str]) -> frozenset[str]:
    """The stop-word list of the page's language (the one with most hits)."""
    counts = Counter(text.lower().split())
    best: frozenset[str] = frozenset()
    best_hits = 0
    for lang in languages or STOPWORD_LANGUAGES:
        stop = word_list(lang, "stopwords")
        hits = sum(n for w, n in counts.items() if w in stop)
        if hits > best_hits:
            best, best_hits = stop, hits
    return best


def _removed_shares(doc: TextDoc, units: list[tuple[int, int]]) -> list[float]:
    """For each unit, the share of its characters other rules already removed."""
    out = [0.0] * len(units)
    spans = [(s, e) for s, e, _ in doc.removed_spans()]
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
    starts = [u[0] for u in units]
    for _phrase, match in ctx.find_phrases(doc):
        i = bisect.bisect_right(starts, match.start()) - 1
        if i >= 0 and match.start() < units[i][1]:
            hits[i] = 1
    return hits


def features(doc: TextDoc, units: list[tuple[int, int]], ctx: RuleContext) -> list[list[float]]:
    """The feature vector of every unit, in the order of :data:`FEATURES`."""
    text = doc.text
    stop = _stopwords(text, ctx.config.languages)
    removed = _removed_shares(doc, units)
    phrase = _phrase_units(doc, units, ctx)
    pieces = [text[s:e] for s, e in units]
    repeats = Counter(pieces)
    total = max(1, len(units) - 1)
    comments = next(
        (s for s, _, name in doc.removed_spans() if name == "comments-section"), len(text)
    )
    base: list[list[float]] = []
    for i, piece in enumerate(pieces):
        words = piece.split()
        n = len(words)
        low = len(_LOWER.findall(piece))
        up = len(_UPPER.findall(piece))
        stops = sum(map(stop.__contains__, piece.lower().split())) if stop else 0
        last = piece.rstrip(_CLOSERS)[-1:]
        lower = low / (low + up) if low + up else 0.5
        ends = 1.0 if last in _ENDINGS else 0.0
        base.append([
            math.log1p(n),
            lower,
            stops / n,
            ends,
            min(1.0, len(_MARK.findall(piece)) / n),
            min(1.0, len(_DIGIT.findall(piece)) / len(piece)),
            1.0 if _SEPARATOR.search(piece) else 0.0,
            removed[i],
            float(phrase[i]),
            1.0 if repeats[piece] > 1 else 0.0,
            1.0 if n < 4 else 0.0,
            1.0 if _headline(words, stop) else 0.0,
            i / total,
            1.0 if 4 <= n < 10 else 0.0,
            1.0 if n >= 20 else 0.0,
            lower * min(1.0, 4 * stops / n),
            ends * min(n, 30) / 30,
            1.0 if units[i][0] >= comments else 0.0,
        ])
    picks = [BASE.index(name) for name in CONTEXT]
    rows = []
    for i, row in enumerate(base):
        # At the edges a unit is its own neighbour: no context is no evidence.
        prev = _mean(base[max(0, i - 2) : i] or [row], picks)
        nxt = _mean(base[i + 1 : i + 3] or [row], picks)
        rows.append([1.0, *row, *prev, *nxt])
    return rows


def _mean(rows: list[list[float]], picks: list[int]) -> list[float]:
    return [sum(r[p] for r in rows) / len(rows) for p in picks]


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


def probabilities(rows: list[list[float]], weights: Sequence[float]) -> list[float]:
    """The probability that each unit is article text (logistic model)."""
    out = []
    for row in rows:
        z = sum(a * b for a, b in zip(weights, row, strict=False))
        out.append(1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z)))))
    return out


def decode(gains: list[float], switch_cost: float) -> list[bool]:
    """The inside/outside labelling that maximises the summed gains of the inside
    units minus ``switch_cost`` per entry into the article (Viterbi, two states)."""
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
) -> tuple[list[tuple[int, int]], list[bool]]:
    """The units of ``doc`` and which of them are article text."""
    units = units_of(doc)
    if not units:
        return units, []
    words = [doc.text.count(" ", s, e) + 1 for s, e in units]
    rows = features(doc, units, ctx)
    probs = probabilities(rows, model.weights)
    lower = [row[_LOWER_SHARE] for row in rows]
    return units, article_labels(probs, words, lower, model)


_LOWER_SHARE = FEATURES.index("lower")


def article_labels(
    probs: list[float], words: list[int], lower: list[float], model: Model
) -> list[bool]:
    """Which units are article text, given their probabilities and word counts.

    The decoded path, except that a stretch outside it with no unit that is surely
    boilerplate (probability under ``model.certainty``) is kept: a last one-sentence
    paragraph is not boilerplate just because it is short. A unit of a heading's
    length right before the article, with some lower-case words (a menu has none),
    is its title and stays. Everything is kept when
    the page has fewer than ``model.min_sure_words`` words in surely-boilerplate
    units (a clean article, a short text) or the article would have fewer than
    ``model.min_article_words`` words.
    """
    sure = sum(n for p, n in zip(probs, words, strict=False) if p < model.certainty)
    if sure < model.min_sure_words:
        return [True] * len(probs)  # no sure boilerplate: an article, not a page
    gains = [
        (p - model.threshold) * max(model.length_floor, min(n, model.length_cap))
        for p, n in zip(probs, words, strict=False)
    ]
    labels = decode(gains, model.switch_cost)
    first = labels.index(True) if True in labels else 0
    low, high = model.title_words
    if first > 0 and low <= words[first - 1] <= high and 0 < lower[first - 1] < 0.9:
        labels[first - 1] = True  # the title glued to the article's first sentence
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
    scores each with a small logistic model of how article-like it reads (length,
    lower-case and function-word shares, punctuation, boilerplate phrases, other
    rules' removals, and the same for its neighbours). A two-state decoder then
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

    Known false positives: a comment thread or a block of long teasers right after
    the article reads like prose and can be kept; a short article between long
    teasers can lose to them; a one-sentence caption inside the article can go.
    When the article would hold fewer than ``min_article_words`` words the text is
    kept whole (a short text is an article, not a page).
    """
    if doc.from_markup:
        return  # HTML input: the HTML stage chose the main content
    model = load_model()
    text = doc.text
    if text.count(" ") + 1 < model.min_article_words:
        return
    units, labels = inside(doc, ctx, model)
    i = 0
    while i < len(units):
        if labels[i]:
            i += 1
            continue
        j = i
        while j < len(units) and not labels[j]:
            j += 1
        side = "before" if i == 0 else "after" if j == len(units) else "inside"
        doc.remove(units[i][0], units[j - 1][1], _reason(text, units[i:j], side))
        i = j


def _reason(text: str, stretch: list[tuple[int, int]], side: str) -> str:
    count = len(stretch)
    words = [text.count(" ", s, e) + 1 for s, e in stretch]
    short = sum(1 for n in words if n < 6)
    where = {"before": "before the article", "after": "after the article",
             "inside": "between parts of the article"}[side]
    if short * 10 >= count * 6:
        what = f"menu-like run of {count} short piece{'s' if count > 1 else ''}"
    else:
        what = f"{count} piece{'s' if count > 1 else ''} that read{'s' if count == 1 else ''} " \
               "like boilerplate, not article prose"
    return f"{what} {where}"
