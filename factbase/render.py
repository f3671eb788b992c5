"""Everything that reaches the terminal: data to stdout, messages and progress to stderr.

``--format json`` prints exactly one JSON document; ``csv`` writes a header row and rows;
``table`` draws a rich table that fits the terminal (80 columns in tests). Rich honours
NO_COLOR by itself.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import sys
from collections.abc import Iterable, Mapping, Sequence
from enum import StrEnum
from typing import Any

from rich.console import Console
from rich.table import Table
from rich.text import Text

err = Console(stderr=True, highlight=False, soft_wrap=True)


class Format(StrEnum):
    table = "table"
    json = "json"
    csv = "csv"


def out_console() -> Console:
    # Made per call: CliRunner swaps sys.stdout between invocations.
    return Console(file=sys.stdout, highlight=False)


def _default(o: Any) -> Any:
    if isinstance(o, dt.datetime | dt.date):
        return o.isoformat()
    if isinstance(o, StrEnum):
        return str(o)
    raise TypeError(f"not JSON serialisable: {type(o).__name__}")


def json_out(data: Any) -> None:
    sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2, default=_default))
    sys.stdout.write("\n")
    sys.stdout.flush()


SPREADSHEET_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: Any) -> Any:
    """A CSV cell a spreadsheet will not run as a formula (OWASP CSV injection advice)."""
    if isinstance(value, str) and value.startswith(SPREADSHEET_TRIGGERS):
        return "'" + value
    if isinstance(value, dt.date | dt.datetime):
        return value.isoformat()
    return value


def csv_out(columns: Sequence[str], rows: Iterable[Sequence[Any]], stream: Any = None) -> int:
    """Write a header row and rows; returns the number of data rows."""
    # \r\n (RFC 4180): with \n, a cell holding a bare \r is left unquoted and splits the row.
    writer = csv.writer(stream or sys.stdout, lineterminator="\r\n")
    writer.writerow(columns)
    n = 0
    for row in rows:
        writer.writerow([safe_cell(v) for v in row])
        n += 1
    return n


def table_out(
    title: str | None,
    columns: Sequence[str],
    rows: Iterable[Sequence[Any]],
    *,
    wrap: Mapping[str, int] | None = None,
) -> None:
    """A rich table; columns named in ``wrap`` get that minimum width and wrap."""
    table = Table(title=title, show_lines=False, expand=False, title_justify="left")
    for c in columns:
        if wrap and c in wrap:
            table.add_column(c, min_width=wrap[c], overflow="fold", ratio=1)
        else:
            table.add_column(c, overflow="fold")
    for row in rows:
        # Text, not markup: article text may hold "[...]" that rich would read as style tags.
        table.add_row(*(Text("" if v is None else str(v)) for v in row))
    out_console().print(table)


def listing(
    fmt: Format,
    columns: Sequence[str],
    records: Sequence[Mapping[str, Any]],
    *,
    title: str | None = None,
    table_columns: Sequence[str] | None = None,
    wrap: Mapping[str, int] | None = None,
) -> None:
    """Render a list of records in the chosen format (json: the records as they are)."""
    if fmt == Format.json:
        json_out(list(records))
    elif fmt == Format.csv:
        csv_out(columns, ([r.get(c) for c in columns] for r in records))
    else:
        cols = table_columns or columns
        table_out(title, cols, ([r.get(c) for c in cols] for r in records), wrap=wrap)
