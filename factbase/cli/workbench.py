"""The analyst's workbench: query, show, compare, review, export.

Each command parses options, makes one library call (factbase.analysis.*, factbase.export)
and renders: data on stdout, messages on stderr. Tables are built here with rich Text cells
so that article text is never read as console markup, and they fit an 80-column terminal.
"""

from __future__ import annotations

import datetime as dt
import sys
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.table import Table
from rich.text import Text

from factbase.cli import DbOption, FormatOption, app, database, user_errors
from factbase.errors import InputError
from factbase.render import Format, csv_out, err, json_out, out_console

if TYPE_CHECKING:
    from factbase.analysis.query import Filters

# The choices are spelled out here, not imported, so that `factbase --help` and every other
# command start without SQLAlchemy and Alembic (~0.4 s). tests/cli/test_workbench_cli.py pins
# them to factbase.db.models, factbase.export and factbase.analysis.query.
MAX_LIMIT = 10_000


class ClaimKindChoice(StrEnum):
    figure = "figure"
    event = "event"
    quote = "quote"
    statement = "statement"


class ReviewStatus(StrEnum):
    verified = "verified"
    disputed = "disputed"
    false = "false"
    needs_review = "needs-review"


class StatusChoice(StrEnum):
    verified = "verified"
    disputed = "disputed"
    false = "false"
    needs_review = "needs-review"
    unreviewed = "unreviewed"


class ExportKind(StrEnum):
    claims = "claims"
    figures = "figures"
    citations = "citations"
    conflicts = "conflicts"
    articles = "articles"


class ExportFormat(StrEnum):
    csv = "csv"
    json = "json"
    jsonl = "jsonl"


class ShowFormat(StrEnum):
    table = "table"
    json = "json"


def _date(value: str | None) -> str | None:
    if value is not None:
        try:
            dt.date.fromisoformat(value)
        except ValueError:
            raise typer.BadParameter(f"{value!r} is not a date; use YYYY-MM-DD.") from None
    return value


# Filter options shared by query and export.
ArticleOpt = Annotated[
    str | None, typer.Option("--article", help="Article id, or part of its source path/URL.")
]
PublisherOpt = Annotated[
    str | None, typer.Option("--publisher", help="Part of the publisher name.")
]
AuthorOpt = Annotated[str | None, typer.Option("--author", help="Part of the author name.")]
EntityOpt = Annotated[
    str | None, typer.Option("--entity", help="Entity mentioned (aliases resolve: US).")
]
KindOpt = Annotated[ClaimKindChoice | None, typer.Option("--kind", help="Claim kind.")]
SinceOpt = Annotated[
    str | None, typer.Option("--since", callback=_date, help="Published on or after YYYY-MM-DD.")
]
UntilOpt = Annotated[
    str | None, typer.Option("--until", callback=_date, help="Published on or before YYYY-MM-DD.")
]
UnitOpt = Annotated[str | None, typer.Option("--unit", help="Claims with a figure in this unit.")]
MinOpt = Annotated[float | None, typer.Option("--min", help="Claims with a figure >= this value.")]
MaxOpt = Annotated[float | None, typer.Option("--max", help="Claims with a figure <= this value.")]
StatusOpt = Annotated[
    StatusChoice | None, typer.Option("--status", help="Latest review status of the claim.")
]


def _filters(text: str | None, **kw: Any) -> Filters:
    from factbase.analysis.query import Filters

    for name in ("since", "until"):
        if kw[name] is not None:
            kw[name] = dt.date.fromisoformat(kw[name])
    for name in ("kind", "status"):
        if kw[name] is not None:
            kw[name] = str(kw[name].value)
    return Filters(text=text, **kw)


def _table(title: str | None, columns: list[tuple[str, dict[str, Any]]]) -> Table:
    table = Table(title=title, title_justify="left", expand=False, show_lines=False)
    for name, opts in columns:
        table.add_column(name, overflow="fold", **opts)
    return table


def _cell(value: Any) -> Text:
    return Text("" if value is None else str(value))


def _where(hit: dict[str, Any]) -> Text:
    who = hit.get("publisher") or hit.get("title") or Path(str(hit.get("source"))).name
    return Text(f"{who}\n{hit.get('published') or 'undated'} · article {hit['article_id']}")


# --- query ------------------------------------------------------------------------------

