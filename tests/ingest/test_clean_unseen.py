"""clean() on page and paper shapes first met in blind tests: notes with particles and dotted
abbreviations, URLs broken after a dot, markers after brackets and capitalised words, sentences
broken by a blank line, language and share bars, copyright footers, question headings.

Written with our own places, outlets and people, so each test proves a rule, not an example.
"""

from __future__ import annotations

import pytest

from factbase.ingest.clean import clean
from factbase.ingest.segment import find_sentences

# An OCR'd paper's running text: hard-wrapped at about 75 characters.
WRAPPED = (
    "Ghana's cocoa board has financed the main crop with syndicated loans from\n"
    "foreign banks for three decades, and officials in Accra describe the model\n"
    "as the backbone of the rural economy even as smuggling across the western\n"
    "border has cut the volumes that reach the ports in Tema and Takoradi.\n"
)
BODY = "The regional council in Cusco approved the budget for the new water plant on Friday."


def _main(text: str) -> str:
    cleaned = clean(text)
    return cleaned.body[: cleaned.notes_start] if cleaned.notes_start >= 0 else cleaned.body


def _notes(text: str) -> list[str]:
    cleaned = clean(text)
    assert cleaned.notes_start >= 0
    return cleaned.body[cleaned.notes_start :].split("\n")


# ---------------------------------------------------------------- notes


@pytest.mark.parametrize(
    "note",
    [
        '3 U.N. Office for Humanitarian Affairs. "Sudan update." unocha.org, 2024.',
        '3 Banco de la República. "Informe de inflación." banrep.gov.co, 2023.',
        '3 Ministry of Finance and Economic Planning. "Budget 2024." mofep.gov.gh.',
    ],
)
def test_a_note_by_an_institution_with_particles_or_dots_is_lifted(note: str) -> None:
    text = f"{WRAPPED}rose by a third in 2023.3\n\n{note}\n"
    assert _notes(text) == [note]
    assert "unocha" not in _main(text) and "Informe" not in _main(text)


def test_the_next_number_after_a_note_opens_a_note_whatever_its_first_word() -> None:
    first = '4 Reuters. "Ghana cocoa output falls." Reuters, May 2, 2024.'
    odd = '5 ifo Institut. "Konjunkturprognose." ifo.de, 2024. https://www.ifo.de/prognose'
    text = f"{WRAPPED}output fell.4 Exports fell.5\n\n{first}\n\n{odd}\n"
    assert _notes(text) == [first, odd]


def test_a_line_after_a_note_that_is_not_the_next_number_stays_in_the_body() -> None:
    first = '4 Reuters. "Ghana cocoa output falls." Reuters, May 2, 2024.'
    later = "12 ships left Takoradi with https://tema.example/ports listing each cargo."
    text = f"{WRAPPED}output fell.4\n\n{first}\n\n{later}\n"
    assert later in _main(text)


def test_a_url_broken_after_a_dot_in_its_host_is_rejoined() -> None:
    note = '2 BCRA. "Reservas internacionales." bcra.gob.ar, 2024. https://www.bcra.'
    text = f"{WRAPPED}reserves fell.2\n\n{note}\ngob.ar/estadisticas/reservas\n"
    assert _notes(text) == [f"{note}gob.ar/estadisticas/reservas"]
    assert "gob.ar/" not in _main(text)


def test_a_url_ending_a_note_is_not_joined_to_a_following_word() -> None:
    note = '2 BCRA. "Reservas internacionales." bcra.gob.ar, 2024. https://www.bcra.gob.ar.'
    text = f"{WRAPPED}reserves fell.2\n\n{note}\nAnnex\n\n{BODY}\n"
    assert _notes(text)[0] == note


# ---------------------------------------------------------------- markers


@pytest.mark.parametrize(
    ("line", "after"),
    [
        ("according to the Ghana Statistical Service (GSS).6 Prices rose", "(GSS)."),
        ("which the minister called “a reset”.6 Prices rose", "“a reset”."),
        ("which the board cut [in March].6 Prices rose", "[in March]."),
    ],
)
def test_a_marker_after_a_closing_bracket_or_quote_is_lifted(line: str, after: str) -> None:
    cleaned = clean(f"{WRAPPED}{line} in the north.\n")
    assert [m.label for m in cleaned.markers] == ["6"]
    assert f"{after} Prices rose" in cleaned.body


def test_a_number_after_a_bracket_and_a_full_stop_before_lower_case_stays() -> None:
    cleaned = clean(f"{WRAPPED}the yield of the crop (GSS).6 tonnes a hectare was low.\n")
    assert not cleaned.markers


