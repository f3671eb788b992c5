"""Commands that bring articles in and manage the database: ingest, extract, db, stats."""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from factbase import sources
from factbase.cli import DbOption, FormatOption, app, database, resolve_db, user_errors
from factbase.errors import InputError
from factbase.records import Metadata

if TYPE_CHECKING:
    from factbase.db.store import Totals
from factbase.render import Format, err, json_out, table_out


def _date_option(value: str | None) -> dt.date | None:
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise typer.BadParameter(f"{value!r} is not a date; use YYYY-MM-DD.") from None


@app.command()
def ingest(
    ctx: typer.Context,
    paths: Annotated[list[Path], typer.Argument(help="Files or directories (.txt, .md).")],
    db: DbOption = None,
    force: Annotated[
        bool, typer.Option("--force", help="Re-extract articles already stored.")
    ] = False,
    title: Annotated[str | None, typer.Option(help="Override the title.")] = None,
    author: Annotated[str | None, typer.Option(help="Override the author.")] = None,
    published: Annotated[str | None, typer.Option(help="Override the date (YYYY-MM-DD).")] = None,
    publisher: Annotated[str | None, typer.Option(help="Override the publisher.")] = None,
    url: Annotated[str | None, typer.Option(help="Override the URL.")] = None,
    max_bytes: Annotated[
        int, typer.Option("--max-bytes", help="Refuse files larger than this.", min=1)
    ] = sources.DEFAULT_MAX_BYTES,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress bar.")] = False,
    jobs: Annotated[
        int, typer.Option("--jobs", "-j", help="Parsing processes (0: one per spare core).", min=0)
    ] = 0,
) -> None:
    """Extract articles and store them, each atomically.  Example: factbase ingest seeds/"""
    from factbase.db.engine import open_db
    from factbase.loader import Event, Interrupted, default_jobs, ingest_paths

    overrides = Metadata(
        title=title, author=author, published=_date_option(published), publisher=publisher, url=url
    )
    with user_errors():
        engine = open_db(resolve_db(ctx, db))
        progress = Progress(
            TextColumn("[progress.description]{task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
            console=err,
            transient=True,
            disable=quiet,
        )

        changed: list[int] = []  # articles whose claims changed: conflict detection runs on them

        def on_event(e: Event) -> None:
            if e.result is not None and e.result.status != "unchanged":
                changed.append(e.result.article_id)
            progress.advance(task)
            if e.error:
                progress.console.print(f"failed: {e.error}", markup=False)

        try:
            with progress:
                task = progress.add_task("ingesting", total=None)
                totals = ingest_paths(
                    engine,
                    paths,
                    overrides=overrides,
                    force=force,
                    max_bytes=max_bytes,
                    on_event=on_event,
                    jobs=jobs or default_jobs(),
                )
        except Interrupted as stop:
            _summary(stop.totals)
            err.print("Interrupted: stopped after the current article; all stored work is kept.")
            raise typer.Exit(130) from None
        finally:
            engine.dispose()
        _summary(totals)
        # Conflict detection, incremental: the groups that new or re-extracted articles touch,
        # plus articles stored by an interrupted run and never indexed; so it runs even when
        # nothing changed. Decisions on earlier conflicts are kept.
        from factbase.analysis.conflicts import detect_conflicts

        try:
            found = detect_conflicts(engine, article_ids=changed)
        finally:
            engine.dispose()
        err.print(
            f"conflicts: {found.new} new, {found.reopened} reopened "
            f"({found.found} found among these articles' groups)",
            markup=False,
        )
        if totals.failed:
            raise typer.Exit(1)


def _summary(t: Totals) -> None:
    err.print(
        f"articles: {t.new} new, {t.updated} updated, {t.unchanged} unchanged, {t.failed} failed; "
        f"stored {t.claims} claims, {t.figures} figures, {t.citations} citations",
        markup=False,
    )


class ExtractFormat(StrEnum):
    json = "json"
    table = "table"


@app.command()
def extract(
    paths: Annotated[list[Path], typer.Argument(help="Article files or directories.")],
    fmt: Annotated[
        ExtractFormat, typer.Option("--format", "-f", help="Output format.", case_sensitive=False)
    ] = ExtractFormat.table,
    max_bytes: Annotated[int, typer.Option("--max-bytes", min=1)] = sources.DEFAULT_MAX_BYTES,
) -> None:
    """Run the extraction pipeline without a database.  Example: factbase extract -f json a.txt"""
    from factbase.ingest import extract as extract_doc

    docs = []
    failed = 0
    with user_errors():
        for item in sources.iter_paths(paths):
            if isinstance(item, sources.SourceFailure):
                err.print(f"Error: {item.message}", markup=False)
                failed += 1
                continue
            try:
                raw = sources.read_article(item, max_bytes=max_bytes)
                meta = sources.load_sidecar(item)
            except InputError as exc:
                err.print(f"Error: {exc}", markup=False)
                failed += 1
                continue
            docs.append(extract_doc(raw, str(item), meta))
        if fmt == ExtractFormat.json:
            json_out([d.as_dict() for d in docs])
        else:
            for d in docs:
                m = d.metadata
                table_out(
                    f"{d.source}: {m.title or '(no title)'} | {m.author or '?'} | "
                    f"{m.published or '?'} | {m.publisher or '?'}",
                    ["#", "kind", "claim"],
                    ([c.index, c.kind, c.text] for c in d.claims),
                    wrap={"claim": 40},
                )
                if d.figures:
                    table_out(
                        None,
                        ["claim", "figure", "value", "unit", "qualifier", "measure", "period"],
                        (
                            [
                                f.claim,
                                f.text,
                                f"{f.value:g}" if f.value is not None else "",
                                f.unit,
                                f.qualifier,
                                f.measure,
                                f.period,
                            ]
                            for f in d.figures
                        ),
                    )
                if d.citations:
                    table_out(
                        None,
                        ["claim", "kind", "marker", "source", "url"],
                        (
                            [c.claim, c.kind, c.marker, c.source_name or c.author, c.url]
                            for c in d.citations
                        ),
                    )
    if failed:
        raise typer.Exit(1)


db_app = typer.Typer(
    help="Show or change the database schema revision (Alembic).", no_args_is_help=True
)
app.add_typer(db_app, name="db")


@db_app.command("upgrade")
def db_upgrade(
    ctx: typer.Context,
    revision: Annotated[str, typer.Argument(help="Target revision.")] = "head",
    db: DbOption = None,
) -> None:
    """Upgrade the schema (factbase also does this whenever it opens a database)."""
    from factbase.db.engine import open_db, upgrade

    with user_errors():
        engine = open_db(resolve_db(ctx, db), upgrade_schema=False)
        upgrade(engine, revision)
        err.print(f"upgraded to {revision}")


@db_app.command("downgrade")
def db_downgrade(
    ctx: typer.Context,
    revision: Annotated[str, typer.Argument(help="Target revision, e.g. base or -1.")],
    db: DbOption = None,
) -> None:
    """Downgrade the schema to REVISION (data in dropped tables is lost)."""
    from alembic import command

    from factbase.db.engine import alembic_config, open_db

    with user_errors():
        engine = open_db(resolve_db(ctx, db), upgrade_schema=False)
        cfg = alembic_config()
        with engine.connect() as conn:
            cfg.attributes["connection"] = conn
            command.downgrade(cfg, revision)
            conn.commit()
        err.print(f"downgraded to {revision}")


@db_app.command("current")
def db_current(ctx: typer.Context, db: DbOption = None) -> None:
    """Print the database's schema revision and the code's head revision."""
    from factbase.db.engine import check_revision, head_revision, make_engine, to_url

    with user_errors():
        engine = make_engine(to_url(resolve_db(ctx, db)))
        rev = check_revision(engine)
        typer.echo(f"{rev or 'base'} (head: {head_revision()})")


@app.command()
def stats(ctx: typer.Context, db: DbOption = None, fmt: FormatOption = Format.table) -> None:
    """Counts of articles, claims, figures, citations, conflicts; top entities and publishers."""
    from factbase.analysis.stats import collect_stats

    with user_errors():
        with database(ctx, db) as engine:
            data = collect_stats(engine)
        if fmt == Format.json:
            json_out(data)
            return
        table_out("factbase", ["what", "count"], list(data["counts"].items()))
        if data["older_extraction"]:
            typer.echo(
                f"{data['older_extraction']} articles were extracted by an older factbase: "
                "run `factbase ingest --force PATHS` to extract them again.",
                err=True,
            )
        if data["conflicts_by_status"]:
            table_out(
                "conflicts by status",
                ["status", "count"],
                list(data["conflicts_by_status"].items()),
            )
        table_out(
            "top entities", ["entity", "claims"], [list(r.values()) for r in data["top_entities"]]
        )
        table_out(
            "top publishers",
            ["publisher", "articles"],
            [list(r.values()) for r in data["top_publishers"]],
        )
