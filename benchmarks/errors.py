"""Error analysis on trafeval-dev: which `without` snippets leak and which `with` are missed.

    python -m benchmarks.errors [--tool trafilatura] [--view html]

Reads the predictions written by `benchmarks.run` (benchmarks/results/<set>-<tool>-<view>.json),
locates every leaked/missed snippet in the page's HTML, and classifies it by the tags,
classes and ids of the elements around it (and by its wording when that says more). Prints
category counts as markdown; never page ids.
"""

from __future__ import annotations

import argparse
import bisect
import json
import re
import sys
from collections import Counter
from collections.abc import Sequence
from pathlib import Path

import lxml.html
from lxml import etree

from .data import Page, iter_pages, load_gold
from .metrics import norm, segments_doc

RESULTS_DIR = Path(__file__).resolve().parent / "results"
SKIP = {"script", "style", "noscript", "template", "head"}

# ordered: first match wins; matched against class/id/tag names of the nearest ancestors
LEAK_RULES: list[tuple[str, str]] = [
    ("cookie / consent / privacy", r"cookie|consent|gdpr|privacy|datenschutz"),
    ("disclosure / affiliate / publisher boilerplate", r"disclosure|disclaimer"),
    ("table of contents", r"(^|[\s_-])toc($|[\s_-])"),
    ("comments", r"comment|disqus|kommentar|reply|forum"),
    ("share / social bar", r"shar|social|teilen|facebook|twitter|whatsapp|pinterest|print"),
    (
        "newsletter / subscription / login",
        r"newsletter|subscri|abo\b|abo-|paywall|signup|login|regist",
    ),
    ("author box / byline", r"author|byline|autor|\bbio\b|profile"),
    (
        "related / teaser / recommended links",
        r"relat|teaser|recommend|more|weitere|similar|popular|trending|most|also|next|prev|topic"
        r"|list|feed|stream|card|slider|carousel|widget|box",
    ),
    (
        "tags / categories / breadcrumbs",
        r"(^|[\s_-])(tags|tag-?list|tagcloud|keywords|categories|breadcrumbs?|rubri\w*)($|[\s_-])",
    ),
    ("caption / photo credit", r"caption|credit|figure|copyright|\bfoto|\bphoto|\bbild|image"),
    ("date / meta line", r"date|\btime\b|meta|dateline|publish"),
    ("ads / promo / sponsored", r"\bads?\b|advert|anzeige|sponsor|promo|banner|werbung"),
    ("navigation / header / footer / sidebar", r"\bnav|menu|footer|header|sidebar|aside"),
]
LEAK_TEXT_RULES: list[tuple[str, str]] = [
    (
        "inline 'read also' link in the body",
        r"^(lea (también|más)|lea:|vea también|mire:|auch lesen|lesen sie auch|czytaj (też|także)"
        r"|mehr themen|read also|see also|siehe auch|(à )?lire aussi)",
    ),
    (
        "call to action / self-promotion",
        r"nuestro canal|download the|follow (us|the)|gefällt (dir|ihnen)|submit your|jetzt (kaufen|"
        r"bestellen)|aktuelle ausgabe",
    ),
    (
        "disclosure / affiliate / publisher boilerplate",
        r"recommend the best products|references to products|affiliate|disclosure|nutzung der auf"
        r"|presse- und medienportal|seit \d{4} werden",
    ),
    ("table of contents", r"^(inhaltsverzeichnis|table of contents|sommaire|contents)$"),
    ("share / social bar", r"teilen|share|facebook|twitter|whatsapp|e-mail|drucken|print"),
    ("newsletter / subscription / login", r"newsletter|abonn|subscri|anmeld|registr|login"),
    ("comments", r"kommentar|comment|leserbrief"),
    (
        "caption / photo credit",
        r"^(foto|bild|photo|image|quelle|credit|crédits? photos?|titelbild|abbildung|fig)\b"
        r"|©|\(c\)|keystone|\bdpa\b|getty",
    ),
    (
        "related / teaser / recommended links",
        r"lesen sie auch|mehr zum thema|weitere|read more|related|auch interessant|mehr zu",
    ),
    ("cookie / consent / privacy", r"cookie|datenschutz|privacy"),
]
MISS_RULES: list[tuple[str, str]] = [
    ("heading (h1-h6)", r"\bh[1-6]\b"),
    ("caption / figure", r"figcaption|caption|figure|credit"),
    ("table cell", r"\btd\b|\bth\b|\btable\b"),
    ("list item", r"\bli\b|\bdd\b|\bdt\b"),
    ("blockquote / quote", r"blockquote|\bq\b|quote|zitat"),
    ("code / pre", r"\bpre\b|\bcode\b"),
    (
        "lead / teaser / subtitle",
        r"lead|intro|teaser|summary|standfirst|excerpt|subtitle|kicker|abstract",
    ),
    ("byline / date / meta", r"author|byline|date|\btime\b|meta"),
    ("comments / user content", r"comment|kommentar|reply"),
    ("info box / aside", r"aside|box|info|fact|infobox|sidebar"),
]


