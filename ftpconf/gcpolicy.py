"""How ftpconf runs Python's cycle collector: readers build several objects a line and free them by
reference counting, so the collector's rescans of the growing trees are pure overhead (bench/PROFILE.md)."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager

# gen-0 threshold for a run (the default is 700): a reader's objects are freed by reference counting.
THRESHOLD = (50_000, 20, 20)


def starting() -> None:
    """For the command's start, before its imports: they build tens of thousands of objects that live for the
    whole run (click's, pyparsing's and pydantic's classes, the model classes, the catalogues), and at the
    default gen-0 threshold (700) the collector rescans them again and again while they are being built.
    ``tune`` then freezes them once the command runs."""
    gc.set_threshold(*THRESHOLD)


def tune() -> None:
    """For a whole run: what the imports built (catalogues, grammars, the model classes) is never garbage,
    and with the default gen-0 threshold (700) a big file triggers thousands of collections."""
    gc.freeze()
    gc.set_threshold(*THRESHOLD)


@contextmanager
def paused() -> Iterator[None]:
    """No collection while one file is read, modelled and checked: those passes make no cyclic garbage worth
    collecting mid-file (measured: the same peak memory), yet each collection rescans every object the
    file has built so far, which made the time grow faster than the input.  The collector runs again,
    and frees what the file left behind, once the file is done."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
