"""The corpus generator (planted conflicts, near-misses, answer key) and the conflict scorer."""

from __future__ import annotations

import json
import random
import re
import statistics
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from factbase.testing import generator, layout, scorer, surfaces
from factbase.testing.generator import (
    NEAR_MISS_TYPES,
    AnswerKey,
    generate_benchmark_corpus,
    generate_corpus,
)
from factbase.testing.scorer import normalize, score

N = 200


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, AnswerKey]:
    out = tmp_path_factory.mktemp("corpus")
    return out, generate_corpus(out, N, seed=7)


def _sides(key: AnswerKey) -> list[dict[str, Any]]:
    sides = [s for e in (*key.conflicts, *key.near_misses) for s in (e["a"], e["b"])]
    return sides + [s for e in key.corroborations for s in e["sides"]]


def test_same_seed_same_files(tmp_path: Path) -> None:
    a, b, c = tmp_path / "a", tmp_path / "b", tmp_path / "c"
    generate_corpus(a, 40, seed=3)
    generate_corpus(b, 40, seed=3)
    generate_corpus(c, 40, seed=4)
    files_a = sorted(p.name for p in a.iterdir())
    assert files_a == sorted(p.name for p in b.iterdir())
    assert all((a / f).read_bytes() == (b / f).read_bytes() for f in files_a)
    assert files_a != sorted(p.name for p in c.iterdir())


def test_counts_and_files(corpus: tuple[Path, AnswerKey]) -> None:
    out, key = corpus
    txt = sorted(p.name for p in out.glob("*.txt"))
    assert len(txt) == N == key.n_articles
    assert sorted(key.articles) == txt
    assert (out / generator.KEY_FILE).exists()
    assert AnswerKey.load(out) == AnswerKey.load(out / generator.KEY_FILE)
    assert len(key.conflicts) >= 8 and len(key.corroborations) >= N // 4 and key.syndicated
    assert {c["kind"] for c in key.conflicts} == {"numeric", "date", "negation"}
    assert len({n["kind"] for n in key.near_misses}) >= 11


def test_sizes_near_target(corpus: tuple[Path, AnswerKey]) -> None:
    out, key = corpus
    sizes = [(out / f).stat().st_size for f in key.articles]
    assert 4500 <= statistics.mean(sizes) <= 5500
    assert min(sizes) > 2500 and max(sizes) < 8000


def test_size_is_configurable(tmp_path: Path) -> None:
    key = generate_corpus(tmp_path, 30, seed=1, article_bytes=2500)
    assert 2000 <= statistics.mean((tmp_path / f).stat().st_size for f in key.articles) <= 3200


def test_every_snippet_is_verbatim_in_its_article(corpus: tuple[Path, AnswerKey]) -> None:
    out, key = corpus
    texts = {f: (out / f).read_text(encoding="utf-8") for f in key.articles}
    for side in _sides(key):
        assert side["article"] in texts
        assert side["snippet"] and side["snippet"] in texts[side["article"]], side
        assert normalize(side["snippet"]) in normalize(side["sentence"]), side


def test_all_styles_appear_and_can_be_chosen(
    corpus: tuple[Path, AnswerKey], tmp_path: Path
) -> None:
    _, key = corpus
    assert Counter(a["style"] for a in key.articles.values()).keys() == {"web", "ocr", "markdown"}
    only = generate_corpus(tmp_path, 20, seed=2, styles=("ocr",))
    assert {a["style"] for a in only.articles.values()} == {"ocr"}


def test_style_markers_present(corpus: tuple[Path, AnswerKey]) -> None:
    out, key = corpus
    by_style: dict[str, str] = {}
    for f, meta in key.articles.items():
        by_style[meta["style"]] = by_style.get(meta["style"], "") + (out / f).read_text(
            encoding="utf-8"
        )
    assert "\\$" in by_style["markdown"] and re.search(
        r"[\u0600-\u06ff\u0400-\u04ff\u4e00-\u9fff]", by_style["markdown"]
    )
    assert re.search(r"^https://\S+$", by_style["ocr"], re.M)  # page-bottom footnotes
    assert re.search(r"[a-z]\.\d\b", by_style["ocr"])  # markers glued to words: "months.3"
    assert max(len(line) for line in by_style["ocr"].splitlines()) < 130
    assert "Related stories" in by_style["web"] or "Read more on" in by_style["web"]


