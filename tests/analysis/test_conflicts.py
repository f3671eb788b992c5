"""Conflict detection: tolerance rules, frames, event signatures, disputes, and whole article sets
(hand-written sets and a generated corpus) scored for precision and recall per kind."""

from __future__ import annotations

import datetime as dt
import json
import shutil
from pathlib import Path

import pytest
import sqlalchemy as sa
from hypothesis import given, settings
from hypothesis import strategies as st

from factbase.analysis.conflict_store import list_conflicts, resolve_conflict
from factbase.analysis.conflicts import (
    MIN_RELATIVE_GAP,
    detect_conflicts,
    relative_gap,
    value_interval,
)
from factbase.analysis.signatures import event_signature, figure_frame, find_disputed, frame_label
from factbase.db.engine import open_db
from factbase.loader import ingest_paths
from factbase.testing.scorer import score

SETS = Path(__file__).resolve().parents[1] / "articles" / "conflicts"
FLOOR = 0.9  # precision and recall per kind, on hand-written sets and the generated corpus


# --- tolerance rules ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "value", "high", "qualifier", "expected"),
    [
        ("$1.5 billion", 1.5e9, None, None, (1.45e9, 1.55e9)),
        ("$1,200 million", 1.2e9, None, None, (1.15e9, 1.25e9)),  # trailing zeros are rounding
        ("$48.7 million", 48.7e6, None, None, (48.65e6, 48.75e6)),
        ("100 soldiers", 100, None, None, (95, 105)),  # round numbers: at most ROUNDING_CAP
        ("exactly 100 soldiers", 100, None, "exactly", (100, 100)),
        ("79.2 million USD", 79.2e6, None, None, (79.15e6, 79.25e6)),
    ],
)
def test_value_interval_rounding(text, value, high, qualifier, expected) -> None:
    lo, hi = value_interval(text, value, high, qualifier)
    assert lo == pytest.approx(expected[0]) and hi == pytest.approx(expected[1])


def _iv(text: str, value: float, qualifier: str | None = None, high: float | None = None):
    iv = value_interval(text, value, high, qualifier)
    assert iv is not None
    return iv


@pytest.mark.parametrize(
    ("a", "b", "conflict"),
    [
        (("$1.5 billion", 1.5e9), ("$1,200 million", 1.2e9), True),
        (("about $49 million", 49e6, "about"), ("$48.7 million", 48.7e6), False),
        (("$49 million", 49e6), ("$48.7 million", 48.7e6), False),
        (("nearly $50 million", 50e6, "nearly"), ("$48.7 million", 48.7e6), False),
        (("about $49 million", 49e6, "about"), ("$60 million", 60e6), True),
        (("$150 million", 150e6), ("$210 million", 210e6), True),
        (("more than $1 billion", 1e9, "more than"), ("$1.1 billion", 1.1e9), False),
        (("more than $1 billion", 1e9, "more than"), ("$0.8 billion", 0.8e9), True),
        (("more than 390", 390, "upwards of"), ("632", 632), True),  # a bound is near its value
        (("up to 10,000", 10_000, "up to"), ("9,500", 9_500), False),
        (("5-10 million", 5e6, None, 10e6), ("7 million", 7e6), False),
        (("5-10 million", 5e6, None, 10e6), ("12 million", 12e6), True),
        (("11000 metric tons", 11_000), ("11,000 tonnes", 11_000), False),
        (("$48.7 million", 48.7e6), ("$49.2 million", 49.2e6), False),  # < MIN_RELATIVE_GAP
        # spelled-out numbers round like the digits they make: "twenty" stands for 15..25
        (("about twenty percent", 20, "about"), ("15 percent", 15), False),
        (("roughly two percent", 2, "roughly"), ("1.5%", 1.5), False),
        (("about ten percent", 10, "about"), ("13%", 13), False),
        (("about twenty percent", 20, "about"), ("12 percent", 12), True),
        (("two percent", 2), ("1.5%", 1.5), True),  # unqualified: at most ROUNDING_CAP
        (("twelve million tonnes", 12e6), ("12.3 million tonnes", 12.3e6), False),
    ],
)
def test_conflict_tolerance(a, b, conflict) -> None:
    gap = relative_gap(_iv(*a), _iv(*b))
    assert (gap > MIN_RELATIVE_GAP) is conflict


