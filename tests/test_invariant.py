"""The text invariant: kept spans plus logged removed spans rebuild the input exactly."""

from __future__ import annotations

from itertools import pairwise

from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from cleantext import Cleaned, clean
from cleantext.load import load


def squeeze(text: str) -> str:
    """``text`` without whitespace (Python's definition, the one cleantext trims by)."""
    return "".join(text.split())

# Pieces that real pages are made of: boilerplate the rules know, article sentences,
# short fragments, punctuation and odd whitespace.
PIECES = [
    "The liveblog has ended.",
    "No liveblog updates yet.",
    "Abonnez-vous à la newsletter quotidienne Tunisie Numérique : actus.",
    "Gratuite, claire, sans spam.",
    "Chaque matin",
    "Veuillez laisser ce champ vide",
    "Vous vous êtes bien abonné.e à notre newsletter !",
    "Commentaires",
    "Que se passe-t-il en Tunisie?",
    "Nous expliquons sur notre chaîne YouTube .",
    "Abonnez-vous!",
    "Follow us on Facebook",
    "3 comments",
    "Leave a reply",
    "تابعونا على فيسبوك",
    "التعليقات",
    "Le Maroc a officiellement lancé, le 12 janvier 2026 à Rabat, sa feuille de route.",
    "The ministry launched a YouTube channel in March.",
    "Die Regierung hat am Dienstag einen neuen Plan angekündigt.",
    "« AI Made in Morocco »",
    "…",
    "M.",
    "?",
]

texts = st.lists(
    st.one_of(
        st.sampled_from(PIECES),
        st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc")), max_size=30),
    ),
    max_size=25,
).flatmap(
    lambda parts: st.lists(
        st.sampled_from([" ", "\n", "\n\n", "  ", "\t", "\u00a0", ""]),
        min_size=len(parts),
        max_size=len(parts),
    ).map(lambda seps: "".join(p + s for p, s in zip(parts, seps, strict=True)))
)


def is_text(page: str) -> bool:
    """Whether cleantext reads ``page`` as text: a generated string can be HTML
    (``"<P> "``), whose tags are markup, not text, so this invariant is not its."""
    return load(page, max_chars=len(page) + 1)[0] == "text"


def test_a_lone_tag_is_html_not_text() -> None:
    assert not is_text("<P> ") and clean("<P> ").text == ""
    assert is_text("Ein Satz. Noch einer.")


def check_invariant(page: str, result: Cleaned) -> None:
    spans = []
    removed_text = {}
    for removal in result.removals:
        assert isinstance(removal.where, tuple), removal
        start, end = removal.where
        assert page[start:end] == removal.text, removal
        assert removal.text == removal.text.strip() and removal.text
        spans.append((start, end))
        removed_text[(start, end)] = removal.text
    spans.sort()
    for (_, end), (start, _) in pairwise(spans):
        assert end <= start, "removals overlap"
    # Rebuild: the kept spans are the complement of the removed ones.
    kept, pieces, pos = [], [], 0
    for start, end in spans:
        kept.append(page[pos:start])
        pieces += [page[pos:start], removed_text[(start, end)]]
        pos = end
    kept.append(page[pos:])
    pieces.append(page[pos:])
    assert "".join(pieces) == page
    # The output is exactly the kept text, with only whitespace changed.
    assert squeeze(result.text) == squeeze("".join(kept))


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(texts)
def test_kept_plus_removed_rebuild_the_input(page: str) -> None:
    assume(is_text(page))
    check_invariant(page, clean(page))


@settings(max_examples=100, deadline=None)
@given(texts)
def test_invariant_holds_with_every_rule_switched_off_in_turn(page: str) -> None:
    assume(is_text(page))
    for rule in ("edge-leftover", "newsletter-signup", "comments-section"):
        check_invariant(page, clean(page, disable=[rule]))


def test_invariant_on_the_seed(seed: tuple[str, str]) -> None:
    page, _ = seed
    check_invariant(page, clean(page))
