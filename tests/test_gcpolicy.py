"""The bulk stages' collector settings apply inside fewer_collections only."""

from __future__ import annotations

import gc
import threading
import weakref

from factbase.gcpolicy import YOUNG_GC_THRESHOLD, fewer_collections


def test_settings_hold_inside_and_are_restored_after() -> None:
    before = gc.get_threshold()
    assert gc.get_freeze_count() == 0
    with fewer_collections():
        assert gc.get_threshold()[0] >= YOUNG_GC_THRESHOLD
        assert gc.get_threshold()[1:] == before[1:]
        assert gc.get_freeze_count() > 0  # what was loaded before is left out of collections
    assert gc.get_threshold() == before
    assert gc.get_freeze_count() == 0


def test_settings_are_restored_after_an_error() -> None:
    before = gc.get_threshold()
    try:
        with fewer_collections():
            raise ValueError("boom")
    except ValueError:
        pass
    assert gc.get_threshold() == before and gc.get_freeze_count() == 0


def test_cycles_are_still_collected() -> None:
    class Node:
        pass

    with fewer_collections():
        a, b = Node(), Node()
        a.other, b.other = b, a  # type: ignore[attr-defined]
        gone = weakref.ref(a)
        del a, b
        gc.collect()  # (or an automatic collection before it: either way the cycle is freed)
        assert gone() is None


def test_nested_and_concurrent_blocks_restore_the_first_settings() -> None:
    before = gc.get_threshold()
    entered, release = threading.Event(), threading.Event()

    def other() -> None:
        with fewer_collections():
            entered.set()
            release.wait(5)

    with fewer_collections():
        worker = threading.Thread(target=other)
        worker.start()
        assert entered.wait(5)
        with fewer_collections():
            assert gc.get_threshold()[0] >= YOUNG_GC_THRESHOLD
    # the outer block closed while the thread's was still open: the settings stay
    assert gc.get_threshold()[0] >= YOUNG_GC_THRESHOLD and gc.get_freeze_count() > 0
    release.set()
    worker.join(5)
    assert gc.get_threshold() == before and gc.get_freeze_count() == 0
