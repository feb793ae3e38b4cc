"""cleantext: strip boilerplate from scraped pages, and say what was removed.

>>> from cleantext import clean
>>> text, removals = clean(page)          # doctest: +SKIP
"""

from __future__ import annotations

from importlib.metadata import PackageNotFoundError, version

from .cleaner import Cleaner, clean
from .config import Config
from .context import RuleContext
from .errors import (
    CleantextError,
    ConfigError,
    InputError,
    PatternTimeout,
    RuleError,
    UnknownRuleError,
)
from .registry import REGISTRY, Rule, rule
from .result import Cleaned, Note, Removal
from .textdoc import TextDoc

try:
    __version__ = version("cleantext-web")
except PackageNotFoundError:  # running from a source tree
    __version__ = "0.0.0+source"

__all__ = [
    "REGISTRY",
    "Cleaned",
    "Cleaner",
    "CleantextError",
    "Config",
    "ConfigError",
    "InputError",
    "Note",
    "PatternTimeout",
    "Removal",
    "Rule",
    "RuleContext",
    "RuleError",
    "TextDoc",
    "UnknownRuleError",
    "__version__",
    "clean",
    "rule",
]
