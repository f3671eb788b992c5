"""Full-text search over claims: one query language, two backends.

``parse_query`` turns the user's text (words, ``word*`` prefixes, ``"phrases"``, AND / OR /
NOT, parentheses) into a small AST; ``to_fts5`` and ``to_tsquery`` render it for SQLite FTS5
MATCH and PostgreSQL ``to_tsquery('english', ...)``. The rendered string is always a bound
parameter, and every word is reduced to letters and digits first, so user text never
reaches SQL syntax. ``Filters`` holds the options shared by ``query`` and ``export``.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, replace
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Engine,
    Select,
    bindparam,
    column,
    exists,
    false,
    func,
    literal_column,
    select,
    table,
    tuple_,
)
from sqlalchemy.dialects.postgresql import TSVECTOR
from sqlalchemy.orm import aliased

from factbase.analysis.review import latest_status
from factbase.db.models import (
    CLAIM_KINDS,
    CLAIM_TSV_COLUMN,
    REVIEW_STATUSES,
    Article,
    Claim,
    ClaimEntity,
    Figure,
    Publisher,
    Review,
)
from factbase.errors import QueryError
from factbase.units import unit_spellings

MAX_LIMIT = 10_000
# Parentheses deeper than this are refused: nobody writes them, and recursion must stay bounded.
MAX_DEPTH = 32
UNREVIEWED = "unreviewed"
# Ids are 64-bit on SQLite and 32-bit on PostgreSQL; anything past this cannot exist.
MAX_ID = 2**63 - 1

# Tokens of the query language. A bare chunk runs until whitespace, a quote or a parenthesis.
_QUERY_TOKEN = re.compile(
    r"""
    (?P<space>\s+)
  | (?P<phrase>"(?P<body>[^"]*)"(?P<pstar>\*)?)
  | (?P<open_quote>")
  | (?P<lparen>\()
  | (?P<rparen>\))
  | (?P<chunk>[^\s"()]+)
    """,
    re.VERBOSE,
)
# What both tokenizers index: runs of letters and digits (FTS5 unicode61 and PostgreSQL's
# parser both split on punctuation, underscores included).
_WORD = re.compile(r"[^\W_]+", re.UNICODE)
_OPERATORS = frozenset({"AND", "OR", "NOT"})


# --- the AST ----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Phrase:
    """One or more words that must appear in order; ``prefix`` applies to the last one."""

    words: tuple[str, ...]
    prefix: bool = False


@dataclass(frozen=True, slots=True)
class And:
    items: tuple[Node, ...]


@dataclass(frozen=True, slots=True)
class Or:
    items: tuple[Node, ...]


@dataclass(frozen=True, slots=True)
class Not:
    """``keep NOT drop``: FTS5 has only the binary form, so the language has only that."""

    keep: Node
    drop: Node


Node = Phrase | And | Or | Not


# --- parsing ----------------------------------------------------------------------------


def _shown(text: str, width: int = 60) -> str:
    """The query as quoted in an error message: one line, at most ``width`` characters."""
    flat = " ".join(text.split())
    return repr(flat if len(flat) <= width else flat[: width - 1] + "…")


def _tokens(text: str) -> Iterator[tuple[str, Any]]:
    for m in _QUERY_TOKEN.finditer(text):
        kind = m.lastgroup
        if kind == "space":
            continue
        if kind == "open_quote":
            raise QueryError(f'unbalanced quote in query {_shown(text)}. Close the phrase with ".')
        if kind == "phrase":
            words = tuple(w.casefold() for w in _WORD.findall(m.group("body")))
            yield "term", Phrase(words, prefix=bool(m.group("pstar")))
        elif kind == "chunk":
            chunk = m.group("chunk")
            if chunk in _OPERATORS:
                yield chunk, None
                continue
            star = chunk.endswith("*")
            core = chunk.rstrip("*")
            if "*" in core:
                raise QueryError(f"'*' can only end a word, as in russ*; got {_shown(chunk)}.")
            yield "term", Phrase(tuple(w.casefold() for w in _WORD.findall(core)), prefix=star)
        else:
            yield str(kind), None


class _Parser:
    """Recursive descent: or := and (OR and)* ; and := not (AND? not)* ; not := atom (NOT atom)*."""

    def __init__(self, text: str) -> None:
        self.text = text
        # Chunks with no letters or digits (``%``, ``';``, ``--``) carry nothing to search for.
        self.toks = [t for t in _tokens(text) if not (t[0] == "term" and not t[1].words)]
        self.i = 0
        self.depth = 0

    def peek(self) -> str | None:
        return self.toks[self.i][0] if self.i < len(self.toks) else None

    def fail(self, what: str) -> QueryError:
        return QueryError(f'{what} in query {_shown(self.text)}. See "factbase query --help".')

    def parse(self) -> Node:
        if not self.toks:
            raise QueryError(
                f"nothing to search for in {_shown(self.text)}: "
                'give a word, a "phrase" or a prefix*.'
            )
        node = self.or_expr()
        if self.peek() == "rparen":
            raise self.fail("unbalanced ')'")
        if self.peek() is not None:
            raise self.fail(f"unexpected {self.peek()}")
        return node

    def or_expr(self) -> Node:
        items = [self.and_expr()]
        while self.peek() == "OR":
            self.i += 1
            items.append(self.and_expr())
        return items[0] if len(items) == 1 else Or(tuple(items))

    def and_expr(self) -> Node:
        items = [self.not_expr()]
        while self.peek() in ("AND", "term", "lparen"):
            if self.peek() == "AND":
                self.i += 1
            items.append(self.not_expr())
        return items[0] if len(items) == 1 else And(tuple(items))

    def not_expr(self) -> Node:
        node = self.atom()
        while self.peek() == "NOT":
            self.i += 1
            node = Not(node, self.atom())
        return node

    def atom(self) -> Node:
        kind = self.peek()
        if kind == "term":
            node = self.toks[self.i][1]
            self.i += 1
            assert isinstance(node, Phrase)
            return node
        if kind == "lparen":
            self.i += 1
            self.depth += 1
            if self.depth > MAX_DEPTH:
                raise self.fail(f"parentheses nested deeper than {MAX_DEPTH}")
            if self.peek() == "rparen":
                raise self.fail("empty parentheses")
            node = self.or_expr()
            if self.peek() != "rparen":
                raise self.fail("unbalanced '('")
            self.i += 1
            self.depth -= 1
            return node
        if kind is None:
            raise self.fail("the query ends with an operator")
        if kind == "rparen":
            raise self.fail("unbalanced ')'")
        if kind == "NOT":
            raise self.fail("NOT needs a term before it (write: taliban NOT china)")
        raise self.fail(f"{kind} needs a term on both sides")


def parse_query(text: str) -> Node:
    """The AST of a query; raises QueryError (one line) when it is malformed."""
    return _Parser(text).parse()


# --- rendering --------------------------------------------------------------------------


def to_fts5(node: Node) -> str:
    """FTS5 MATCH syntax; every phrase is a quoted string, so nothing in it is syntax."""
    if isinstance(node, Phrase):
        return '"' + " ".join(node.words) + '"' + ("*" if node.prefix else "")
    if isinstance(node, And):
        return "(" + " AND ".join(to_fts5(n) for n in node.items) + ")"
    if isinstance(node, Or):
        return "(" + " OR ".join(to_fts5(n) for n in node.items) + ")"
    return "(" + to_fts5(node.keep) + " NOT " + to_fts5(node.drop) + ")"


def to_tsquery(node: Node) -> str:
    """PostgreSQL tsquery syntax: & | !, <-> between phrase words, :* for prefixes."""
    if isinstance(node, Phrase):
        # PostgreSQL's parser keeps a typographic apostrophe on the word ("China’s" is
        # indexed as 'china’'), so a bare word also asks for that form; prefixes cover it.
        parts = [f"('{w}' | '{w}’')" for w in node.words]
        if node.prefix:
            parts[-1] = f"'{node.words[-1]}':*"
        return parts[0] if len(parts) == 1 else "(" + " <-> ".join(parts) + ")"
    if isinstance(node, And):
        return "(" + " & ".join(to_tsquery(n) for n in node.items) + ")"
    if isinstance(node, Or):
        return "(" + " | ".join(to_tsquery(n) for n in node.items) + ")"
    return "(" + to_tsquery(node.keep) + " & !" + to_tsquery(node.drop) + ")"


def positive_phrases(node: Node) -> list[Phrase]:
    """The phrases a hit may contain (not those after NOT), for highlighting."""
    if isinstance(node, Phrase):
        return [node]
    if isinstance(node, Not):
        return positive_phrases(node.keep)
    return [p for n in node.items for p in positive_phrases(n)]


def _same_word(token: str, word: str, prefix: bool) -> bool:
    if prefix:
        return token.startswith(word)
    # PostgreSQL stems (exports ~ export); a crude plural fold keeps highlights close to it.
    return token == word or token.rstrip("s") == word.rstrip("s")


def find_matches(text: str, node: Node) -> list[tuple[int, int]]:
    """Offsets in ``text`` of the words and phrases the query asked for."""
    tokens = [(m.group().casefold(), m.start(), m.end()) for m in _WORD.finditer(text)]
    spans: set[tuple[int, int]] = set()
    for phrase in positive_phrases(node):
        n = len(phrase.words)
        for i in range(len(tokens) - n + 1):
            if all(
                _same_word(tokens[i + j][0], w, phrase.prefix and j == n - 1)
                for j, w in enumerate(phrase.words)
            ):
                spans.add((tokens[i][1], tokens[i + n - 1][2]))
    merged: list[tuple[int, int]] = []
    for s, e in sorted(spans):
        if merged and s <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(e, merged[-1][1]))
        else:
            merged.append((s, e))
    return merged


def bracket(text: str, spans: Sequence[tuple[int, int]]) -> str:
    """``text`` with each span wrapped in [brackets] (the JSON "highlighted" field)."""
    out, pos = [], 0
    for s, e in spans:
        out += [text[pos:s], "[", text[s:e], "]"]
        pos = e
    out.append(text[pos:])
    return "".join(out)


# --- filters ----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Filters:
    """Options shared by ``query`` and ``export``; every value reaches SQL as a parameter."""

    text: str | None = None
    article: str | None = None  # an id, or a substring of the source path/URI
    publisher: str | None = None
    author: str | None = None
    entity: str | None = None
    kind: str | None = None
    since: dt.date | None = None
    until: dt.date | None = None
    unit: str | None = None
    min: float | None = None
    max: float | None = None
    status: str | None = None

    def claim_level(self) -> bool:
        """True when a filter needs the claims (not just the articles) to decide."""
        return any(
            v is not None
            for v in (self.text, self.entity, self.kind, self.unit, self.min, self.max, self.status)
        )


def _canonical_entity(name: str) -> str:
    from factbase.ingest.entities import canonical_entity

    return canonical_entity(name)


def article_conditions(f: Filters) -> list[ColumnElement[bool]]:
    """Conditions on Article (and its publisher) only."""
    conds: list[ColumnElement[bool]] = []
    if f.article is not None:
        ref = f.article.strip()
        if ref.isdigit():
            conds.append(Article.id == int(ref) if int(ref) <= MAX_ID else false())
        else:
            conds.append(Article.source.contains(ref, autoescape=True))
    if f.publisher is not None:
        conds.append(
            Article.publisher_id.in_(
                select(Publisher.id).where(Publisher.name.icontains(f.publisher, autoescape=True))
            )
        )
    if f.author is not None:
        conds.append(Article.author.icontains(f.author, autoescape=True))
    if f.since is not None:
        conds.append(Article.published >= f.since)
    if f.until is not None:
        conds.append(Article.published <= f.until)
    return conds


def claim_conditions(f: Filters, dialect: str) -> list[ColumnElement[bool]]:
    """Conditions on Claim (joined to Article) for every filter, full text included."""
    conds = article_conditions(f)
    if f.kind is not None:
        if f.kind not in CLAIM_KINDS:
            raise QueryError(f"unknown claim kind {f.kind!r}; use one of {', '.join(CLAIM_KINDS)}.")
        conds.append(Claim.kind == f.kind)
    if f.entity is not None:
        conds.append(
            exists().where(
                ClaimEntity.claim_id == Claim.id,
                ClaimEntity.entity == _canonical_entity(f.entity),
            )
        )
    if f.unit is not None or f.min is not None or f.max is not None:
        # An alias: `export figures` selects from figures too, and the subquery must not
        # correlate to the outer row's figure.
        other = aliased(Figure)
        fig = [other.claim_id == Claim.id]
        if f.unit is not None:
            fig.append(other.unit.in_(unit_spellings(f.unit)))
        if f.min is not None:
            fig.append(other.value >= f.min)
        if f.max is not None:
            fig.append(other.value <= f.max)
        conds.append(exists().where(*fig))
    if f.status is not None:
        if f.status == UNREVIEWED:
            conds.append(latest_status().is_(None))
        elif f.status in REVIEW_STATUSES:
            # Reviews are few next to claims: start from the claims that ever had this status
            # (an index probe on uq_claims_article_id_key each), then check it is the latest.
            # 1M claims: 417 ms scanning every claim's latest status, ~1 ms this way.
            ever = select(Review.article_id, Review.claim_key).where(Review.status == f.status)
            conds.append(tuple_(Claim.article_id, Claim.key).in_(ever))
            conds.append(latest_status() == f.status)
        else:
            allowed = ", ".join((*REVIEW_STATUSES, UNREVIEWED))
            raise QueryError(f"unknown review status {f.status!r}; use one of {allowed}.")
    if f.text is not None:
        conds.append(fulltext_match(parse_query(f.text), dialect))
    return conds


# The FTS5 table as SQLAlchemy sees it: rowid = claims.id (external content). MATCH and
# bm25() take the table's own name as their column argument.
_FTS5_TABLE = table("claims_fts", column("rowid"))
_FTS5: ColumnElement[Any] = literal_column("claims_fts")
_PG_CONFIG: ColumnElement[Any] = literal_column("'english'::regconfig")
# PostgreSQL: the stored to_tsvector('english', text) of each claim (migration 0003), which
# the GIN index covers. Matching and ranking both read it: ranking an expression instead
# parsed every matching claim's text again (483k claims: p95 of the benchmark mix ~500 ms,
# ~170 ms on the stored vector; docs/benchmarks.md).
# claim_conditions always uses the unaliased Claim, so the table's own name qualifies it.
_PG_TSV: ColumnElement[Any] = literal_column(
    f"{Claim.__tablename__}.{CLAIM_TSV_COLUMN}", type_=TSVECTOR
)


def fulltext_match(node: Node, dialect: str) -> ColumnElement[bool]:
    """``claims`` rows matching the query; the rendered query is a bound parameter."""
    if dialect == "sqlite":
        fts_ids = select(_FTS5_TABLE.c.rowid).where(
            _FTS5.op("MATCH")(bindparam("fts_query", to_fts5(node)))
        )
        return Claim.id.in_(fts_ids)
    tsq = func.to_tsquery(_PG_CONFIG, bindparam("fts_query", to_tsquery(node)))
    return _PG_TSV.op("@@")(tsq)


def _rank(node: Node, dialect: str) -> ColumnElement[Any]:
    """A score where higher is better (bm25 is lower-is-better, so it is negated)."""
    if dialect == "sqlite":
        return -func.bm25(_FTS5)
    tsq = func.to_tsquery(_PG_CONFIG, bindparam("fts_rank_query", to_tsquery(node)))
    return func.ts_rank(_PG_TSV, tsq)


def _hit_select(f: Filters, node: Node | None, dialect: str) -> Select[Any]:
    cols = (
        Claim.id,
        Claim.text,
        Claim.kind,
        Claim.article_id,
        Article.title,
        Article.source,
        Publisher.name.label("publisher"),
        Article.published,
        latest_status().label("status"),
    )
    conds = claim_conditions(replace(f, text=None), dialect)
    if node is not None and dialect == "sqlite":
        # Drive the search from the FTS5 table so bm25() can see the match.
        return (
            select(*cols, _rank(node, dialect).label("score"))
            .select_from(_FTS5_TABLE)
            .join(Claim, Claim.id == _FTS5_TABLE.c.rowid)
            .join(Article, Article.id == Claim.article_id)
            .outerjoin(Publisher, Publisher.id == Article.publisher_id)
            .where(_FTS5.op("MATCH")(bindparam("fts_query", to_fts5(node))), *conds)
            .order_by(literal_column("score").desc(), Claim.id)
        )
    stmt = (
        select(*cols)
        .join(Article, Article.id == Claim.article_id)
        .outerjoin(Publisher, Publisher.id == Article.publisher_id)
        .where(*conds)
    )
    if node is None:
        return stmt.add_columns(literal_column("NULL").label("score")).order_by(
            Claim.article_id, Claim.ordinal
        )
    return (
        stmt.add_columns(_rank(node, dialect).label("score"))
        .where(fulltext_match(node, dialect))
        .order_by(literal_column("score").desc(), Claim.id)
    )


def search_claims(
    engine: Engine, filters: Filters, *, limit: int = 20, offset: int = 0
) -> list[dict[str, Any]]:
    """Claims matching the filters, best first when there is query text."""
    if not 1 <= limit <= MAX_LIMIT:
        raise QueryError(f"limit must be between 1 and {MAX_LIMIT}; got {limit}.")
    if offset < 0:
        raise QueryError(f"offset must be 0 or more; got {offset}.")
    node = parse_query(filters.text) if filters.text is not None else None
    stmt = _hit_select(filters, node, engine.dialect.name).limit(limit).offset(offset)
    with engine.connect() as conn:
        rows = conn.execute(stmt).all()
    hits = []
    for r in rows:
        spans = find_matches(r.text, node) if node is not None else []
        hits.append(
            {
                "id": r.id,
                "text": r.text,
                "highlighted": bracket(r.text, spans),
                "matches": [list(s) for s in spans],
                "score": None if r.score is None else round(float(r.score), 6),
                "kind": r.kind,
                "status": r.status or UNREVIEWED,
                "article_id": r.article_id,
                "title": r.title,
                "source": r.source,
                "publisher": r.publisher,
                "published": r.published.isoformat() if r.published else None,
            }
        )
    return hits


__all__ = [
    "MAX_LIMIT",
    "And",
    "Filters",
    "Not",
    "Or",
    "Phrase",
    "bracket",
    "claim_conditions",
    "find_matches",
    "parse_query",
    "search_claims",
    "to_fts5",
    "to_tsquery",
]
