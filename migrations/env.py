"""Alembic environment for factbase.

Metadata comes from ``factbase.db.models``. The connection is the one factbase hands over
(``config.attributes["connection"]``) when it upgrades on open; run by hand, the URL comes
from ``-x db=PATH_OR_URL``, else ``sqlalchemy.url``, else $FACTBASE_DB, else ./factbase.db.
"""

from __future__ import annotations

import os
from typing import Any

from alembic import context

from factbase.db.engine import DEFAULT_DB, make_engine, to_url
from factbase.db.models import FTS_OBJECTS, Base

config = context.config
target_metadata = Base.metadata


def include_object(
    obj: Any, name: str | None, type_: str, reflected: bool, compare_to: Any
) -> bool:
    """Leave the full-text objects (made by hand in the migrations) out of autogenerate."""
    if name is None:
        return True
    return not (name in FTS_OBJECTS or name.startswith("claims_fts"))


def _configure(connection: Any) -> None:
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=True,
        compare_type=True,
        include_object=include_object,
        # SQLite's DDL is transactional, but Alembic assumes not and commits after each
        # migration, releasing the write lock factbase's upgrade() holds: a second process
        # opening a new file then read revision 0001 between two commits and ran 0002 too.
        # One transaction for the whole upgrade keeps the lock to the end.
        transactional_ddl=True,
    )


def run_migrations_online() -> None:
    connection = config.attributes.get("connection")
    if connection is not None:
        _configure(connection)
        with context.begin_transaction():
            context.run_migrations()
        return
    x_args = context.get_x_argument(as_dictionary=True)
    url = x_args.get("db") or config.get_main_option("sqlalchemy.url")
    url = to_url(url or os.environ.get("FACTBASE_DB") or DEFAULT_DB)
    engine = make_engine(url)
    with engine.connect() as conn:
        _configure(conn)
        with context.begin_transaction():
            context.run_migrations()
    engine.dispose()


if context.is_offline_mode():
    raise SystemExit("factbase migrations run online only: pass -x db=PATH_OR_URL")
run_migrations_online()
