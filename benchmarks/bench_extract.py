"""Extraction speed: MB/s of article text per pipeline stage and end to end, on one core.

Corpora (``--corpus``):
  articles  (default) the five real articles in seeds/ plus 200 generated ~5 KB articles in the
            seeds' three styles (factbase.testing.generator, seed 1: the articles of the scale
            benchmark), repeated to about --mb megabytes;
  fixtures  tests/articles/: short (0.5-2 KB) unit-test articles, each packed with the cases one
            rule needs (8-14 figures per KB where real articles have ~1): a stress case, where
            per-article and per-figure costs dominate;
  mixed     seeds/ + tests/articles/, the corpus of the first measurements (docs/benchmarks.md).
Each stage runs on inputs the earlier stages made beforehand, so its time is its own. Times are
CPU seconds (time.process_time), the median of --runs runs; MB is the UTF-8 size of the raw text.
A last table gives the end-to-end rate on each corpus alone. quantulum3 (a peer that reads
quantities) runs on a sample of the same sentences as a yardstick.

    python benchmarks/bench_extract.py            # ~2 MB, median of 5
    python benchmarks/bench_extract.py --corpus fixtures --runs 3 --no-peer
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
import warnings
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from factbase.ingest import extract  # noqa: E402
from factbase.ingest.citations import find_citations  # noqa: E402
from factbase.ingest.clean import clean  # noqa: E402
from factbase.ingest.entities import entities_by_claim  # noqa: E402
from factbase.ingest.figures import find_figures  # noqa: E402
from factbase.ingest.header import find_metadata  # noqa: E402
from factbase.ingest.measure import describe_figures  # noqa: E402
from factbase.ingest.segment import (  # noqa: E402
    claims_with_date_cues,
    classify_claim,
    find_sentences,
)
from factbase.records import Citation, Cleaned, Figure  # noqa: E402

# The floor for the whole pipeline, and the share a stage may take of it (see
# /work/shared/PERFORMANCE.md: a lean whole parse runs at ~9 MB/s on these machines).
TARGET_MBPS = 3.0
PEER_SAMPLE_CHARS = 30_000  # quantulum3 reads ~0.07 MB/s: ~0.5 s of sentences is plenty


@dataclass(slots=True)
class Article:
    raw: str
    cleaned: Cleaned
    spans: list[tuple[int, int]]
    figures: list[Figure]
    citations: list[Citation]


GENERATED_ARTICLES = 200
GENERATED_DIR = Path(tempfile.gettempdir()) / "factbase-bench-extract-generated"


def _read_all(paths: list[Path]) -> list[str]:
    return [p.read_text(encoding="utf-8") for p in paths]


def corpus_texts(name: str) -> list[str]:
    """One copy of a corpus (see the module docstring)."""
    seeds = _read_all(sorted((ROOT / "seeds").glob("*.txt")))
    fixtures = _read_all(sorted((ROOT / "tests/articles").glob("*.txt")))
    if name == "fixtures":
        return fixtures
    if name == "mixed":
        return seeds + fixtures
    if name == "seeds":
        return seeds
    if not (GENERATED_DIR / "answer_key.json").exists():
        from factbase.testing.generator import generate_benchmark_corpus

        generate_benchmark_corpus(GENERATED_DIR, GENERATED_ARTICLES, seed=1)
    generated = _read_all(sorted(GENERATED_DIR.glob("*.txt")))
    if name == "generated":
        return generated
    # articles: the real ones weigh as much as the generated ones, so repeat them
    repeat = max(1, round(sum(map(len, generated)) / max(1, sum(map(len, seeds)))))
    return seeds * repeat + generated


def load_corpus(repeat: int | None, mb: float, name: str = "articles") -> list[str]:
    texts = corpus_texts(name)
    size = sum(len(t.encode()) for t in texts)
    n = repeat if repeat else max(1, round(mb * 1e6 / size))
    return texts * n


def prepare(texts: list[str]) -> list[Article]:
    out = []
    for raw in texts:
        cleaned = clean(raw)
        spans = find_sentences(cleaned)
        figures = find_figures(cleaned.body, spans)
        out.append(Article(raw, cleaned, spans, figures, find_citations(cleaned, spans)))
    return out


def _classify(a: Article) -> None:
    """As extract() does it: date cues from one scan of the body, then each claim."""
    body = a.cleaned.body
    with_figure = {f.claim for f in a.figures}
    quoted = {c.claim for c in a.citations if c.kind == "quote"}
    dated = claims_with_date_cues(body, a.spans)
    for i, (s, e) in enumerate(a.spans):
        classify_claim(
            body[s:e], has_figure=i in with_figure, has_quote=i in quoted, date_cue=i in dated
        )


STAGES: dict[str, Callable[[Article], object]] = {
    "clean": lambda a: clean(a.raw),
    "find_metadata": lambda a: find_metadata(a.raw, a.cleaned),
    "find_sentences": lambda a: find_sentences(a.cleaned),
    "find_figures": lambda a: find_figures(a.cleaned.body, a.spans),
    "describe_figures": lambda a: describe_figures(a.cleaned.body, a.spans, a.figures),
    "find_citations": lambda a: find_citations(a.cleaned, a.spans),
    "entities_by_claim": lambda a: entities_by_claim(a.cleaned.body, a.spans),
    "classify_claim": _classify,
    "extract (end to end)": lambda a: extract(a.raw, "bench"),
}


def cpu_seconds(fn: Callable[[Article], object], articles: list[Article], runs: int) -> float:
    times = []
    for _ in range(runs):
        t0 = time.process_time()
        for a in articles:
            fn(a)
        times.append(time.process_time() - t0)
    return statistics.median(times)


def peer_row(articles: list[Article], runs: int) -> tuple[float, float] | None:
    """(quantulum3 MB/s, our find_figures MB/s) on the same sample of sentences."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            from quantulum3 import parser
    except ImportError:
        return None
    sentences: list[str] = []
    seen: set[str] = set()
    for a in articles:
        for s, e in a.spans:
            text = a.cleaned.body[s:e]
            if text not in seen:
                seen.add(text)
                sentences.append(text)
    sample, size = [], 0
    for text in sentences:
        if size >= PEER_SAMPLE_CHARS:
            break
        sample.append(text)
        size += len(text)
    mb = sum(len(t.encode()) for t in sample) / 1e6
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        parser.parse(sample[0])  # its first call loads models (~3 s): not part of the rate
        t0 = time.process_time()
        for text in sample:
            parser.parse(text)
        peer = mb / (time.process_time() - t0)
    ours = [time.process_time()]
    for _ in range(runs):
        for text in sample:
            find_figures(text, [(0, len(text))])
    ours_s = (time.process_time() - ours[0]) / runs
    return peer, mb / ours_s


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeat", type=int, help="corpus repetitions (default: about --mb MB)")
    ap.add_argument("--mb", type=float, default=2.0, help="corpus size in MB (default 2)")
    ap.add_argument("--runs", type=int, default=5, help="runs per stage; the median is kept")
    ap.add_argument("--no-peer", action="store_true", help="skip the quantulum3 comparison")
    ap.add_argument(
        "--corpus", choices=["articles", "fixtures", "mixed"], default="articles",
        help="what to read (see the module docstring)",
    )  # fmt: skip
    args = ap.parse_args(argv)

    texts = load_corpus(args.repeat, args.mb, args.corpus)
    mb = sum(len(t.encode()) for t in texts) / 1e6
    for raw in texts[:40]:
        extract(raw, "warm-up")  # builds the entity table and fills regex caches
    articles = prepare(texts)

    rows = [(name, mb / cpu_seconds(fn, articles, args.runs)) for name, fn in STAGES.items()]
    total = rows[-1][1]
    print(
        f"corpus {args.corpus}: {len(texts)} articles, {mb:.2f} MB; "
        f"CPU time, median of {args.runs} runs\n"
    )
    print("| stage | MB/s | ms per MB | share of extract |")
    print("|---|---:|---:|---:|")
    for name, rate in rows:
        share = f"{100 * total / rate:.0f}%" if not name.startswith("extract") else "100%"
        print(f"| {name} | {rate:.1f} | {1000 / rate:.0f} | {share} |")
    verdict = "meets" if total >= TARGET_MBPS else "MISSES"
    print(f"\nend to end {total:.2f} MB/s: {verdict} the {TARGET_MBPS:g} MB/s floor")
    print("\n| corpus alone | articles | KB per article | MB/s end to end |")
    print("|---|---:|---:|---:|")
    for name in ("seeds", "generated", "fixtures", "mixed"):
        one = corpus_texts(name)
        each = sum(len(t.encode()) for t in one) / len(one) / 1e3
        alone = [Article(t, None, [], [], []) for t in load_corpus(None, args.mb, name)]  # type: ignore[arg-type]
        size = sum(len(a.raw.encode()) for a in alone) / 1e6
        rate = size / cpu_seconds(STAGES["extract (end to end)"], alone, args.runs)
        print(f"| {name} | {len(one)} | {each:.1f} | {rate:.2f} |")
    if not args.no_peer:
        peer = peer_row(articles, args.runs)
        if peer is None:
            print("\nquantulum3 not installed: no peer row")
        else:
            q, ours = peer
            print("\n| on the same sentences | MB/s | ratio |")
            print("|---|---:|---:|")
            print(f"| quantulum3 parser.parse | {q:.3f} | 1x |")
            print(f"| factbase find_figures | {ours:.1f} | {ours / q:.0f}x |")
            print(f"| factbase extract (whole pipeline) | {total:.2f} | {total / q:.0f}x |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
