"""Switching a new SQLite file to WAL waits out another process holding its lock."""

from __future__ import annotations

import sqlite3
import threading
from pathlib import Path

import pytest

from factbase.db import engine


def test_wal_switch_retries_while_the_file_is_locked(tmp_path: Path) -> None:
    path = tmp_path / "new.db"
    holder = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
    holder.execute("BEGIN EXCLUSIVE")  # another process in the middle of creating the file
    con = sqlite3.connect(path, isolation_level=None)
    con.execute("PRAGMA busy_timeout=0")  # the failure mode: "locked" at once, no busy handler
    with pytest.raises(sqlite3.OperationalError, match="locked"):
        con.execute("PRAGMA journal_mode=WAL")
    timer = threading.Timer(0.3, holder.execute, ("COMMIT",))
    timer.start()
    engine._wal(con.cursor())
    timer.join()
    assert con.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    holder.close()
    con.close()


def test_wal_switch_gives_up_on_other_errors(tmp_path: Path) -> None:
    con = sqlite3.connect(tmp_path / "x.db")
    con.close()
    with pytest.raises(sqlite3.ProgrammingError):
        engine._wal(con.cursor())  # a closed connection: not a lock to wait out
