"""A schema upgrade holds its write lock from the first read of the revision to the end."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import event, inspect

from factbase.db import engine as fb_engine


def test_a_sqlite_upgrade_is_one_transaction(tmp_path: Path) -> None:
    """Alembic commits after each migration on SQLite unless told its DDL is transactional;
    each commit released the lock, and a second process opening the new file at once read the
    half-built revision and ran the next migration too ("table ... already exists")."""
    eng = fb_engine.make_engine(fb_engine.to_url(str(tmp_path / "new.db")))
    commits: list[str] = []
    event.listen(eng, "commit", lambda conn: commits.append("commit"))
    try:
        fb_engine.upgrade(eng)
        assert len(commits) == 1
        assert "article_sketches" in inspect(eng).get_table_names()
        with eng.connect() as conn:
            assert fb_engine.current_revision(conn) == fb_engine.head_revision()
    finally:
        eng.dispose()
