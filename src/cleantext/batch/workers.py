"""An ordered process pool with a bounded window, a per-item time limit, and recovery
from workers that die.

Why not :class:`multiprocessing.pool.Pool`? ``Pool.imap`` reads its whole input ahead
(memory grows with the stream), cannot time out one item, and loses track of the items of
a worker killed from outside (the OOM killer's SIGKILL): the pool hangs or the item is
silently lost. Here each worker takes one item at a time over its own pipe, so the parent
always knows which item a worker holds:

- **order**: results are yielded in input order, each beside its item;
- **bounded memory**: at most ``window`` items are read ahead of the oldest one not yet
  yielded, however long the stream;
- **time limit**: a worker that holds an item longer than ``timeout`` seconds is killed
  and replaced; the item gets a :class:`Failure`;
- **dead workers**: a worker that exits (SIGKILL, ``os._exit``, a crash in C code) is
  replaced; its item gets a :class:`Failure`; nothing is lost or reordered.

A time limit needs a separate process: ``signal.alarm`` only interrupts Python bytecode,
not a long lxml parse or regex match in C, and a page interrupted half-way may leave
shared state inconsistent. So ``cleantext --timeout`` runs even ``-j 1`` in one worker
process; without a time limit ``-j 1`` cleans in-process (see :mod:`.stream`).

Workers start with the ``forkserver`` method where the platform has it (Linux, macOS):
forking from a small server that has imported cleantext and compiled the default phrase
patterns (:mod:`.warmup`) makes starting a worker, or a replacement, cheap; and unlike
plain ``fork`` it is safe when the parent has threads (tqdm's monitor, a caller's own).
Elsewhere ``spawn``.
"""

from __future__ import annotations

import contextlib
import gc
import importlib
import multiprocessing
import os
import signal
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from multiprocessing.connection import Connection, wait
from typing import Any, Generic, TypeVar

T = TypeVar("T")

#: ``module:function`` called in a worker with each item before the work: a hook for tests
#: and debugging (a test makes a worker kill itself or hang on a marker item).
HOOK_ENV = "CLEANTEXT_WORKER_HOOK"


@dataclass(frozen=True)
class Failure:
    """Why an item has no result: the function raised, the worker timed out or died."""

    kind: str  # "raised" | "timeout" | "died"
    message: str

    def __str__(self) -> str:
        return self.message


def _context() -> Any:
    methods = multiprocessing.get_all_start_methods()
    if "forkserver" in methods:
        ctx = multiprocessing.get_context("forkserver")
        ctx.set_forkserver_preload(["cleantext.batch.workers", "cleantext.batch.warmup"])
        return ctx
    return multiprocessing.get_context("spawn")


def _load_hook(spec: str | None) -> Callable[[Any], None] | None:
    if not spec:
        return None
    module, _, name = spec.partition(":")
    hook: Callable[[Any], None] = getattr(importlib.import_module(module), name)
    return hook