class Locator:
    """Maps a snippet to the element owning the text where it starts."""

    def __init__(self, html: str) -> None:
        self.ok = True
        self.offsets: list[int] = []
        self.owners: list[etree._Element] = []
        try:
            root = lxml.html.document_fromstring(
                html.encode("utf-8"), parser=lxml.html.HTMLParser(encoding="utf-8")
            )
        except (etree.ParserError, ValueError):
            self.ok = False
            self.text = ""
            return
        parts: list[str] = []
        pos = 0
        skip_depth = 0
        for event, el in etree.iterwalk(root, events=("start", "end")):
            tag = el.tag if isinstance(el.tag, str) else ""
            if event == "start":
                if tag in SKIP:
                    skip_depth += 1
                if skip_depth == 0 and tag:
                    pos = self._add(parts, pos, el.text, el)
            else:
                if tag in SKIP:
                    skip_depth -= 1
                parent = el.getparent()
                if skip_depth == 0 and parent is not None:
                    pos = self._add(parts, pos, el.tail, parent)
        self.text = "".join(parts)

    def _add(self, parts: list[str], pos: int, text: str | None, owner: etree._Element) -> int:
        t = norm(text)
        if not t:
            return pos
        self.offsets.append(pos)
        self.owners.append(owner)
        parts.append(t + " ")
        return pos + len(t) + 1

    def find(self, snippet: str) -> etree._Element | None:
        s = norm(snippet)
        for probe in (s, s[:40], s[:20]):
            if not probe:
                continue
            i = self.text.find(probe)
            if i < 0:
                i = self.text.lower().find(probe.lower())
            if i >= 0:
                return self.owners[bisect.bisect_right(self.offsets, i) - 1]
        return None


def ancestors(el: etree._Element, depth: int = 6) -> list[str]:
    """'tag class id role' of the element and its nearest ancestors below <body>, nearest first."""
    out: list[str] = []
    cur: etree._Element | None = el
    while cur is not None and len(out) < depth:
        tag = cur.tag if isinstance(cur.tag, str) else ""
        if tag in ("body", "html"):
            break
        names = f"{cur.get('class') or ''} {cur.get('id') or ''} {cur.get('role') or ''}"
        # WordPress puts "category-x tag-y" on the <article>: not a tag list
        names = re.sub(r"\b(category|tag|format|post|type|status)-[\w-]+", " ", names)
        out.append(f"{tag} {names}".lower())
        cur = cur.getparent()
    return out


def classify(names: Sequence[str], rules: Sequence[tuple[str, str]]) -> str | None:
    """First rule matching the nearest element that matches any rule."""
    for name_str in names:
        for cat, rx in rules:
            if re.search(rx, name_str, re.I):
                return cat
    return None


def classify_leak(el: etree._Element | None, snippet: str) -> str:
    by_text = classify([norm(snippet)], LEAK_TEXT_RULES)
    if el is None:
        return by_text or "not found in static HTML"
    chain = ancestors(el)
    found = by_text or classify(chain, LEAK_RULES)
    if found:
        return found
    tag = el.tag if isinstance(el.tag, str) else ""
    if re.fullmatch(r"h[1-6]", tag):
        return "headline (other article / section title)"
    if any(c.split(" ", 1)[0] in ("a", "li") for c in chain[:3]):
        return "link / list item (unlabelled)"
    return "other block (p/div, unlabelled)"


