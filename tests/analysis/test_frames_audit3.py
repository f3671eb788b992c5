"""Frames on phrasing audit 3 found unread: a name opening the sentence, company-only measures
worded apart, money "committed" or "put into" a project, and a period from another clause."""

from __future__ import annotations

import datetime as dt

from factbase.analysis.conflicts import _clause_period
from factbase.analysis.signatures import figure_frame


def _key(claim: str, figure: str, kind: str = "quantity") -> str | None:
    i = claim.index(figure)
    frame = figure_frame(claim, i, i + len(figure), kind)
    return None if frame is None else frame.key


def test_a_possessive_name_opening_the_sentence_keys_the_frame() -> None:
    a = _key("Varnico's output fell to 2.1 million tonnes in 2022.", "2.1 million tonnes")
    assert a is not None and "varnic" in a


def test_company_frames_leave_out_what_the_company_is() -> None:
    a = _key("Varnico's zinc output fell to 2.1 million tonnes in 2022.", "2.1 million tonnes")
    b = _key(
        "State smelter Varnico produced 2.6 million tonnes of zinc in 2022.", "2.6 million tonnes"
    )
    assert a == b == "production|?>?|varnic+zinc"


def test_company_frames_keep_what_is_measured() -> None:
    a = _key("Varnico's zinc output fell to 2.1 million tonnes in 2022.", "2.1 million tonnes")
    b = _key("Varnico's lead output fell to 0.9 million tonnes in 2022.", "0.9 million tonnes")
    assert a is not None and b is not None and a != b


def test_a_capitalised_common_word_opening_the_sentence_is_no_name() -> None:
    assert _key("Steel output fell to 2.1 million tonnes in 2022.", "2.1 million tonnes") is None


def test_a_first_word_before_a_facility_noun_is_a_name() -> None:
    a = _key("Kopani harbour handled 800,000 TEU in 2021.", "800,000 TEU")
    b = _key("Kopani harbour handled 650,000 TEU in 2021, its operator said.", "650,000 TEU")
    assert a == b == "cargo|?>?|kopani"


def test_committed_and_put_into_are_investments() -> None:
    a = _key(
        "Zentra Logistics committed $90 million to the Bellmar terminal in Angola in 2021.",
        "$90 million",
        "money",
    )
    b = _key(
        "In Angola, Zentra Logistics put $120 million into the Bellmar terminal last year.",
        "$120 million",
        "money",
    )
    assert a is not None and a.startswith("invest|?>angola|") and "bellma" in a
    assert a == b


def test_committed_loses_to_a_family_noun() -> None:
    key = _key("Norway committed $40 million in aid to Chad in 2020.", "$40 million", "money")
    assert key is not None and key.startswith("aid|norway>chad")


def test_committed_troops_are_deployed() -> None:
    key = _key("Chad committed 500 troops to Mali in 2019.", "500 troops")
    assert key is not None and key.startswith("deploy|")


def test_a_month_from_another_clause_is_no_period_of_the_figure() -> None:
    claim = (
        "The Ostrava Dry Port opened for commercial operations in March 2022, and in its first "
        "year it moved 2.3 million tonnes of cargo, according to its operator."
    )
    i = claim.index("2.3")
    pub = dt.date(2024, 3, 2)
    assert _clause_period(claim, i, i + 18, "March 2022", "20220301|20220331|", pub) is None


def test_the_figure_s_own_clause_gives_its_period() -> None:
    claim = (
        "Exports to Poland rose in 2021, and in May 2022 Slovakia shipped 40,000 tonnes of steel."
    )
    i = claim.index("40,000")
    got = _clause_period(claim, i, i + 13, "2021", "20210101|20211231|", dt.date(2024, 3, 2))
    assert got == "20220501|20220531|"


def test_a_year_from_another_clause_still_frames_the_figure() -> None:
    claim = "In 2021 the Larvik quay reopened, and it handled 700,000 tonnes of grain."
    i = claim.index("700,000")
    got = _clause_period(claim, i, i + 14, "2021", "20210101|20211231|", dt.date(2024, 3, 2))
    assert got == "20210101|20211231|"
