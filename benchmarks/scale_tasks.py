"""Child-process measurements for bench_scale.py: one task per process, one JSON line out.

``python benchmarks/scale_tasks.py TASK``, keyword arguments as JSON on stdin. Running each
task in a fresh interpreter makes its peak resident memory (VmHWM) its own; parse workers
are reported separately (RUSAGE_CHILDREN). Wall and CPU seconds are both returned.
"""

from __future__ import annotations

import csv
import itertools
import json
import os
import random
import re
import resource
import sqlite3
import statistics
import sys
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

QUERY_SAMPLE_CLAIMS = 20_000  # claims read to pick the query mix's terms
WORD = re.compile(r"[a-z]{5,}")
# Function words and article chrome are not what analysts search for.
STOP = frozenset(
    (
        "about",
        "after",
        "against",
        "among",
        "there",
        "their",
        "these",
        "those",
        "which",
        "while",
        "would",
        "could",
        "should",
        "where",
        "being",
        "other",
        "between",
        "through",
        "during",
        "because",
        "before",
        "under",
        "since",
        "still",
        "within",
        "without",
    )
)
TOPUP_CHUNK = 50_000
QUANTULUM_CHARS = 30_000  # quantulum3 reads ~0.07 MB/s: ~0.5 s of sentences


class Clock:
    """Wall and CPU time (this process and its reaped children) of a block."""

    def __enter__(self) -> Clock:
        self.wall0 = time.perf_counter()
        self.cpu0 = _cpu()
        return self

    def __exit__(self, *exc: object) -> None:
        self.wall = time.perf_counter() - self.wall0
        self.cpu = _cpu() - self.cpu0


def _cpu() -> float:
    me = resource.getrusage(resource.RUSAGE_SELF)
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    return me.ru_utime + me.ru_stime + kids.ru_utime + kids.ru_stime


def _rss() -> dict[str, float]:
    """Peak RSS of this process (VmHWM) and of its largest reaped child, in MB.

    Not ru_maxrss for ourselves: Linux carries it across fork + exec, so every child would
    report at least the parent benchmark's size (seen: 104 MB for every task at 10k).
    """
    hwm = 0.0
    with open("/proc/self/status") as fh:
        for line in fh:
            if line.startswith("VmHWM:"):
                hwm = int(line.split()[1]) / 1024
    return {
        "maxrss_mb": hwm,
        "workers_maxrss_mb": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024,
    }


def _read(paths: list[str]) -> list[tuple[str, str]]:
    return [(p, Path(p).read_text(encoding="utf-8")) for p in paths]


def _sqlite_path(url: str) -> str | None:
    return None if "://" in url else url


# --- tasks ------------------------------------------------------------------------------------


def task_extract(paths: list[str]) -> dict[str, Any]:
    from factbase.ingest import extract

    texts = _read(paths)
    mb = sum(len(t.encode()) for _, t in texts) / 1e6
    claims = figures = 0
    with Clock() as c:
        for p, t in texts:
            doc = extract(t, p)
            claims += len(doc.claims)
            figures += len(doc.figures)
    return {
        "articles": len(texts),
        "mb": mb,
        "wall": c.wall,
        "cpu": c.cpu,
        "claims": claims,
        "figures": figures,
        **_rss(),
    }


