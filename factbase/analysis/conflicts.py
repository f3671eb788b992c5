"""Conflicts between articles: figures that disagree, events placed at different dates, denials.

Detection is incremental. Each ingested article is indexed once (figure frames with the interval
of values each figure admits, event signatures, a body sketch: see ``signatures``); detection
then compares only inside groups that share a frame and period, or an event block, so its cost
grows with the size of the groups touched, never with all pairs. Syndicated copies and claims
inside one article never conflict. Decisions survive re-detection through stable fingerprints.
"""

from __future__ import annotations

import bisect
import datetime as dt
import json
import logging
import math
import re
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from operator import itemgetter
from typing import Any, NamedTuple

from sqlalchemy import Connection, Engine, and_, delete, func, select
from sqlalchemy import text as sql_text

from factbase.analysis import signatures as sg
from factbase.analysis.conflict_store import ConflictWriter, Detection, Found
from factbase.db.engine import write_connection
from factbase.db.models import (
    Article,
    ArticleSketch,
    Claim,
    EventSignature,
    Figure,
    FigureFrame,
    Publisher,
)
from factbase.gcpolicy import fewer_collections
from factbase.ingest.dates import find_date_matches
from factbase.ingest.measure import period_key as compute_period_key
from factbase.ingest.periods import find_periods
from factbase.units import dimension_of

log = logging.getLogger(__name__)

__all__ = [
    "Detection",
    "detect_conflicts",
    "index_articles",
    "relative_gap",
    "sources_are_one",
    "value_interval",
]

# --- tolerance rules ---------------------------------------------------------------------------

# A number written with k significant digits stands for anything that rounds to it: "$1.5
# billion" is 1.45..1.55 billion, "$1,200 million" 1,150..1,250 million. Round numbers get at most
# this relative half-width when unqualified: "100" is read as 95..105 (not 50..150), "$1 billion"
# as 0.95..1.05.
ROUNDING_CAP = 0.05
# "about", "around", "an estimated" ...: reporters round such figures freely; ±10% keeps "about
# $49 million" compatible with "$48.7 million" and still flags "about $49 million" vs "$60 million".
APPROX_TOLERANCE = 0.10
# "more than", "up to" ...: logically open-ended, but a writer picks a bound near the value
# ("more than $1 billion" is not how one reports $3 billion), so the open side reaches this far.
OPEN_BOUND_REACH = 0.25
# Values whose intervals are closer than this (relative to the larger) are not worth an
# analyst's time: revisions, exchange rates of the day, rounding of intermediate sums.
MIN_RELATIVE_GAP = 0.03
APPROX_QUALIFIERS = frozenset(
    {"about", "around", "approximately", "roughly", "some", "circa", "estimated", "an estimated"}
)
# Qualifier -> which side of the written value stays open.
LOWER_BOUNDS = frozenset(
    {"over", "more than", "at least", "above", "upwards of", "in excess of", "well over",
     "as little as", "as few as"}
)  # fmt: skip
UPPER_BOUNDS = frozenset(
    {"under", "less than", "fewer than", "below", "up to", "at most", "no more than",
     "not more than", "as much as", "as many as"}
)  # fmt: skip
NEAR_BELOW = frozenset({"nearly", "almost", "just under", "close to"})  # a little below the value
NEAR_ABOVE = frozenset({"just over", "a little over", "slightly more than"})
EXACT = frozenset({"exactly", "precisely"})
NUMBER_RE = re.compile(r"\d[\d,]*(?:\.\d+)?")

# Pairs compared per group at most: a group is one measure in one period, where a handful of
# sources is normal; past this the group is mis-keyed noise and more pairs would only bury
# the real conflicts (PERFORMANCE.md: enumerating pairs in big groups is quadratic).
MAX_PAIRS_PER_GROUP = 50
# An ingest that changed more articles than this is followed by a detection over every group.
MAX_SCOPE_IDS = 20_000
PG_DETECT_LOCK = 0x66616375  # advisory lock id serialising detection runs on PostgreSQL
CANDIDATE_SLACK = 10  # pairs gathered beyond the cap, in case some are syndicated copies
# One report that disagrees with a consensus of forty is one finding, not forty: each figure
# takes part in at most this many conflicts (the ones with the nearest disagreeing values).
MAX_PAIRS_PER_FIGURE = 3
# A copy shares one of its STORY_BANDS smallest shingle hashes with its original (bands of a
# bottom-k sketch, as in MinHash LSH); only such pairs are compared when grouping stories.
STORY_BANDS = 8
# Two bodies sharing this much of the smaller one's 5-word shingles are copies of one story.
SYNDICATION_CONTAINMENT = 0.6
# Reports of one event a day apart are time zones and "announced on" vs "took effect on".
DATE_SLACK_DAYS = 1
# Event claims without a shared name must share this share of their content stems.
MIN_WORD_OVERLAP = 0.5
INDEX_BATCH = 400  # articles indexed per round trip
# Bumped when a rule changes what is indexed; rows of another version are stale and redone.
SIGNATURE_VERSION = "10"


def _half_unit(text: str, value: float) -> float:
    """Half the value of the last significant digit as written, in the value's own scale
    ("1,200 million": 50 million; "48.7 million": 0.05 million); trailing zeros of a whole
    number are taken as rounding."""
    m = NUMBER_RE.search(text)
    if value == 0:
        return abs(value) * ROUNDING_CAP
    if m is None:
        # Spelled out ("two percent", "twenty", "twelve million"): the words round like the
        # whole number they make, so its own digits say where ("twenty": 15..25).
        if value != int(value) or abs(value) >= 1e15:
            return abs(value) * ROUNDING_CAP  # "half", "a third": no digit to go by
        digits = str(int(abs(value)))
        stripped = digits.rstrip("0")
        return 0.5 * 10.0 ** (len(digits) - len(stripped))
    digits = m[0].replace(",", "")
    try:
        written = float(digits)
    except ValueError:
        return abs(value) * ROUNDING_CAP
    scale = value / written if written else 1.0
    if "." in digits:
        unit = 10.0 ** -len(digits.split(".")[1])
    else:
        stripped = digits.rstrip("0")
        unit = 10.0 ** (len(digits) - len(stripped)) if stripped else 1.0
    return abs(0.5 * unit * scale)


