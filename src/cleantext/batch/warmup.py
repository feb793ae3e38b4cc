"""Imported by the worker fork server: compiles the default cleaner's phrase patterns once,
so that every worker forked from the server (and every replacement of a killed one) starts
with them compiled instead of spending its first page compiling them (about a second).

Then it freezes the garbage collector's view of everything so far (``gc.freeze``): those
objects live as long as the server and its workers, so the collector need not walk them
again in each worker, and not touching them keeps the forked memory pages shared."""

from __future__ import annotations

import contextlib
import gc

from ..cleaner import Cleaner

# A failed warm-up must never stop the fork server: the workers then compile on first use.
with contextlib.suppress(Exception):
    Cleaner().clean("<html><body><p>Warm-up of the phrase patterns.</p></body></html>")

gc.collect()
gc.freeze()