def task_ingest(url: str, corpus: str, jobs: int) -> dict[str, Any]:
    from sqlalchemy import text

    from factbase.db.engine import open_db
    from factbase.loader import ingest_paths

    mb = sum(p.stat().st_size for p in Path(corpus).glob("*.txt")) / 1e6
    from factbase.analysis.conflicts import detect_conflicts

    engine = open_db(url)
    changed: list[int] = []

    def on_event(e: Any) -> None:
        if e.result is not None and e.result.status != "unchanged":
            changed.append(e.result.article_id)

    # What `factbase ingest` runs: store every article, then incremental conflict detection
    # over the groups the new articles touch. Both are in the ingest time; the detection part
    # is also reported on its own.
    with Clock() as c:
        with Clock() as stored:
            totals = ingest_paths(engine, [corpus], jobs=jobs, on_event=on_event)
        with Clock() as detected:
            found = detect_conflicts(engine, article_ids=changed)
    out: dict[str, Any] = {
        "mb": mb,
        "jobs": jobs,
        "wall": c.wall,
        "cpu": c.cpu,
        "store_cpu": stored.cpu,
        "detect_cpu": detected.cpu,
        "detect_wall": detected.wall,
        "conflicts_found": found.found,
        "articles": totals.new,
        "failed": totals.failed,
        "claims": totals.claims,
        "figures": totals.figures,
        **_rss(),
    }
    with Clock() as opt, engine.connect() as conn:
        if engine.dialect.name == "sqlite":
            # PERFORMANCE.md: merge FTS segments and refresh planner stats after a big load.
            conn.exec_driver_sql("INSERT INTO claims_fts(claims_fts) VALUES('optimize')")
            conn.exec_driver_sql("ANALYZE")
            conn.commit()
            conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
        else:
            conn.commit()
            conn.execution_options(isolation_level="AUTOCOMMIT").exec_driver_sql("ANALYZE")
    out["optimize_s"] = opt.wall
    with engine.connect() as conn:
        if engine.dialect.name == "sqlite":
            path = _sqlite_path(url) or ""
            out["db_bytes"] = sum(
                os.path.getsize(path + s) for s in ("", "-wal") if os.path.exists(path + s)
            )
        else:
            out["db_bytes"] = conn.execute(
                text("SELECT pg_database_size(current_database())")
            ).scalar_one()
    engine.dispose()
    return out