def value_interval(
    text: str, value: float | None, value_high: float | None, qualifier: str | None
) -> tuple[float | None, float | None] | None:
    """The values a written figure admits, after rounding and its qualifier; None: unbounded.

    Unqualified, a figure stands for what rounds to it, at most ROUNDING_CAP either way. A
    qualifier says the writer rounded, so the full last-digit interval applies ("roughly 100":
    50..150) and the qualifier's own slack on top: APPROX_TOLERANCE for "about", one-sided for
    "nearly" and "more than" (whose open side reaches OPEN_BOUND_REACH).
    """
    if value is None or math.isnan(value):
        return None
    q = " ".join((qualifier or "").lower().split())
    top = value if value_high is None else value_high
    free = _half_unit(text, value)
    free_top = free if value_high is None else _half_unit(text[text.find(" ") :], value_high)
    if q in EXACT:
        return value, top
    half, half_top = min(free, abs(value) * ROUNDING_CAP), min(free_top, abs(top) * ROUNDING_CAP)
    lo, hi = value - half, top + half_top
    if q in APPROX_QUALIFIERS:
        return (value - max(free, abs(value) * APPROX_TOLERANCE),
                top + max(free_top, abs(top) * APPROX_TOLERANCE))  # fmt: skip
    if q in NEAR_BELOW:
        return value - max(free, abs(value) * APPROX_TOLERANCE), hi
    if q in NEAR_ABOVE:
        return lo, top + max(free_top, abs(top) * APPROX_TOLERANCE)
    if q in LOWER_BOUNDS:
        return lo, top + max(free_top, abs(top) * OPEN_BOUND_REACH)
    if q in UPPER_BOUNDS:
        return value - max(free, abs(value) * OPEN_BOUND_REACH), hi
    return lo, hi


def relative_gap(
    a: tuple[float | None, float | None], b: tuple[float | None, float | None]
) -> float:
    """How far apart two value intervals are, relative to the larger bound; 0 when they overlap.
    A pair conflicts when this exceeds MIN_RELATIVE_GAP."""
    (alo, ahi), (blo, bhi) = a, b
    gaps = []
    if ahi is not None and blo is not None and blo > ahi:
        gaps.append((blo - ahi) / max(abs(blo), abs(ahi), 1e-12))
    if bhi is not None and alo is not None and alo > bhi:
        gaps.append((alo - bhi) / max(abs(alo), abs(bhi), 1e-12))
    return max(gaps, default=0.0)


def _center(iv: tuple[float | None, float | None]) -> float:
    lo, hi = iv
    if lo is None:
        return hi or 0.0
    if hi is None:
        return lo
    return (lo + hi) / 2


# --- indexing ----------------------------------------------------------------------------------


def _chunks(items: Sequence[Any], n: int) -> Iterator[Sequence[Any]]:
    for i in range(0, len(items), n):
        yield items[i : i + n]


# A stock counted at the end of a year ("as of December 2019", "at year-end 2019", "at the end of
# 2019", "as of late 2019") is one point in time however it is written.
YEAR_END_RE = re.compile(
    r"""\b(?:(?:as\s+(?:of|at)|at|by)\s+(?:the\s+)?(?:end\s+of|year[-\s]end|late|end-)\s*
        |(?:as\s+(?:of|at)|at\s+the\s+end\s+of|by|in)\s+(?:the\s+)?December\s+)(?P<y>(?:19|20)\d\d)\b""",
    re.VERBOSE | re.IGNORECASE,
)


def _effective_period(
    period: str | None, key: str | None, published: dt.date | None, claim: str = ""
) -> str | None:
    """The figure's period key, with "last year" resolved against the article's date; None
    when the figure has no period we can place (such figures are not compared)."""
    end = YEAR_END_RE.search(claim)
    if end is not None and period and end["y"] in period:
        return f"end of {end['y']}"
    if key and key.startswith("0|"):
        return key[2:]
    if period and published is not None:
        resolved = compute_period_key(period, published)
        if resolved[0] == 0:
            return "|".join(str(p) for p in resolved[1:])
    return None


CLAUSE_AND_RE = re.compile(r",\s+and\s")


def _clause_period(
    claim: str, start: int, end: int, label: str, period: str, published: dt.date | None
) -> str | None:
    """The period of the figure's own clause: the figures stage takes a sentence's period from
    wherever it is, but in "X opened in January 2023, and in its first year it moved 4.6 Mt"
    the month dates the opening. A period of the figure's clause wins; a month or a day from
    another clause is an event's date (None: not compared); a year or longer still frames it
    ("In 2023, the port opened, and it handled 3 Mt")."""
    lo, hi = sg._clause(claim, start, end)
    for m in CLAUSE_AND_RE.finditer(claim, lo, hi):
        if m.end() <= start:
            lo = m.end()
        elif m.start() >= end:
            hi = m.start()
            break
    if lo == 0 and hi == len(claim):
        return period
    found = find_periods(claim)
    where = [s for s, _, lab in found if lab == label]
    if not where or any(lo <= s < hi for s in where):
        return period  # the figure's own, or found some other way
    own = [lab for s, e, lab in found if lo <= s and e <= hi]
    if own and published is not None:
        resolved = compute_period_key(own[-1], published)
        return "|".join(str(p) for p in resolved[1:]) if resolved[0] == 0 else None
    first, _, rest = period.partition("|")
    last = rest.partition("|")[0]
    if len(first) == len(last) == 8 and first[:6] == last[:6]:
        return None  # within one month
    return period


def _stale_articles(conn: Connection) -> list[int]:
    """Articles never indexed, or re-extracted (new claim ids) since they were.

    The first claim id is the id at ordinal 0 (store inserts claims in ordinal order): one
    probe of the (article_id, ordinal) unique index per article, where a GROUP BY over every
    claim grew with the whole claims table on every ingest.
    """
    first = (
        select(Claim.id)
        .where(Claim.article_id == Article.id, Claim.ordinal == 0)
        .correlate(Article)
        .scalar_subquery()
    )
    rows = conn.execute(
        select(Article.id)
        .outerjoin(ArticleSketch, ArticleSketch.article_id == Article.id)
        .where(
            (ArticleSketch.article_id.is_(None))
            | (ArticleSketch.version != SIGNATURE_VERSION)
            | (func.coalesce(ArticleSketch.first_claim_id, -1) != func.coalesce(first, -1))
        )
    )
    return [r[0] for r in rows]


