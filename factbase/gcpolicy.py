"""Garbage-collector settings for the bulk stages (ingest, conflict detection)."""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator
from contextlib import contextmanager

# Allocations between two young-generation collections in bulk work (CPython's default: 700).
YOUNG_GC_THRESHOLD = 10_000


_lock = threading.Lock()
_depth = 0  # open fewer_collections blocks, in any thread of the process
_saved: tuple[int, int, int] = (700, 10, 10)


@contextmanager
def fewer_collections() -> Iterator[None]:
    """Fewer, cheaper cyclic garbage collections for the duration.

    Extraction and detection allocate millions of short-lived objects, and the cyclic
    collector ran every 700 allocations, each time also walking the modules, compiled patterns
    and tables loaded before. Those are frozen (``gc.freeze``: left out of every collection)
    and the young generation is collected every YOUNG_GC_THRESHOLD allocations: ingest CPU
    0.94x on 2,000 articles (docs/benchmarks.md). Records and rows hold no reference cycles,
    so next to nothing waits longer to be freed. The settings are the process's: the first
    block to open (nested, or in several threads at once) makes them and the last to close
    puts the old ones back.
    """
    global _depth, _saved
    with _lock:
        if _depth == 0:
            _saved = gc.get_threshold()
            gc.freeze()
            gc.set_threshold(max(_saved[0], YOUNG_GC_THRESHOLD), *_saved[1:])
        _depth += 1
    try:
        yield
    finally:
        with _lock:
            _depth -= 1
            if _depth == 0:
                gc.set_threshold(*_saved)
                gc.unfreeze()


def fewer_collections_for_good() -> None:
    """fewer_collections' settings for the rest of this process (an extraction worker)."""
    gc.freeze()
    gc.set_threshold(max(gc.get_threshold()[0], YOUNG_GC_THRESHOLD), *gc.get_threshold()[1:])
