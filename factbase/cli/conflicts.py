"""Commands for disagreements and agreements between sources: conflicts, resolve, corroborations.

``factbase conflicts`` lists stored conflicts (``--recheck`` re-runs detection over everything
first); ``factbase conflicts resolve ID`` records an analyst's decision; ``factbase
corroborations`` lists claims that independent sources report consistently.
"""

from __future__ import annotations

from enum import StrEnum
from pathlib import PurePath
from typing import Annotated, Any

import typer

from factbase.cli import DbOption, FormatOption, app, database, user_errors
from factbase.db.models import CONFLICT_KINDS, CONFLICT_STATUSES
from factbase.render import Format, csv_out, err, json_out, table_out

ConflictStatus = StrEnum("ConflictStatus", {s: s for s in CONFLICT_STATUSES})  # type: ignore[misc]
ConflictKind = StrEnum("ConflictKind", {k: k for k in CONFLICT_KINDS})  # type: ignore[misc]


class Decision(StrEnum):
    confirmed = "confirmed"
    dismissed = "dismissed"
    open = "open"


conflicts_app = typer.Typer(
    help="Claims that disagree across articles (numbers, dates, denials).",
    invoke_without_command=True,
)
app.add_typer(conflicts_app, name="conflicts")

CSV_COLUMNS = ["id", "kind", "status", "score", "reason", "a_claim_id", "a_article", "a_text",
               "a_figure", "b_claim_id", "b_article", "b_text", "b_figure"]  # fmt: skip


def _short(source: str | None) -> str:
    return PurePath(source or "").name or (source or "")


@conflicts_app.callback()
def conflicts(
    ctx: typer.Context,
    db: DbOption = None,
    recheck: Annotated[
        bool, typer.Option("--recheck", help="Re-run detection over every article first.")
    ] = False,
    status: Annotated[
        ConflictStatus | None, typer.Option("--status", help="Only conflicts with this status.")
    ] = None,
    kind: Annotated[
        ConflictKind | None, typer.Option("--kind", help="Only conflicts of this kind.")
    ] = None,
    fmt: FormatOption = Format.table,
) -> None:
    """List conflicts, highest score first.  Example: factbase conflicts --format json"""
    if ctx.invoked_subcommand is not None:
        if db:  # "factbase conflicts --db X resolve 3": the subcommand finds it at the root
            root = ctx.find_root()
            root.obj = {**(root.obj or {}), "db": db}
        return
    from factbase.analysis.conflict_store import list_conflicts
    from factbase.analysis.conflicts import detect_conflicts

    with user_errors(), database(ctx, db) as engine:
        if recheck:
            done = detect_conflicts(engine, reindex=True)
            err.print(
                f"rechecked {done.indexed} articles: {done.found} conflicts found, "
                f"{done.new} new, {done.reopened} reopened, {done.removed} no longer found",
                markup=False,
            )
        rows = list_conflicts(
            engine,
            status=str(status.value) if status else None,
            kind=str(kind.value) if kind else None,
        )
    if fmt == Format.json:
        json_out(rows)
    elif fmt == Format.csv:
        csv_out(
            CSV_COLUMNS,
            (
                [r["id"], r["kind"], r["status"], r["score"], r["reason"]]
                + [r[s][k] for s in ("a", "b") for k in ("claim_id", "article", "text", "figure")]
                for r in rows
            ),
        )
    else:
        table_out(
            f"{len(rows)} conflicts",
            ["id", "kind", "status", "score", "reason"],
            ([r["id"], r["kind"], r["status"], f"{r['score']:.2f}", r["reason"]] for r in rows),
            wrap={"reason": 40},
        )


@conflicts_app.command("resolve")
def resolve(
    ctx: typer.Context,
    conflict_id: Annotated[int, typer.Argument(help="Conflict id (see factbase conflicts).")],
    status: Annotated[Decision, typer.Option("--status", help="The decision.")],
    note: Annotated[str | None, typer.Option("--note", help="Why, for the next analyst.")] = None,
    analyst: Annotated[
        str | None, typer.Option("--analyst", help="Who decides [default: $FACTBASE_ANALYST].")
    ] = None,
    db: DbOption = None,
    fmt: FormatOption = Format.table,
) -> None:
    """Confirm or dismiss a conflict.  Example: factbase conflicts resolve 3 --status dismissed"""
    from factbase.analysis.conflict_store import resolve_conflict

    with user_errors(), database(ctx, db) as engine:
        data = resolve_conflict(engine, conflict_id, str(status.value), note, analyst)
    if fmt == Format.json:
        json_out(data)
        return
    err.print(f"conflict {conflict_id}: {data['status']}", markup=False)
    table_out(
        f"conflict {conflict_id} history",
        ["status", "analyst", "when", "note"],
        ([h["status"], h["analyst"], h["created_at"], h["note"]] for h in data["history"]),
        wrap={"note": 30},
    )


@app.command()
def corroborations(
    ctx: typer.Context,
    db: DbOption = None,
    min_sources: Annotated[
        int, typer.Option("--min-sources", min=2, help="Independent sources needed.")
    ] = 2,
    fmt: FormatOption = Format.table,
) -> None:
    """Claims independent sources report consistently.  Example: factbase corroborations -f json"""
    from factbase.analysis.corroboration import find_corroborations

    with user_errors(), database(ctx, db) as engine:
        rows = find_corroborations(engine, min_sources=min_sources)
    if fmt == Format.json:
        json_out(rows)
    elif fmt == Format.csv:
        csv_out(
            ["kind", "what", "sources", "claim_id", "article", "figure", "text"],
            (
                [r["kind"], r["what"], r["sources"], c["claim_id"], c["article"], c["figure"],
                 c["text"]]
                for r in rows
                for c in r["claims"]
            ),
        )  # fmt: skip
    else:
        table_out(
            f"{len(rows)} corroborated claims",
            ["kind", "what", "sources", "reported as"],
            (_corroboration_row(r) for r in rows),
            wrap={"what": 20, "reported as": 24},
        )


def _corroboration_row(r: dict[str, Any]) -> list[Any]:
    seen = "; ".join(
        f"{c['figure'] or c['text'][:40]} ({c['publisher'] or _short(c['article'])})"
        for c in r["claims"]
    )
    return [r["kind"], r["what"], r["sources"], seen]