QUERY_CSV = (
    "id",
    "text",
    "highlighted",
    "score",
    "kind",
    "status",
    "article_id",
    "title",
    "source",
    "publisher",
    "published",
)


@app.command()
def query(
    ctx: typer.Context,
    text: Annotated[
        str | None,
        typer.Argument(help='Words, "phrases", prefix*, AND / OR / NOT, parentheses.'),
    ] = None,
    db: DbOption = None,
    article: ArticleOpt = None,
    publisher: PublisherOpt = None,
    author: AuthorOpt = None,
    entity: EntityOpt = None,
    kind: KindOpt = None,
    since: SinceOpt = None,
    until: UntilOpt = None,
    unit: UnitOpt = None,
    min_value: MinOpt = None,
    max_value: MaxOpt = None,
    status: StatusOpt = None,
    limit: Annotated[int, typer.Option("--limit", min=1, max=MAX_LIMIT, help="Hits to show.")] = 20,
    offset: Annotated[int, typer.Option("--offset", min=0, help="Hits to skip.")] = 0,
    fmt: FormatOption = Format.table,
) -> None:
    """Search claims, best match first (filters work with or without TEXT).

    Example: factbase query '"Russian exports" OR trade*' --since 2024-01-01
    """
    from factbase.analysis.query import search_claims

    with user_errors():
        filters = _filters(
            text,
            article=article,
            publisher=publisher,
            author=author,
            entity=entity,
            kind=kind,
            since=since,
            until=until,
            unit=unit,
            min=min_value,
            max=max_value,
            status=status,
        )
        with database(ctx, db) as engine:
            hits = search_claims(engine, filters, limit=limit, offset=offset)
    if fmt == Format.json:
        json_out(hits)
    elif fmt == Format.csv:
        csv_out(QUERY_CSV, ([h[c] for c in QUERY_CSV] for h in hits))
    else:
        table = _table(
            None,
            [
                ("id", {"justify": "right"}),
                ("claim", {"ratio": 3}),
                ("source", {"ratio": 1, "min_width": 14}),
            ],
        )
        for h in hits:
            claim = Text(h["text"])
            for s, e in h["matches"]:
                claim.stylize("bold", s, e)
            table.add_row(str(h["id"]), claim, _where(h))
        out_console().print(table)
    if not hits:
        err.print("no claims match.", markup=False)


# --- show -------------------------------------------------------------------------------

show_app = typer.Typer(help="Show one claim or article in full.", no_args_is_help=True)
app.add_typer(show_app, name="show")

ShowFormatOpt = Annotated[
    ShowFormat, typer.Option("--format", "-f", help="Output format.", case_sensitive=False)
]


def _kv(title: str, pairs: list[tuple[str, Any]]) -> Table:
    table = _table(title, [("field", {"style": "bold", "no_wrap": True}), ("value", {"ratio": 1})])
    for k, v in pairs:
        table.add_row(k, _cell(v))
    return table


def _rows_table(title: str, columns: list[str], rows: list[list[Any]], wide: str) -> Table:
    table = _table(title, [(c, {"ratio": 1} if c == wide else {}) for c in columns])
    for r in rows:
        table.add_row(*(_cell(v) for v in r))
    return table


@show_app.command("claim")
def show_claim(
    ctx: typer.Context,
    claim_id: Annotated[int, typer.Argument(help="Claim id (see factbase query).")],
    db: DbOption = None,
    fmt: ShowFormatOpt = ShowFormat.table,
) -> None:
    """A claim with its context, figures, citations, entities, reviews and conflicts."""
    from factbase.analysis.show import load_claim

    with user_errors(), database(ctx, db) as engine:
        data = load_claim(engine, claim_id)
    if fmt == ShowFormat.json:
        json_out(data)
        return
    a = data["article"]
    console = out_console()
    console.print(
        _kv(
            f"claim {data['id']}",
            [
                ("text", data["text"]),
                ("kind", data["kind"]),
                ("status", data["status"]),
                ("article", f"{a['id']}: {a['title'] or a['source']}"),
                ("publisher", a["publisher"]),
                ("published", a["published"]),
                ("author", a["author"]),
                ("previous", data["previous"]["text"] if data["previous"] else None),
                ("next", data["next"]["text"] if data["next"] else None),
                ("entities", ", ".join(data["entities"])),
                ("corroborations", data["corroborations"]),
            ],
        )
    )
    if data["figures"]:
        console.print(
            _rows_table(
                "figures",
                ["id", "figure", "unit", "measure", "period"],
                [
                    [f["id"], f["text"], f["unit"], f["measure"], f["period"]]
                    for f in data["figures"]
                ],
                "measure",
            )
        )
    if data["citations"]:
        console.print(
            _rows_table(
                "citations",
                ["kind", "marker", "citation", "url"],
                [[c["kind"], c["marker"], c["text"], c["url"]] for c in data["citations"]],
                "citation",
            )
        )
    if data["reviews"]:
        console.print(
            _rows_table(
                "reviews",
                ["when", "status", "analyst", "note"],
                [[r["created_at"], r["status"], r["analyst"], r["note"]] for r in data["reviews"]],
                "note",
            )
        )
    if data["conflicts"]:
        console.print(
            _rows_table(
                "conflicts",
                ["id", "kind", "status", "other claim"],
                [
                    [c["id"], c["kind"], c["status"], c["other_claim_text"] or c["reason"]]
                    for c in data["conflicts"]
                ],
                "other claim",
            )
        )


