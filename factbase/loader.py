"""Ingest files into a database: read, extract, store, one atomic article at a time.

Articles are parsed outside the write transaction (so a concurrent writer waits only for
the inserts), then written in batches: one transaction per batch, and a batch in which an
article fails is rolled back and written again with one savepoint per article, so a failing
article leaves no rows and the rest of its batch still lands. Ctrl-C stops after
the current article; everything stored by then is committed. A second Ctrl-C stops at once
(the uncommitted batch is rolled back, parsing workers are terminated). An article whose
extraction or save raises is reported as failed and the run goes on: one bad file never
costs the others.
"""

from __future__ import annotations

import ctypes
import logging
import os
import signal
import sys
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from contextlib import contextmanager
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine
from sqlalchemy.exc import IntegrityError, SQLAlchemyError

from factbase import sources
from factbase.db.engine import write_connection
from factbase.db.store import SaveResult, Totals, deferred_fts, save_document
from factbase.errors import FactbaseError
from factbase.gcpolicy import fewer_collections, fewer_collections_for_good
from factbase.ingest import extract
from factbase.records import Document, Metadata

log = logging.getLogger(__name__)

# A batch commits after this many articles or this many seconds, whichever comes first:
# big enough to amortise the commit, short enough that a concurrent writer isn't starved.
BATCH_ARTICLES = 100
BATCH_SECONDS = 0.5
# How many articles each parsing worker may run ahead of the writer.
PARSE_AHEAD_PER_JOB = 16
PR_SET_PDEATHSIG = 1  # from <linux/prctl.h>


@dataclass(slots=True)
class Event:
    """What happened to one source, for progress reporting."""

    source: str
    result: SaveResult | None = None
    error: str | None = None


@dataclass(slots=True)
class _Parsed:
    source: str
    doc: Document | None
    error: str | None


class Interrupted(Exception):
    """Raised after a stop on Ctrl-C; carries the totals of what was committed."""

    def __init__(self, totals: Totals) -> None:
        super().__init__("interrupted")
        self.totals = totals


@contextmanager
def _deferred_sigint() -> Iterator[list[bool]]:
    """Turn Ctrl-C into a flag checked between articles (main thread only); a second
    Ctrl-C raises KeyboardInterrupt, for when the current article takes too long."""
    flag = [False]

    def handler(signum: int, frame: Any) -> None:
        if flag[0]:
            raise KeyboardInterrupt
        flag[0] = True

    try:
        previous = signal.signal(signal.SIGINT, handler)
    except ValueError:  # not the main thread: leave signals alone
        yield flag
        return
    try:
        yield flag
    finally:
        signal.signal(signal.SIGINT, previous)


def parse_source(
    path: Path, overrides: Metadata | None = None, *, max_bytes: int = sources.DEFAULT_MAX_BYTES
) -> Document:
    """Read and extract one file; sidecar metadata first, explicit overrides win."""
    raw = sources.read_article(path, max_bytes=max_bytes)
    meta = sources.load_sidecar(path)
    if overrides is not None:
        meta = overrides if meta is None else meta.merged(overrides)
    return extract(raw, sources.source_uri(path), meta)


def _parse(
    item: Path | sources.SourceFailure, overrides: Metadata | None, max_bytes: int
) -> _Parsed:
    if isinstance(item, sources.SourceFailure):
        return _Parsed(item.path, None, item.message)
    try:
        return _Parsed(str(item), parse_source(item, overrides, max_bytes=max_bytes), None)
    except FactbaseError as exc:
        return _Parsed(str(item), None, str(exc))
    except RecursionError:
        return _Parsed(str(item), None, f"{item}: too deeply nested to parse. Report this file.")
    except Exception as exc:  # a bug in a stage must cost one article, not the whole run
        return _Parsed(str(item), None, _unexpected(str(item), "cannot extract it", exc))


