"""Phrases added for HTML pages' tail furniture: where they must fire and where not."""

from __future__ import annotations

import pytest

from cleantext import clean

ARTICLE = {
    "en": "The government announced on Tuesday a new investment plan for the southern "
    "regions, which is meant to pay for roads, schools and hospitals by the end of the decade.",
    "de": "Die Regierung hat am Dienstag einen neuen Investitionsplan für die südlichen "
    "Regionen angekündigt, der bis zum Ende des Jahrzehnts Straßen, Schulen und Krankenhäuser "
    "finanzieren soll.",
}

FIRES = [
    ("paywall-prompt", "en", "To view the full story, please subscribe to The Daily Post."),
    ("paywall-prompt", "en", "Subscribe now to our e-edition for the full story."),
    ("paywall-prompt", "en", "If you're already a subscriber, log in for immediate access."),
    ("social-follow", "en", "Follow The Courier on Twitter and Instagram."),
    ("comments-section", "de", "Kommentare geschlossen"),
]

SPARES = [
    ("paywall-prompt", "en", "Readers had to wait a week to read the full story of the trial."),
    ("social-follow", "en", "Officials said they would follow the plan on Twitter's advice."),
    ("comments-section", "de", "Die Kommentare des Ministers wurden geschlossen zurückgewiesen."),
]


@pytest.mark.parametrize(("rule", "lang", "boilerplate"), FIRES)
def test_phrase_fires(rule: str, lang: str, boilerplate: str) -> None:
    page = f"{ARTICLE[lang]}\n\n{boilerplate}"
    result = clean(page)
    assert boilerplate not in result.text
    assert any(r.rule == rule for r in result.removals), result.removals
    assert ARTICLE[lang] in result.text


@pytest.mark.parametrize(("rule", "lang", "sentence"), SPARES)
def test_phrase_spares(rule: str, lang: str, sentence: str) -> None:
    page = f"{ARTICLE[lang]}\n\n{sentence}"
    result = clean(page)
    assert sentence in result.text, result.removals
