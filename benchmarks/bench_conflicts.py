"""Benchmark conflict detection at scale: synthetic articles, claims and figures written straight
into a fresh SQLite file, then indexing (frames, event signatures, sketches) and detection timed.

Figures follow a skewed distribution: a few measures (a country pair's wheat exports in a year)
are reported by hundreds of articles, most by one to three; 5% of reports disagree with the rest.
Run: python benchmarks/bench_conflicts.py --figures 100000 1000000 --runs 3
"""

from __future__ import annotations

import argparse
import hashlib
import random
import sqlite3
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from factbase.analysis.conflicts import detect_conflicts, index_articles  # noqa: E402
from factbase.db.engine import open_db, write_connection  # noqa: E402
from factbase.db.store import EXTRACTOR_VERSION  # noqa: E402

FIGURES_PER_ARTICLE = 10
MEASURES_PER_FIGURE = 0.3  # distinct (measure, year) identities per figure
ZIPF, ZIPF_OFFSET = 1.1, 100  # popularity of measures: median 2 reports, p99 ~80, max ~2,000
WRONG_SHARE = 0.02  # reports that disagree with their measure's true value
COUNTRIES = [
    ("Russia", "Russian"), ("China", "Chinese"), ("Afghanistan", "Afghan"), ("Iran", "Iranian"),
    ("Pakistan", "Pakistani"), ("India", "Indian"), ("Turkey", "Turkish"), ("Germany", "German"),
    ("France", "French"), ("Japan", "Japanese"), ("Uzbekistan", "Uzbek"), ("Kazakhstan", "Kazakh"),
    ("Tajikistan", "Tajik"), ("Egypt", "Egyptian"), ("Brazil", "Brazilian"), ("Qatar", "Qatari"),
    ("Jordan", "Jordanian"), ("Kenya", "Kenyan"), ("Nepal", "Nepalese"), ("Iraq", "Iraqi"),
    ("Italy", "Italian"), ("Spain", "Spanish"), ("Mongolia", "Mongolian"), ("Serbia", "Serbian"),
    ("Morocco", "Moroccan"), ("Oman", "Omani"), ("Georgia", "Georgian"), ("Armenia", "Armenian"),
    ("Canada", "Canadian"), ("Nigeria", "Nigerian"),
]  # fmt: skip
GOODS = ["wheat", "oil", "cement", "steel", "cotton", "fertiliser", "copper", "coal", "rice", ""]
TEMPLATES = [
    "{da} {good} exports to {b} reached ${v} million in {y}.",
    "{b}'s imports of {da} {good} were worth ${v} million in {y}.",
    "Aid from {a} to {b} totalled ${v} million in {y}.",
    "{a}'s investment in {db} {good} mining was about ${v} million in {y}.",
    "{a} produced {v} thousand tonnes of {good} in {y}.",
]
# Analysis prose between figures: each article's own words, as in real bodies (shared template
# sentences alone would make every article look like a copy of every other).
FILLER_WORDS = 60
FILLER = [
    f"{a}{b}"
    for a in ("re", "con", "de", "pro", "in", "ex", "sub", "trans", "inter", "per")
    for b in (
        "gional",
        "flict",
        "velop",
        "gress",
        "fluence",
        "port",
        "sidy",
        "port",
        "est",
        "spective",
        "ference",
        "sumption",
        "ception",
        "vision",
        "tention",
    )
] * 3
FILLER = [w + str(i) for i, w in enumerate(FILLER)]  # 450 distinct words


# Templates stating one family of measure: (template indexes); production has no partner.
FAMILIES = ((0, 1), (2,), (3,), (4,))


def _measures(
    n: int, rng: random.Random
) -> list[tuple[tuple[int, ...], int, int, int, int, float]]:
    """n distinct measures (family, country pair, good, year), each with its true value: two
    measures never share a frame, so every conflict comes from a planted disagreement."""
    seen: set[tuple[int, int, int, int, int]] = set()
    out = []
    while len(out) < n:
        fam = rng.randrange(len(FAMILIES))
        a, b = rng.sample(range(len(COUNTRIES)), 2)
        if FAMILIES[fam] == (4,):
            b = -1
        good = 0 if FAMILIES[fam] == (2,) else rng.randrange(len(GOODS))  # aid names no good
        key = (fam, a, b, good, rng.randint(1995, 2024))
        if key in seen:
            continue
        seen.add(key)
        out.append((FAMILIES[fam], a, max(b, 0) if b >= 0 else (a + 1) % len(COUNTRIES),
                    key[3], key[4], round(rng.uniform(5, 900), 1)))  # fmt: skip
    return out


