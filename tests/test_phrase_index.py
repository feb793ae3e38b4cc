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
    assert hits and hits[0][0] == len("this post is ")
    config = Config(extra_phrases=(("ad-label", "sponsored by acme"),))
    result = clean("An article.\nSponsored by Acme\n" + PAGE, config=config)
    assert any(r.rule == "ad-label" and "Acme" in r.text for r in result.removals)