def test_plants_pair_different_outlets(corpus: tuple[Path, AnswerKey]) -> None:
    _, key = corpus
    pub = {f: a["publisher"] for f, a in key.articles.items()}
    for e in key.conflicts:
        assert pub[e["a"]["article"]] != pub[e["b"]["article"]]
    for src, copy in key.syndicated:
        assert key.articles[copy]["syndicated_from"] == src and pub[src] != pub[copy]


def test_numeric_conflicts_differ_beyond_rounding(corpus: tuple[Path, AnswerKey]) -> None:
    _, key = corpus
    for e in key.conflicts:
        if e["kind"] == "numeric":
            lo, hi = sorted((e["detail"]["a_value"], e["detail"]["b_value"]))
            assert hi >= 1.25 * lo, e


def test_same_value_near_misses_are_spelled_differently(corpus: tuple[Path, AnswerKey]) -> None:
    _, key = corpus
    pairs = [
        e for e in key.near_misses if e["kind"] in ("same_value_different_form", "date_format")
    ]
    assert pairs
    assert sum(e["a"]["snippet"] != e["b"]["snippet"] for e in pairs) >= 0.9 * len(pairs)


def test_published_after_everything_it_mentions(corpus: tuple[Path, AnswerKey]) -> None:
    _, key = corpus
    for side in _sides(key):
        years = [int(y) for y in re.findall(r"\b(20[12]\d)\b", side["sentence"])]
        assert not years or max(years) < int(key.articles[side["article"]]["published"][:4])


def test_benchmark_corpus_has_fewer_plants(tmp_path: Path) -> None:
    key = generate_benchmark_corpus(tmp_path, N, seed=7)
    assert len(list(tmp_path.glob("*.txt"))) == N
    assert len(key.conflicts) < 10 and len(key.near_misses) < 40


def test_generator_cli(tmp_path: Path) -> None:
    assert generator.main(["--n", "12", "--seed", "5", "--out", str(tmp_path / "c")]) == 0
    assert len(list((tmp_path / "c").glob("*.txt"))) == 12


# ---- surfaces: every spelling of a value is exact ---------------------------------------------
SCALE = {
    "billion": 10**9,
    "bn": 10**9,
    "million": 10**6,
    "mn": 10**6,
    "mln": 10**6,
    "m": 10**6,
    "thousand": 10**3,
}


def _read_back(surface: str) -> int:
    """A tiny independent parser for the generator's spellings (test oracle only)."""
    m = re.search(r"([\d,]+(?:\.\d+)?)\s*(billion|bn|million|mln|mn|m|thousand)?\b", surface)
    assert m, surface
    return round(float(m.group(1).replace(",", "")) * SCALE.get(m.group(2) or "", 1))


@given(
    mantissa=st.integers(100, 999),
    exp=st.integers(4, 7),
    seed=st.integers(0, 10**6),
    currency=st.sampled_from(["USD", "EUR"]),
)
def test_money_spellings_are_exact(mantissa: int, exp: int, seed: int, currency: str) -> None:
    value = mantissa * 10**exp
    surface = surfaces.money(random.Random(seed), value, currency)
    assert _read_back(surface) == value
    assert ("€" in surface or "EUR" in surface or "euro" in surface) == (currency == "EUR")


@given(mantissa=st.integers(10, 999), exp=st.integers(1, 5), seed=st.integers(0, 10**6))
def test_tonne_spellings_are_exact(mantissa: int, exp: int, seed: int) -> None:
    value = mantissa * 10**exp
    assert _read_back(surfaces.tonnes(random.Random(seed), value)) == value


@given(
    mantissa=st.integers(101, 999).filter(lambda n: n % 10),
    exp=st.integers(4, 7),
    seed=st.integers(0, 10**6),
)
def test_rounded_spelling_is_qualified_and_close(mantissa: int, exp: int, seed: int) -> None:
    value = mantissa * 10**exp
    surface = surfaces.rounded_with_qualifier(random.Random(seed), value, "USD")
    qualifier = surface.split("$")[0].split(" US")[0].split(" USD")[0]
    assert any(
        q in qualifier for q in (*surfaces.QUALIFIERS_ROUNDED_UP, *surfaces.QUALIFIERS_ROUNDED_DOWN)
    )
    assert abs(_read_back(surface) - value) <= 0.1 * value


# ---- scorer ------------------------------------------------------------------------------------
def _s(article: str, snippet: str, sentence: str) -> dict[str, Any]:
    return {"article": article, "snippet": snippet, "sentence": sentence}


