"""The ``factbase`` command line: options in, one library call, render out.

Commands live in submodules that register on ``app``; this module holds what they share:
the ``--db`` option (accepted before and after the subcommand), ``--format``, and
``user_errors()``, which turns FactbaseError into a one-line message and exit status 1.
"""

from __future__ import annotations

import contextlib
import os
import sys
from collections.abc import Iterator
from typing import Annotated, Any

import typer

from factbase import __version__
from factbase.errors import FactbaseError
from factbase.render import Format, err

app = typer.Typer(
    name="factbase",
    help="A claim-and-source fact-tracking database: who claimed what, where, with which "
    "numbers, on whose authority.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)

DbOption = Annotated[
    str | None,
    typer.Option(
        "--db",
        help="Database: a SQLite file path or a postgresql:// URL "
        "[default: $FACTBASE_DB or ./factbase.db].",
        show_default=False,
    ),
]
FormatOption = Annotated[
    Format, typer.Option("--format", "-f", help="Output format.", case_sensitive=False)
]


def _version(value: bool) -> None:
    if value:
        typer.echo(f"factbase {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    ctx: typer.Context,
    db: Annotated[
        str | None,
        typer.Option(
            "--db", envvar="FACTBASE_DB", help="Database for every command.", show_default=False
        ),
    ] = None,
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Show the version.")
    ] = False,
) -> None:
    ctx.obj = {"db": db}


def resolve_db(ctx: typer.Context, db: str | None) -> str:
    """--db after the command, else --db before it (or $FACTBASE_DB), else ./factbase.db."""
    if db:
        return db
    root = ctx.find_root()
    if root.obj and root.obj.get("db"):
        return str(root.obj["db"])
    return os.environ.get("FACTBASE_DB") or "factbase.db"


@contextlib.contextmanager
def database(ctx: typer.Context, db: str | None) -> Iterator[Any]:
    """The command's database, opened (and upgraded) on entry and disposed on exit."""
    from factbase.db.engine import open_db

    engine = open_db(resolve_db(ctx, db))
    try:
        yield engine
    finally:
        engine.dispose()


@contextlib.contextmanager
def user_errors() -> Iterator[None]:
    """One line on stderr and exit 1 for expected errors; bugs say how to see the traceback."""
    try:
        yield
    except FactbaseError as exc:
        err.print(f"Error: {exc}", markup=False)
        raise typer.Exit(exc.exit_code) from None
    except (typer.Exit, typer.Abort, KeyboardInterrupt):
        raise
    except Exception as exc:
        if os.environ.get("FACTBASE_DEBUG"):
            raise
        first = (str(exc).splitlines() or [""])[0]
        err.print(
            f"Error: unexpected {type(exc).__name__}: {first}. "
            "Set FACTBASE_DEBUG=1 for the traceback and report it.",
            markup=False,
        )
        raise typer.Exit(1) from None


def main() -> None:
    """Console-script entry point."""
    # Register the command modules (import for their side effect on ``app``).
    from factbase.cli import commands  # noqa: F401

    try:
        app()
    except BrokenPipeError:  # `factbase export ... | head`
        sys.stderr.close()
        sys.exit(0)


def load_commands() -> typer.Typer:
    """The app with every command registered (for CliRunner tests)."""
    from factbase.cli import commands  # noqa: F401

    return app