def index_articles(conn: Connection, article_ids: Sequence[int] | None = None) -> list[int]:
    """(Re)build frames, event signatures and sketches for the articles (default: stale ones)."""
    ids = sorted(set(article_ids)) if article_ids is not None else _stale_articles(conn)
    for batch in _chunks(ids, INDEX_BATCH):
        _index_batch(conn, list(batch))
    return ids


def _index_batch(conn: Connection, ids: list[int]) -> None:
    for model in (FigureFrame, EventSignature, ArticleSketch):
        conn.execute(delete(model).where(model.article_id.in_(ids)))
    articles = {
        r.id: r
        for r in conn.execute(
            select(Article.id, Article.body, Article.published).where(Article.id.in_(ids))
        )
    }
    published = {aid: a.published or _dateline(a.body or "") for aid, a in articles.items()}
    marks = ", ".join("?" * len(ids))
    # Claims are ~50 rows per article: read as the driver's tuples, where Core's row objects
    # cost a fetch and a Row per claim. Only the few that may hold an event (one scan of all
    # their texts) are looked at one by one.
    claims = _fetch(
        conn, f'SELECT id, article_id, text, "start" FROM claims WHERE article_id IN ({marks})', ids
    )
    by_id = dict(zip(map(itemgetter(0), claims), claims, strict=True))
    candidates: dict[int, list[tuple[int, str, str | None]]] = defaultdict(list)
    for k in sg.event_candidates(list(map(itemgetter(2), claims))):
        claim_id, article_id, text, _ = claims[k]
        # The sentence before (claims of an article have consecutive ids): what an anaphoric
        # subject ("The railway, which ...") refers to.
        prev = by_id.get(claim_id - 1)
        context = prev[2] if prev is not None and prev[1] == article_id else None
        candidates[article_id].append((claim_id, text, context))
    # Each article's first claim id, read from the rows already fetched (a GROUP BY query
    # read the claims' index a second time).
    first_claim: dict[int, int] = {}
    for claim_id, article_id, _, _ in claims:
        if claim_id < first_claim.get(article_id, claim_id + 1):
            first_claim[article_id] = claim_id
    frames = []
    for f in map(_FigureRow._make, _fetch(conn, _FIGURES_SQL.format(marks=marks), ids)):
        claim = by_id.get(f.claim_id)
        if claim is None:
            continue
        row = _frame_row(f.id, f.article_id, f, f.measure_key, f.period_key, claim[2],
                         claim[3], published[f.article_id])  # fmt: skip
        if row is not None:
            frames.append(row)
    sqlite = conn.dialect.name == "sqlite"
    events = []
    sketches = []
    for aid, a in articles.items():
        events += _event_rows(aid, candidates.get(aid, ()), published[aid], sqlite)
        sketches.append(_sketch_row(aid, a.body or "", first_claim.get(aid)))
    _insert_index(conn, frames, events, sketches)


class _FigureRow(NamedTuple):
    """The columns of a figure _frame_row reads, named (the driver's rows are plain tuples)."""

    id: int
    claim_id: int
    article_id: int
    text: str
    start: int
    end: int
    kind: str
    value: float | None
    value_high: float | None
    unit: str | None
    qualifier: str | None
    measure_key: str | None
    period: str | None
    period_key: str | None


_FIGURES_SQL = (
    "SELECT " + ", ".join(f'"{c}"' for c in _FigureRow._fields)
    + " FROM figures WHERE article_id IN ({marks})"
)  # fmt: skip


def _fetch(conn: Connection, sql: str, params: Sequence[Any]) -> list[tuple[Any, ...]]:
    """All rows of a qmark statement, as the driver's tuples, in conn's transaction."""
    cursor = conn.connection.cursor()  # the DB-API cursor: any driver
    try:
        cursor.execute(_sql(conn, sql), tuple(params))
        return cursor.fetchall()
    finally:
        cursor.close()


def _sql(conn: Connection, sql: str) -> str:
    """A statement with qmark parameters, in the driver's own paramstyle."""
    return sql if conn.dialect.paramstyle == "qmark" else sql.replace("?", "%s")


FRAME_COLUMNS = ("figure_id", "article_id", "frame", "period", "dimension", "low", "high",
                 "confidence")  # fmt: skip
EVENT_COLUMNS = ("claim_id", "block", "article_id", "signature", "polarity", "date_low",
                 "date_high", "as_of")  # fmt: skip
SKETCH_COLUMNS = ("article_id", "first_claim_id", "shingles", "sketch", "version")


def _insert_index(
    conn: Connection,
    frames: list[tuple[Any, ...]],
    events: list[tuple[Any, ...]],
    sketches: list[tuple[Any, ...]],
) -> None:
    """Positional executemany through the driver: Core's insert() of dicts built parameters
    row by row in Python, a large share of indexing time at a few rows per article."""
    for table, columns, rows in (
        ("figure_frames", FRAME_COLUMNS, frames),
        ("event_signatures", EVENT_COLUMNS, events),
        ("article_sketches", SKETCH_COLUMNS, sketches),
    ):
        if rows:
            names = ", ".join(f'"{c}"' for c in columns)
            marks = ", ".join("?" * len(columns))
            sql = _sql(conn, f'INSERT INTO "{table}" ({names}) VALUES ({marks})')
            conn.exec_driver_sql(sql, rows)


