"""Batches: JSONL and WARC streams cleaned by worker processes, in input order.

- :mod:`.workers` — :class:`~cleantext.batch.workers.OrderedPool`, a process pool that
  keeps input order, holds a bounded window of records, enforces a per-item time limit and
  survives workers that die.
- :mod:`.stream` — runs a stream of items through the pool (or in-process) and writes
  the output and log lines, a progress bar and the closing summary.
- :mod:`.jsonl` — ``cleantext --jsonl``: one JSON object per line in, one out.
- :mod:`.warc` — ``cleantext warc``: HTML responses of WARC files (optional ``warc`` extra).

Nothing here is imported when the plain filter runs, so ``cleantext page.html`` starts fast.
"""
