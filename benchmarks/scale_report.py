"""Markdown for bench_scale.py's results: machine, tables per size, growth, peers, verdicts.

Pure formatting over the results dict (see bench_scale.main); targets are data, so a changed
target is one line here. MB are 10^6 bytes of article text (UTF-8, as stored in the files).
"""

from __future__ import annotations

import itertools
from typing import Any

# (label, results path, comparison, threshold, unit) — the targets, one core, SQLite.
TARGET_INGEST_MBPS = 2.0
TARGET_QUERY_MEDIAN_MS = 50.0
TARGET_QUERY_P95_MS = 200.0
TARGET_EXPORT_S = 20.0
TARGET_CONFLICTS_S = 60.0
LINEAR_SLACK = 1.3  # per-article cost may grow this much per 10x before we call it non-linear


def get(d: Any, *keys: str) -> Any:
    for k in keys:
        if not isinstance(d, dict) or k not in d:
            return None
        d = d[k]
    return d


def fmt(x: Any, spec: str = "{:.2f}") -> str:
    return "n/a" if x is None else spec.format(x)


def mbps(run: Any, clock: str = "wall") -> float | None:
    if not isinstance(run, dict) or "error" in run or not run.get(clock):
        return None
    return float(run["mb"]) / float(run[clock])


def _per_article_ms(run: Any, clock: str = "cpu") -> float | None:
    if not isinstance(run, dict) or "error" in run or not run.get("articles"):
        return None
    return 1000 * float(run[clock]) / float(run["articles"])


def _machine(m: dict[str, str]) -> list[str]:
    lines = ["### Machine", ""]
    for k in ("cpu", "nproc", "ram", "disk", "python", "sqlite", "postgresql", "load"):
        if k in m:
            lines.append(f"- {k}: {m[k]}")
    return [*lines, ""]