KEY = AnswerKey(
    seed=0,
    n_articles=4,
    conflicts=[
        {
            "kind": "numeric",
            "a": _s(
                "a.txt", "\\$1.5 billion", "Russian exports to Iran reached $1.5 billion in 2021."
            ),
            "b": _s(
                "b.txt",
                "USD 1,200 million",
                "Iran's imports from Russia were USD 1,200 million in 2021.",
            ),
        },
        {
            "kind": "numeric",
            "a": _s("a.txt", "11,000 tonnes", "Oil output hit 11,000 tonnes in 2020."),
            "b": _s("c.txt", "8,000 metric tons", "Oil output stood at 8,000 metric tons in 2020."),
        },
        {
            "kind": "date",
            "a": _s("b.txt", "March 2022", "The accord was signed in March 2022."),
            "b": _s("d.txt", "5 June 2022", "The accord was signed on 5 June 2022."),
        },
    ],
    near_misses=[
        {
            "kind": "different_period",
            "a": _s("c.txt", "$79.2 million", "Exports were $79.2 million in 2021."),
            "b": _s("d.txt", "$93 million", "Exports were $93 million in 2022."),
        },
    ],
)


def _pred(
    kind: str, a: tuple[str, str], b: tuple[str, str], figure: str | None = None
) -> dict[str, Any]:
    return {
        "id": 1,
        "kind": kind,
        "status": "open",
        "reason": "",
        "score": 1.0,
        "a": {
            "claim_id": 1,
            "article": f"/corpus/{a[0]}",
            "title": "",
            "text": a[1],
            "figure": figure,
        },
        "b": {"claim_id": 2, "article": b[0], "title": "", "text": b[1], "figure": None},
    }


PERFECT = [
    _pred(
        "numeric",
        ("b.txt", "Iran’s imports from Russia were  USD 1,200 million in 2021."),
        ("a.txt", "Russian exports to Iran reached $1.5 billion in 2021."),
    ),
    _pred(
        "numeric",
        ("a.txt", "Oil output hit 11,000 tonnes in 2020."),
        ("c.txt", "Oil output stood at\n8,000 metric tons in 2020."),
    ),
    _pred(
        "date",
        ("d.txt", "The accord was signed on 5 June 2022."),
        ("b.txt", "The accord was signed in March 2022."),
    ),
]
FALSE_ALARM = _pred(
    "numeric",
    ("c.txt", "Exports were $79.2 million in 2021."),
    ("d.txt", "Exports were $93 million in 2022."),
)
UNPLANTED = _pred("other", ("a.txt", "Something else entirely."), ("d.txt", "And another thing."))


@pytest.mark.parametrize(
    ("predicted", "expected"),
    [
        pytest.param(
            PERFECT, {"numeric": (2, 0, 0), "date": (1, 0, 0), "overall": (3, 0, 0)}, id="perfect"
        ),
        pytest.param(
            PERFECT[1:],
            {"numeric": (1, 0, 1), "date": (1, 0, 0), "overall": (2, 0, 1)},
            id="one-miss",
        ),
        pytest.param(
            [*PERFECT, FALSE_ALARM], {"numeric": (2, 1, 0), "overall": (3, 1, 0)}, id="false-alarm"
        ),
        pytest.param(
            [PERFECT[0], PERFECT[1], {**PERFECT[2], "kind": "negation"}],
            {"date": (0, 0, 1), "negation": (0, 1, 0), "overall": (2, 1, 1)},
            id="kind-mismatch",
        ),
        pytest.param([*PERFECT, PERFECT[0]], {"numeric": (2, 1, 0)}, id="duplicate"),
        pytest.param(
            [*PERFECT, UNPLANTED], {"other": (0, 1, 0), "overall": (3, 1, 0)}, id="unplanted"
        ),
        pytest.param([], {"numeric": (0, 0, 2), "overall": (0, 0, 3)}, id="nothing"),
    ],
)
def test_score_counts(
    predicted: list[dict[str, Any]], expected: dict[str, tuple[int, int, int]]
) -> None:
    report = score(predicted, KEY)
    for kind, (tp, fp, fn) in expected.items():
        assert (report[kind]["tp"], report[kind]["fp"], report[kind]["fn"]) == (tp, fp, fn), kind


def test_score_ratios_and_causes() -> None:
    report = score([PERFECT[0], FALSE_ALARM, {**PERFECT[2], "kind": "negation"}, UNPLANTED], KEY)
    n = report["numeric"]
    assert (n["precision"], n["recall"], n["f1"]) == (0.5, 0.5, 0.5)
    assert n["fp_near_miss"] == {"different_period": 1}
    assert report["negation"]["fp_kind_mismatch"] == 1 and report["other"]["fp_unplanted"] == 1
    assert report["overall"]["precision"] == 0.25 and report["overall"]["recall"] == pytest.approx(
        1 / 3, abs=1e-4
    )
    assert report["other"]["precision"] == 0.0