QUALIFIERS = [None, "about", "around", "nearly", "almost", "over", "more than", "at least",
              "up to", "less than", "just under", "just over", "an estimated", "some"]  # fmt: skip


@given(
    digits=st.integers(1, 99_999),
    decimals=st.integers(0, 2),
    scale=st.sampled_from([1, 1e3, 1e6, 1e9]),
    qualifier=st.sampled_from(QUALIFIERS),
)
def test_interval_admits_its_own_value(digits, decimals, scale, qualifier) -> None:
    written = f"{digits / 10**decimals:.{decimals}f}"
    value = float(written) * scale
    lo, hi = value_interval(f"${written} million", value, None, qualifier)
    assert (lo is None or lo <= value * (1 + 1e-9)) and (hi is None or hi >= value * (1 - 1e-9))
    assert relative_gap((lo, hi), (value, value)) == 0


# --- frames ------------------------------------------------------------------------------------


def _frame(sentence: str, figure: str, kind: str = "money") -> str | None:
    start = sentence.index(figure)
    frame = figure_frame(sentence, start, start + len(figure), kind)
    return frame.key if frame else None


SAME_MEASURE = [
    (("Russian exports to Afghanistan were worth $79.2 million in 2021.", "$79.2 million"),
     ("Afghanistan's imports from Russia reached $64 million in 2021.", "$64 million")),
    (("Afghanistan bought goods worth $70 million from Russia in 2021.", "$70 million"),
     ("Goods worth $80 million were exported from Russia to Afghanistan in 2021.", "$80 million")),
    (("Two-way trade between Iran and Afghanistan reached $1.6 billion in 2022.", "$1.6 billion"),
     ("Afghan-Iranian trade turnover stood at $2 billion in 2022.", "$2 billion")),
    (("China's investment in Afghan copper mining was $49 million in 2023.", "$49 million"),
     ("In 2023, Chinese firms poured $60 million into Afghanistan's copper mining sector.",
      "$60 million")),
    (("Kazakhstan produced 52,000 tonnes of coal in 2022.", "52,000 tonnes"),
     ("Coal output in Kazakhstan totalled 110,000 tonnes in 2022.", "110,000 tonnes")),
    (("Iran supplied 28% of Afghanistan's fuel imports in 2023.", "28%"),
     ("Iran's share of Afghan fuel imports was 41 percent in 2023.", "41 percent")),
]  # fmt: skip
DIFFERENT_MEASURE = [
    # opposite direction
    (("Russian exports to Afghanistan were $79 million in 2021.", "$79 million"),
     ("Afghan exports to Russia were $12 million in 2021.", "$12 million")),
    # different subject
    (("Chinese aid to Afghanistan reached $150 million in 2023.", "$150 million"),
     ("Russian aid to Afghanistan reached $40 million in 2023.", "$40 million")),
    # total vs part
    (("Chinese aid to Afghanistan reached $400 million in 2023.", "$400 million"),
     ("Chinese food aid to Afghanistan reached $150 million in 2023.", "$150 million")),
    (("Russian exports to Afghanistan reached $640 million in 2022.", "$640 million"),
     ("Russian wheat exports to Afghanistan reached $312 million in 2022.", "$312 million")),
    # trade vs one-way flow
    (("Trade between Russia and Afghanistan reached $1.1 billion in 2022.", "$1.1 billion"),
     ("Russian exports to Afghanistan reached $640 million in 2022.", "$640 million")),
    # named projects
    (("The cost of the Kandahar dry port in Afghanistan was $90 million in 2021.", "$90 million"),
     ("The cost of the Herat solar farm in Afghanistan was $30 million in 2021.", "$30 million")),
    # names that share their first six letters are still two projects
    (("The cost of the Marbolkent rail spur in India was $691 million in 2022.", "$691 million"),
     ("The cost of the Marbolabad rail spur in India was $22 million in 2022.", "$22 million")),
    # one flow, two totals: a share of the exporter's exports, a share of the importer's imports
    (("In 2022, Iran took a 29% share of Pakistan's exports.", "29%"),
     ("Pakistan accounted for 36 percent of Iran's imports in 2022.", "36 percent")),
]  # fmt: skip