def _unexpected(source: str, what: str, exc: BaseException) -> str:
    """One line for the user; the traceback is logged, shown with FACTBASE_DEBUG=1 as the CLI
    does for other bugs (logging's last-resort handler prints ERROR records to stderr)."""
    debug = bool(os.environ.get("FACTBASE_DEBUG"))
    log.log(logging.ERROR if debug else logging.DEBUG, "%s: %s", source, what, exc_info=exc)
    first = (str(exc).splitlines() or [""])[0][:200]
    return (
        f"{source}: {what}: unexpected {type(exc).__name__}: {first}. "
        "Set FACTBASE_DEBUG=1 for the traceback and report it."
    )


def _init_worker(parent: int) -> None:
    # Workers leave Ctrl-C to the parent, which stops cleanly between articles.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _die_with_parent(parent)
    fewer_collections_for_good()  # a worker only extracts, for its whole life


def _die_with_parent(parent: int) -> None:
    """Have Linux kill this worker when its parent dies. After a ``kill -9`` of the parent,
    a worker otherwise sleeps on its task queue forever (siblings hold the pipe open)."""
    if not sys.platform.startswith("linux"):
        return
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
    except (OSError, AttributeError):
        return
    if os.getppid() != parent:  # the parent died before prctl took effect
        os._exit(1)


def default_jobs() -> int:
    """Parse in a second process when there is a second core: parsing and writing cost
    about the same (PERFORMANCE.md), so two cores nearly double ingest throughput."""
    return 2 if (os.cpu_count() or 1) >= 2 else 1


def _parsed_stream(
    items: Iterable[Path | sources.SourceFailure],
    overrides: Metadata | None,
    max_bytes: int,
    jobs: int,
) -> Iterator[_Parsed]:
    """Parsed articles in input order; with jobs > 1, parsed ahead in worker processes
    through a bounded window so memory stays flat however large the corpus."""
    if jobs <= 1:
        for item in items:
            yield _parse(item, overrides, max_bytes)
        return
    window = PARSE_AHEAD_PER_JOB * jobs
    pool = ProcessPoolExecutor(max_workers=jobs, initializer=_init_worker, initargs=(os.getpid(),))
    queue: deque[Future[_Parsed]] = deque()
    hard_stop = False
    try:
        for item in items:
            queue.append(pool.submit(_parse, item, overrides, max_bytes))
            if len(queue) >= window:
                yield queue.popleft().result()
        while queue:
            yield queue.popleft().result()
    except (KeyboardInterrupt, BrokenProcessPool):
        hard_stop = True
        raise
    finally:
        if hard_stop:
            # Workers ignore SIGINT and shutdown() waits for running parses, which could be
            # a pathological article taking minutes: end them so a second Ctrl-C is prompt.
            for proc in list((getattr(pool, "_processes", None) or {}).values()):
                proc.terminate()
        pool.shutdown(wait=True, cancel_futures=True)


def _statement_journals_in_memory(conn: Connection) -> None:
    """On SQLite, keep this connection's statement journals in memory (``temp_store``).

    The store writes multi-row INSERTs (see store._insert_rows), and SQLite keeps a
    statement journal for each; past 64 KiB it moves one to a temporary file, which cost a
    fifth of the claims insert. The connection is the ingest's own (write_connection).
    """
    if conn.dialect.name == "sqlite":
        conn.connection.driver_connection.execute("PRAGMA temp_store=MEMORY")


def _snapshot(totals: Totals) -> Totals:
    return replace(totals, failures=list(totals.failures))


# What became of one parsed article in a batch: (source, result, error message).
_Outcome = tuple[str, SaveResult | None, str | None]


def _store_batch(conn: Connection, batch: list[_Parsed], force: bool) -> list[_Outcome] | None:
    """Write a batch in one transaction without savepoints; None (rolled back) when an
    article fails.

    A savepoint per article cost more than the article's own inserts on SQLite: each one is
    a statement journal, and FTS5 writes its pending index data out at every savepoint (a new
    index segment per article, merged again later). Failures are rare, so the batch is
    written optimistically and only a failed batch pays for savepoints (_store_careful).
    Without savepoints the batch can also leave its claims_fts rows to its end and write
    claims in multi-row INSERTs (store.deferred_fts).
    """
    outcomes: list[_Outcome] = []
    with conn.begin() as tx:
        try:
            with deferred_fts(conn):
                for parsed in batch:
                    assert parsed.doc is not None
                    result = save_document(conn, parsed.doc, force=force)
                    outcomes.append((parsed.source, result, None))
        except Exception:
            tx.rollback()
            return None
    return outcomes