def build(db: Path, n_figures: int, seed: int = 1) -> None:
    """Write n_figures claims with one figure each, FIGURES_PER_ARTICLE per article."""
    open_db(str(db)).dispose()  # schema at head
    rng = random.Random(seed)
    measures = _measures(max(1, int(n_figures * MEASURES_PER_FIGURE)), rng)
    weights = [1 / (i + ZIPF_OFFSET) ** ZIPF for i in range(len(measures))]
    picks = rng.choices(range(len(measures)), weights=weights, k=n_figures)
    con = sqlite3.connect(db)
    con.execute("PRAGMA journal_mode=WAL")
    con.execute("PRAGMA synchronous=NORMAL")
    articles, claims, figures = [], [], []
    body: list[str] = []
    for i, m in enumerate(picks):
        aid = i // FIGURES_PER_ARTICLE + 1
        templates, a, b, g, y, v = measures[m]
        t = rng.choice(templates)
        if rng.random() < WRONG_SHARE:
            v = round(v * rng.choice((0.5, 1.8)), 1)
        a_name, a_dem = COUNTRIES[a]
        b_name, b_dem = COUNTRIES[b]
        text = TEMPLATES[t].format(a=a_name, b=b_name, da=a_dem, db=b_dem, good=GOODS[g] or "goods",
                                   v=f"{v:g}", y=y).replace("  ", " ")  # fmt: skip
        pos = sum(len(s) + 1 for s in body)
        fig = f"${v:g} million" if "$" in text else f"{v:g} thousand tonnes"
        fs = text.index(fig)
        claims.append((i + 1, aid, len(body), hashlib.sha1(f"{i}{text}".encode()).hexdigest()[:16],
                       text, pos, pos + len(text), "figure"))  # fmt: skip
        money = fig.startswith("$")
        figures.append((i + 1, i + 1, aid, fig, pos + fs, pos + fs + len(fig),
                        v * (1e6 if money else 1e3), None, "USD" if money else "metric ton",
                        "money" if money else "quantity", "about" if "about" in text else None,
                        None, None, str(y), f"0|{y}0101|{y}1231|"))  # fmt: skip
        body.append(text)
        body.append(" ".join(rng.choice(FILLER) for _ in range(FILLER_WORDS)) + ".")
        if (i + 1) % FIGURES_PER_ARTICLE == 0 or i + 1 == len(picks):
            text_body = " ".join(body)
            articles.append((aid, f"synthetic/{aid:07d}.txt", hashlib.sha256(
                f"{aid}{text_body}".encode()).hexdigest(), f"Article {aid}",
                f"2025-{aid % 12 + 1:02d}-01", text_body, EXTRACTOR_VERSION))  # fmt: skip
            body = []
    with con:
        con.executemany(
            "INSERT INTO articles (id, source, content_hash, title, published, body, "
            "extractor_version) VALUES (?, ?, ?, ?, ?, ?, ?)",
            articles,
        )
        con.executemany(
            'INSERT INTO claims (id, article_id, ordinal, "key", text, "start", "end", kind) '
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            claims,
        )
        con.executemany(
            'INSERT INTO figures (id, claim_id, article_id, text, "start", "end", value, '
            "value_high, unit, kind, qualifier, measure, measure_key, period, period_key) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", figures)  # fmt: skip
    con.execute("ANALYZE")
    con.close()


def run(n_figures: int, runs: int, workdir: Path) -> dict[str, float]:
    db = workdir / f"bench_{n_figures}.db"
    t = time.perf_counter()
    build(db, n_figures)
    built = time.perf_counter() - t
    engine = open_db(str(db))
    t = time.perf_counter()
    with write_connection(engine) as conn, conn.begin():
        index_articles(conn)
    indexed = time.perf_counter() - t
    times, found = [], 0
    for _ in range(runs):
        t = time.perf_counter()
        result = detect_conflicts(engine)
        times.append(time.perf_counter() - t)
        found = result.found
    engine.dispose()
    body_mb = (
        sqlite3.connect(db).execute("SELECT sum(length(body)) FROM articles").fetchone()[0] / 1e6
    )
    return {
        "figures": n_figures,
        "build_s": built,
        "index_s": indexed,
        "index_mb_s": body_mb / indexed,
        "detect_median_s": statistics.median(times),
        "detect_runs": times,
        "conflicts": found,
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--figures", type=int, nargs="+", default=[100_000, 1_000_000])
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    results = []
    with tempfile.TemporaryDirectory(prefix="bench_conflicts_") as tmp:
        for n in args.figures:
            r = run(n, args.runs, Path(tmp))
            results.append(r)
            runs = ", ".join(f"{x:.2f}" for x in r["detect_runs"])
            print(
                f"{n:>9,} figures: build {r['build_s']:.1f}s, index {r['index_s']:.1f}s "
                f"({r['index_mb_s']:.2f} MB/s of body text), "
                f"detect median {r['detect_median_s']:.2f}s (runs {runs}), "
                f"{r['conflicts']} conflicts",
                flush=True,
            )
    if len(results) > 1:
        a, b = results[0], results[-1]
        print(
            f"growth {a['figures']:,} -> {b['figures']:,} ({b['figures'] / a['figures']:.0f}x "
            f"figures): detect {b['detect_median_s'] / a['detect_median_s']:.1f}x, "
            f"index {b['index_s'] / a['index_s']:.1f}x"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