def classify_miss(el: etree._Element | None, snippet: str) -> str:
    if el is None:
        return "not found in static HTML (JS / normalisation)"
    return classify(ancestors(el, depth=4), MISS_RULES) or "body paragraph (p/div)"


def position(at: int, kept: list[int]) -> str:
    """Where a leaked snippet sits in the output relative to the kept `with` snippets."""
    if not kept:
        return "no `with` snippet kept on the page"
    if at < min(kept):
        return "before the article text (header side)"
    if at > max(kept):
        return "after the article text (tail: bios, related, comments, disclaimers)"
    return "inside the article text (inline teasers, boxes, captions)"


def analyse(tool: str, view: str) -> str:
    set_name = "trafeval-dev"
    path = RESULTS_DIR / f"{set_name}-{tool}-{view}.json"
    preds: dict[str, str] = json.loads(path.read_text(encoding="utf-8"))
    gold = load_gold(set_name)
    leaks: Counter[str] = Counter()
    misses: Counter[str] = Counter()
    leak_examples: dict[str, list[str]] = {}
    miss_examples: dict[str, list[str]] = {}
    where: Counter[str] = Counter()
    pages_with_leaks = pages_all_missed = pages_empty = 0
    n_with = n_without = 0
    page: Page
    for page in iter_pages(set_name):
        pred = preds.get(page.id, "")
        doc = segments_doc(gold[page.id], pred)
        n_with += doc.tp + doc.fn
        n_without += doc.fp + doc.tn
        if not doc.leaked and not doc.missed:
            continue
        loc = Locator(page.html)
        pages_with_leaks += bool(doc.leaked)
        if not norm(pred):
            pages_empty += 1
        elif doc.missed and doc.tp == 0:
            pages_all_missed += 1
        npred = norm(pred)
        kept = [npred.find(norm(w)) for w in gold[page.id]["with"] if norm(w) in npred]
        for s in doc.leaked:
            at = npred.find(norm(s))
            where[position(at, kept)] += 1
            cat = classify_leak(loc.find(s), s)
            leaks[cat] += 1
            leak_examples.setdefault(cat, []).append(norm(s)[:60])
        for s in doc.missed:
            cat = "page: empty output" if not norm(pred) else classify_miss(loc.find(s), s)
            if cat != "page: empty output" and doc.tp == 0:
                cat = f"page: whole article missed, {cat}"
            misses[cat] += 1
            miss_examples.setdefault(cat, []).append(norm(s)[:60])

    def block(title: str, counts: Counter[str], ex: dict[str, list[str]], total: int) -> str:
        lines = [
            f"### {title} ({sum(counts.values())} of {total})",
            "",
            "| category | count | examples (truncated) |",
            "|---|---|---|",
        ]
        for cat, c in counts.most_common():
            samples = "; ".join(f"“{e}”" for e in ex[cat][:3]).replace("|", "/")
            lines.append(f"| {cat} | {c} | {samples} |")
        return "\n".join(lines)

    head = (
        f"{tool} ({view} view) on trafeval-dev: {len(gold)} pages, {n_with} `with` and "
        f"{n_without} `without` snippets; {pages_with_leaks} pages leak at least one snippet; "
        f"{pages_empty} pages with empty output; {pages_all_missed} pages where every "
        "`with` snippet is missed."
    )
    pos = ["### Where leaks sit in the output", "", "| position | count |", "|---|---|"]
    pos += [f"| {k} | {v} |" for k, v in where.most_common()]
    return "\n\n".join(
        [
            head,
            block("Leaked `without` snippets", leaks, leak_examples, n_without),
            "\n".join(pos),
            block("Missed `with` snippets", misses, miss_examples, n_with),
        ]
    )


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m benchmarks.errors", description=__doc__)
    ap.add_argument("--tool", default="trafilatura")
    ap.add_argument("--view", default="html")
    args = ap.parse_args(argv)
    print(analyse(args.tool, args.view))
    return 0


if __name__ == "__main__":
    sys.exit(main())
