"""Helpers for the batch tests, importable by worker processes (tests/ is on their path).

Worker hooks (set ``CLEANTEXT_WORKER_HOOK=batch_helpers:NAME``) act on an item that
contains a marker, the way real failures do: SIGKILL as the OOM killer sends it, a hang.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
KILL_MARKER = b"KILL-THIS-WORKER"
HANG_MARKER = b"HANG-THIS-WORKER"


def _raw(item: Any) -> bytes:
    return item[1] if isinstance(item, tuple) else repr(item).encode()


def kill_on_marker(item: Any) -> None:
    if KILL_MARKER in _raw(item):
        os.kill(os.getpid(), signal.SIGKILL)


def hang_on_marker(item: Any) -> None:
    if HANG_MARKER in _raw(item):
        time.sleep(3600)


# Functions for OrderedPool unit tests (module level, so picklable).

def square_after_sleep(item: tuple[int, float]) -> int:
    value, delay = item
    time.sleep(delay)
    return value * value


def fail_on_odd(value: int) -> int:
    if value % 2:
        raise ValueError(f"odd {value}")
    return value


def sleep_then_return(value: float) -> float:
    time.sleep(value)
    return value


def exit_on_negative(value: int) -> int:
    if value < 0:
        os._exit(3)
    return value


def run_cli(args: list[str], stdin: bytes = b"", hook: str | None = None,
            timeout: float = 120) -> subprocess.CompletedProcess[bytes]:
    """Run ``python -m cleantext ARGS`` from the source tree (stderr is a pipe: no bar)."""
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join([str(ROOT / "src"), str(ROOT / "tests")])
    env.pop("CLEANTEXT_WORKER_HOOK", None)
    if hook:
        env["CLEANTEXT_WORKER_HOOK"] = f"batch_helpers:{hook}"
    return subprocess.run([sys.executable, "-m", "cleantext", *args], input=stdin,
                          capture_output=True, env=env, timeout=timeout, check=False)


def first_of_pair(item: tuple[int, bytes]) -> int:
    return item[0]