def _store_careful(conn: Connection, batch: list[_Parsed], force: bool) -> list[_Outcome]:
    """Write a batch in one transaction, each article in its own savepoint, so a failing
    article leaves no rows and the rest of the batch still lands."""
    outcomes: list[_Outcome] = []
    with conn.begin():
        for parsed in batch:
            assert parsed.doc is not None
            try:
                result = _save(conn, parsed.doc, force)
            except SQLAlchemyError as exc:  # the savepoint has undone this article
                reason = str(getattr(exc, "orig", None) or exc).splitlines()[0]
                outcomes.append(
                    (parsed.source, None, f"{parsed.source}: cannot store it: {reason}.")
                )
                continue
            except Exception as exc:
                message = _unexpected(parsed.source, "cannot store it", exc)
                outcomes.append((parsed.source, None, message))
                continue
            outcomes.append((parsed.source, result, None))
    return outcomes


def _save(conn: Connection, doc: Document, force: bool) -> SaveResult:
    """Save in a savepoint; a unique clash with a concurrent writer is retried once."""
    for attempt in (0, 1):
        try:
            with conn.begin_nested():
                return save_document(conn, doc, force=force)
        except IntegrityError:
            if attempt:
                raise
    raise AssertionError("unreachable")


def ingest_paths(
    engine: Engine,
    paths: Iterable[str | Path],
    *,
    overrides: Metadata | None = None,
    force: bool = False,
    max_bytes: int = sources.DEFAULT_MAX_BYTES,
    on_event: Callable[[Event], None] | None = None,
    jobs: int = 1,
) -> Totals:
    """Ingest every article under ``paths``. Raises Interrupted after a clean Ctrl-C stop."""
    totals = Totals()
    committed = _snapshot(totals)  # what a hard stop reports: not the rolled-back batch
    notify = on_event or (lambda e: None)
    items = sources.iter_paths(list(paths))
    with _deferred_sigint() as stop, fewer_collections(), write_connection(engine) as conn:
        _statement_journals_in_memory(conn)
        pending: list[_Parsed] = []
        careful = False  # write the next batch with savepoints straight away (see flush)
        deadline = time.monotonic() + BATCH_SECONDS

        def fail(source: str, msg: str) -> None:
            totals.failed += 1
            totals.failures.append((source, msg))
            notify(Event(source, error=msg))

        def flush() -> None:
            nonlocal committed, careful
            if not pending:
                return
            outcomes = None if careful else _store_batch(conn, pending, force)
            if outcomes is None:  # an article failed: the batch was rolled back, write it again
                outcomes = _store_careful(conn, pending, force)
                # While failures keep coming, skip the optimistic attempt that would fail too.
                careful = any(result is None for _, result, _ in outcomes)
            # Reported once committed, so a batch written twice is reported once.
            for source, result, error in outcomes:
                if result is None:
                    assert error is not None
                    fail(source, error)
                else:
                    totals.add(result)
                    notify(Event(source, result=result))
            pending.clear()
            committed = _snapshot(totals)

        try:
            for parsed in _parsed_stream(items, overrides, max_bytes, jobs):
                if parsed.error is not None:
                    fail(parsed.source, parsed.error)
                else:
                    pending.append(parsed)
                if stop[0]:
                    break
                if len(pending) >= BATCH_ARTICLES or time.monotonic() >= deadline:
                    flush()
                    deadline = time.monotonic() + BATCH_SECONDS
            flush()
        except KeyboardInterrupt:  # second Ctrl-C: the open batch was rolled back
            raise Interrupted(committed) from None
        except BrokenProcessPool:
            # A parsing worker died (the OOM killer, say): keep what was parsed before it.
            flush()
            raise FactbaseError(
                f"a parsing process died after {totals.new + totals.updated + totals.unchanged} "
                "articles; those are stored. Rerun with --jobs 1 to find the file that kills it."
            ) from None
        if stop[0]:
            raise Interrupted(totals)
    return totals
