"""The speed-ups of describe_figures (measure.py, periods.py) give the answers of the forms they
replaced, kept here verbatim as references: on every sample article's claims and on hypothesis
texts made of the pieces each form reads.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from factbase.ingest import measure, periods
from factbase.ingest.clean import clean
from factbase.ingest.entities import entity_table
from factbase.ingest.segment import find_sentences

ROOT = Path(__file__).resolve().parents[2]
ARTICLES = sorted((ROOT / "seeds").glob("*.txt")) + sorted((ROOT / "tests/articles").glob("*.txt"))
GAPS = ["", " ", "  ", "    ", "\n", "\t", ",", "\u00a0"]


def _words(*words: str) -> st.SearchStrategy[str]:
    """Texts of the given words joined by varied whitespace (or none)."""
    return st.lists(st.tuples(st.sampled_from(GAPS), st.sampled_from(words)), max_size=14).map(
        lambda parts: "".join(gap + word for gap, word in parts)
    )


# ---- references: the forms replaced, verbatim ----------------------------------------------


def _period_label_reference(m: re.Match[str]) -> str:
    g = m.groupdict()
    month, full_year = periods._month, periods._full_year
    for p in ("e", "d"):
        if g[f"{p}y1"] or g[f"{p}y2"]:
            day = g[f"{p}d1"] or g[f"{p}d2"]
            date = f"{int(day)} {month(g[f'{p}m1'] or g[f'{p}m2'])} {g[f'{p}y1'] or g[f'{p}y2']}"
            return f"year ending {date}" if p == "e" else date
    if g["em"]:
        return f"year ending {month(g['em'])} {g['ey']}"
    if g["fy1"]:
        if g["fy2"]:
            return f"fiscal year {g['fy1']}/{full_year(g['fy1'], g['fy2'])[2:]}"
        return f"fiscal year {g['fy1']}"
    if g["sy"]:
        return f"solar year {g['sy']}"
    if g["qy"] or g["qdy"]:
        return f"Q{periods.ORDINALS[g['qn'].lower()] if g['qn'] else g['qd']} {g['qy'] or g['qdy']}"
    if g["hy"] or g["hdy"]:
        return f"H{periods.ORDINALS[g['hn'].lower()] if g['hn'] else g['hd']} {g['hy'] or g['hdy']}"
    if g["mm"]:
        return f"{month(g['mm'])} {g['my']}"
    for a, b in (("ra", "rb"), ("fa", "fb"), ("sa", "sb")):
        if g[a]:
            return f"{g[a]}-{full_year(g[a], g[b])}"
    if g["dec1"]:
        return f"{g['dec1']}s-{g['dec2']}s" if g["dec2"] else f"{g['dec1']}s"
    if g["since"]:
        return f"{g['since'].lower()} {g['sy2']}"
    if g["y"]:
        return g["y"]
    return " ".join(g["rel"].lower().split()).removeprefix("the ")


def _find_periods_reference(text: str) -> list[tuple[int, int, str]]:
    found: dict[int, re.Match[str]] = {}
    covered = -1
    for hint in periods.PERIOD_HINT_RE.finditer(text):
        if hint.start() < covered:
            continue
        lo, hi = max(0, hint.start() - periods.HINT_BEFORE), hint.end() + periods.HINT_AFTER
        for m in periods.PERIOD_RE.finditer(text, lo, hi):
            if m.start() <= hint.start() < m.end():
                found.setdefault(m.start(), m)
                covered = max(covered, m.end())
                break
    out: list[tuple[int, int, str]] = []
    for start in sorted(found):
        m = found[start]
        if not out or start >= out[-1][1]:
            out.append((start, m.end(), _period_label_reference(m)))
    return out


def _mask_reference(text: str, found: list[tuple[int, int, str]]) -> str:
    chars = list(text)
    blank_lo = blank_hi = -1
    for s, e, _ in found:
        lo, hi = s, e
        lead = measure.PERIOD_LEAD_RE.search(text, max(0, s - 30), s)
        if lead is not None:
            lo = lead.start()
        fill = lo
        while lo and chars[lo - 1] == " ":
            lo = blank_lo if blank_lo < lo <= blank_hi else lo - 1
        if lo and chars[lo - 1] == "," and hi < len(chars) and chars[hi] == ",":
            lo, hi = lo - 1, hi + 1
            chars[lo] = " "
        chars[fill:hi] = " " * (hi - fill)
        blank_lo, blank_hi = lo, hi
    masked = "".join(chars)
    if "*" in masked or "\\" in masked:
        masked = measure.MARKUP_RUN_RE.sub(lambda m: " " * len(m[0]), masked)
    first = measure.FIRST_WORD_RE.match(masked)
    if first is not None and first["word"][1:].islower():
        word = first["word"]
        stem = word.replace("’", "'").removesuffix("'s").split("-")[0]
        if stem not in entity_table().aliases:
            masked = masked[: first.start("word")] + word.lower() + masked[first.end("word") :]
    return masked


def _np_right_reference(text: str) -> tuple[str, int]:
    end = 0
    for taken, m in enumerate(re.finditer(r"[^\s]+", text)):
        gap = text[end : m.start()]
        if gap.strip() or (taken and len(gap) > measure.MAX_WORD_GAP):
            break
        word = m[0]
        bare = word.strip(".,;:!?").lower()
        if (
            bare in measure.NP_STOP_WORDS
            or bare in measure.OTHER_PREPOSITIONS
            or not bare
            or bare[0].isdigit()
        ):
            break
        if taken == 0 and bare in measure.NP_PREPOSITIONS:
            break
        if taken and len(bare) > 4 and bare.endswith("ed"):
            break
        end = m.start() + len(word.rstrip(".,;:!?)"))
        if word[-1] in ".,;:!?)" or taken + 1 >= measure.MAX_NP_WORDS:
            break
    words = text[:end].split()
    while words and words[-1].lower() in measure.NP_PREPOSITIONS:
        words.pop()
    return " ".join(words), end


def _np_left_reference(text: str) -> str:
    cut = 0
    for m in measure.BOUNDARY_RE.finditer(text):
        cut = m.end()
    keep: list[str] = []
    for word in reversed(text[cut:].split()):
        bare = word.lower().strip(".")
        if bare in measure.NP_STOP_WORDS or bare in measure.OTHER_PREPOSITIONS or len(keep) >= 8:
            break
        keep.append(word)
    return " ".join(reversed(keep))


def _clean_reference(phrase: str) -> str | None:
    words = phrase.replace("’", "'").replace("‘", "'").split()
    while words and words[0].lower() in measure.LEADING_WORDS:
        words.pop(0)
    while words and words[-1].lower() in measure.NP_END_WORDS:
        words.pop()
    if not words or not any(ch.isalpha() for ch in "".join(words)):
        return None
    return " ".join(words).strip(" .,'\"") or None


def _ends_near_reference(text: str, verbs: tuple[str, ...]) -> bool:
    for word in reversed(text.rsplit(None, measure.TAIL_WORDS)[-measure.TAIL_WORDS :]):
        word = word.rstrip(measure.MARKUP_CHARS)
        if word.endswith(tuple(verbs)):
            return True
        if word and word not in measure.TAIL_FILLERS:
            return False
    return False


SUBJECT_VERB_REFERENCE = re.compile(
    measure.SUBJECT_VERB_RE.pattern.replace(r"\s\s*+(?:", r"\s\s*(?:", 1), re.VERBOSE
)
VERB_BEFORE_REFERENCE = re.compile(
    measure.VERB_BEFORE_RE.pattern.replace("(?<![a-z])", "", 1).replace("[a-z]++", "[a-z]+", 1),
    re.VERBOSE,
)


# ---- the sample articles --------------------------------------------------------------------


@pytest.fixture(scope="module", params=ARTICLES, ids=lambda p: p.stem)
def claims(request: pytest.FixtureRequest) -> list[str]:
    cleaned = clean(request.param.read_text(encoding="utf-8"))
    return [cleaned.body[s:e] for s, e in find_sentences(cleaned)]


def test_periods_and_masks_of_every_claim_are_as_before(claims: list[str]) -> None:
    for text in claims:
        found = periods.find_periods(text)
        assert found == _find_periods_reference(text)
        assert measure._mask(text, found) == _mask_reference(text, found)
        assert measure._mask(text, found, entity_table().aliases) == _mask_reference(text, found)


def test_phrase_reads_of_every_claim_are_as_before(claims: list[str]) -> None:
    for text in claims:
        for i in range(0, len(text), 7):
            left, right = text[max(0, i - 400) : i], text[i : i + 400]
            assert measure._np_left(left) == _np_left_reference(left)
            assert measure._np_right(right) == _np_right_reference(right)
            for verbs in (measure.SUBJECT_VERB_ENDS, measure.PARTICIPLE_ENDS):
                assert measure._ends_near(left[-80:], verbs) == _ends_near_reference(
                    left[-80:], verbs
                )


# ---- hypothesis texts -----------------------------------------------------------------------

# Every opening of PERIOD_RE's alternatives, in both cases where it has both, and words around.
PERIOD_PIECES = (
    "2021", "2022", "1990s", "2000s", "1402", "21", "5th", "20”", "12", "1st", "4th", "Q1", "H2",
    "year", "Year", "years", "ending", "ended", "to", "fiscal", "Fiscal", "financial", "FY2021",
    "FY", "/22", "-", "–", "23", "solar", "Solar", "Afghan", "Persian", "first", "First",
    "second", "Second", "third", "Third", "fourth", "quarter", "half", "of", "March", "Mar.",
    "Sept", "June", "Dec", "between", "Between", "and", "from", "From", "until", "till", "since",
    "Since", "by", "By", "Until", "before", "After", "last", "Last", "this", "This", "next",
    "previous", "past", "Past", "current", "coming", "Coming", "the", "The", "two", "few",
    "months", "decade", "recent", "Recent", "a", "A", "ago", "earlier", "%", "percent", "$5",
    "in", "In", "during", "as", "x", "Afghanistan", "Russia", ".", "é", "٣",
)  # fmt: skip


@settings(max_examples=1500, deadline=None)
@given(text=_words(*PERIOD_PIECES))
def test_find_periods_equals_the_windowed_scan(text: str) -> None:
    assert periods.find_periods(text) == _find_periods_reference(text)


MASK_PIECES = ("in", "2021", "2022", ",", "during", "the", "1990s", "$5", "million", "year",
               "as of", "for", "In", "last year", "since 2020", ";", "*", "**", "\\", "Exports",
               "Russia", "March 2021", ",in 2021,", " , ", "x")  # fmt: skip


@settings(max_examples=1500, deadline=None)
@given(text=_words(*MASK_PIECES))
def test_mask_equals_the_character_list_edit(text: str) -> None:
    found = periods.find_periods(text)
    assert measure._mask(text, found) == _mask_reference(text, found)


PHRASE_PIECES = (",", ";", "(", ")", "“", ".", "..", "the", "exports", "of", "to", "from", "were",
                 "Russia's", "wheat", "arrived", "in", "U.S.", "oil.", "oil)", ").", "5", "?",
                 "!x", "x", "worth", "and", "a", "’s", ".\n", "é", "Iran", "(20%)")  # fmt: skip


@settings(max_examples=1500, deadline=None)
@given(text=_words(*PHRASE_PIECES))
def test_phrase_reads_equal_the_word_by_word_forms(text: str) -> None:
    assert measure._np_right(text) == _np_right_reference(text)
    assert measure._np_left(text) == _np_left_reference(text)
    assert measure._clean(text) == _clean_reference(text)


VERB_PIECES = ("was", "were", "is", "worth", "wasworth", "at", "to", "rose", "by", "nearly", "a",
               "total", "of", "invested", "killed", "Xkilled", "sold", "written", "off", "$",
               "**", "x", "had", "have", "been", "reportedly", "that", "cut", "about")  # fmt: skip


@settings(max_examples=1500, deadline=None)
@given(text=_words(*VERB_PIECES))
def test_verb_reads_equal_the_backtracking_forms(text: str) -> None:
    for verbs in (
        measure.SUBJECT_VERB_ENDS,
        measure.GROWTH_VERBS,
        measure.PARTICIPLE_ENDS,
        measure.NOMINAL_VERBS,
    ):
        assert measure._ends_near(text, verbs) == _ends_near_reference(text, verbs)
    new, old = measure.SUBJECT_VERB_RE.search(text), SUBJECT_VERB_REFERENCE.search(text)
    assert (new and new.start()) == (old and old.start())
    new, old = measure.VERB_BEFORE_RE.search(text), VERB_BEFORE_REFERENCE.search(text)
    assert (new and (new.start(), new["verb"])) == (old and (old.start(), old["verb"]))


LIST_PIECES = ("Iran", "(20%),", "China", "(18%)", "and", "Pakistan", "came", "from", "to",
               ",", "imports", "were", "mostly", "New", "York", "U.S.", "x", "(", "é",
               "(a b c d")  # fmt: skip


@settings(max_examples=1500, deadline=None)
@given(text=_words(*LIST_PIECES), end=st.sampled_from(["", "(", " (", " ( ", "(\n", ", "]))
def test_list_reads_equal_the_full_searches(text: str, end: str) -> None:
    left = text + end
    new, old = measure._list_item(left), measure.LIST_ITEM_RE.search(left)
    assert (new and new.span()) == (old and old.span())
    new, old = measure._list_head(left), measure.LIST_HEAD_RE.search(left)
    assert (new and new.span()) == (old and old.span())
