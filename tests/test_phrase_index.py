"""The shared phrase index: one automaton pass finds every phrase rule's candidates,
and each rule's matches are exactly those its own phrase set finds alone."""

from __future__ import annotations

import pytest

from cleantext import Config, clean
from cleantext.phrases import compile_phrases, phrase_index, phrase_rules
from cleantext.textdoc import TextDoc

PAGE = (
    "Accueil Actualités Sport Abonnez-vous à notre newsletter pour ne rien manquer. "
    "This website uses cookies to improve your experience. Read also: the mayor's plan. "
    "Le conseil municipal a adopté mardi le nouveau budget. 12 comments Leave a reply "
    "Share on Facebook Follow us on Twitter © 2024 Example Media. All rights reserved."
)


def test_every_phrase_rule_is_indexed() -> None:
    index = phrase_index(())
    assert {"cookie-notice", "newsletter-signup", "outside-main-text"} <= set(phrase_rules())
    assert set(phrase_rules()) <= set(index.sets)


@pytest.mark.parametrize("rule", phrase_rules())
def test_shared_hits_find_what_each_set_finds_alone(rule: str) -> None:
    doc = TextDoc.from_text(PAGE)
    phrases = compile_phrases(rule, ())
    alone = phrases.find(doc.text, doc.folded)
    shared = phrases.find(doc.text, doc.folded, hits=phrase_index(()).hits(doc.folded)[rule])
    assert [(p.source, m.span()) for p, m in alone] == [(p.source, m.span()) for p, m in shared]


def test_extra_phrases_join_the_index() -> None:
    index = phrase_index((), (("ad-label", "sponsored by acme"),))
    hits = index.hits("this post is sponsored by acme today")["ad-label"]
    assert any(start == len("this post is ") for start, _ in hits)
    config = Config(extra_phrases=(("ad-label", "sponsored by acme"),))
    result = clean("An article.\nSponsored by Acme\n" + PAGE, config=config)
    assert any(r.rule == "ad-label" and "Acme" in r.text for r in result.removals)


def test_an_escaped_optional_character_is_optional_in_the_prefixes() -> None:
    """``\\(?credit`` matches "Credit:" and "(Credit:": both must be index keys, or
    the phrase is never tried on the text that lacks the parenthesis."""
    from cleantext.phrases import first_words

    assert first_words(r"\(?credits? ?:") == frozenset({"(credi", "credit"})
    assert first_words(r"a\.b") == frozenset({"a.b"})


def test_no_built_in_phrase_is_tried_at_every_word() -> None:
    """A phrase whose index keys are one letter long is tried at every word of that
    letter (a regex match each): too many alternatives make ``first_words`` fall back
    to such keys, and a long page then takes seconds per rule."""
    from pathlib import Path

    import cleantext
    from cleantext.phrases import first_words

    root = Path(cleantext.__file__).parent / "phrases"
    short = []
    for path in sorted(root.glob("*/*.txt")):
        if path.parent.name == "neutral":
            continue  # macro lists, not phrases
        for line in path.read_text(encoding="utf-8").splitlines():
            if not line.strip() or line.startswith("#"):
                continue
            body = line[2:] if line[:2] in ("= ", "^ ") else line
            keys = first_words(body)
            if keys is not None and min(len(k) for k in keys) < 2:
                short.append(f"{path.parent.name}/{path.name}: {line}")
    assert not short, short
