"""Scale benchmark: extraction, ingest (SQLite and PostgreSQL), queries and export by corpus size.

Each size gets a freshly generated corpus (``generate_benchmark_corpus``) in a new directory,
warmed into the page cache before timing. Every timed run happens in a child process, so its
peak memory (``ru_maxrss`` of the child and of its parse workers) is its own. Times are wall
seconds with CPU seconds beside them: the machines are shared and noisy, so compare ratios
from one run. Peers on the same text: quantulum3 (a sample) and plain sqlite3 executemany.

    python benchmarks/bench_scale.py --sizes 1000,10000 --pg --out docs/benchmarks.md
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from factbase.testing.generator import generate_benchmark_corpus  # noqa: E402

EXTRACT_SAMPLE = 5000  # articles: extraction MB/s is per article, a sample bounds the run time
CEILING_SAMPLE = 1000  # articles pre-extracted for the storage-ceiling comparison
CHILD_TIMEOUT = 3600.0


def run_child(task: str, **kwargs: Any) -> dict[str, Any]:
    """Run one measurement in a fresh interpreter; it prints one JSON object."""
    cmd = [sys.executable, str(Path(__file__).parent / "scale_tasks.py"), task]
    done = subprocess.run(  # arguments on stdin: 100k paths overflow the argument list
        cmd,
        input=json.dumps(kwargs),
        capture_output=True,
        text=True,
        timeout=CHILD_TIMEOUT,
        check=False,
    )
    if done.returncode != 0:
        tail = done.stderr.strip().splitlines()[-5:]
        return {"error": " | ".join(tail) or f"exit {done.returncode}"}
    result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def warm(paths: list[Path]) -> tuple[float, float]:
    """Read every file once (page cache); returns (MB, MB/s of the read)."""
    t = time.perf_counter()
    size = 0
    for p in paths:
        size += len(p.read_bytes())
    return size / 1e6, size / 1e6 / max(time.perf_counter() - t, 1e-9)


def machine() -> dict[str, str]:
    info: dict[str, str] = {"nproc": str(os.cpu_count()), "python": platform.python_version()}
    info["sqlite"] = sqlite3.sqlite_version
    with open("/proc/cpuinfo") as fh:
        for line in fh:
            if line.startswith("model name"):
                info["cpu"] = line.split(":", 1)[1].strip()
                break
    with open("/proc/meminfo") as fh:
        kb = int(fh.readline().split()[1])
    info["ram"] = f"{kb / 2**20:.1f} GiB"
    usage = shutil.disk_usage(ROOT)
    info["disk"] = f"{usage.total / 1e9:.0f} GB, {usage.free / 1e9:.0f} GB free"
    try:
        fs = subprocess.run(["df", "-T", str(ROOT)], capture_output=True, text=True).stdout
        info["disk"] += f", {fs.splitlines()[1].split()[1]}"
    except (OSError, IndexError):
        pass
    load = os.getloadavg()
    info["load"] = f"{load[0]:.1f} (1-min load average at start)"
    return info


def bench_size(
    n: int,
    workdir: Path,
    pg: Any,
    jobs: list[int],
    peers: bool,
    budget_end: float,
    pg_jobs: list[int] | None = None,
) -> dict[str, Any]:
    """Every measurement for one corpus size."""
    out: dict[str, Any] = {"n": n}
    corpus = workdir / f"corpus_{n}_{uuid.uuid4().hex[:8]}"  # fresh dir: ext4 rm -rf hazard
    t = time.perf_counter()
    generate_benchmark_corpus(corpus, n, seed=1)
    out["generate_s"] = time.perf_counter() - t
    paths = sorted(corpus.glob("*.txt"))
    out["mb"], out["warm_read_mbps"] = warm(paths)
    sample = paths[: min(len(paths), EXTRACT_SAMPLE)]
    out["extract"] = run_child("extract", paths=[str(p) for p in sample])
    runs: dict[str, Any] = {}
    backends = [("sqlite", None)] + ([("postgresql", pg)] if pg is not None else [])
    for backend, server in backends:
        for j in jobs if backend == "sqlite" or pg_jobs is None else pg_jobs:
            if time.monotonic() > budget_end:
                runs[f"{backend}/j{j}"] = {"error": "skipped: time budget spent"}
                continue
            if backend == "sqlite":
                url = str(workdir / f"{backend}_{n}_j{j}_{uuid.uuid4().hex[:6]}.db")
            else:
                url = server.create_database(f"bench_{n}_j{j}_{uuid.uuid4().hex[:6]}")
            warm(paths)  # a previous run may have evicted the corpus
            res = run_child("ingest", url=url, corpus=str(corpus), jobs=j)
            res["url"] = url
            runs[f"{backend}/j{j}"] = res
    out["ingest"] = runs
    # Queries, compare, conflicts and export on the biggest SQLite database of this size.
    best = next((r for k, r in runs.items() if k.startswith("sqlite") and "error" not in r), None)
    if best is not None:
        out["sqlite_queries"] = run_child("queries", url=best["url"])
        out["sqlite_export"] = run_child("export", url=best["url"])
        out["sqlite_analysis"] = run_child("analysis", url=best["url"])
    pg_best = next(
        (r for k, r in runs.items() if k.startswith("postgresql") and "error" not in r), None
    )
    if pg_best is not None:
        out["pg_queries"] = run_child("queries", url=pg_best["url"])
        out["pg_export"] = run_child("export", url=pg_best["url"])
    if peers:
        peer_sample = [str(p) for p in paths[: min(len(paths), CEILING_SAMPLE)]]
        out["ceiling"] = run_child("ceiling", paths=peer_sample, workdir=str(workdir))
        out["quantulum"] = run_child("quantulum", paths=peer_sample[:50])
    out["corpus"] = str(corpus)
    return out


def bench_million(db: str, target: int, workdir: Path) -> dict[str, Any]:
    """Copy the biggest SQLite database, top it up to ``target`` claims, and query/export it."""
    path = workdir / f"million_{uuid.uuid4().hex[:6]}.db"
    src = sqlite3.connect(db)
    dst = sqlite3.connect(path)
    src.backup(dst)  # consistent copy including the WAL
    src.close()
    dst.close()
    out: dict[str, Any] = {"topup": run_child("topup", url=str(path), target=target)}
    out["queries"] = run_child("queries", url=str(path))
    out["export"] = run_child("export", url=str(path))
    # No conflicts run here: the copies have no figures, and indexing the synthetic
    # articles would only time the indexer again.
    out["path"] = str(path)
    return out


# --- report ---------------------------------------------------------------------------------


def render(results: dict[str, Any]) -> str:
    from scale_report import render_markdown

    return render_markdown(results)


def merge_into(path: Path, section: str, name: str = "bench_scale") -> None:
    """Replace our marked section of ``path`` (or append it); other sections stay as they are."""
    start, end = f"<!-- {name}:start -->", f"<!-- {name}:end -->"
    block = f"{start}\n{section.rstrip()}\n{end}\n"
    old = path.read_text(encoding="utf-8") if path.exists() else "# Benchmarks\n\n"
    if start in old and end in old:
        head, rest = old.split(start, 1)
        tail = rest.split(end, 1)[1].lstrip("\n")
        new = head + block + ("\n" + tail if tail else "")
    else:
        new = old.rstrip() + "\n\n" + block
    path.write_text(new, encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000,10000", help="corpus sizes, comma-separated")
    parser.add_argument("--jobs", default="1,2", help="ingest --jobs values to run")
    parser.add_argument("--pg", action="store_true", help="also PostgreSQL (throwaway server)")
    parser.add_argument("--pg-jobs", help="--jobs values for PostgreSQL (default: --jobs)")
    parser.add_argument("--claims", type=int, default=1_000_000, help="claims for the query test")
    parser.add_argument("--no-peers", action="store_true", help="skip quantulum3 and sqlite3")
    parser.add_argument("--budget", type=float, default=25.0, help="minutes; later runs skip")
    parser.add_argument("--workdir", type=Path, help="scratch dir (default: a new temp dir)")
    parser.add_argument("--keep", action="store_true", help="keep corpora and databases")
    parser.add_argument("--out", type=Path, help="merge the report into this markdown file")
    parser.add_argument("--json", type=Path, help="also write raw results here")
    parser.add_argument("--from-json", type=Path, help="only render results saved by --json")
    args = parser.parse_args(argv)
    if args.from_json:
        report = render(json.loads(args.from_json.read_text(encoding="utf-8")))
        if args.out:
            merge_into(args.out, report)
        else:
            sys.stdout.write(report)
        return 0
    sizes = [int(s) for s in args.sizes.split(",") if s]
    jobs = [int(j) for j in args.jobs.split(",") if j]
    pg_jobs = None if args.pg_jobs is None else [int(j) for j in args.pg_jobs.split(",") if j]
    workdir = args.workdir or Path(tempfile.mkdtemp(prefix="factbase-scale-"))
    workdir.mkdir(parents=True, exist_ok=True)
    workdir.chmod(0o755)  # the PostgreSQL server runs as nobody and keeps its files here
    budget_end = time.monotonic() + args.budget * 60
    results: dict[str, Any] = {"machine": machine(), "argv": sys.argv[1:], "sizes": []}
    pg_ctx: Any = None
    try:
        if args.pg:
            from factbase.testing.pgserver import PgServer, find_pg_bin

            bin_dir = find_pg_bin()
            if bin_dir is None:
                sys.stderr.write("PostgreSQL binaries not found: SQLite only\n")
            else:
                # On the disk, not tmpfs: a 10k-article database would not fit /dev/shm, and
                # disk is what users have. The throwaway server still runs with fsync off.
                pg_ctx = PgServer(bin_dir, parent_dir=workdir).start()
                version = subprocess.run(
                    [str(bin_dir / "postgres"), "--version"], capture_output=True, text=True
                )
                results["machine"]["postgresql"] = version.stdout.strip() + " (fsync off)"
        for n in sizes:
            sys.stderr.write(f"size {n} ...\n")
            res = bench_size(n, workdir, pg_ctx, jobs, not args.no_peers, budget_end, pg_jobs)
            results["sizes"].append(res)
            if args.json:  # saved as we go: a late failure keeps the earlier sizes
                args.json.write_text(json.dumps(results, indent=1, default=str), encoding="utf-8")
            sys.stderr.write(json.dumps(res, default=str)[:2000] + "\n")
        # The database topped up to --claims: the largest with at most that many claims (a
        # 100k-article corpus already holds ~4.8M; queried as it is, it would not measure the
        # target's size). Sizes past --claims get their own section ("beyond").
        sqlite_runs = [
            (r["claims"], r["url"])
            for s in results["sizes"]
            for k, r in s["ingest"].items()
            if k.startswith("sqlite") and "error" not in r
        ]
        below = [run for run in sqlite_runs if run[0] <= args.claims]
        above = [run for run in sqlite_runs if run[0] > args.claims]
        dbs = [max(below)[1]] if below else [min(sqlite_runs)[1]] if sqlite_runs else []
        if dbs and time.monotonic() < budget_end:
            sys.stderr.write(f"{args.claims} claims ...\n")
            results["million"] = bench_million(dbs[-1], args.claims, workdir)
            if above and time.monotonic() < budget_end:
                big = max(above)[1]
                results["beyond"] = {
                    "claims": max(above)[0],
                    "queries": run_child("queries", url=big),
                    "export": run_child("export", url=big),
                }
        elif dbs:
            results["million"] = {"error": "skipped: time budget spent"}
    finally:
        if pg_ctx is not None:
            pg_ctx.stop()
        if not args.keep:
            # Corpora are removed only after every timing: rm -rf slows later file creation.
            shutil.rmtree(workdir, ignore_errors=True)
    if args.json:
        args.json.write_text(json.dumps(results, indent=1, default=str), encoding="utf-8")
    report = render(results)
    if args.out:
        merge_into(args.out, report)
    else:
        sys.stdout.write(report)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
