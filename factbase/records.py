"""Frozen records that flow out of the extraction pipeline.

Every record that carries ``start``/``end`` satisfies ``body[start:end] == text`` on the
cleaned body of its Document. ``as_dict()`` is the one place the JSON contract of
``factbase extract --format json`` is built; the CLI never assembles these dicts by hand.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any


class ClaimKind(StrEnum):
    figure = "figure"
    event = "event"
    quote = "quote"
    statement = "statement"


class FigureKind(StrEnum):
    money = "money"
    percent = "percent"
    quantity = "quantity"
    count = "count"


class CitationKind(StrEnum):
    footnote = "footnote"
    attribution = "attribution"
    quote = "quote"
    link = "link"


@dataclass(frozen=True, slots=True)
class Marker:
    """A footnote marker lifted out of the text during cleaning (``months.3`` -> ``3``).

    ``pos`` is the offset in the cleaned body just after the word or punctuation the
    marker was glued to; the marker's own characters are not in the body.
    """

    pos: int
    label: str


@dataclass(frozen=True, slots=True)
class Link:
    """An inline link whose anchor text stays in the body (``[text](url)`` -> ``text``)."""

    start: int
    end: int
    url: str


@dataclass(frozen=True, slots=True)
class Cleaned:
    """The output of cleaning: the body all offsets index, plus what cleaning lifted out.

    ``notes_start`` is where the notes section (footnotes moved to the end of the body)
    begins; text from there on is never split into claims. ``len(body)`` when none.
    ``headings`` are spans of heading lines: kept in the body, not claims.
    """

    body: str
    markers: tuple[Marker, ...] = ()
    notes_start: int = -1
    headings: tuple[tuple[int, int], ...] = ()
    links: tuple[Link, ...] = ()

    def __post_init__(self) -> None:
        if self.notes_start < 0:
            object.__setattr__(self, "notes_start", len(self.body))


@dataclass(frozen=True, slots=True)
class Metadata:
    title: str | None = None
    author: str | None = None
    published: dt.date | None = None
    publisher: str | None = None
    url: str | None = None

    def merged(self, overrides: Metadata) -> Metadata:
        """Fields set in ``overrides`` win over ours."""
        return Metadata(
            title=overrides.title or self.title,
            author=overrides.author or self.author,
            published=overrides.published or self.published,
            publisher=overrides.publisher or self.publisher,
            url=overrides.url or self.url,
        )


@dataclass(frozen=True, slots=True)
class Claim:
    index: int
    text: str
    start: int
    end: int
    kind: ClaimKind = ClaimKind.statement
    entities: tuple[str, ...] = ()  # canonical entity names (see factbase.ingest.entities)

    def as_dict(self) -> dict[str, Any]:
        return {
            "index": self.index,
            "text": self.text,
            "start": self.start,
            "end": self.end,
            "kind": str(self.kind),
        }


@dataclass(frozen=True, slots=True)
class Figure:
    claim: int  # index of the claim that contains it
    text: str  # surface form, == body[start:end]
    start: int
    end: int
    value: float | None
    unit: str | None  # ISO 4217 code, "%", a singular lower-case noun, or None
    kind: FigureKind
    qualifier: str | None = None  # about | nearly | over | more than | at least | up to | ...
    measure: str | None = None  # what is measured: "Russian exports to Afghanistan"
    period: str | None = None  # what time it refers to: "2021", "year ending 20 March 2023"
    value_high: float | None = None  # upper end of a range ("5-10 million"), else None

    def as_dict(self) -> dict[str, Any]:
        return {
            "claim": self.claim,
            "text": self.text,
            "start": self.start,
            "end": self.end,
            "value": self.value,
            "unit": self.unit,
            "kind": str(self.kind),
            "qualifier": self.qualifier,
            "measure": self.measure,
            "period": self.period,
        }


@dataclass(frozen=True, slots=True)
class Citation:
    claim: int | None  # index of the supported claim, None when unattached
    kind: CitationKind
    text: str  # == body[start:end]
    start: int
    end: int
    source_name: str | None = None
    author: str | None = None
    title: str | None = None
    url: str | None = None
    date: dt.date | None = None
    marker: str | None = None

    def as_dict(self) -> dict[str, Any]:
        return {
            "claim": self.claim,
            "kind": str(self.kind),
            "text": self.text,
            "source_name": self.source_name,
            "author": self.author,
            "title": self.title,
            "url": self.url,
            "date": self.date.isoformat() if self.date else None,
            "marker": self.marker,
        }


@dataclass(frozen=True, slots=True)
class Document:
    source: str
    content_hash: str
    body: str
    metadata: Metadata
    claims: tuple[Claim, ...] = ()
    figures: tuple[Figure, ...] = ()
    citations: tuple[Citation, ...] = ()
    markers: tuple[Marker, ...] = field(default=())

    def as_dict(self) -> dict[str, Any]:
        m = self.metadata
        return {
            "source": self.source,
            "title": m.title,
            "author": m.author,
            "published": m.published.isoformat() if m.published else None,
            "publisher": m.publisher,
            "url": m.url,
            "claims": [c.as_dict() for c in self.claims],
            "figures": [f.as_dict() for f in self.figures],
            "citations": [c.as_dict() for c in self.citations],
        }
