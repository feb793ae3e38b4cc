"""Where a removal log goes: nowhere, stderr (``-``), or a file opened for writing."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import IO


@contextmanager
def log_sink(path: str | None) -> Iterator[IO[bytes] | None]:
    """The log stream for ``--log PATH``: ``None`` without a path, stderr for ``-``,
    else ``PATH`` opened for writing and closed on exit. Opening raises ``OSError``."""
    if not path:
        yield None
    elif path == "-":
        yield sys.stderr.buffer
    else:
        with open(path, "wb") as handle:
            yield handle
