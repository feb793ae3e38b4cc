"""Clean a column of a Spark DataFrame on the executors (optional ``spark`` extra).

    from cleantext.spark import clean_dataframe
    out = clean_dataframe(df, column="html", url_column="url")
    out.select("url", "text", "removals.rule").show()

The :class:`~cleantext.Cleaner` is broadcast once (it pickles as its :class:`Config`, so
each executor's Python worker builds it once and reuses it for every row), and rows are
cleaned in Arrow batches with ``mapInPandas``: no per-row Python↔JVM round trip.

Added columns:

- ``text`` (string): the clean text; null when the row failed;
- ``removals`` (array of struct ``rule, stage, reason, text, xpath, start, end``): the
  removal log; ``xpath`` is set for HTML input, ``start``/``end`` (the character span)
  for text input;
- ``error`` (string): null, or why the row could not be cleaned (the cell is null or
  not a page). A failing row never fails the job.

Input ``column`` may be a string or binary column (bytes are decoded like HTTP bodies:
BOM, ``<meta charset>``, UTF-8, detection).
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any, cast

from .cleaner import Cleaner
from .errors import InputError
from .result import Cleaned

if TYPE_CHECKING:
    from pyspark.sql import DataFrame

INSTALL_HINT = "cleantext.spark needs pyspark, pandas and pyarrow: " \
    "pip install 'cleantext-web[spark]'"

#: The DDL type of the ``removals`` column.
REMOVALS_TYPE = (
    "array<struct<rule:string,stage:string,reason:string,text:string,"
    "xpath:string,start:int,end:int>>"
)
OUTPUT_COLUMNS = ("text", "removals", "error")


def removal_rows(result: Cleaned) -> list[dict[str, Any]]:
    """The ``removals`` cell of a cleaned row."""
    rows = []
    for removal in result.removals:
        span = removal.where if isinstance(removal.where, tuple) else None
        rows.append({
            "rule": removal.rule, "stage": removal.stage, "reason": removal.reason,
            "text": removal.text,
            "xpath": removal.where if isinstance(removal.where, str) else None,
            "start": span[0] if span else None, "end": span[1] if span else None,
        })
    return rows


def _missing(value: Any) -> bool:
    """A null cell as pandas hands it over: None, NaN or pd.NA."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return True
    return type(value).__name__ == "NAType"


def clean_cell(
    cleaner: Cleaner, page: Any, url: Any = None, encoding: str | None = None
) -> tuple[str | None, list[dict[str, Any]], str | None]:
    """``(text, removals, error)`` for one cell; never raises for a bad cell.
    ``encoding`` is the charset an HTTP header declared for ``bytes``."""
    if _missing(page):
        return None, [], "the cell is null"
    if isinstance(page, (bytearray, memoryview)):
        page = bytes(page)
    if not isinstance(page, (str, bytes)):
        return None, [], f"the cell is {type(page).__name__}, not a page"
    try:
        result = cleaner.clean(page, url=url if isinstance(url, str) and url else None,
                               encoding=encoding)
    except InputError as exc:
        return None, [], f"cannot clean: {exc}"
    return result.text, removal_rows(result), None


def clean_dataframe(
    df: DataFrame,
    column: str = "html",
    url_column: str | None = None,
    cleaner: Cleaner | None = None,
) -> DataFrame:
    """``df`` plus the columns ``text``, ``removals`` and ``error`` (replaced if present).

    ``cleaner`` defaults to ``Cleaner()``; pass one to choose languages or rules.
    """
    try:
        from pyspark.sql.types import StructType, _parse_datatype_string
    except ImportError as exc:  # pragma: no cover - the extra is missing
        raise ImportError(INSTALL_HINT) from exc
    if column not in df.columns:
        raise ValueError(f"no column {column!r}; columns: {df.columns}")
    if url_column is not None and url_column not in df.columns:
        raise ValueError(f"no column {url_column!r}; columns: {df.columns}")
    kept = [c for c in df.columns if c not in OUTPUT_COLUMNS]
    added = cast(StructType, _parse_datatype_string(
        f"text string, removals {REMOVALS_TYPE}, error string"))
    schema = StructType([f for f in df.schema.fields if f.name in kept] + added.fields)
    shared = df.sparkSession.sparkContext.broadcast(cleaner or Cleaner())

    def clean_batches(batches: Iterator[Any]) -> Iterator[Any]:  # pandas DataFrames
        worker_cleaner: Cleaner = shared.value
        for batch in batches:
            urls = batch[url_column] if url_column else [None] * len(batch)
            cells = [clean_cell(worker_cleaner, page, url)
                     for page, url in zip(batch[column], urls, strict=True)]
            out = batch[kept].copy()
            out["text"] = [c[0] for c in cells]
            out["removals"] = [c[1] for c in cells]
            out["error"] = [c[2] for c in cells]
            yield out

    return df.select(*kept, *([] if column in kept else [column])).mapInPandas(
        clean_batches, schema
    )
