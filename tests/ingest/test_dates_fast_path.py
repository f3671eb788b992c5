"""find_date_matches scans with _START_RE; this keeps the plain DATE_RE.finditer scan it replaced
as the reference and checks both give the same matches on real and mutated text."""

from __future__ import annotations

import random
import re
from pathlib import Path

from factbase.ingest import dates
from factbase.ingest.dates import DATE_RE, _from_match, find_date_matches, parse_date

ROOT = Path(__file__).resolve().parents[2]


def reference(text: str, dayfirst: bool = True) -> list[dates.DateMatch]:
    found = []
    for m in DATE_RE.finditer(text):
        date, precision = _from_match(m, dayfirst)
        if date is not None:
            found.append(dates.DateMatch(m.start(), m.end(), date, precision))
    return found


def spans(text: str) -> list[tuple[int, int, dict[str, str | None]]]:
    return [(m.start(), m.end(), m.groupdict()) for m in DATE_RE.finditer(text)]


def fast_spans(text: str) -> list[tuple[int, int, dict[str, str | None]]]:
    return [(m.start(), m.end(), m.groupdict()) for m in dates._date_re_matches(text)]


def test_start_chars_are_every_ignorecase_start() -> None:
    """_START_RE's leading class holds every character that can start a DATE_RE match."""
    starts = re.compile(r"(?i)[MTWFSJAOND]")
    first = re.compile(r"[ADFJMNOSTWadfjmnostwſ]")
    for cp in range(0x110000):
        c = chr(cp)
        assert bool(starts.fullmatch(c)) == bool(first.fullmatch(c)), hex(cp)


def test_cased_matches_ignorecase() -> None:
    words = ["January", "sept.", "THURSDAY", "İst", "ıST", "ſept", "of", "OF", "oF", "Kk"]
    for word in words:
        for name in [
            "Jan(?:uary|\\.)?",
            "Sep(?:t(?:ember|\\.)?|\\.)?",
            "Thursday",
            "st",
            "of",
            "kk",
        ]:
            ci = re.fullmatch(name, word, re.IGNORECASE) is not None
            cs = re.fullmatch(dates._cased(name), word) is not None
            assert ci == cs, (name, word)


ALPHABET = [
    *"0123456789 0123 .-/,'\"”’ \n\tſİıKstndrdthof",
    "2024",
    "1999",
    "12",
    "31",
    "Jan",
    "Sept.",
    "March",
    "MAY",
    "june",
    "Monday, ",
    "thursday",
    "12th",
    "of ",
    "-Mar-",
    "07.05.",
    "2024-05-",
    "/",
    "x",
    "é",
]


def mutate(text: str, rng: random.Random) -> str:
    chars = list(text)
    for _ in range(rng.randint(1, 6)):
        i = rng.randint(0, len(chars))
        op = rng.random()
        if op < 0.4:
            chars[i:i] = [rng.choice(ALPHABET)]
        elif op < 0.7 and chars:
            del chars[min(i, len(chars) - 1)]
        elif chars:
            chars[min(i, len(chars) - 1)] = rng.choice(ALPHABET)
    return "".join(chars)


def corpus_texts() -> list[str]:
    paths = sorted((ROOT / "seeds").glob("*.txt")) + sorted(
        (ROOT / "tests/articles").rglob("*.txt")
    )
    out = []
    for p in paths:
        text = p.read_text(encoding="utf-8")
        out.extend(line for line in text.splitlines() if line.strip())
        out.append(text)
    return out


def test_same_matches_as_finditer_on_corpus() -> None:
    for text in corpus_texts():
        assert fast_spans(text) == spans(text)
        assert find_date_matches(text) == reference(text)
        assert find_date_matches(text, dayfirst=False) == reference(text, False)


def test_same_matches_as_finditer_on_mutations() -> None:
    rng = random.Random(20240507)
    lines = [t for t in corpus_texts() if len(t) < 2000]
    dated = [t for t in lines if any(m for m in DATE_RE.finditer(t))]
    for _ in range(30_000):
        text = rng.choice(dated if rng.random() < 0.7 else lines)
        if len(text) > 300:
            i = rng.randint(0, len(text) - 300)
            text = text[i : i + 300]
        text = mutate(text, rng)
        assert fast_spans(text) == spans(text), text
        first = reference(text)
        assert parse_date(text) == (first[0].date if first else None), text


def test_same_matches_on_random_strings() -> None:
    rng = random.Random(7)
    for _ in range(30_000):
        text = "".join(rng.choice(ALPHABET) for _ in range(rng.randint(0, 25)))
        assert fast_spans(text) == spans(text), text