def _event_rows(
    article_id: int,
    claims: Iterable[tuple[int, str, str | None]],
    published: dt.date | None,
    sqlite: bool,
) -> list[tuple[Any, ...]]:
    """Rows of EVENT_COLUMNS for (claim id, text, previous claim's text) triples: one per
    blocking key of a signature."""
    rows = []
    for claim_id, text, context in claims:
        sig = sg.event_signature(text, published, context)
        if sig is None:
            continue
        payload = _payload(sig)
        low, high = sig.low, sig.high
        if sqlite:  # SQLAlchemy's Date stores ISO text on SQLite; its bind step is bypassed
            low = None if low is None else low.isoformat()
            high = None if high is None else high.isoformat()
        for block in sig.blocks():
            rows.append((claim_id, block[:200], article_id, payload, sig.polarity, low, high,
                         int(sig.as_of)))  # fmt: skip
    return rows


_json_str = json.encoder.encode_basestring_ascii  # how json.dumps writes a str (ensure_ascii)


def _payload(sig: sg.EventSignature) -> str:
    """json.dumps([sig.action, sig.once, sig.names, sig.entities, sig.words]), written directly:
    dumps' layers cost ~3x this for five short values."""
    once = "true" if sig.once else "false"
    names = ", ".join(map(_json_str, sig.names))
    entities = ", ".join(map(_json_str, sig.entities))
    words = ", ".join(map(_json_str, sig.words))
    return f"[{_json_str(sig.action)}, {once}, [{names}], [{entities}], [{words}]]"


def _sketch_row(article_id: int, body: str, first_claim_id: int | None) -> tuple[Any, ...]:
    n, hashes = sg.body_sketch(body)
    hexes = ("%x " * len(hashes) % hashes)[:-1]  # one format call: " ".join(f"{h:x}" ...) cost 3x
    return (article_id, first_claim_id, n, hexes, SIGNATURE_VERSION)


# Where a dateline sits when the header stage found no publication date ("1 July 2022 | Name").
DATELINE_CHARS = 400


def _dateline(body: str) -> dt.date | None:
    """The first full date near the top of the body: resolves "last year" when the article's
    publication date is unknown."""
    for d in find_date_matches(body[:DATELINE_CHARS]):
        if d.precision == "day":
            return d.date
    return None


def _frame_row(
    figure_id: int,
    article_id: int,
    f: Any,
    measure_key: str | None,
    period_key: str | None,
    claim_text: str,
    claim_start: int,
    published: dt.date | None,
) -> tuple[Any, ...] | None:
    """A row of FRAME_COLUMNS for figure f (a stored row or a records.Figure), or None."""
    period = _effective_period(f.period, period_key, published, claim_text)
    interval = value_interval(f.text, f.value, f.value_high, f.qualifier)
    if period is None or interval is None:
        return None
    start, end = f.start - claim_start, f.end - claim_start
    if not (0 <= start < end <= len(claim_text)):
        return None
    frame = sg.figure_frame(claim_text, start, end, f.kind, measure_key)
    if frame is None:
        return None
    if f.period and "|" in period:
        period = _clause_period(claim_text, start, end, f.period, period, published)
        if period is None:
            return None
    dimension, factor, _ = dimension_of(f.unit)
    lo, hi = interval
    return (
        figure_id,
        article_id,
        frame.key[:300],
        period[:100],
        dimension[:80],
        None if lo is None else lo * factor,
        None if hi is None else hi * factor,
        frame.confidence,
    )


# --- sources -----------------------------------------------------------------------------------


# Sources' caches are bounded (their oldest quarter is dropped when full), so detection's memory
# stays flat with the corpus; a dropped entry is only read again. ~0.7 KB per article's bands,
# ~10 KB per full sketch.
MAX_CACHED_BANDS = 20_000
MAX_CACHED_SKETCHES = 500
MAX_CACHED_VERDICTS = 50_000


