"""Golden JSON: `factbase extract <seed> --format json` for each seed, read by hand in review.

Refresh with `python -m pytest tests/test_golden.py --update-golden`, then read the diff.
Compared as parsed JSON so formatting changes don't matter.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from factbase.ingest import extract

ROOT = Path(__file__).resolve().parent.parent
GOLDEN = Path(__file__).resolve().parent / "golden"
SEED_FILES = sorted((ROOT / "seeds").glob("*.txt"))


@pytest.mark.parametrize("seed", SEED_FILES, ids=lambda p: p.name[:3])
def test_seed_matches_golden(seed: Path, request: pytest.FixtureRequest) -> None:
    source = f"seeds/{seed.name}"
    doc = extract(seed.read_text(encoding="utf-8"), source)
    data = doc.as_dict()
    golden = GOLDEN / f"{seed.stem}.json"
    if request.config.getoption("--update-golden"):
        golden.write_text(json.dumps(data, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    assert golden.exists(), f"missing {golden.name}: run pytest --update-golden and review it"
    assert data == json.loads(golden.read_text(encoding="utf-8"))


@pytest.mark.parametrize("seed", SEED_FILES, ids=lambda p: p.name[:3])
def test_offsets_index_the_body(seed: Path) -> None:
    doc = extract(seed.read_text(encoding="utf-8"), seed.name)
    body = doc.body
    for rec in (*doc.claims, *doc.figures, *doc.citations):
        assert body[rec.start:rec.end] == rec.text
    for f in doc.figures:
        c = doc.claims[f.claim]
        assert c.start <= f.start and f.end <= c.end