@show_app.command("article")
def show_article(
    ctx: typer.Context,
    article_id: Annotated[int, typer.Argument(help="Article id.")],
    db: DbOption = None,
    fmt: ShowFormatOpt = ShowFormat.table,
) -> None:
    """An article's metadata and its claims."""
    from factbase.analysis.show import load_article

    with user_errors(), database(ctx, db) as engine:
        data = load_article(engine, article_id)
    if fmt == ShowFormat.json:
        json_out(data)
        return
    counts = data["counts"]
    console = out_console()
    console.print(
        _kv(
            f"article {data['id']}",
            [
                ("title", data["title"]),
                ("source", data["source"]),
                ("author", data["author"]),
                ("published", data["published"]),
                ("publisher", data["publisher"]),
                ("url", data["url"]),
                (
                    "records",
                    f"{counts['claims']} claims, {counts['figures']} figures, "
                    f"{counts['citations']} citations",
                ),
            ],
        )
    )
    console.print(
        _rows_table(
            "claims",
            ["id", "kind", "status", "claim"],
            [[c["id"], c["kind"], c["status"], c["text"]] for c in data["claims"]],
            "claim",
        )
    )


# --- compare ----------------------------------------------------------------------------

COMPARE_CSV = (
    "dimension",
    "unit",
    "period",
    "normalised_value",
    "normalised_value_high",
    "qualifier",
    "publisher",
    "published",
    "source",
    "id",
    "claim_id",
    "text",
    "value",
    "value_high",
    "measure",
    "claim_text",
)


@app.command()
def compare(
    ctx: typer.Context,
    measure: Annotated[
        str | None, typer.Argument(help='What is measured, e.g. "Russian exports to Afghanistan".')
    ] = None,
    db: DbOption = None,
    entity: EntityOpt = None,
    unit: Annotated[str | None, typer.Option("--unit", help="Only figures in this unit.")] = None,
    figure: Annotated[
        int | None, typer.Option("--figure", help="Compare with this figure's measure.")
    ] = None,
    plot: Annotated[
        Path | None, typer.Option("--plot", help="Also draw the comparison to this PNG file.")
    ] = None,
    fmt: FormatOption = Format.table,
) -> None:
    """One measure across sources, by period, in one unit.

    Example: factbase compare "Russian exports to Afghanistan" --plot flow.png
    """
    from factbase.analysis.compare import compare_figures, plot_comparison

    with user_errors():
        with database(ctx, db) as engine:
            result = compare_figures(engine, measure, entity=entity, unit=unit, figure_id=figure)
        if plot is not None and result.groups:
            panels = plot_comparison(result, plot)
            err.print(f"drew {panels} panel(s) to {plot}", markup=False)
    fuzzy = [m for m in result.matched_keys if m["match"] != "exact"]
    if fuzzy:
        keys = "; ".join(f"{m['key']} ({m['score']:g})" for m in fuzzy)
        err.print(f"no exact measure match; near matches: {keys}", markup=False)
    if fmt == Format.json:
        json_out(result.as_dict())
    elif fmt == Format.csv:
        csv_out(
            COMPARE_CSV,
            (
                [g["dimension"], g["unit"], *[f[c] for c in COMPARE_CSV[2:]]]
                for g in result.groups
                for f in g["figures"]
            ),
        )
    else:
        console = out_console()
        for g in result.groups:
            table = _table(
                f"{g['dimension']} ({g['unit'] or 'count'})",
                [
                    ("period", {"max_width": 14}),
                    ("value", {"no_wrap": True}),
                    ("source", {"ratio": 1, "min_width": 12}),
                    ("claim", {"ratio": 2}),
                ],
            )
            for f in g["figures"]:
                value = " ".join(x for x in (f["qualifier"], f["display"]) if x)
                table.add_row(
                    _cell(f["period"] or "?"), _cell(value), _where(f), _cell(f["claim_text"])
                )
            console.print(table)
    if not result.groups:
        err.print("no figures match.", markup=False)