@pytest.mark.parametrize(("a", "b"), SAME_MEASURE)
def test_phrasings_of_one_measure_share_a_frame(a, b) -> None:
    kind = "percent" if "%" in a[1] or "percent" in a[1] else "money"
    fa, fb = _frame(*a, kind), _frame(*b, kind)
    assert fa is not None and fa == fb


@pytest.mark.parametrize(("a", "b"), DIFFERENT_MEASURE)
def test_near_misses_get_different_frames(a, b) -> None:
    kind = "percent" if "%" in a[1] or "percent" in a[1] else "money"
    fa, fb = _frame(*a, kind), _frame(*b, kind)
    assert fa is not None and fb is not None and fa != fb


@pytest.mark.parametrize(
    ("sentence", "figure"),
    [
        ("Some outlets claimed that Russian exports to Afghanistan reached $500 million in 2022, "
         "but customs data show less.", "$500 million"),
        ("Contrary to reports that Chinese exports to Afghanistan reached $2.4 billion in 2023, "
         "customs recorded far less.", "$2.4 billion"),
        ("Reports that China's aid to Afghanistan reached $9 million in 2013 are wrong: the "
         "ministry put it at $19 million.", "$9 million"),
        ("Officials rejected the widely quoted estimate of 59,000 tonnes for cement produced in "
         "Tajikistan in 2023, putting the total at 129,000 tonnes.", "59,000 tonnes"),
        ("While some commentators have put Ethiopian aid to China in 2022 at $59.2 million, the "
         "actual figure was $124 million.", "$59.2 million"),
        ("Russia falsely claimed that its exports to Afghanistan reached $900 million in 2022.",
         "$900 million"),
    ],
)  # fmt: skip
def test_disputed_figures_are_not_the_articles_assertion(sentence, figure) -> None:
    start = sentence.index(figure)
    assert any(s <= start < e for s, e in find_disputed(sentence))
    assert _frame(sentence, figure) is None


def test_contrary_to_some_reports_without_that_disputes_nothing() -> None:
    text = (
        "Contrary to some reports, Italy had not signed the Roszarga memorandum as of March 2018."
    )
    assert find_disputed(text) == []


def test_a_sentence_initial_word_is_stemmed_like_any_word() -> None:
    """Only names inside the sentence are kept whole: the first word is capitalised anyway."""
    a = _frame("Pipelines to Kazakhstan cost $40 million in 2021.", "$40 million")
    b = _frame("The pipeline to Kazakhstan cost $90 million in 2021.", "$90 million")
    assert a is not None and a == b


def test_share_labels_say_whose_total() -> None:
    key = _frame("In 2022, Iran took a 29% share of Pakistan's exports.", "29%", "percent")
    assert key is not None
    assert frame_label(key) == "share of Pakistan exports to Iran (of Pakistan's total)"


@pytest.mark.parametrize(
    "text",
    [
        "Public statements rarely reveal the full extent of the bargaining behind closed doors.",
        "Russia maintains close ties with the Taliban government in Kabul.",
        "Uzbekistan remains a close partner of Russia, officials said in 2021.",
    ],
)
def test_idioms_and_the_adjective_close_are_no_closure(text: str) -> None:
    assert event_signature(text) is None


def test_close_before_its_object_is_a_closure() -> None:
    sig = event_signature("Pakistan agreed to close the Torkham crossing in March 2022.")
    assert sig is not None and sig.action == "close" and sig.names == ("torkham",)


def test_a_currency_code_is_no_name() -> None:
    sig = event_signature("In 2013 the cost of reopening the Kabul consulate was 1.35 million USD.")
    assert sig is not None and "usd" not in sig.names


