"""Per-site profiles from TOML."""

from __future__ import annotations

import pickle

import pytest

from cleantext import Cleaner, Config, clean
from cleantext.errors import ConfigError
from cleantext.profiles import parse_profiles

PROFILES = """
[[site]]
domains = ["example.ma"]
drop = ["div.encart", "//p[@id='teaser']"]
disable = ["article-head"]
[site.phrases]
newsletter-signup = ["la lettre du matin"]
"""
BODY = " ".join(["Le conseil municipal a voté mardi un budget en hausse pour les écoles."] * 3)
HTML = (
    "<html><body><article><div>Par Samir B.</div>"
    f"<p>{BODY}</p><div class='encart'>Offre spéciale abonnés</div>"
    "<p id='teaser'>Demain dans nos pages</p><p>Recevez la lettre du matin.</p>"
    "</article></body></html>"
)


def test_profile_applies_to_its_domain_and_subdomains() -> None:
    config = Config(profiles=parse_profiles(PROFILES))
    result = clean(HTML, url="https://www.example.ma/x", config=config)
    assert "Offre spéciale" not in result.text
    assert "Demain dans nos pages" not in result.text
    assert "lettre du matin" not in result.text
    assert "Par Samir B." in result.text  # article-head switched off for this site
    assert {r.rule for r in result.removals} >= {"site-profile", "newsletter-signup"}


def test_profile_does_not_apply_elsewhere() -> None:
    config = Config(profiles=parse_profiles(PROFILES))
    result = clean(HTML, url="https://notexample.ma/x", config=config)
    assert "Offre spéciale" in result.text
    assert "Par Samir B." not in result.text


def test_bad_selector_and_unknown_key_are_config_errors() -> None:
    with pytest.raises(ConfigError):
        parse_profiles('[[site]]\ndomains = ["a.b"]\ndrop = ["div[["]\n')
    with pytest.raises(ConfigError):
        parse_profiles('[[site]]\ndomains = ["a.b"]\nremove = ["div"]\n')
    with pytest.raises(ConfigError):
        parse_profiles("[[site]]\ndrop = ['div']\n")


def test_cleaner_with_profiles_pickles() -> None:
    cleaner = Cleaner(Config(profiles=parse_profiles(PROFILES)))
    again = pickle.loads(pickle.dumps(cleaner))
    assert "Offre" not in again.clean(HTML, url="http://example.ma/").text
