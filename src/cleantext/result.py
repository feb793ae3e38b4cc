"""The result of a cleaning: the kept text and the log of what was removed."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any, Literal

Stage = Literal["html", "text"]


@dataclass(frozen=True, slots=True)
class Removal:
    """One piece of the input that a rule removed, and why.

    ``where`` says where it was: an XPath (``str``) for an HTML node, or a
    ``(start, end)`` character span of the input for text input. For text input,
    ``input[start:end] == text`` always holds.
    """

    rule: str
    stage: Stage
    reason: str
    text: str
    where: str | tuple[int, int]

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict; a span becomes a two-item list."""
        where: Any = list(self.where) if isinstance(self.where, tuple) else self.where
        return {
            "rule": self.rule,
            "stage": self.stage,
            "reason": self.reason,
            "text": self.text,
            "where": where,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Removal:
        """Inverse of :meth:`to_dict`."""
        where = data["where"]
        return cls(
            rule=data["rule"],
            stage=data["stage"],
            reason=data["reason"],
            text=data["text"],
            where=(where[0], where[1]) if isinstance(where, list) else str(where),
        )


_new_object = object.__new__


def make_removal(
    rule: str, stage: Stage, reason: str, text: str, where: str | tuple[int, int]
) -> Removal:
    """``Removal(rule, stage, reason, text, where)`` in half the time, for the log's
    builders (one per removed piece): a frozen dataclass's ``__init__`` sets each
    field through ``object.__setattr__``; here each slot is set directly. The result
    is the same object (equal, hashable, picklable alike)."""
    removal = _new_object(Removal)
    _set_rule(removal, rule)
    _set_stage(removal, stage)
    _set_reason(removal, reason)
    _set_text(removal, text)
    _set_where(removal, where)
    return removal


# The slots' member descriptors: setting through them skips the frozen class's
# ``__setattr__``, as its own ``__init__`` does. (Slots, not an instance dict: a
# page's log holds hundreds of entries, and a dict each would be one more object
# for the garbage collector to track.)
_set_rule = Removal.__dict__["rule"].__set__
_set_stage = Removal.__dict__["stage"].__set__
_set_reason = Removal.__dict__["reason"].__set__
_set_text = Removal.__dict__["text"].__set__
_set_where = Removal.__dict__["where"].__set__


@dataclass(frozen=True)
class Note:
    """Something the pipeline did besides removing text: a rule undone by the guard,
    a rule that failed and was skipped, a limit that was hit."""

    kind: Literal["undone", "rule-failed", "skipped", "fallback"]
    rule: str
    message: str

    def to_dict(self) -> dict[str, str]:
        return {"kind": self.kind, "rule": self.rule, "message": self.message}


@dataclass(frozen=True)
class Cleaned:
    """The clean text and the removal log.

    Unpacks as a pair, like ftfy's ``fix_and_explain``::

        text, removals = clean(page)
    """

    text: str
    removals: tuple[Removal, ...] = ()
    notes: tuple[Note, ...] = field(default=())

    def __iter__(self) -> Iterator[Any]:
        yield self.text
        yield self.removals

    def __len__(self) -> int:
        return 2

    def __getitem__(self, index: int) -> Any:
        """``result[0]`` is the text, ``result[1]`` the removals, as for a pair."""
        return (self.text, self.removals)[index]

    def to_dict(self) -> dict[str, Any]:
        return {
            "text": self.text,
            "removals": [r.to_dict() for r in self.removals],
            "notes": [n.to_dict() for n in self.notes],
        }

    def to_json(self, **kwargs: Any) -> str:
        """The result as a JSON object ``{"text", "removals", "notes"}``."""
        kwargs.setdefault("ensure_ascii", False)
        return json.dumps(self.to_dict(), **kwargs)