@pytest.mark.parametrize(("labels", "lifted"), [("123", True), ("12", False)])
def test_a_marker_glued_to_a_capitalised_word_is_lifted_when_a_note_has_it(
    labels: str, lifted: bool
) -> None:
    notes = "\n\n".join(f'{n} GSS. "Bulletin {n}." statsghana.gov.gh, 2024.' for n in labels)
    text = f"{WRAPPED}with a new terminal at Tema3.\n\n{notes}\n"
    cleaned = clean(text)
    assert ("3" in [m.label for m in cleaned.markers]) is lifted
    assert ("at Tema3." in cleaned.body) is not lifted


def test_a_marker_after_a_month_and_years_full_stop_is_lifted() -> None:
    cleaned = clean(f"{WRAPPED}and the last convoy left the port on 30 June 2023.7\n")
    assert [m.label for m in cleaned.markers] == ["7"]
    assert cleaned.body.endswith("30 June 2023.")


# ---------------------------------------------------------------- paragraphs


@pytest.mark.parametrize("tail", ["41% of the beans left by road", "$2.1bn of beans left by road"])
def test_a_wrapped_sentence_carries_on_across_a_blank_line(tail: str) -> None:
    # The paragraph's last line is short: a page or column ended there, not the sentence.
    text = f"{WRAPPED}In 2023 the board sold 650,000 tonnes of beans from\nits crop, and nearly"
    text += f"\n\n{tail} to Lome.\n"
    body = clean(text).body
    assert f"and nearly {tail} to Lome." in body
    assert len(find_sentences(clean(text))) == 2


def test_a_heading_above_a_line_opening_with_a_digit_stays_a_heading() -> None:
    title = "Cocoa, Gold and Oil: Key Figures for Ghana's Economy and the\nBanks That Finance It"
    cleaned = clean(f"{title}\n\n2023 was a poor year for the crop.\n\n{WRAPPED}")
    assert "Finance It 2023" not in cleaned.body
    assert "Ghana's Economy and the Banks That Finance It" in cleaned.body


# ---------------------------------------------------------------- chrome


@pytest.mark.parametrize(
    "chrome",
    [
        "Deutsch | Français | Italiano | English",
        "Suomi · Svenska · English · 日本語",
        "Share on Facebook | Share on WhatsApp | Email",
        "Share via Telegram",
        "Share on Reddit Share on Bluesky",
        "© 2023 Baltic Courier SIA · Tel. +371 6700 0000 · Reg. no. 40003000000",
        "Copyright 2022 Andes Daily Ltd. All rights reserved.",
        "Copyright © Danube Economic Review",
    ],
)
def test_bars_and_footers_are_chrome(chrome: str) -> None:
    assert clean(f"{chrome}\n\n{BODY}\n\n{chrome}\n").body == BODY


@pytest.mark.parametrize(
    "kept",
    [
        "Copyright law in Chile was rewritten in 2019 after a long fight in Congress.",
        "Exports went to Peru / Chile / Bolivia in 2023, the customs office said.",
    ],
)
def test_prose_like_bars_and_footers_is_kept(kept: str) -> None:
    assert kept in clean(f"{BODY}\n\n{kept}\n").body


# ---------------------------------------------------------------- question headings

PROSE = (
    "The regional council in Cusco approved the budget for the new water plant on "
    "Friday, after a year of protests by farmers downstream."
)


def _headings(text: str) -> list[str]:
    cleaned = clean(text)
    return [cleaned.body[s:e] for s, e in cleaned.headings]


def test_a_short_question_above_a_paragraph_is_a_heading() -> None:
    assert _headings(f"{PROSE}\n\nWho pays for the water in Cusco?\n\n{PROSE}\n") == [
        "Who pays for the water in Cusco?"
    ]
    # Lines of one paragraph each, no blank lines between them (a scraped page)
    assert _headings(f"{PROSE}\nWho pays for the water in Cusco?\n{PROSE}\n") == [
        "Who pays for the water in Cusco?"
    ]


@pytest.mark.parametrize(
    "question",
    [
        "Will the plant be ready? Engineers in Lima doubt it.",
        "“Who will pay for the water?”",
        '"Who will pay for the water?" asked a farmer.',
        "But can the region, with its shrinking glaciers and a growing city, afford it at all?",
    ],
)
def test_questions_in_prose_are_no_headings(question: str) -> None:
    assert _headings(f"{PROSE}\n\n{question}\n\n{PROSE}\n") == []


def test_a_question_with_no_paragraph_under_it_is_no_heading() -> None:
    assert "Who pays for the water?" in clean(f"{PROSE}\n\nWho pays for the water?\n").body
