"""Corroboration: consistent reports from independent sources; syndicated copies count once."""

from __future__ import annotations

from pathlib import Path

import pytest
import sqlalchemy as sa

from factbase.analysis.conflicts import detect_conflicts
from factbase.analysis.corroboration import count_for_claim, find_corroborations
from factbase.db.engine import open_db
from factbase.loader import ingest_paths

SETS = Path(__file__).resolve().parents[1] / "articles" / "conflicts"


@pytest.fixture
def set3(db_url: str) -> sa.Engine:
    engine = open_db(db_url)
    ingest_paths(engine, [SETS / "set3"])
    detect_conflicts(engine)
    yield engine
    engine.dispose()


def _claim_id(engine: sa.Engine, article: str, text: str) -> int:
    with engine.connect() as conn:
        return conn.execute(
            sa.text(
                "SELECT c.id FROM claims c JOIN articles a ON a.id = c.article_id "
                "WHERE a.source LIKE :a AND c.text LIKE :t"
            ),
            {"a": f"%{article}", "t": f"%{text}%"},
        ).scalar_one()


def test_consistent_figures_from_two_sources(set3: sa.Engine) -> None:
    groups = find_corroborations(set3)
    cement = [g for g in groups if g["kind"] == "numeric" and "cement" in g["what"]]
    assert len(cement) == 1
    [group] = cement
    # c2 and c3 agree on 2.1 million tonnes; c5 is a syndicated copy of c3: one source more
    # claims, not one source more.
    assert group["sources"] == 2
    assert {Path(c["article"]).name for c in group["claims"]} == {
        "c2_web_report.txt",
        "c3_markdown.txt",
        "c5_syndicated_copy.txt",
    }
    assert all(c["figure"] == "2.1 million tonnes" for c in group["claims"])


def test_syndicated_copies_alone_corroborate_nothing(set3: sa.Engine) -> None:
    groups = find_corroborations(set3)
    share = [g for g in groups if "fuel" in g["what"]]
    assert share == []  # 41 percent appears only in c3 and its copy c5


def test_count_for_claim(set3: sa.Engine) -> None:
    cement = _claim_id(set3, "c2_web_report.txt", "cement to Afghanistan fell to 2.1 million")
    lone = _claim_id(set3, "c3_markdown.txt", "41 percent")
    with set3.connect() as conn:
        assert count_for_claim(conn, cement) == 1
        assert count_for_claim(conn, lone) == 0  # its only echo is a syndicated copy
        assert count_for_claim(conn, 10**9) == 0


def test_events_corroborate_when_dates_agree(tmp_path: Path) -> None:
    engine = open_db(str(tmp_path / "s2.db"))
    ingest_paths(engine, [SETS / "set2"])
    detect_conflicts(engine)
    groups = find_corroborations(engine)
    credentials = [g for g in groups if g["kind"] == "date" and "accept" in g["what"]]
    # "in January 2024" and "on 30 January 2024": one event, two sources
    assert credentials and credentials[0]["sources"] == 2
    mes_aynak = [g for g in groups if "aynak" in g["what"].lower()]
    assert mes_aynak == []  # July 2023 vs February 2024 is a conflict, not a corroboration
    engine.dispose()


def test_each_claim_shows_its_own_figure_of_the_group(tmp_path: Path) -> None:
    """A claim holding figures of two groups (tonnes of oil and $ of trade) shows, in each
    group, the figure that belongs to that group: never tonnes among dollars."""
    engine = open_db(str(tmp_path / "c.db"))
    ingest_paths(engine, [SETS / "set1"])
    detect_conflicts(engine)
    groups = [g for g in find_corroborations(engine) if g["kind"] == "numeric"]
    engine.dispose()
    assert groups
    for g in groups:
        figures = [c["figure"] for c in g["claims"]]
        assert all(f and f in c["text"] for f, c in zip(figures, g["claims"], strict=True))
        money = {("$" in f or "dollar" in f) for f in figures}
        assert len(money) == 1, (g["what"], figures)
