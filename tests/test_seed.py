"""The seed: a flattened French news page must come out exactly, with a full log."""

from __future__ import annotations

import json

from cleantext import clean
from conftest import shared_dir


def test_seed_comes_out_exactly(seed: tuple[str, str]) -> None:
    page, expected = seed
    assert clean(page).text == expected


def test_repo_copy_of_the_seed_matches_shared() -> None:
    source = shared_dir() / "seed"
    if not source.is_dir():
        import pytest

        pytest.skip("../shared/seed is not beside the repository")
    from conftest import REPO

    case = REPO / "tests" / "fixtures" / "seed" / "tunisie-numerique"
    gold = json.loads((source / "gold.json").read_text(encoding="utf-8"))["articleBody"]
    assert (case / "input.txt").read_text(encoding="utf-8") == (source / "input.txt").read_text(
        encoding="utf-8"
    )
    assert (case / "expected.txt").read_text(encoding="utf-8") == gold


def test_seed_log_names_every_removed_piece(seed: tuple[str, str]) -> None:
    page, _ = seed
    log = [(r.rule, r.text) for r in clean(page).removals]
    assert log == [
        ("liveblog-stub", "The liveblog has ended."),
        ("liveblog-stub", "No liveblog updates yet."),
        (
            "newsletter-signup",
            "Abonnez-vous à la newsletter quotidienne Tunisie Numérique : actus, analyses, "
            "économie, tech, société, infos pratiques.",
        ),
        ("newsletter-signup", "Gratuite, claire, sans spam."),
        ("edge-leftover", "Chaque matin"),
        ("form-hint", "Veuillez laisser ce champ vide"),
        ("newsletter-signup", "Vous vous êtes bien abonné.e à notre newsletter !"),
        ("comments-section", "Commentaires"),
        ("edge-leftover", "Que se passe-t-il en Tunisie?"),
        ("social-follow", "Nous expliquons sur notre chaîne YouTube ."),
        ("social-follow", "Abonnez-vous!"),
    ]


def test_seed_removals_point_at_their_text(seed: tuple[str, str]) -> None:
    page, _ = seed
    for removal in clean(page).removals:
        assert isinstance(removal.where, tuple)
        start, end = removal.where
        assert page[start:end] == removal.text
        assert removal.reason


def test_seed_log_reasons_say_why(seed: tuple[str, str]) -> None:
    page, _ = seed
    reasons = {r.text: r.reason for r in clean(page).removals}
    assert "Veuillez laisser ce champ vide" in reasons["Veuillez laisser ce champ vide"]
    assert "tail" in reasons["Chaque matin"]
    assert "Commentaires" in reasons["Commentaires"]