def test_a_sentence_adverb_is_no_name() -> None:
    sig = event_signature("Crucially, Uzbekistan signed the Termez accord on 5 September 2022.")
    assert sig is not None and sig.names == ("termez",)
    assert "crucially" not in sig.blocks()[0]


# --- event signatures --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "action", "polarity", "low", "high"),
    [
        ("Russia reopened its embassy in Kabul in March 2022.", "open", 1,
         dt.date(2022, 3, 1), dt.date(2022, 3, 31)),
        ("Uzbekistan signed the Termez accord on 5 September 2022.", "sign", 1,
         dt.date(2022, 9, 5), dt.date(2022, 9, 5)),
        ("As of May 2022, Uzbekistan had not joined the Amu Darya compact.", "join", -1,
         None, dt.date(2022, 5, 31)),
        ("The Varzo customs convention remained unsigned by Egypt as of September 2020.", "sign",
         -1, None, dt.date(2020, 9, 30)),
        ("Officials in Dushanbe denied in August 2016 that Tajikistan had signed the Varzo deal.",
         "sign", -1, None, dt.date(2016, 8, 31)),
        ("By December 2018, Jordan had yet to sign the Tatel accord on rail connectivity.", "sign",
         -1, None, dt.date(2018, 12, 31)),
        ("Nepal became a member of the Kepar Development Compact in 2017.", "join", 1,
         dt.date(2017, 1, 1), dt.date(2017, 12, 31)),
    ],
)  # fmt: skip
def test_event_signature(text, action, polarity, low, high) -> None:
    sig = event_signature(text, dt.date(2024, 1, 1))
    assert sig is not None
    assert (sig.action, sig.polarity, sig.low, sig.high) == (action, polarity, low, high)


def test_denial_without_a_date_covers_up_to_publication() -> None:
    sig = event_signature(
        "Turkmenistan has never ratified the TAPI protocol.", dt.date(2024, 4, 10)
    )
    assert sig is not None and sig.polarity == -1
    assert (sig.low, sig.high) == (None, dt.date(2024, 4, 10))


@given(st.text(max_size=300))
@settings(max_examples=200)
def test_signatures_never_crash(text: str) -> None:
    event_signature(text)
    if text:
        figure_frame(text, 0, min(3, len(text)), "money", "exports")


# --- whole article sets ------------------------------------------------------------------------


def _ingest(db: str, *paths: Path) -> sa.Engine:
    engine = open_db(db)
    ingest_paths(engine, list(paths))
    return engine


def _assert_floor(report: dict, kinds=("numeric", "date", "negation")) -> None:
    for kind in kinds:
        r = report[kind]
        assert r["precision"] >= FLOOR and r["recall"] >= FLOOR, (kind, r)


@pytest.mark.parametrize("name", ["set1", "set2", "set3"])
def test_hand_written_sets(db_url: str, name: str) -> None:
    engine = _ingest(db_url, SETS / name)
    detect_conflicts(engine)
    found = list_conflicts(engine)
    engine.dispose()
    _assert_floor(score(found, SETS / name / "answer_key.json"))


def test_generated_corpus(tmp_path: Path) -> None:
    from factbase.testing.generator import generate_corpus

    corpus = tmp_path / "corpus"
    key = generate_corpus(corpus, 60, seed=7, conflict_rate=0.6)
    assert {c["kind"] for c in key.conflicts} == {"numeric", "date", "negation"}
    engine = _ingest(str(tmp_path / "gen.db"), corpus)
    detect_conflicts(engine)
    found = list_conflicts(engine)
    engine.dispose()
    _assert_floor(score(found, key))


def test_incremental_detection_equals_full(tmp_path: Path) -> None:
    """Ingesting one article at a time, detecting after each, finds what one full run finds."""
    engine = open_db(str(tmp_path / "inc.db"))
    for path in sorted((SETS / "set3").glob("*.txt")):
        ingest_paths(engine, [path])
        with engine.connect() as conn:
            aid = conn.execute(sa.text("SELECT max(id) FROM articles")).scalar_one()
        detect_conflicts(engine, article_ids=[aid])
    incremental = {(c["kind"], c["a"]["text"], c["b"]["text"]) for c in list_conflicts(engine)}
    detect_conflicts(engine, reindex=True)
    full = {(c["kind"], c["a"]["text"], c["b"]["text"]) for c in list_conflicts(engine)}
    engine.dispose()
    assert incremental == full and len(full) >= 5


