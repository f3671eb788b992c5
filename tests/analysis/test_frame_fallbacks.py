"""Frames when the clause fills no country role, or words one measure differently: a company's
investment keyed by its names, a verb and its noun as one modifier, a project named after "for",
freight through a place, a leading "In X," as the place, and a trailing ", before ..." clause
that names no family of the figure. Phrasings of one measure must agree; different measures must
still differ."""

from __future__ import annotations

from factbase.analysis.signatures import CONF_MEASURE_KEY, figure_frame


def _frame(sentence: str, figure: str, kind: str = "money", key: str | None = None) -> str | None:
    start = sentence.index(figure)
    frame = figure_frame(sentence, start, start + len(figure), kind, key)
    return frame.key if frame else None


# --- no country in a role: names key the measure -----------------------------------------------

COMPANY_A = "Orvanta Holdings invested $510 million in the Quelmar container terminal in 2020."
COMPANY_B = (
    "In total, Orvanta Holdings invested $380 million in the Quelmar container terminal in 2020."
)


def test_company_investment_without_countries_gets_a_frame() -> None:
    a, b = _frame(COMPANY_A, "$510 million"), _frame(COMPANY_B, "$380 million")
    assert a is not None and a == b
    assert a.startswith("invest|?>?|")


def test_company_investment_frame_is_trusted_like_the_fallback() -> None:
    start = COMPANY_A.index("$510 million")
    frame = figure_frame(COMPANY_A, start, start + len("$510 million"), "money")
    assert frame is not None and frame.confidence == CONF_MEASURE_KEY


def test_other_project_of_one_company_differs() -> None:
    other = "Orvanta Holdings invested $380 million in the Pelcora grain silo in 2020."
    assert _frame(other, "$380 million") != _frame(COMPANY_A, "$510 million")


def test_no_roles_and_no_names_still_no_frame() -> None:
    assert _frame("Total investment reached $900 million in 2020.", "$900 million") is None


# --- a verb and its noun are one modifier --------------------------------------------------------


def test_verb_and_noun_of_one_stem_share_a_fallback_frame() -> None:
    verb = "Norway transferred $90 million to the reserve fund of Chile in 2018."
    noun = "The Norwegian transfer to the reserve fund of Chile came to $140 million in 2018."
    a = _frame(verb, "$90 million", key="chile reserve fund")
    b = _frame(noun, "$140 million", key="chile reserve fund")
    assert a is not None and a == b


def test_a_capital_on_a_common_word_does_not_split_frames() -> None:
    upper = "Norway placed $90 million in Chile's Reserve Fund in 2018."
    lower = "Norway placed $140 million in Chile's reserve fund in 2018."
    a = _frame(upper, "$90 million", key="chile reserve fund")
    assert a is not None and a == _frame(lower, "$140 million", key="chile reserve fund")


def test_long_names_stay_whole() -> None:
    a = _frame("Peru lent $40 million for the Tarvolenka dam in 2019.", "$40 million")
    b = _frame("Peru lent $60 million for the Tarvolenbo dam in 2019.", "$60 million")
    assert a is not None and b is not None and a != b


def test_a_count_does_not_take_the_verb() -> None:
    a = _frame("Chile employed 34 engineers at its mission in Peru in 2018.", "34 engineers",
               "count", "engineers")  # fmt: skip
    b = _frame("In 2018, 50 engineers served at Chile's mission in Peru.", "50 engineers",
               "count", "engineers")  # fmt: skip
    assert a is not None and a == b


# --- a project named after "for" ---------------------------------------------------------------


def test_project_after_for_is_a_modifier_on_both_sides() -> None:
    a = _frame("Japan approved a $70 million loan for Nordavik-2 in 2021, officials said.",
               "$70 million")  # fmt: skip
    b = _frame("Japan's loan for Nordavik-2 came to ninety million dollars in 2021.",
               "ninety million dollars")  # fmt: skip
    assert a is not None and a == b and a.endswith("|nordavik")


def test_a_purpose_after_for_is_not_a_modifier() -> None:
    a = _frame("Peru keeps about 200 soldiers in Chile for border exercises.", "200 soldiers",
               "count")  # fmt: skip
    b = _frame("The Peruvian contingent in Chile numbers 200 soldiers.", "200 soldiers", "count")
    assert a is not None and a == b


# --- freight through a place ---------------------------------------------------------------------


def test_cargo_phrasings_share_a_frame() -> None:
    a = _frame("Bolivian freight through the port of Chile reached 3.1 million tonnes in 2021.",
               "3.1 million tonnes", "quantity")  # fmt: skip
    b = _frame("Chile handled 4.4 million tonnes of Bolivia-bound cargo in 2021, customs said, "
               "after storms raised shipping costs.", "4.4 million tonnes", "quantity")  # fmt: skip
    assert a is not None and a == b and a.startswith("cargo|")


def test_a_trailing_before_clause_lends_no_family() -> None:
    frame = _frame("Chile handled 4.4 million tonnes in 2021, before higher costs hit trade.",
                   "4.4 million tonnes", "quantity", "chile")  # fmt: skip
    assert frame is not None and not frame.startswith("cost|")


def test_another_family_beats_cargo() -> None:
    frame = _frame("Chile handled 2 million tonnes of Bolivian exports in 2021.",
                   "2 million tonnes", "quantity")  # fmt: skip
    assert frame is not None and frame.startswith("flow|bolivia>")


# --- a leading place ------------------------------------------------------------------------------


def test_leading_in_place_fills_the_missing_destination() -> None:
    a = _frame("In neighbouring Peru, Norwegian investment in 2020 was put at $1.2bn by analysts.",
               "$1.2bn")  # fmt: skip
    b = _frame("Peru attracted $800 million of Norwegian investment in 2020.", "$800 million")
    assert a is not None and a == b == "invest|norway>peru|"


def test_leading_place_does_not_override_a_named_destination() -> None:
    a = _frame("In Peru, Norwegian investment in Chile reached $300 million in 2020.",
               "$300 million")  # fmt: skip
    assert a == "invest|norway>chile|"
