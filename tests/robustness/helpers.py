"""Helpers for the robustness tests: a small varied corpus, row counts, integrity checks, CLI runs.

Tests reach this module through the ``h`` fixture (see conftest.py), so it works under any
pytest import mode. Subprocess runs use ``python -m factbase`` with the repository on
PYTHONPATH, exactly what a user's shell would run.
"""

from __future__ import annotations

import contextlib
import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import pytest
import sqlalchemy as sa

ROOT = Path(__file__).resolve().parents[2]
SEEDS = ROOT / "seeds"
ARTICLES = ROOT / "tests" / "articles"
CHILD_TABLES = ("claims", "figures", "citations", "claim_entities")
COUNTED = ("articles", *CHILD_TABLES)

# Made-up facts for generated articles: every article gets a unique title and figures, so
# content hashes never collide and a rerun's final counts are comparable to a clean run's.
COUNTRIES = ("Uzbekistan", "Tajikistan", "Kazakhstan", "Pakistan", "Iran", "Turkmenistan")
THINGS = ("wheat exports", "power imports", "rail freight", "gas deliveries", "cement output")
PEOPLE = ("Amina Rahimi", "Oleg Petrov", "Li Wen", "Sara Haidari", "John Mercer")
OUTLETS = ("Steppe Monitor", "Kabul Ledger", "Eurasia Brief", "The Corridor Review")


def _news(rng: random.Random, i: int) -> str:
    c1, c2 = rng.sample(COUNTRIES, 2)
    thing = rng.choice(THINGS)
    return (
        f"Home\nLatest\nPolitics\n\n{c1} and {c2} agree on {thing} deal number {i}\n\n"
        f"By {rng.choice(PEOPLE)}\n\n{rng.randint(1, 28)} March 202{rng.randint(0, 4)}\n\n"
        f"{c1} said on Monday that its {thing} to {c2} rose by {rng.randint(2, 60)}% "
        f"in 202{rng.randint(0, 3)}, reaching ${rng.randint(10, 900)} million. "
        f"Officials in {c2} expect a further {rng.randint(100, 9000)} tonnes next year.\n\n"
        f'"We are ready to do more," the minister told {rng.choice(OUTLETS)}. '
        f"Analysts were not convinced.\n\n"
        "This website uses cookies to improve your experience.\n"
    )


def _ocr(rng: random.Random, i: int) -> str:
    c1 = rng.choice(COUNTRIES)
    year = rng.randint(2001, 2023)
    return (
        f" The {rng.choice(THINGS)} of {c1} |\nhave grown steadily since\n{year}, "
        f"when the first report (no. {i}) was\n\npublished. The ministry put the total at "
        f"about\n{rng.randint(2, 90)}.{rng.randint(1, 9)} billion US dollars.! Critics "
        f"disputed\nthe figure of {rng.randint(11, 99)} per cent.?\n\n"
        f"! {rng.choice(PEOPLE)}. “Report {i}.” {rng.choice(OUTLETS)}, May 2, {year}.\n"
        f"https://example.org/reports/{i}\n"
    )


def _markdown(rng: random.Random, i: int) -> str:
    c1, c2 = rng.sample(COUNTRIES, 2)
    return (
        f"Author: [{rng.choice(PEOPLE)}](#)\n\n0{rng.randint(1, 9)}.05.2024\n\n"
        f"# Why {c1} courts {c2} (brief {i})\n\n"
        f"Trade between the two was worth **{rng.randint(10, 99)}.{rng.randint(0, 9)} "
        f"million USD** in 2021, and a \\${rng.randint(2, 80)} million loan followed. "
        f"The \\*new\\* corridor carries {rng.randint(3, 40)} trains a week.\n"
    )


STYLES = (_news, _ocr, _markdown)
FILLER = (
    "The talks in {c} were described as constructive by both delegations.",
    "Observers noted that {c} had made similar promises in earlier years.",
    "A spokesperson for the {c} foreign ministry declined to comment on the timetable.",
    "Local traders in {c} said prices had barely moved since the announcement.",
    "Critics argue that the plan depends on security guarantees that nobody can give.",
)


def _filler(rng: random.Random, paragraphs: int) -> str:
    """Figure-free prose so articles have realistic length without extra figures."""
    return "\n\n".join(
        " ".join(rng.choice(FILLER).format(c=rng.choice(COUNTRIES)) for _ in range(4))
        for _ in range(paragraphs)
    )


def write_corpus(
    directory: Path, n: int, seed: int = 0, start: int = 0, filler: int = 3
) -> list[Path]:
    """Write ``n`` unique articles (three seed styles, made-up facts) into ``directory``;
    ``filler`` paragraphs of figure-free prose make each about 1-2 KB."""
    directory.mkdir(parents=True, exist_ok=True)
    rng = random.Random(seed)
    paths = []
    for i in range(start, start + n):
        path = directory / f"gen_{i:05d}.txt"
        text = STYLES[i % len(STYLES)](rng, i) + "\n" + _filler(rng, filler) + "\n"
        path.write_text(text, encoding="utf-8")
        paths.append(path)
    return paths