def _worker_main(conn: Connection, func: Callable[[Any], Any], hook_spec: str | None) -> None:
    """A worker's life: receive ``(seq, item)``, send ``(seq, ok, result_or_message)``."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle
    hook = _load_hook(hook_spec)
    conn.send("ready")  # start-up time must not count against the first item's limit
    frozen = False
    while True:
        try:
            message = conn.recv()
        except (EOFError, OSError):
            return
        if message is None:
            return
        seq, item = message
        try:
            if hook is not None:
                hook(item)
            reply: tuple[int, bool, Any] = (seq, True, func(item))
        except Exception as exc:  # one bad item must not end the worker
            reply = (seq, False, f"{type(exc).__name__}: {exc}")
        try:
            conn.send(reply)
        except (ValueError, TypeError, AttributeError) as exc:  # result not picklable
            conn.send((seq, False, f"result not picklable: {exc}"))
        if not frozen:
            # The modules, compiled phrase patterns and caches (what the first item
            # filled in for its language) live as long as the worker: moved out of the
            # collector's generations, each full collection no longer walks them
            # (about a tenth of the time of an HTML page). Collect first, so that no
            # garbage of the first item is frozen with them.
            del message, item, reply
            gc.collect()
            gc.freeze()
            frozen = True


class _Worker:
    """One worker process and the item it holds (if any)."""

    def __init__(self, ctx: Any, func: Callable[[Any], Any], hook_spec: str | None) -> None:
        self.conn, child = ctx.Pipe(duplex=True)
        self.process = ctx.Process(
            target=_worker_main, args=(child, func, hook_spec), daemon=True,
            name="cleantext-worker",
        )
        self.process.start()
        child.close()
        self.seq: int | None = None
        self.started = 0.0
        self.ready = False

    def give(self, seq: int, item: Any) -> None:
        """Send an item; the first time, wait until the worker has started (EOFError if it
        died starting)."""
        if not self.ready:
            self.conn.recv()
            self.ready = True
        self.seq, self.started = seq, time.monotonic()
        self.conn.send((seq, item))

    def kill(self) -> None:
        if self.process.is_alive():
            self.process.kill()
        self.process.join(5)
        self.conn.close()

    def stop(self) -> None:
        with contextlib.suppress(OSError):
            self.conn.send(None)
        self.process.join(2)
        self.kill()


def _death_message(process: Any) -> str:
    code = process.exitcode
    if code is not None and code < 0:
        try:
            name = signal.Signals(-code).name
        except ValueError:
            name = f"signal {-code}"
        return f"worker process was killed by {name} (out of memory?)"
    return f"worker process exited with code {code}"


class OrderedPool(Generic[T]):
    """``jobs`` worker processes applying ``func`` to items, yielding in input order.

    ``func`` must be picklable (a module-level function, or an object of a module-level
    class such as :class:`functools.partial` over a :class:`~cleantext.Cleaner`); it is
    sent to each worker once, not with every item.

    >>> with OrderedPool(abs, jobs=2) as pool:          # doctest: +SKIP
    ...     [r for _, r in pool.imap([-1, -2, 3])]
    [1, 2, 3]
    """

    def __init__(
        self,
        func: Callable[[T], Any],
        jobs: int = 1,
        *,
        timeout: float | None = None,
        window: int | None = None,
    ) -> None:
        if jobs < 1:
            raise ValueError("jobs must be >= 1")
        if timeout is not None and timeout <= 0:
            raise ValueError("timeout must be > 0 seconds")
        self.func, self.jobs, self.timeout = func, jobs, timeout
        self.window = window if window is not None else 8 * jobs
        if self.window < jobs:
            raise ValueError("window must be >= jobs")
        self.hook_spec = os.environ.get(HOOK_ENV) or None
        self.restarts = 0
        self._ctx = _context()
        self._workers: list[_Worker] = []
        self._failed_starts = 0

    def __enter__(self) -> OrderedPool[T]:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        """Stop every worker (idle ones politely, busy ones by force)."""
        for worker in self._workers:
            if worker.seq is None:
                worker.stop()
            else:
                worker.kill()
        self._workers = []

    def _start(self) -> _Worker:
        return _Worker(self._ctx, self.func, self.hook_spec)

    def _replace(self, worker: _Worker) -> None:
        worker.kill()
        self._workers[self._workers.index(worker)] = self._start()
        self.restarts += 1

    def imap(self, items: Iterable[T]) -> Iterator[tuple[T, Any]]:
        """Yield ``(item, result)`` in input order; ``result`` is a :class:`Failure` when
        ``func`` raised, the worker timed out, or the worker died."""
        if not self._workers:
            self._workers = [self._start() for _ in range(self.jobs)]
        source = iter(items)
        held: dict[int, T] = {}  # read, not yet yielded
        done: dict[int, Any] = {}  # results waiting for their turn
        queue: deque[int] = deque()  # read, not yet given to a worker
        next_seq = next_out = 0
        exhausted = False
        try:
            while True:
                while not exhausted and next_seq - next_out < self.window:
                    try:
                        held[next_seq] = next(source)
                    except StopIteration:
                        exhausted = True
                        break
                    queue.append(next_seq)
                    next_seq += 1
                self._dispatch(queue, held)
                if next_out in done:
                    while next_out in done:
                        yield held.pop(next_out), done.pop(next_out)
                        next_out += 1
                    continue  # the window has room again: read and dispatch first
                if exhausted and next_out == next_seq:
                    return
                self._collect(done)
        finally:
            if not exhausted or next_out < next_seq:
                self.close()  # the consumer stopped early: do not leave work running

    def _dispatch(self, queue: deque[int], held: dict[int, Any]) -> None:
        """Give queued items to idle workers; replace a worker found dead while idle."""
        for worker in list(self._workers):
            if worker.seq is not None or not queue:
                continue
            seq = queue.popleft()
            try:
                if not worker.process.is_alive():
                    raise BrokenPipeError
                worker.give(seq, held[seq])
                self._failed_starts = 0
            except (OSError, EOFError):  # died before this item: not its fault, retry it
                worker.seq = None
                queue.appendleft(seq)
                worker.process.join(1)
                self._failed_starts += 1
                if self._failed_starts > 3 * self.jobs:
                    raise RuntimeError(
                        f"worker processes cannot start: {_death_message(worker.process)}"
                    ) from None
                self._replace(worker)
                self._dispatch(queue, held)
                return

    def _collect(self, done: dict[int, Any]) -> None:
        """Wait for at least one busy worker to answer, die or time out."""
        busy = [w for w in self._workers if w.seq is not None]
        wait_for: float | None = None
        if self.timeout is not None:
            now = time.monotonic()
            wait_for = max(0.0, min(w.started + self.timeout - now for w in busy))
        handles: list[Any] = [w.conn for w in busy] + [w.process.sentinel for w in busy]
        ready = set(wait(handles, wait_for))
        for worker in busy:
            seq = worker.seq
            assert seq is not None
            if worker.conn in ready or worker.process.sentinel in ready:
                reply = self._receive(worker)
                if reply is not None:
                    _, ok, value = reply
                    done[seq] = value if ok else Failure("raised", value)
                    worker.seq = None
                else:
                    worker.process.join(1)  # reap it, for its exit code
                    done[seq] = Failure("died", _death_message(worker.process))
                    self._replace(worker)
            elif self.timeout is not None and time.monotonic() - worker.started >= self.timeout:
                done[seq] = Failure(
                    "timeout", f"timed out after {self.timeout:g} s (worker killed)"
                )
                self._replace(worker)

    @staticmethod
    def _receive(worker: _Worker) -> tuple[int, bool, Any] | None:
        """The worker's reply, or None when it died without one."""
        try:
            if worker.conn.poll():
                reply: tuple[int, bool, Any] = worker.conn.recv()
                return reply
        except (EOFError, OSError):
            return None
        return None