def _bounded(cache: dict[Any, Any], limit: int) -> None:
    """Make room for one more entry: drop the oldest quarter of a full cache."""
    if len(cache) >= limit:
        for key in [k for _, k in zip(range(max(1, limit // 4)), cache, strict=False)]:
            del cache[key]


@dataclass(slots=True)
class Sources:
    """Cache of which articles are copies of one another.

    Only each article's STORY_BANDS smallest shingle hashes are kept in memory: copies share at
    least one of them (bands of a bottom-k sketch, as in MinHash LSH), so a pair without a shared
    band is two stories, and the full sketch is read only for the rare pairs that share one.
    Every cache is bounded (MAX_CACHED_*): answers are read from the index, never from the order
    of the questions, so what was dropped is read again.
    """

    conn: Connection
    bands: dict[int, frozenset[int]] = field(default_factory=dict)
    sketches: dict[int, tuple[int, tuple[int, ...], frozenset[int]]] = field(default_factory=dict)
    verdicts: dict[tuple[int, int], bool] = field(default_factory=dict)

    def load(self, ids: Iterable[int]) -> None:
        """Read the bands of these articles (one query per 900)."""
        self._bands_of(ids)

    def _bands_of(self, ids: Iterable[int]) -> dict[int, frozenset[int]]:
        """The bands of these articles, read from the cache or (one query per 900) the index."""
        out: dict[int, frozenset[int]] = {}
        missing = set()
        for i in ids:
            b = self.bands.get(i)
            if b is None:
                missing.add(i)
            else:
                out[i] = b
        for batch in _chunks(sorted(missing), 900):
            for r in self.conn.execute(
                select(ArticleSketch.article_id, func.substr(ArticleSketch.sketch, 1, 200))
                .where(ArticleSketch.article_id.in_(batch))
            ):  # fmt: skip
                out[r[0]] = frozenset(int(h, 16) for h in r[1].split()[:STORY_BANDS])
            for aid in batch:
                bands = out.setdefault(aid, frozenset())
                _bounded(self.bands, MAX_CACHED_BANDS)
                self.bands[aid] = bands
        return out

    def _sketch(self, aid: int) -> tuple[int, tuple[int, ...], frozenset[int]]:
        sketch = self.sketches.get(aid)
        if sketch is None:
            row = self.conn.execute(
                select(ArticleSketch.shingles, ArticleSketch.sketch).where(
                    ArticleSketch.article_id == aid
                )
            ).first()
            hashes = tuple(int(h, 16) for h in row[1].split()) if row else ()
            sketch = (row[0] if row else 0, hashes, frozenset(hashes))
            _bounded(self.sketches, MAX_CACHED_SKETCHES)
            self.sketches[aid] = sketch
        return sketch

    def same(self, a: int, b: int) -> bool:
        """One source: the same article, or syndicated copies of one story."""
        if a == b:
            return True
        ba, bb = self.bands.get(a), self.bands.get(b)
        if ba is None or bb is None:
            both = self._bands_of((a, b))
            ba, bb = both[a], both[b]
        if ba.isdisjoint(bb):
            return False
        key = (a, b) if a < b else (b, a)
        verdict = self.verdicts.get(key)
        if verdict is None:
            na, ha, sa = self._sketch(a)
            nb, hb, sb = self._sketch(b)
            verdict = sg.sketch_containment((na, ha), (nb, hb), sa, sb) >= SYNDICATION_CONTAINMENT
            _bounded(self.verdicts, MAX_CACHED_VERDICTS)
            self.verdicts[key] = verdict
        return verdict

    def stories(self, ordered: Sequence[int]) -> dict[int, int]:
        """Each article's story: the first article in ``ordered`` it is a copy of (or itself).

        Only articles sharing a band are compared, so this stays linear.
        """
        bands_of = self._bands_of(ordered)
        story: dict[int, int] = {}
        band: dict[int, list[int]] = defaultdict(list)
        for aid in ordered:
            hashes = bands_of[aid]
            seen: list[int] = []
            for h in hashes:
                seen.extend(band[h])
            rep = next((story[o] for o in dict.fromkeys(seen) if self.same(o, aid)), aid)
            story[aid] = rep
            for h in hashes:
                band[h].append(aid)
        return story


def sources_are_one(conn: Connection, a: int, b: int) -> bool:
    """Whether articles a and b count as one source (the same article or syndicated copies)."""
    return Sources(conn).same(a, b)


# --- candidates --------------------------------------------------------------------------------


def _numeric_in_group(members: list[Any], sources: Sources) -> Iterator[Found]:
    """Pairs of figures in one group whose intervals are apart by more than MIN_RELATIVE_GAP."""
    if len({m.article_id for m in members}) < 2:
        return
    members = sorted(members, key=lambda m: (-math.inf if m.low is None else m.low, m.figure_id))
    lows = [-math.inf if m.low is None else m.low for m in members]
    per_figure: dict[int, int] = defaultdict(int)
    emitted = 0
    for i, a in enumerate(members):
        if a.high is None:
            continue
        # Sorted by low, so every later member whose low clears a's high is apart from it.
        j = bisect.bisect_right(lows, a.high, lo=i + 1)
        for b in members[j:]:
            if per_figure[a.figure_id] >= MAX_PAIRS_PER_FIGURE:
                break
            if per_figure[b.figure_id] >= MAX_PAIRS_PER_FIGURE or a.article_id == b.article_id:
                continue
            gap = relative_gap((a.low, a.high), (b.low, b.high))
            if gap <= MIN_RELATIVE_GAP:
                continue
            per_figure[a.figure_id] += 1
            per_figure[b.figure_id] += 1
            va, vb = _center((a.low, a.high)), _center((b.low, b.high))
            rel = abs(va - vb) / max(abs(va), abs(vb), 1e-12)
            score = round(min(1.0, rel) * min(a.confidence, b.confidence), 4)
            yield Found("numeric", score, ((a.article_id, a.claim_id, a.figure_id),
                                           (b.article_id, b.claim_id, b.figure_id)),
                        {"rel": rel, "frame": a.frame})  # fmt: skip
            emitted += 1
            if emitted >= MAX_PAIRS_PER_GROUP + CANDIDATE_SLACK:
                return


# Findings saved per chunk: detection streams, so its memory follows the chunk, not the corpus.
FOUND_CHUNK = 1000


def _numeric(
    conn: Connection, sources: Sources, article_ids: Sequence[int] | None
) -> Iterator[list[Found]]:
    """Numeric conflicts, in chunks of whole frames, each already one per story (the groups
    of _one_per_story are frames, and the rows come ordered by frame)."""
    cols = (
        FigureFrame.figure_id, FigureFrame.article_id, FigureFrame.frame, FigureFrame.period,
        FigureFrame.dimension, FigureFrame.low, FigureFrame.high, FigureFrame.confidence,
    )  # fmt: skip
    groups = select(FigureFrame.frame, FigureFrame.period, FigureFrame.dimension).group_by(
        FigureFrame.frame, FigureFrame.period, FigureFrame.dimension
    )
    if article_ids is None:
        groups = groups.having(func.count(func.distinct(FigureFrame.article_id)) > 1)
    else:
        groups = groups.where(FigureFrame.article_id.in_(list(article_ids)))
    g = groups.subquery()
    query = (
        select(*cols, Figure.claim_id)
        .join(g, and_(g.c.frame == FigureFrame.frame, g.c.period == FigureFrame.period,
                      g.c.dimension == FigureFrame.dimension))
        .join(Figure, Figure.id == FigureFrame.figure_id)
        .order_by(FigureFrame.frame, FigureFrame.period, FigureFrame.dimension,
                  FigureFrame.figure_id)
    )  # fmt: skip
    candidates: list[list[Found]] = []
    pending = 0  # candidate pairs in `candidates`

    def chunk() -> list[Found]:
        # Syndicated copies are told apart per chunk, with their bands read in bulk.
        sources.load(a for pairs in candidates for f in pairs for (a, _, _) in f.sides)
        found: list[Found] = []
        for pairs in candidates:
            kept = [f for f in pairs if not sources.same(f.sides[0][0], f.sides[1][0])]
            found.extend(kept[:MAX_PAIRS_PER_GROUP])
        candidates.clear()
        return _one_per_story(conn, found, sources)

    group: list[Any] = []
    current: tuple[str, str, str] | None = None
    for row in conn.execute(query).yield_per(5000):
        key = (row.frame, row.period, row.dimension)
        if key != current:
            pairs = list(_numeric_in_group(group, sources))
            if pairs:
                candidates.append(pairs)
                pending += len(pairs)
            if pending >= FOUND_CHUNK and (current is None or key[0] != current[0]):
                yield chunk()
                pending = 0
            group, current = [], key
        group.append(row)
    pairs = list(_numeric_in_group(group, sources))
    if pairs:
        candidates.append(pairs)
    if candidates:
        yield chunk()


_SigSets = tuple[frozenset[str], frozenset[str], frozenset[str]]  # names, entities, words


def _sets(sig: tuple[str, bool, tuple[str, ...], tuple[str, ...], tuple[str, ...]]) -> _SigSets:
    """A signature's names, entities and words as sets."""
    return frozenset(sig[2]), frozenset(sig[3]), frozenset(sig[4])


def _same_sets(once: bool, a: _SigSets, b: _SigSets, n_ents_a: int) -> bool:
    """_same_event on the sides' sets (``once`` and ``n_ents_a``: a's flag and entity count)."""
    names_a, ents_a, words_a = a
    names_b, ents_b, words_b = b
    if ents_a and ents_b and not (ents_a <= ents_b or ents_b <= ents_a):
        return False
    if names_a and names_b:
        return names_a <= names_b or names_b <= names_a
    if names_a or names_b or not once or not (ents_a and ents_b):
        return False
    if words_a and words_b:
        return len(words_a & words_b) / min(len(words_a), len(words_b)) >= MIN_WORD_OVERLAP
    # Nothing but the actors to go on ("China recognised the Taliban"): they must all agree.
    return ents_a == ents_b and n_ents_a >= 2


def _same_event(a: Any, b: Any) -> bool:
    """Whether two event signatures tell of one event: their entities equal or one within the
    other, and their names likewise, or (unnamed one-time events) half their words shared."""
    once = a.sig[1] or a.polarity != b.polarity  # a denial meets any assertion (see below)
    return _same_sets(once, _sets(a.sig), _sets(b.sig), len(a.sig[3]))


def _days_apart(a: Any, b: Any) -> int | None:
    """Days between two dated events' intervals (0 when they overlap); None when undated."""
    if a.date_high is None or b.date_high is None:
        return None
    alo, blo = a.date_low or dt.date.min, b.date_low or dt.date.min
    if b.date_high < alo:
        return (alo - b.date_high).days
    if a.date_high < blo:
        return (blo - a.date_high).days
    return 0


def _denied(pos: Any, neg: Any) -> bool:
    """The asserted event falls inside the time the denial covers."""
    if pos.date_high is None:
        return False
    if neg.date_high is not None and pos.date_high > neg.date_high:
        return False
    return neg.date_low is None or (pos.date_low is not None and pos.date_low >= neg.date_low)


def _related_groups(
    keys: Sequence[frozenset[str]],
) -> tuple[dict[frozenset[str], list[int]], dict[frozenset[str], set[frozenset[str]]]]:
    """Positions grouped by equal key, and for each key the keys equal to it or a subset or
    superset of it (a group's supersets are the intersection of the posting lists of its
    words), so the work follows the related groups, not the square of the block."""
    groups: dict[frozenset[str], list[int]] = defaultdict(list)
    for i, k in enumerate(keys):
        groups[k].append(i)
    postings: dict[str, set[frozenset[str]]] = defaultdict(set)
    for k in groups:
        for word in k:
            postings[word].add(k)
    related: dict[frozenset[str], set[frozenset[str]]] = {k: {k} for k in groups}
    for k in groups:
        if k:
            for other in set.intersection(*(postings[w] for w in k)):
                related[k].add(other)  # other holds all of k
                related[other].add(k)
    return groups, related


# Pairs examined per block at most: a block can be keyed by a word that is not a name at all
# (a capitalised adverb opening the sentence: "Crucially, ... opened"), and then every claim
# in it relates to every other. The pairs stop here, in claim order, and the block is logged.
MAX_PAIRS_EXAMINED_PER_BLOCK = 50_000
# Rows held per block at most: the same kind of block grows with the corpus (one row per claim
# that names its key), so without a bound detection's memory would follow the corpus, not the
# block size of a normal event. Past the bound the block keeps its newest rows (the highest
# claim ids: an ingest's new articles), in claim order, and is logged.
MAX_ROWS_PER_BLOCK = 20_000


def _candidate_pairs(rows: list[Any]) -> Iterator[tuple[int, int]]:
    """The (i, j) pairs of a block that _same_event can accept, in the order of the full
    double loop (i, then j), at most MAX_PAIRS_EXAMINED_PER_BLOCK. Rows with names only match
    rows with names, by names being equal or one a subset of the other; rows without names
    only match rows without names, whose entities must be equal or one a subset of the other
    (see _same_event). Blocks are keyed by one shared name or entity, so comparing every pair
    made detection grow with the square of the corpus (a common key: "Agreement", a country).
    """
    keys: list[frozenset[str] | None] = []
    for r in rows:
        if r.sig[2]:
            keys.append(frozenset("n:" + n for n in r.sig[2]))
        elif r.sig[3]:
            keys.append(frozenset("e:" + e for e in r.sig[3]))
        else:
            keys.append(None)  # no name and no entity: _same_event accepts nothing
    live = [i for i, k in enumerate(keys) if k is not None]
    if not live:
        return
    # Named and unnamed keys never relate: their words carry different prefixes.
    groups, related = _related_groups([k for k in keys if k is not None])
    partners: dict[frozenset[str], list[int]] = {}  # a group's related positions, built lazily
    examined = 0
    for x, i in enumerate(live):
        key = keys[i]
        assert key is not None
        ys = partners.get(key)
        if ys is None:
            ys = partners[key] = sorted(y for g in related[key] for y in groups[g])
        for y in ys[bisect.bisect_right(ys, x) :]:
            yield i, live[y]
            examined += 1
            if examined >= MAX_PAIRS_EXAMINED_PER_BLOCK:
                log.info(
                    "event block %s: comparing its first %d pairs only",
                    rows[0].block, MAX_PAIRS_EXAMINED_PER_BLOCK,
                )  # fmt: skip
                return


def _events_in_block(
    rows: list[Any], sources: Sources, seen: set[tuple[int, int]]
) -> Iterator[Found]:
    emitted = 0
    # _same_event's sets, made once per distinct signature rather than once per pair (rows with
    # equal signatures share one tuple: _sig_of).
    made: dict[int, _SigSets] = {}
    sets = []
    for r in rows:
        one = made.get(id(r.sig))
        if one is None:
            one = made[id(r.sig)] = _sets(r.sig)
        sets.append(one)
    for i, j in _candidate_pairs(rows):
        a, b = rows[i], rows[j]
        # A denial meets an assertion of the same unnamed event whether or not the action
        # recurs ("did not halt supplies to X in January" vs "halted supplies to X in January").
        if a.article_id == b.article_id or not _same_sets(
            a.sig[1] or a.polarity != b.polarity, sets[i], sets[j], len(a.sig[3])
        ):
            continue
        ca, cb = a.claim_id, b.claim_id
        pair = (ca, cb) if ca < cb else (cb, ca)
        if pair in seen:
            continue
        kind, score, detail_days = None, 0.0, 0
        if a.polarity == b.polarity == 1:
            days = _days_apart(a, b)
            if days is not None and days > DATE_SLACK_DAYS and (a.sig[1] or a.sig[2] or b.sig[2]):
                kind, score = "date", round(min(1.0, days / 365), 4)
                detail_days = days
        elif a.polarity != b.polarity:
            pos, neg = (a, b) if a.polarity == 1 else (b, a)
            if _denied(pos, neg):
                kind, score = "negation", 0.9 if (a.sig[2] and b.sig[2]) else 0.7
        if kind is None or sources.same(a.article_id, b.article_id):
            continue
        seen.add(pair)
        detail = {"a": a, "b": b, "days": detail_days if kind == "date" else None}
        sides = ((a.article_id, a.claim_id, None), (b.article_id, b.claim_id, None))
        yield Found(kind, score, sides, detail)
        emitted += 1
        if emitted >= MAX_PAIRS_PER_GROUP:
            return


@dataclass(slots=True)
class _Sig:
    claim_id: int
    article_id: int
    polarity: int
    date_low: dt.date | None
    date_high: dt.date | None
    as_of: int
    sig: tuple[str, bool, tuple[str, ...], tuple[str, ...], tuple[str, ...]]
    block: str = ""


def _events(
    conn: Connection, sources: Sources, article_ids: Sequence[int] | None
) -> Iterator[list[Found]]:
    """Date and negation conflicts, in chunks of whole _one_per_story groups, each already one
    per story. A group (one event) spans many blocks, so the blocks are compared first while
    only a few numbers per finding are kept; each chunk's signatures are then read again."""
    blocks = select(EventSignature.block).distinct()
    if article_ids is not None:
        blocks = blocks.where(EventSignature.article_id.in_(list(article_ids)))
    e = EventSignature
    query = (
        select(e.claim_id, e.block, e.article_id, e.signature, e.polarity, e.date_low,
               e.date_high, e.as_of)
        .where(e.block.in_(blocks.scalar_subquery()))
        .order_by(e.block, e.claim_id)
    )  # fmt: skip
    # (kind, score, article a, claim a, article b, claim b, days) per finding, by group in
    # order of first finding (the order _one_per_story reports them in).
    gids: dict[Any, int] = {}
    by_group: list[list[tuple[Any, ...]]] = []
    seen: set[tuple[int, int]] = set()
    # The rows come ordered by block: one block is held at a time, so memory follows the
    # largest block, not the number of articles in scope (measured: 29 MB at 10k articles).
    rows: list[_Sig] = []
    parsed: dict[str, Any] = {}  # the block's parsed signatures, by their text

    dropped = 0  # rows of the current block dropped for MAX_ROWS_PER_BLOCK

    def flush() -> None:
        nonlocal dropped
        if len(rows) > MAX_ROWS_PER_BLOCK:
            dropped += len(rows) - MAX_ROWS_PER_BLOCK
            del rows[: len(rows) - MAX_ROWS_PER_BLOCK]
        if dropped:
            log.info("event block %s: comparing its newest %d rows only (%d older ones left "
                     "out)", rows[0].block, len(rows), dropped)  # fmt: skip
            dropped = 0
        if len({r.article_id for r in rows}) > 1:
            for f in _events_in_block(rows, sources, seen):
                gid = gids.setdefault((f.kind, _event_key(f)), len(gids))
                if gid == len(by_group):
                    by_group.append([])
                (aa, ca, _), (ab, cb, _) = f.sides
                by_group[gid].append((f.kind, f.score, aa, ca, ab, cb, f.detail["days"]))
        rows.clear()
        parsed.clear()

    for r in conn.execute(query).yield_per(1000):
        if rows and r.block != rows[-1].block:
            flush()
        rows.append(_sig_of(r, parsed))
        if len(rows) >= 2 * MAX_ROWS_PER_BLOCK:  # drop the oldest rows now and then (amortised)
            dropped += len(rows) - MAX_ROWS_PER_BLOCK
            del rows[: len(rows) - MAX_ROWS_PER_BLOCK]
            parsed.clear()  # held rows keep their tuples; later equal texts get new ones
    flush()
    gids.clear()
    chunk: list[tuple[Any, ...]] = []
    for records in by_group:
        chunk += records
        records.clear()
        if len(chunk) >= FOUND_CHUNK:
            yield _one_per_story(conn, _event_found(conn, chunk), sources)
            chunk = []
    if chunk:
        yield _one_per_story(conn, _event_found(conn, chunk), sources)


def _event_key(f: Found) -> tuple[Any, ...]:
    """The event a finding is about, whichever side a block listed first: a copy of a story
    paired with a third claim must fall in the group of the original's pair with it."""
    return min(f.detail["a"].sig[:3], f.detail["b"].sig[:3])


def _sig_of(r: Any, parsed: dict[str, Any] | None = None) -> _Sig:
    """A row's _Sig; with ``parsed``, rows with the same signature text share one parsed tuple
    (copies of a story and repeated sentences fill large blocks with equal signatures)."""
    sig = None if parsed is None else parsed.get(r.signature)
    if sig is None:
        action, once, names, ents, words = json.loads(r.signature)
        sig = (action, once, tuple(names), tuple(ents), tuple(words))
        if parsed is not None:
            parsed[r.signature] = sig
    return _Sig(r.claim_id, r.article_id, r.polarity, r.date_low, r.date_high, r.as_of, sig,
                r.block)  # fmt: skip


def _event_found(conn: Connection, records: list[tuple[Any, ...]]) -> list[Found]:
    """Findings from _events' records, their sides' signatures read again (every block of a
    claim holds the same signature, dates and polarity)."""
    e = EventSignature
    sigs: dict[int, _Sig] = {}
    for batch in _chunks(sorted({c for r in records for c in (r[3], r[5])}), 900):
        for row in conn.execute(
            select(e.claim_id, e.block, e.article_id, e.signature, e.polarity, e.date_low,
                   e.date_high, e.as_of).where(e.claim_id.in_(batch))
        ):  # fmt: skip
            if row.claim_id not in sigs:
                sigs[row.claim_id] = _sig_of(row)
    return [
        Found(kind, score, ((aa, ca, None), (ab, cb, None)),
              {"a": sigs[ca], "b": sigs[cb], "days": days})
        for kind, score, aa, ca, ab, cb, days in records
    ]  # fmt: skip


# Where a syndicated copy credits its source ("Gulf Wire | 28 February 2024", "(Reuters) -").
CREDIT_CHARS = 600
MIN_OUTLET_CHARS = 4  # shorter outlet names ("AP") match too much text by chance


def _credits_another(
    members: Sequence[int], outlet: dict[int, str], head: dict[int, str]
) -> set[int]:
    """The members whose opening names another member's outlet, not their own: a copy credits
    the original ("Addis Business Daily" running "Gulf Wire | 28 February 2024")."""
    names = {outlet[a] for a in members if a in outlet}
    if not names:
        return set()
    patterns = {n: re.compile(rf"(?<!\w){re.escape(n)}(?!\w)") for n in names}
    return {
        a
        for a in members
        if any(n != outlet.get(a) and p.search(head.get(a, "")) for n, p in patterns.items())
    }


def _one_per_story(conn: Connection, found: list[Found], sources: Sources) -> list[Found]:
    """A conflict with several syndicated copies of one story is reported once, against the
    original: not a copy that credits another member's outlet at its top, then the copy
    published first (an undated one last; ties go to the article stored first). Copies are
    looked for only among the articles of one measure or event, so this stays linear."""
    if len(found) < 2:
        return found
    ids = sorted({a for f in found for (a, _, _) in f.sides})
    published: dict[int, dt.date | None] = {}
    outlet: dict[int, str] = {}
    head: dict[int, str] = {}
    for batch in _chunks(ids, 900):
        rows = conn.execute(
            select(Article.id, Article.published, Publisher.name,
                   func.substr(Article.body, 1, CREDIT_CHARS))
            .outerjoin(Publisher, Publisher.id == Article.publisher_id)
            .where(Article.id.in_(batch))
        )  # fmt: skip
        for aid, date, name, top in rows:
            published[aid] = date
            head[aid] = top or ""
            if name and len(name) >= MIN_OUTLET_CHARS:
                outlet[aid] = name
    by_what: dict[Any, list[Found]] = defaultdict(list)
    for f in found:
        by_what[(f.kind, f.detail.get("frame") or _event_key(f))].append(f)
    out: list[Found] = []
    for group in by_what.values():
        if len(group) == 1:
            out.extend(group)
            continue
        members = sorted({a for f in group for (a, _, _) in f.sides})
        credits = _credits_another(members, outlet, head)
        members.sort(key=lambda a: (a in credits, published.get(a) or dt.date.max, a))
        story = sources.stories(members)
        best: dict[frozenset[int], Found] = {}
        for f in group:
            key = frozenset(story[a] for (a, _, _) in f.sides)
            own = sum(story[a] == a for (a, _, _) in f.sides)
            held = best.get(key)
            if held is None or own > sum(story[a] == a for (a, _, _) in held.sides):
                best[key] = f
        out.extend(best.values())
    return out


# --- the entry point ---------------------------------------------------------------------------


def detect_conflicts(
    engine: Engine, article_ids: Iterable[int] | None = None, *, reindex: bool = False
) -> Detection:
    """Index and compare: only the groups touched by ``article_ids`` (after an ingest), or,
    with None, every group (``factbase conflicts --recheck``). The articles in scope and every
    stale one are (re-)indexed first; ``reindex`` re-indexes every article (after the rules
    changed).

    Indexing stays here, after the ingest, rather than in the loader's write transaction:
    an article stored but never indexed is how a run stopped before this step is found again
    (it is stale), and indexing at write time saved only ~0.2 ms per article (measured)."""
    scope = None if article_ids is None else set(article_ids)
    with fewer_collections(), write_connection(engine) as conn, conn.begin():
        if conn.dialect.name == "postgresql":
            # One detection at a time (SQLite's BEGIN IMMEDIATE already serialises writers):
            # two ingests finishing together both re-index each other's stale articles, and
            # the second insert of the same frame failed on its primary key.
            conn.execute(sql_text("SELECT pg_advisory_xact_lock(:k)"), {"k": PG_DETECT_LOCK})
        stale = _stale_articles(conn)
        if scope is not None:
            # Articles stored but never indexed (a run stopped by Ctrl-C or kill -9 before its
            # detection step) join the scope, so a rerun finds what a clean run would have.
            scope = sorted(scope | set(stale))
            if not scope:
                return Detection()
        if reindex and scope is None:
            indexed = index_articles(conn, list(conn.execute(select(Article.id)).scalars()))
        elif scope is not None:
            indexed = index_articles(conn, scope)
        else:
            indexed = index_articles(conn, stale)
        if scope is not None and len(scope) > MAX_SCOPE_IDS:
            # The scope's groups are selected by `article_id IN (...)`: past SQLite's variable
            # limit (32,766 in stock builds) compare every group instead, a superset.
            scope = None
        sources = Sources(conn)
        writer = ConflictWriter(conn, scope)
        for found in _numeric(conn, sources, scope):
            writer.add(found)
        for found in _events(conn, sources, scope):
            writer.add(found)
        result = writer.finish()
        result.indexed = len(indexed)
    return result