def sqlite_counts(db: str | Path) -> dict[str, int]:
    """Row counts per table, read without factbase (no upgrade, no writes)."""
    con = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        return {t: con.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in COUNTED}
    finally:
        con.close()


def counts(db: str) -> dict[str, int]:
    """Row counts on either backend (a SQLite path or a SQLAlchemy URL)."""
    if "://" not in db:
        return sqlite_counts(db)
    from factbase.db.engine import make_engine, to_url

    engine = make_engine(to_url(db))
    try:
        with engine.connect() as conn:
            return {t: conn.execute(sa.text(f"SELECT count(*) FROM {t}")).scalar_one()
                    for t in COUNTED}
    finally:
        engine.dispose()


ORPHAN_QUERIES = {
    "claims": "SELECT count(*) FROM claims WHERE article_id NOT IN (SELECT id FROM articles)",
    "figures": "SELECT count(*) FROM figures WHERE claim_id NOT IN (SELECT id FROM claims) "
    "OR article_id NOT IN (SELECT id FROM articles)",
    "citations": "SELECT count(*) FROM citations WHERE article_id NOT IN (SELECT id FROM articles)",
    "claim_entities": "SELECT count(*) FROM claim_entities "
    "WHERE claim_id NOT IN (SELECT id FROM claims)",
}


def assert_sqlite_sound(db: str | Path) -> None:
    """integrity_check ok, no foreign-key violations, no orphans, FTS index consistent."""
    con = sqlite3.connect(str(db))
    try:
        assert con.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        assert con.execute("PRAGMA foreign_key_check").fetchall() == []
        for table, sql in ORPHAN_QUERIES.items():
            assert con.execute(sql).fetchone()[0] == 0, f"orphan rows in {table}"
        # Raises sqlite3.DatabaseError ("database disk image is malformed") when the external-
        # content FTS index disagrees with the claims table.
        con.execute("INSERT INTO claims_fts(claims_fts) VALUES('integrity-check')")
        fts = con.execute("SELECT count(*) FROM claims_fts").fetchone()[0]
        assert fts == con.execute("SELECT count(*) FROM claims").fetchone()[0]
    finally:
        con.close()


def cli_env(**extra: str) -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), env.get("PYTHONPATH")]))
    env.pop("FACTBASE_DEBUG", None)  # users' view: one line per error, no traceback
    env.update(NO_COLOR="1", COLUMNS="100", PYTHONUNBUFFERED="1", **extra)
    return env


@dataclass
class Run:
    returncode: int
    stdout: str
    stderr: str


def run_cli(*args: str, timeout: float = 120, prefix: tuple[str, ...] = ()) -> Run:
    """``python -m factbase ARGS`` in a fresh process; ``prefix`` wraps it (e.g. setpriv)."""
    proc = subprocess.run(
        [*prefix, sys.executable, "-m", "factbase", *args],
        capture_output=True, text=True, timeout=timeout, env=cli_env(), cwd=ROOT,
    )
    return Run(proc.returncode, proc.stdout, proc.stderr)


def start_cli(*args: str, stderr_path: Path | None = None) -> subprocess.Popen[str]:
    """Start ``python -m factbase ARGS`` in its own process group (as a terminal would)."""
    return subprocess.Popen(
        [sys.executable, "-m", "factbase", *args],
        stdout=subprocess.PIPE,
        stderr=open(stderr_path, "w") if stderr_path else subprocess.PIPE,
        text=True, env=cli_env(), cwd=ROOT, start_new_session=True,
    )


def articles_stored(db: Path) -> int:
    """Articles committed so far, or 0 while the database is still being created."""
    if not db.exists():
        return 0
    try:
        con = sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=1)
        try:
            return con.execute("SELECT count(*) FROM articles").fetchone()[0]
        finally:
            con.close()
    except sqlite3.Error:
        return 0


def wait_for_articles(db: Path, proc: subprocess.Popen[str], at_least: int,
                      timeout: float = 60) -> int:
    """Poll the database until ``at_least`` articles are committed; fail if the run ends first."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        n = articles_stored(db)
        if n >= at_least:
            return n
        if proc.poll() is not None:
            pytest.fail(f"ingest ended (status {proc.returncode}) before {at_least} articles")
        time.sleep(0.02)
    pytest.fail(f"fewer than {at_least} articles after {timeout} s")


def children_of(pid: int) -> list[int]:
    """Live processes whose parent is ``pid`` (Linux /proc)."""
    out = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        # Field 4 is the parent pid; the command name (field 2) may hold spaces, so split after ')'.
        fields = stat.rsplit(")", 1)[1].split()
        if int(fields[1]) == pid and fields[0] != "Z":
            out.append(int(entry.name))
    return out


def group_alive(pgid: int) -> list[int]:
    """Live (non-zombie) processes in process group ``pgid``."""
    out = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[3]) == pgid and fields[0] != "Z":
            out.append(int(entry.name))
    return out


def kill_group(proc: subprocess.Popen[str], sig: int = signal.SIGKILL) -> None:
    with contextlib.suppress(ProcessLookupError):  # it already ended
        os.killpg(proc.pid, sig)
