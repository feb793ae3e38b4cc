"""Per-site profiles: what to drop, which phrases to add, which rules to switch off,
for the pages of one domain.

Profiles are written in TOML::

    [[site]]
    domains = ["example.ma", "news.example.org"]   # a domain matches its subdomains
    drop = ["div.promo-box", "//section[@id='more']"]  # CSS selectors or XPaths
    disable = ["article-head"]
    [site.phrases]
    newsletter-signup = ["recevez notre lettre du matin"]

``Config(profiles=load_profiles(path))``; ``Cleaner.clean(page, url=...)`` applies
every profile whose domain matches the url's host.
"""

from __future__ import annotations

import functools
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from lxml import etree

from .errors import ConfigError

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python 3.10
    import tomli as tomllib


@dataclass(frozen=True)
class SiteProfile:
    """One site's adjustments (see the module docstring for the TOML form)."""

    domains: tuple[str, ...]
    drop: tuple[str, ...] = ()
    disable: tuple[str, ...] = ()
    extra_phrases: tuple[tuple[str, str], ...] = ()

    def matches(self, url: str | None) -> bool:
        """Whether ``url``'s host is one of the profile's domains or a subdomain."""
        host = host_of(url)
        return bool(host) and any(host == d or host.endswith("." + d) for d in self.domains)


def host_of(url: str | None) -> str:
    if not url:
        return ""
    return (urlsplit(url if "//" in url else "//" + url).hostname or "").lower().rstrip(".")


def parse_profiles(text: str) -> tuple[SiteProfile, ...]:
    """Profiles from TOML text; raises :class:`ConfigError` on a malformed one."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"cannot read site profiles: {exc}") from exc
    out = []
    for i, site in enumerate(data.get("site", [])):
        out.append(_profile(site, i))
    return tuple(out)


def load_profiles(path: str | Path) -> tuple[SiteProfile, ...]:
    """Profiles from a TOML file."""
    return parse_profiles(Path(path).read_text(encoding="utf-8"))


def _profile(site: dict[str, Any], index: int) -> SiteProfile:
    where = f"site profile #{index + 1}"
    unknown = set(site) - {"domains", "drop", "disable", "phrases"}
    if unknown:
        raise ConfigError(f"{where}: unknown keys {sorted(unknown)}")
    domains = tuple(str(d).lower().strip(".") for d in _strings(site.get("domains"), where))
    if not domains:
        raise ConfigError(f"{where}: 'domains' must list at least one domain")
    drop = tuple(_strings(site.get("drop", []), where))
    for selector in drop:
        compile_selector(selector)  # fail early on a bad selector
    phrases = site.get("phrases", {})
    if not isinstance(phrases, dict):
        raise ConfigError(f"{where}: 'phrases' must be a table of rule = [patterns]")
    extra = tuple((str(r), p) for r, ps in phrases.items() for p in _strings(ps, where))
    return SiteProfile(domains, drop, tuple(_strings(site.get("disable", []), where)), extra)


def _strings(value: Any, where: str) -> list[str]:
    if isinstance(value, str):
        return [value]
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ConfigError(f"{where}: expected a list of strings, got {value!r}")
    return list(value)


@functools.lru_cache(maxsize=256)
def compile_selector(selector: str) -> etree.XPath:
    """An XPath (starts with ``/``, ``./`` or ``(``) or a CSS selector, compiled."""
    text = selector.strip()
    try:
        if text.startswith(("/", "./", "(")):
            return etree.XPath(text)
        from cssselect import GenericTranslator, SelectorError

        try:
            return etree.XPath(GenericTranslator().css_to_xpath(text))
        except SelectorError as exc:
            raise ConfigError(f"bad CSS selector {selector!r}: {exc}") from exc
    except etree.XPathSyntaxError as exc:
        raise ConfigError(f"bad XPath {selector!r}: {exc}") from exc


def matching(profiles: tuple[Any, ...], url: str | None) -> tuple[SiteProfile, ...]:
    """The profiles that apply to ``url``."""
    return tuple(p for p in profiles if isinstance(p, SiteProfile) and p.matches(url))