def _query_mix(url: str) -> list[tuple[str, str]]:
    """50 queries drawn from the stored claims: rare and common words, phrases, prefixes."""
    from sqlalchemy import text

    from factbase.db.engine import open_db

    engine = open_db(url)
    with engine.connect() as conn:
        total = conn.execute(text("SELECT max(id) FROM claims")).scalar_one() or 1
        step = max(1, total // QUERY_SAMPLE_CLAIMS)
        texts = (
            conn.execute(
                text("SELECT text FROM claims WHERE id % :s = 0 LIMIT :n"),
                {"s": step, "n": QUERY_SAMPLE_CLAIMS},
            )
            .scalars()
            .all()
        )
    engine.dispose()
    df: Counter[str] = Counter()
    bigrams: Counter[str] = Counter()
    for t in texts:
        words = [w for w in WORD.findall(t.lower()) if w not in STOP]
        df.update(set(words))
        bigrams.update({f"{a} {b}" for a, b in itertools.pairwise(words)})
    rng = random.Random(7)
    ranked = [w for w, _ in df.most_common()]
    rare = sorted(w for w, k in df.items() if k == 2)
    phrases = sorted(b for b, k in bigrams.items() if k >= 5)
    mix = [("common", w) for w in ranked[:10]]
    mix += [("rare", w) for w in rng.sample(rare, min(15, len(rare)))]
    mix += [("phrase", f'"{b}"') for b in rng.sample(phrases, min(15, len(phrases)))]
    mix += [("prefix", w[:5] + "*") for w in ranked[20:70:5]]
    return mix


def task_queries(url: str, limit: int = 20) -> dict[str, Any]:
    from sqlalchemy import text

    from factbase.analysis.query import Filters, search_claims
    from factbase.db.engine import open_db

    mix = _query_mix(url)
    engine = open_db(url)
    with engine.connect() as conn:
        claims = conn.execute(text("SELECT count(*) FROM claims")).scalar_one()
    for _, q in mix:  # warm-up pass: page cache and statement cache
        search_claims(engine, Filters(text=q), limit=limit)
    times: dict[str, list[float]] = {}
    for kind, q in mix:
        t = time.perf_counter()
        search_claims(engine, Filters(text=q), limit=limit)
        times.setdefault(kind, []).append((time.perf_counter() - t) * 1000)
    engine.dispose()
    every = sorted(x for v in times.values() for x in v)
    return {
        "claims": claims,
        "queries": len(every),
        "median_ms": statistics.median(every),
        "p95_ms": every[max(0, round(0.95 * len(every)) - 1)],
        "max_ms": every[-1],
        "by_kind_median_ms": {k: statistics.median(v) for k, v in times.items()},
        "slowest": max(zip(every, [q for _, q in mix], strict=False))[1] if every else None,
        **_rss(),
    }


def task_export(url: str) -> dict[str, Any]:
    from factbase.db.engine import open_db

    engine = open_db(url)
    sink = open(os.devnull, "w", encoding="utf-8", newline="")  # noqa: SIM115
    try:
        from factbase.analysis.query import Filters
        from factbase.export import ExportFormat, ExportKind, write_export

        path = "factbase.export.write_export (factbase export claims)"
        with Clock() as c:
            n = write_export(engine, ExportKind.claims, Filters(), ExportFormat.csv, sink)
    except ImportError:
        from sqlalchemy import select

        from factbase.db.models import Claim

        path = "Core streaming select + csv.writer (export module not present)"
        with Clock() as c, engine.connect() as conn:
            result = conn.execution_options(stream_results=True, yield_per=5000).execute(
                select(Claim.id, Claim.article_id, Claim.kind, Claim.text)
            )
            writer = csv.writer(sink)
            n = 0
            for part in result.partitions():
                writer.writerows(part)
                n += len(part)
    sink.close()
    engine.dispose()
    return {"rows": n, "wall": c.wall, "cpu": c.cpu, "path": path, **_rss()}


def _timed(fn: Callable[[], Any]) -> float:
    t = time.perf_counter()
    fn()
    return time.perf_counter() - t


def task_analysis(url: str) -> dict[str, Any]:
    from sqlalchemy import text

    from factbase.db.engine import open_db

    engine = open_db(url)
    out: dict[str, Any] = {}
    with engine.connect() as conn:
        out["figures"] = conn.execute(text("SELECT count(*) FROM figures")).scalar_one()
        measures = (
            conn.execute(
                text(
                    "SELECT measure FROM figures WHERE measure IS NOT NULL GROUP BY measure "
                    "ORDER BY count(*) DESC, measure LIMIT 5"
                )
            )
            .scalars()
            .all()
        )
    try:
        from factbase.analysis.compare import compare_figures

        compare_figures(engine, measures[0] if measures else "exports")  # warm-up
        times = [_timed(lambda m=m: compare_figures(engine, m)) * 1000 for m in measures]
        out["compare_median_ms"] = statistics.median(times) if times else None
        out["compare_max_ms"] = max(times) if times else None
    except Exception as exc:  # another helper's module, possibly half-written
        out["compare_error"] = f"{type(exc).__name__}: {exc}"[:300]
    try:
        from factbase.analysis import conflicts

        # The first run indexes every article (figure frames, event signatures, sketches);
        # the second compares only, as `factbase conflicts --recheck` on an indexed database.
        with Clock() as c:
            first = conflicts.detect_conflicts(engine)
        with Clock() as c2:
            conflicts.detect_conflicts(engine)
        out["conflicts_s"] = c.wall
        out["conflicts_cpu"] = c.cpu
        out["conflicts_recheck_s"] = c2.wall
        out["conflicts_found"] = first.found
        out["conflicts_indexed"] = first.indexed
    except Exception as exc:
        out["conflicts_error"] = f"{type(exc).__name__}: {exc}"[:300]
    engine.dispose()
    out.update(_rss())
    return out


def task_ceiling(paths: list[str], workdir: str) -> dict[str, Any]:
    """Our write path against plain sqlite3 executemany of the same extracted rows."""
    from factbase.db.engine import open_db, write_connection
    from factbase.db.store import claim_keys
    from factbase.ingest import extract
    from factbase.loader import _Parsed, _store_batch

    docs = [extract(t, p) for p, t in _read(paths)]
    mb = sum(len(Path(p).read_bytes()) for p in paths) / 1e6
    rows = sum(len(d.claims) + len(d.figures) for d in docs)
    out: dict[str, Any] = {"articles": len(docs), "mb": mb, "claims_figures": rows}
    tag = f"{os.getpid()}"
    ours = str(Path(workdir) / f"ceiling_ours_{tag}.db")
    engine = open_db(ours)
    # The loader's own batch writer: 100 articles per transaction, savepoints only if one fails.
    parsed = [_Parsed(d.source, d, None) for d in docs]
    with Clock() as c, write_connection(engine) as conn:
        for i in range(0, len(parsed), 100):
            assert _store_batch(conn, parsed[i : i + 100], False) is not None
    engine.dispose()
    out["ours"] = {"wall": c.wall, "cpu": c.cpu}
    for mode in ("per_article", "one_transaction"):
        path = str(Path(workdir) / f"ceiling_{mode}_{tag}.db")
        open_db(path).dispose()  # the real schema, indexes and FTS table
        db = sqlite3.connect(path, isolation_level=None)
        db.execute("PRAGMA journal_mode=WAL")
        db.execute("PRAGMA synchronous=NORMAL")
        claim_id = fig_id = 0
        with Clock() as c:
            if mode == "one_transaction":
                db.execute("BEGIN")
            for art_id, d in enumerate(docs, 1):
                if mode == "per_article":
                    db.execute("BEGIN")
                db.execute(
                    "INSERT INTO articles (id, source, content_hash, body, extractor_version) "
                    "VALUES (?, ?, ?, ?, 'x')",
                    (art_id, d.source, d.content_hash, d.body),
                )
                first = claim_id + 1
                keys = claim_keys([cl.text for cl in d.claims])
                crow = [
                    (first + k, art_id, cl.index, keys[k], cl.text, cl.start, cl.end, str(cl.kind))
                    for k, cl in enumerate(d.claims)
                ]
                claim_id += len(crow)
                db.executemany(
                    'INSERT INTO claims (id, article_id, ordinal, key, text, start, "end", kind) '
                    "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                    crow,
                )
                db.executemany(
                    "INSERT INTO claims_fts (rowid, text) VALUES (?, ?)",
                    [(r[0], r[4]) for r in crow],
                )
                frow = []
                for f in d.figures:
                    fig_id += 1
                    frow.append(
                        (
                            fig_id,
                            first + f.claim,
                            art_id,
                            f.text,
                            f.start,
                            f.end,
                            f.value,
                            f.unit,
                            str(f.kind),
                            f.measure,
                            f.period,
                        )
                    )
                db.executemany(
                    'INSERT INTO figures (id, claim_id, article_id, text, start, "end", value, '
                    "unit, kind, measure, period) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    frow,
                )
                if mode == "per_article":
                    db.execute("COMMIT")
            if mode == "one_transaction":
                db.execute("COMMIT")
        db.close()
        out[mode] = {"wall": c.wall, "cpu": c.cpu}
    for f in Path(workdir).glob(f"ceiling_*_{tag}.db*"):
        f.unlink()
    return out


def task_quantulum(paths: list[str]) -> dict[str, Any]:
    """quantulum3 on claim sentences of the same articles, against our figures stage."""
    import warnings

    from factbase.ingest import extract
    from factbase.ingest.figures import find_figures

    sentences: list[str] = []
    for p, t in _read(paths):
        sentences += [c.text for c in extract(t, p).claims]
    sample, size = [], 0
    for s in sentences:
        if size >= QUANTULUM_CHARS:
            break
        sample.append(s)
        size += len(s.encode())
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        from quantulum3 import parser

        parser.parse("It cost $5 million in 2021.")  # loads its models (~3 s), not timed
        with Clock() as q:
            found_q = sum(len(parser.parse(s)) for s in sample)
    with Clock() as o:
        found_o = sum(len(find_figures(s, [(0, len(s))])) for s in sample)
    mb = size / 1e6
    return {
        "mb": mb,
        "sentences": len(sample),
        "quantulum_cpu": q.cpu,
        "quantulum_found": found_q,
        "ours_cpu": o.cpu,
        "ours_found": found_o,
    }


def task_topup(url: str, target: int) -> dict[str, Any]:
    """Copy stored articles' claims under new synthetic articles until ``target`` claims exist.

    Plain sqlite3 executemany plus explicit FTS5 inserts: the term distribution stays that
    of real extracted claims. Figures are not copied (duplicated values would be conflicts).
    """
    db = sqlite3.connect(url, isolation_level=None)
    db.execute("PRAGMA journal_mode=WAL")
    db.execute("PRAGMA synchronous=NORMAL")
    have = db.execute("SELECT count(*) FROM claims").fetchone()[0]
    out: dict[str, Any] = {"real_claims": have, "target": target}
    copies = 0
    with Clock() as c:
        db.execute("BEGIN")
        while have < target:
            copies += 1
            art_map: dict[int, int] = {}
            for (aid,) in db.execute("SELECT id FROM articles WHERE source NOT LIKE 'topup:%'"):
                art_map[aid] = 0
            for aid in list(art_map):
                cur = db.execute(
                    "INSERT INTO articles (source, content_hash, title, author, published, "
                    "publisher_id, url, body, extractor_version) SELECT 'topup:' || ? || ':' || "
                    "source, lower(hex(randomblob(32))), title, author, published, publisher_id, "
                    "url, '', extractor_version FROM articles WHERE id = ?",
                    (copies, aid),
                )
                art_map[aid] = int(cur.lastrowid or 0)
            last = 0
            while have < target:
                rows = db.execute(
                    'SELECT id, article_id, ordinal, key, text, start, "end", kind FROM claims '
                    "WHERE id > ? AND article_id IN (SELECT id FROM articles WHERE source NOT "
                    "LIKE 'topup:%') ORDER BY id LIMIT ?",
                    (last, TOPUP_CHUNK),
                ).fetchall()
                if not rows:
                    break
                last = rows[-1][0]
                rows = rows[: target - have]
                start_id = db.execute("SELECT max(id) FROM claims").fetchone()[0] + 1
                new = [(start_id + i, art_map[r[1]], *r[2:]) for i, r in enumerate(rows)]
                db.executemany(
                    'INSERT INTO claims (id, article_id, ordinal, key, text, start, "end", kind) '
                    "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                    new,
                )
                db.executemany(
                    "INSERT INTO claims_fts (rowid, text) VALUES (?, ?)",
                    [(r[0], r[4]) for r in new],
                )
                have += len(new)
        db.execute("COMMIT")
    out.update(copies=copies, claims=have, wall=c.wall)
    with Clock() as o:
        db.execute("INSERT INTO claims_fts(claims_fts) VALUES('optimize')")
        db.execute("ANALYZE")
        db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    out["optimize_s"] = o.wall
    db.close()
    return out


TASKS: dict[str, Callable[..., dict[str, Any]]] = {
    "extract": task_extract,
    "ingest": task_ingest,
    "queries": task_queries,
    "export": task_export,
    "analysis": task_analysis,
    "ceiling": task_ceiling,
    "quantulum": task_quantulum,
    "topup": task_topup,
}


def main() -> int:
    import logging

    logging.disable(logging.CRITICAL)
    task, kwargs = sys.argv[1], json.loads(sys.stdin.read())
    result = TASKS[task](**kwargs)
    sys.stdout.write(json.dumps(result, default=str) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