def _size_table(s: dict[str, Any]) -> list[str]:
    n = s["n"]
    lines = [
        f"### {n:,} articles ({s['mb']:.1f} MB; generated in {s['generate_s']:.1f} s; "
        f"warm read {s['warm_read_mbps']:.0f} MB/s)",
        "",
        "| run | MB/s wall | MB/s CPU | articles/s wall | CPU ms/article | peak RSS MB (workers) "
        "| DB bytes/article | optimize s |",
        "|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    ex = s.get("extract", {})
    if "error" not in ex:
        lines.append(
            f"| extract only ({ex['articles']:,}-article sample) | {fmt(mbps(ex))} | "
            f"{fmt(mbps(ex, 'cpu'))} | {ex['articles'] / ex['wall']:.0f} | "
            f"{fmt(_per_article_ms(ex))} | {ex['maxrss_mb']:.0f} | | |"
        )
    for name, run in s.get("ingest", {}).items():
        if "error" in run:
            lines.append(f"| ingest {name} | {run['error']} | | | | | | |")
            continue
        per = run["db_bytes"] / max(run["articles"], 1)
        lines.append(
            f"| ingest {name} | {fmt(mbps(run))} | {fmt(mbps(run, 'cpu'))} | "
            f"{run['articles'] / run['wall']:.0f} | {fmt(_per_article_ms(run))} | "
            f"{run['maxrss_mb']:.0f} ({run['workers_maxrss_mb']:.0f}) | {per:,.0f} | "
            f"{run['optimize_s']:.1f} |"
        )
    lines.append("")
    for label, key in (("SQLite", "sqlite"), ("PostgreSQL", "pg")):
        q = s.get(f"{key}_queries")
        e = s.get(f"{key}_export")
        if q and "error" not in q:
            kinds = ", ".join(f"{k} {v:.1f}" for k, v in q["by_kind_median_ms"].items())
            lines.append(
                f"- {label} full-text query over {q['claims']:,} claims ({q['queries']} queries): "
                f"median {q['median_ms']:.1f} ms, p95 {q['p95_ms']:.1f} ms, max {q['max_ms']:.1f} "
                f"ms (`{q['slowest']}`); medians by kind: {kinds}"
            )
        elif q:
            lines.append(f"- {label} queries: {q['error']}")
        if e and "error" not in e:
            lines.append(
                f"- {label} CSV export of {e['rows']:,} claims: {e['wall']:.2f} s "
                f"({e['rows'] / max(e['wall'], 1e-9):,.0f} rows/s), "
                f"peak RSS {e['maxrss_mb']:.0f} MB"
            )
        elif e:
            lines.append(f"- {label} export: {e['error']}")
    a = s.get("sqlite_analysis")
    if a:
        lines.append(_analysis_line(a))
    return [*lines, ""]


def _analysis_line(a: dict[str, Any]) -> str:
    parts = [f"- over {a.get('figures', 0):,} figures:"]
    if "compare_median_ms" in a:
        parts.append(
            f"compare median {fmt(a['compare_median_ms'], '{:.1f}')} ms "
            f"(max {fmt(a['compare_max_ms'], '{:.1f}')} ms);"
        )
    else:
        parts.append(f"compare: {a.get('compare_error')};")
    if "conflicts_s" in a:
        parts.append(
            f"conflicts: index {a['conflicts_indexed']:,} articles + detect "
            f"{a['conflicts_s']:.2f} s "
            f"({a['conflicts_found']} found), re-detect on the indexed DB "
            f"{a['conflicts_recheck_s']:.2f} s"
        )
    else:
        parts.append(f"conflicts pending ({a.get('conflicts_error')})")
    return " ".join(parts)


def _growth(sizes: list[dict[str, Any]]) -> list[str]:
    if len(sizes) < 2:
        return []
    lines = [
        "### Growth (per-article CPU cost, larger size / smaller size; 1.00 = linear)",
        "",
        "| run | "
        + " | ".join(f"{b['n']:,}/{a['n']:,}" for a, b in itertools.pairwise(sizes))
        + " |",
        "|---|" + "---:|" * (len(sizes) - 1),
    ]
    names = sorted({k for s in sizes for k in s.get("ingest", {})})
    for name in names:
        cells = []
        for a, b in itertools.pairwise(sizes):
            pa = _per_article_ms(get(a, "ingest", name))
            pb = _per_article_ms(get(b, "ingest", name))
            cells.append(fmt(pb / pa) if pa and pb else "n/a")
        lines.append(f"| ingest {name} | " + " | ".join(cells) + " |")
    for label, key in (("peak RSS ingest sqlite/j1", "maxrss_mb"),):
        cells = []
        for a, b in itertools.pairwise(sizes):
            ra, rb = get(a, "ingest", "sqlite/j1", key), get(b, "ingest", "sqlite/j1", key)
            cells.append(fmt(rb / ra) if ra and rb else "n/a")
        lines.append(f"| {label} | " + " | ".join(cells) + " |")
    rows = (
        ("query median (SQLite; not per article)", ("sqlite_queries", "median_ms"), False),
        ("CSV export per row (SQLite)", ("sqlite_export", "wall"), True),
        ("conflicts index + detect per article", ("sqlite_analysis", "conflicts_s"), True),
    )
    for label, path, per_article in rows:
        cells = []
        for a, b in itertools.pairwise(sizes):
            va, vb = get(a, *path), get(b, *path)
            if per_article and va and vb:
                va, vb = va / a["n"], vb / b["n"]
            cells.append(fmt(vb / va) if va and vb else "n/a")
        lines.append(f"| {label} | " + " | ".join(cells) + " |")
    return [*lines, ""]


def _peers(sizes: list[dict[str, Any]]) -> list[str]:
    lines = ["### Peers on the same text", ""]
    for s in sizes:
        c, q = s.get("ceiling"), s.get("quantulum")
        if c and "error" not in c:
            ours = c["mb"] / c["ours"]["cpu"]
            per = c["mb"] / c["per_article"]["cpu"]
            one = c["mb"] / c["one_transaction"]["cpu"]
            lines.append(
                f"- {s['n']:,}-article corpus, first {c['articles']:,} articles "
                f"({c['claims_figures']:,} claims+figures): our write path (save_document, "
                f"the loader's batches) {ours:.2f} MB/s CPU; plain sqlite3 "
                f"executemany of claims+FTS+figures, one transaction per article {per:.2f} MB/s, "
                f"one transaction for all {one:.2f} MB/s. Ours = {ours / per:.2f}x / "
                f"{ours / one:.2f}x the ceiling (ours also writes keys, entities, citations)."
            )
        if q and "error" not in q:
            lines.append(
                f"- quantulum3 on {q['sentences']} claim sentences ({q['mb'] * 1000:.0f} KB): "
                f"{q['mb'] / q['quantulum_cpu']:.3f} MB/s CPU ({q['quantulum_found']} quantities); "
                f"our figures stage on the same sentences {q['mb'] / q['ours_cpu']:.1f} MB/s "
                f"({q['ours_found']} figures): {q['quantulum_cpu'] / q['ours_cpu']:.0f}x faster."
            )
    return [*lines, ""]


def _verdicts(results: dict[str, Any]) -> list[str]:
    sizes = results["sizes"]
    big = sizes[-1] if sizes else {}
    lines = ["### Verdicts (one core = jobs 1, SQLite, medians)", ""]
    j1 = get(big, "ingest", "sqlite/j1")
    rate = mbps(j1, "cpu")
    if rate is not None:
        verdict = (
            "met"
            if rate >= TARGET_INGEST_MBPS
            else f"missed ({rate / TARGET_INGEST_MBPS:.0%} of target)"
        )
        lines.append(
            f"- ingest >= {TARGET_INGEST_MBPS} MB/s at {big['n']:,} articles, jobs 1: "
            f"{rate:.2f} MB/s CPU ({fmt(mbps(j1))} MB/s wall on the shared machine): **{verdict}**"
        )
    j2 = get(big, "ingest", "sqlite/j2")
    if mbps(j2) is not None:
        lines.append(
            f"- same with jobs 2 (parse in 2 workers): {mbps(j2):.2f} MB/s wall, "
            f"{fmt(mbps(j2, 'cpu'))} MB/s per CPU-second"
        )
    ex = big.get("extract")
    if ex and "error" not in ex and rate is not None:
        parse_ms = _per_article_ms(ex)
        total_ms = _per_article_ms(j1)
        if parse_ms and total_ms:
            n = max(j1["articles"], 1)
            detect_ms = 1000 * j1.get("detect_cpu", 0.0) / n
            lines.append(
                f"- where one core's time goes (jobs 1): extraction {parse_ms:.1f} ms/article, "
                f"reading + storing {total_ms - parse_ms - detect_ms:.1f}, conflict detection "
                f"{detect_ms:.1f}, of {total_ms:.1f} ms/article; "
                f"{TARGET_INGEST_MBPS:g} MB/s needs "
                f"{1000 * j1['mb'] / j1['articles'] / TARGET_INGEST_MBPS:.1f} ms/article in all"
            )
    m = results.get("million", {})
    q = m.get("queries") if isinstance(m, dict) else None
    if q and "error" not in q:
        ok = q["median_ms"] < TARGET_QUERY_MEDIAN_MS and q["p95_ms"] < TARGET_QUERY_P95_MS
        lines.append(
            f"- FTS at {q['claims']:,} claims: median {q['median_ms']:.1f} ms (< "
            f"{TARGET_QUERY_MEDIAN_MS:.0f}), p95 {q['p95_ms']:.1f} ms "
            f"(< {TARGET_QUERY_P95_MS:.0f}): "
            f"**{'met' if ok else 'missed'}**"
        )
    e = m.get("export") if isinstance(m, dict) else None
    if e and "error" not in e:
        lines.append(
            f"- CSV export of {e['rows']:,} claims: {e['wall']:.1f} s (< {TARGET_EXPORT_S:.0f}), "
            f"peak RSS {e['maxrss_mb']:.0f} MB: "
            f"**{'met' if e['wall'] < TARGET_EXPORT_S else 'missed'}**"
        )
    a = big.get("sqlite_analysis")
    if a and "conflicts_s" in a:
        lines.append(
            f"- conflicts over {a['figures']:,} figures "
            f"(target: 1M figures < {TARGET_CONFLICTS_S:.0f} s): "
            f"index + detect {a['conflicts_s']:.1f} s, re-detect {a['conflicts_recheck_s']:.1f} s; "
            f"1M figures not reached (see growth)"
        )
    elif a:
        lines.append(f"- conflicts: pending ({a.get('conflicts_error')})")
    return [*lines, ""]


def render_markdown(results: dict[str, Any]) -> str:
    lines = [
        "## Scale",
        "",
        "Command: `python benchmarks/bench_scale.py " + " ".join(results["argv"]) + "`",
        "",
    ]
    lines += _machine(results["machine"])
    lines += [
        "Method: each size is a fresh corpus from `generate_benchmark_corpus(dir, n, seed=1)` "
        "(~5 KB articles in the seeds' three styles), read once into the page cache before each "
        "timed run. Every run is a child process: peak RSS is its VmHWM (workers: the largest "
        "parse worker's `ru_maxrss`). Ingest is what `factbase ingest` runs: "
        "`factbase.loader.ingest_paths` (100 articles per transaction; a batch in which an "
        "article fails is rolled back and rewritten with a savepoint per article) "
        "and then incremental conflict detection over the new articles (`detect_conflicts`), "
        "both timed; then FTS optimize + ANALYZE (the *optimize* column, not in the ingest "
        "time). **CPU** MB/s counts the process and its parse workers "
        "(not the PostgreSQL server); the machine is shared with other jobs, so wall MB/s is "
        "a lower bound and one-core verdicts use CPU time. Queries: 50 per run, a warm-up pass "
        "first, `search_claims(limit=20)`; terms drawn from the stored claims (10 most common "
        "words, 15 rare, 15 two-word phrases, 10 prefixes).",
        "",
    ]
    for s in results["sizes"]:
        lines += _size_table(s)
    b = results.get("beyond")
    if isinstance(b, dict) and "error" not in b.get("queries", {}):
        q, e = b["queries"], b.get("export", {})
        kinds = ", ".join(f"{k} {v:.1f}" for k, v in q["by_kind_median_ms"].items())
        lines += [
            f"### Beyond the target: the largest database ({b['claims']:,} claims)",
            "",
            f"- full-text query: median {q['median_ms']:.1f} ms, p95 {q['p95_ms']:.1f} ms, max "
            f"{q['max_ms']:.1f} ms (`{q['slowest']}`); medians by kind (ms): {kinds}",
        ]
        if e and "error" not in e:
            lines.append(
                f"- CSV export of {e['rows']:,} claims: {e['wall']:.1f} s, peak RSS "
                f"{e['maxrss_mb']:.0f} MB"
            )
        lines.append("")
    m = results.get("million")
    if isinstance(m, dict) and "error" not in m:
        t = m["topup"]
        lines += [
            f"### At {t['claims']:,} claims",
            "",
            f"- {t['real_claims']:,} extracted claims topped up with "
            f"{t['claims'] - t['real_claims']:,} "
            f"copies of them under synthetic articles (sqlite3 executemany + FTS insert, "
            f"{t['wall']:.1f} s; FTS optimize + ANALYZE {t['optimize_s']:.1f} s).",
        ]
        if m.get("queries") and "error" not in m["queries"]:
            q = m["queries"]
            kinds = ", ".join(f"{k} {v:.1f}" for k, v in q["by_kind_median_ms"].items())
            lines.append(
                f"- full-text query: median {q['median_ms']:.1f} ms, p95 {q['p95_ms']:.1f} ms, "
                f"max {q['max_ms']:.1f} ms (`{q['slowest']}`); medians by kind (ms): {kinds}"
            )
        if m.get("export") and "error" not in m["export"]:
            e = m["export"]
            lines.append(
                f"- CSV export of {e['rows']:,} claims: {e['wall']:.1f} s, peak RSS "
                f"{e['maxrss_mb']:.0f} MB ({e['path']})"
            )
        lines.append("")
    lines += _growth(results["sizes"])
    lines += _peers(results["sizes"])
    lines += _verdicts(results)
    return "\n".join(lines) + "\n"
