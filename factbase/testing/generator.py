"""A seeded corpus generator with planted conflicts, near-misses and corroborations, and its key.

``generate_corpus`` writes N articles in the seeds' styles (web scrape, OCR'd PDF, markdown
magazine) and returns an ``AnswerKey`` (also saved as ``answer_key.json``). Articles come in topic
clusters; every measure or event a plant uses is reserved for that plant alone, so no unplanted
conflict can arise, and filler prose carries no figures. Deterministic for a given seed.
Run: ``python -m factbase.testing.generator --n 1000 --seed 1 --out DIR``.
"""

from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Sequence
from pathlib import Path

from factbase.testing.answer_key import KEY_FILE, NEAR_MISS_TYPES, AnswerKey
from factbase.testing.plants import CLUSTER_SIZE, Planner

__all__ = [
    "KEY_FILE",
    "NEAR_MISS_TYPES",
    "AnswerKey",
    "generate_benchmark_corpus",
    "generate_corpus",
]

log = logging.getLogger(__name__)


def generate_corpus(
    out_dir: Path,
    n_articles: int,
    seed: int,
    *,
    conflict_rate: float = 0.12,
    near_miss_rate: float = 0.3,
    syndication_rate: float = 0.05,
    styles: Sequence[str] = ("web", "ocr", "markdown"),
    article_bytes: int = 5000,
) -> AnswerKey:
    """Write ``n_articles`` articles and ``answer_key.json`` into ``out_dir``; return the key.

    ``conflict_rate`` and ``near_miss_rate`` are expected planted pairs per article. Use a fresh
    directory: creating files where many were just deleted is slow on ext4 (PERFORMANCE.md).
    """
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    planner = Planner(
        seed, styles, (conflict_rate, near_miss_rate, syndication_rate), article_bytes
    )
    planner.key.n_articles = n_articles
    numbers = list(range(n_articles))
    planner.rng.shuffle(numbers)  # file numbers do not reveal clusters
    start = 0
    while start < n_articles:
        size = planner.rng.randint(*CLUSTER_SIZE)
        if n_articles - start - size < CLUSTER_SIZE[0]:
            size = n_articles - start
        planner.cluster(numbers[start : start + size], out_dir)
        start += size
    key = planner.finish()
    key.save(out_dir / KEY_FILE)
    log.info(
        "wrote %d articles, %d conflicts, %d near-misses to %s",
        n_articles,
        len(key.conflicts),
        len(key.near_misses),
        out_dir,
    )
    return key


def generate_benchmark_corpus(out_dir: Path, n_articles: int, seed: int) -> AnswerKey:
    """A corpus for scale benchmarks: the same styles and sizes, few planted pairs."""
    return generate_corpus(
        out_dir, n_articles, seed, conflict_rate=0.02, near_miss_rate=0.03, syndication_rate=0.02
    )


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m factbase.testing.generator", description=__doc__.splitlines()[0]
    )
    parser.add_argument("--n", type=int, default=100, help="number of articles")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--out", type=Path, required=True, help="output directory (preferably new)")
    parser.add_argument("--conflict-rate", type=float, default=0.12)
    parser.add_argument("--near-miss-rate", type=float, default=0.3)
    parser.add_argument("--bytes", type=int, default=5000, help="target article size")
    parser.add_argument("--styles", default="web,ocr,markdown")
    parser.add_argument(
        "--benchmark", action="store_true", help="few planted pairs (scale benchmarks)"
    )
    args = parser.parse_args(argv)
    if args.benchmark:
        key = generate_benchmark_corpus(args.out, args.n, args.seed)
    else:
        key = generate_corpus(
            args.out,
            args.n,
            args.seed,
            conflict_rate=args.conflict_rate,
            near_miss_rate=args.near_miss_rate,
            styles=tuple(args.styles.split(",")),
            article_bytes=args.bytes,
        )
    sys.stderr.write(
        f"{args.n} articles, {len(key.conflicts)} conflicts, {len(key.near_misses)} near-misses, "
        f"{len(key.corroborations)} corroborations -> {args.out}\n"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
