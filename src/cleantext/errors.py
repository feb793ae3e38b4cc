"""Every exception cleantext raises on purpose.

All of them derive from :class:`CleantextError`, so ``except cleantext.CleantextError``
catches anything the library means to tell a caller. Anything else escaping
``clean()`` is a bug: please report it with the input that caused it.
"""

from __future__ import annotations


class CleantextError(Exception):
    """Base class of every error cleantext raises deliberately."""


class InputError(CleantextError, ValueError):
    """The input cannot be cleaned: wrong type, undecodable bytes, over a size limit,
    too deeply nested, or not a web page at all (a PDF or an image served as HTML)."""


class ConfigError(CleantextError, ValueError):
    """A configuration is invalid: a bad threshold, an unreadable site profile,
    a phrase that is not a valid pattern."""


class UnknownRuleError(ConfigError, KeyError):
    """A rule name that no built-in or installed plug-in defines.

    The message lists the known names, so a typo is easy to fix.
    """

    def __str__(self) -> str:  # KeyError would otherwise repr() the message
        return str(self.args[0]) if self.args else ""


class RuleError(CleantextError):
    """A rule failed on one document.

    The pipeline does not raise this: it skips the rule for that document and records
    a note in :attr:`cleantext.Cleaned.notes`. It is raised only when
    ``Config(strict=True)`` asks for failures to propagate.
    """


class PatternTimeout(RuleError):
    """A phrase pattern ran longer than ``Config.pattern_timeout`` seconds on a document
    (catastrophic backtracking in a user-supplied pattern, usually)."""