def test_score_needs_the_snippet_on_both_sides() -> None:
    wrong_claim = _pred(
        "numeric",
        ("b.txt", "Iran's imports from Russia were USD 1,200 million in 2021."),
        ("a.txt", "Russia is Iran's largest partner."),
    )
    assert score([wrong_claim], KEY)["numeric"]["tp"] == 0


def test_score_tolerates_figure_surface_and_fragments() -> None:
    by_figure = _pred(
        "numeric",
        ("b.txt", "imports were high"),
        ("a.txt", "exports reached $1.5 billion in 2021"),
        figure="USD 1,200 million",
    )
    assert score([by_figure], KEY)["numeric"]["tp"] == 1


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("\\$49 million", "$49 million"),
        ("**79.2 million USD**", "79.2 million usd"),
        ("Russia’s  “share”\n of", 'russia\'s "share" of'),
        ("Sept.\u00a05, 2022", "sept. 5, 2022"),
        (None, ""),
    ],
)
def test_normalize(text: str | None, expected: str) -> None:
    assert normalize(text) == expected


def test_generated_key_scores_perfectly_against_itself(corpus: tuple[Path, AnswerKey]) -> None:
    _, key = corpus

    def side(s: dict[str, Any]) -> dict[str, Any]:
        return {"article": s["article"], "text": s["sentence"], "figure": None}

    perfect = [{"kind": e["kind"], "a": side(e["b"]), "b": side(e["a"])} for e in key.conflicts]
    traps = [{"kind": "numeric", "a": side(e["a"]), "b": side(e["b"])} for e in key.near_misses]
    report = score(perfect + traps, key)
    assert report["overall"]["recall"] == 1.0 and report["overall"]["tp"] == len(key.conflicts)
    assert sum(report["overall"]["fp_near_miss"].values()) == report["overall"]["fp"] == len(traps)
    assert set(report["overall"]["fp_near_miss"]) <= set(NEAR_MISS_TYPES)


def test_scorer_cli(
    corpus: tuple[Path, AnswerKey], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out, key = corpus
    pred = tmp_path / "conflicts.json"
    pred.write_text(json.dumps([]), encoding="utf-8")
    assert scorer.main([str(pred), str(out / generator.KEY_FILE)]) == 0
    table = capsys.readouterr().out
    assert "overall" in table and "precision" in table
    assert scorer.main([str(pred), str(out), "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["overall"]["fn"] == len(key.conflicts)


# ---- layout: OCR hard wrap never cuts a mark --------------------------------------------------
@pytest.mark.parametrize(
    "text",
    [
        "plain words " * 20,
        # a mark wider than the narrow column; \x1e/\x1f count as whitespace to \S
        "the \x010\x1fSaulparmarshahr\x1evisa\x1efacilitation\x1eagreement\x02 on 11 May.",
        "y" * 120 + " short tail.",
    ],
    ids=["plain", "long-mark-regression", "long-word"],
)
def test_wrap_keeps_every_character(text: str) -> None:
    for seed in range(60):  # some seeds take the narrow-column branch
        lines = layout._wrap(random.Random(seed), text.strip(), 60)
        assert " ".join(lines) == text.strip()
        assert all(len(line) <= 60 or " " not in line for line in lines)


def test_scorer_counts_a_syndicated_copy_as_its_original() -> None:
    from factbase.testing.answer_key import AnswerKey
    from factbase.testing.scorer import score

    side = {"article": "orig.txt", "snippet": "$5 million", "sentence": "Aid was $5 million."}
    other = {"article": "b.txt", "snippet": "$9 million", "sentence": "Aid was $9 million."}
    key = AnswerKey(seed=0, n_articles=3, conflicts=[{"kind": "numeric", "a": side, "b": other}],
                    syndicated=[["orig.txt", "copy.txt"]])  # fmt: skip
    pred = [{"kind": "numeric", "a": {"article": "/x/copy.txt", "text": "Aid was $5 million."},
             "b": {"article": "/x/b.txt", "text": "Aid was $9 million."}}]  # fmt: skip
    assert score(pred, key)["numeric"]["tp"] == 1
    key.syndicated = []
    assert score(pred, key)["numeric"]["tp"] == 0