# --- review -----------------------------------------------------------------------------


@app.command()
def review(
    ctx: typer.Context,
    claim_id: Annotated[int, typer.Argument(help="Claim id (see factbase query).")],
    status: Annotated[ReviewStatus, typer.Option("--status", help="Your decision.")],
    note: Annotated[str | None, typer.Option("--note", help="Why.")] = None,
    analyst: Annotated[
        str | None,
        typer.Option("--analyst", help="Who decides [default: $FACTBASE_ANALYST or login name]."),
    ] = None,
    db: DbOption = None,
    fmt: ShowFormatOpt = ShowFormat.table,
) -> None:
    """Record a decision on a claim; earlier ones are kept.

    Example: factbase review 39 --status verified --note "NSIA data agrees"
    """
    from factbase.analysis.review import record_review

    with user_errors(), database(ctx, db) as engine:
        data = record_review(engine, claim_id, str(status.value), note, analyst)
    err.print(f"recorded: claim {claim_id} {data['status']} by {data['analyst']}", markup=False)
    if fmt == ShowFormat.json:
        json_out(data)
        return
    out_console().print(
        _rows_table(
            f"reviews of claim {claim_id}",
            ["when", "status", "analyst", "note"],
            [[r["created_at"], r["status"], r["analyst"], r["note"]] for r in data["history"]],
            "note",
        )
    )


# --- export -----------------------------------------------------------------------------


@app.command()
def export(
    ctx: typer.Context,
    kind: Annotated[ExportKind, typer.Argument(help="What to export.", case_sensitive=False)],
    db: DbOption = None,
    match: Annotated[
        str | None, typer.Option("--match", help="Full-text query, as in factbase query.")
    ] = None,
    article: ArticleOpt = None,
    publisher: PublisherOpt = None,
    author: AuthorOpt = None,
    entity: EntityOpt = None,
    claim_kind: KindOpt = None,
    since: SinceOpt = None,
    until: UntilOpt = None,
    unit: UnitOpt = None,
    min_value: MinOpt = None,
    max_value: MaxOpt = None,
    status: StatusOpt = None,
    out: Annotated[
        Path | None, typer.Option("--out", "-o", help="Write here instead of stdout.")
    ] = None,
    fmt: Annotated[
        ExportFormat, typer.Option("--format", "-f", help="Output format.", case_sensitive=False)
    ] = ExportFormat.csv,
) -> None:
    """Stream records with their article's metadata and review status.

    Example: factbase export claims --publisher "Eastern" --out claims.csv
    """
    from factbase.export import write_export

    broken_pipe = False
    n = 0
    with user_errors():
        filters = _filters(
            match,
            article=article,
            publisher=publisher,
            author=author,
            entity=entity,
            kind=claim_kind,
            since=since,
            until=until,
            unit=unit,
            min=min_value,
            max=max_value,
            status=status,
        )
        with database(ctx, db) as engine:
            if out is None:
                try:
                    n = write_export(engine, kind.value, filters, fmt.value, sys.stdout)
                    sys.stdout.flush()
                except BrokenPipeError:
                    broken_pipe = True  # `| head`: not an error; main() exits quietly
            else:
                try:
                    stream = out.open("w", encoding="utf-8", newline="")
                except OSError as exc:
                    raise InputError(
                        f"cannot write {out}: {exc.strerror}. Check the path."
                    ) from None
                with stream:
                    n = write_export(engine, kind.value, filters, fmt.value, stream)
    if broken_pipe:
        raise BrokenPipeError
    where = f" to {out}" if out is not None else ""
    err.print(f"exported {n} {kind.value}{where}", markup=False)