def test_json_contract_fields(tmp_path: Path) -> None:
    engine = _ingest(str(tmp_path / "c.db"), SETS / "set2")
    detect_conflicts(engine)
    [first, *_] = list_conflicts(engine)
    engine.dispose()
    assert list(first) == ["id", "kind", "status", "reason", "score", "a", "b"]
    for side in (first["a"], first["b"]):
        assert list(side) == ["claim_id", "article", "title", "text", "figure"]
    assert first["kind"] in ("numeric", "date", "negation", "other")
    assert isinstance(first["score"], float) and first["status"] == "open"
    json.dumps(first)


# --- decisions survive re-detection and re-extraction ------------------------------------------


def test_dismissed_stays_dismissed_until_a_claim_changes(db_url: str, tmp_path: Path) -> None:
    work = tmp_path / "set"
    shutil.copytree(SETS / "set2", work)
    engine = _ingest(db_url, work)
    detect_conflicts(engine)
    numeric = next(c for c in list_conflicts(engine) if c["kind"] == "numeric")
    resolve_conflict(engine, numeric["id"], "dismissed", "aid and assistance differ", "tester")
    detect_conflicts(engine, reindex=True)  # --recheck
    detect_conflicts(engine)
    again = {c["id"]: c for c in list_conflicts(engine)}
    assert again[numeric["id"]]["status"] == "dismissed"
    # Re-extraction (--force) gives new claim ids; the decision follows the stable keys.
    ingest_paths(engine, [work], force=True)
    with engine.connect() as conn:
        ids = list(conn.execute(sa.text("SELECT id FROM articles")).scalars())
    detect_conflicts(engine, article_ids=ids)
    after = {c["id"]: c for c in list_conflicts(engine)}
    assert after[numeric["id"]]["status"] == "dismissed"
    assert after[numeric["id"]]["a"]["claim_id"] != numeric["a"]["claim_id"]
    # A claim's text changes (same words, other case: same key, new digest): reopened.
    path = work / "b1_web_news.txt"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("officials in Beijing said", "Officials in Beijing said"),
                    encoding="utf-8")  # fmt: skip
    ingest_paths(engine, [path])
    with engine.connect() as conn:
        aid = conn.execute(
            sa.text("SELECT id FROM articles WHERE source LIKE :s"), {"s": "%b1_web_news.txt"}
        ).scalar_one()
        history = (
            conn.execute(
                sa.text("SELECT status FROM conflict_reviews WHERE conflict_id = :c ORDER BY id"),
                {"c": numeric["id"]},
            )
            .scalars()
            .all()
        )
    detect_conflicts(engine, article_ids=[aid])
    reopened = {c["id"]: c for c in list_conflicts(engine)}
    engine.dispose()
    assert history == ["dismissed"]
    assert reopened[numeric["id"]]["status"] == "open"


def test_seeds_raise_no_conflicts(ingested_db: str) -> None:
    engine = open_db(ingested_db)
    detect_conflicts(engine)
    assert list_conflicts(engine) == []
    engine.dispose()


def test_people_from_a_country_are_the_recipients() -> None:
    """ "to students from Poland": Poland is where the recipients come from, not the donor."""
    gave = _frame("Azerbaijan offered 700 scholarships to students from Poland in 2016.", "700",
                  "count")  # fmt: skip
    got = _frame("Azerbaijani students received 32 scholarships from Poland in 2016.", "32",
                 "count")  # fmt: skip
    same = _frame("Poland awarded 30 scholarships to Azerbaijani students in 2016.", "30", "count")
    assert gave is not None and got is not None and same is not None
    assert gave.split("|")[1] == "azerbaijan>poland"
    assert got == same != gave
