"""Segmentation of flat and line-broken text into sentence-like pieces."""

from __future__ import annotations

from cleantext.segment import Span, blocks_of, segments_of


def pieces(text: str) -> list[str]:
    return [text[s.start : s.end] for s in segments_of(text, blocks_of(text))]


def test_lines_are_blocks_with_offsets() -> None:
    text = "  First line.\n\nSecond line  \n"
    blocks = blocks_of(text)
    assert [text[b.start : b.end] for b in blocks] == ["First line.", "Second line"]
    assert blocks[0] == Span(2, 13)


def test_question_exclamation_and_ellipsis_end_sentences() -> None:
    assert pieces("Où va-t-il? Nul ne sait! Il attend… La suite demain.") == [
        "Où va-t-il?",
        "Nul ne sait!",
        "Il attend…",
        "La suite demain.",
    ]


def test_guillemets_close_a_sentence() -> None:
    assert pieces("Il a dit « C'est fini. » Puis il est parti.") == [
        "Il a dit « C'est fini. »",
        "Puis il est parti.",
    ]


def test_arabic_question_mark_ends_and_comma_does_not() -> None:
    text = "ماذا يحدث في تونس؟ نشرح ذلك، بالتفصيل، في قناتنا."
    assert pieces(text) == ["ماذا يحدث في تونس؟", "نشرح ذلك، بالتفصيل، في قناتنا."]


def test_abbreviations_and_initials_do_not_end_sentences() -> None:
    assert pieces("M. Dupont a vu le Dr. Martin. J. Smith, etc. Fin.") == [
        "M. Dupont a vu le Dr. Martin.",
        "J. Smith, etc. Fin.",
    ]


def test_lowercase_after_period_does_not_start_a_sentence() -> None:
    assert pieces("Le fichier v2.0 est prêt. ok. suite") == ["Le fichier v2.0 est prêt. ok. suite"]


def test_heading_glued_without_punctuation_is_cut() -> None:
    text = (
        "Le Maroc lance sa feuille de route à l'horizon 2030 Un tournant majeur dans la "
        "stratégie numérique marocaine Le Maroc a officiellement lancé sa feuille de route."
    )
    assert pieces(text) == [
        "Le Maroc lance sa feuille de route à l'horizon 2030",
        "Un tournant majeur dans la stratégie numérique marocaine",
        "Le Maroc a officiellement lancé sa feuille de route.",
    ]


def test_german_polite_sie_is_not_a_heading_boundary() -> None:
    assert pieces("Folgen Sie uns auf Instagram.") == ["Folgen Sie uns auf Instagram."]


def test_proper_nouns_are_not_heading_boundaries() -> None:
    text = "Abonnez-vous à la newsletter quotidienne Tunisie Numérique : actus."
    assert pieces(text) == [text]


def test_space_before_period_still_ends_a_sentence() -> None:
    assert pieces("Nous expliquons sur notre chaîne YouTube . Abonnez-vous!") == [
        "Nous expliquons sur notre chaîne YouTube .",
        "Abonnez-vous!",
    ]
