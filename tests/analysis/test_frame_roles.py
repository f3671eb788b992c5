"""Roles in frames that used to key their entities as a set (deployments, the measure-key
fallback): who acts (subject, possessive or demonym on the noun, "by X", "from X") and where
("in / to / into X"). Opposite readings must differ; phrasings of one reading must agree; a
clause that names a pair, or does not tell, keeps the set."""

from __future__ import annotations

import pytest

from factbase.analysis.signatures import figure_frame, frame_label


def _frame(sentence: str, figure: str, measure_key: str | None = None) -> tuple[str, float]:
    start = sentence.index(figure)
    frame = figure_frame(sentence, start, start + len(figure), "count", measure_key)
    assert frame is not None, sentence
    return frame.key, frame.confidence


# --- deployments -------------------------------------------------------------------------------

RUSSIA_IN_TAJIKISTAN = [
    ("Russia keeps about 7,000 soldiers in Tajikistan, its largest base.", "7,000 soldiers"),
    ("Tajikistan hosts roughly 6,000 Russian troops at three sites.", "6,000"),
    ("Some 7,500 troops from Russia are stationed in Tajikistan.", "7,500 troops"),
    ("Moscow has deployed 5,000 servicemen to Tajikistan.", "5,000 servicemen"),
    ("The Russian contingent in Tajikistan numbers 7,000 soldiers.", "7,000 soldiers"),
]  # fmt: skip
TAJIKISTAN_IN_RUSSIA = [
    ("Tajikistan keeps about 300 soldiers in Russia for joint training.", "300 soldiers"),
    ("Russia hosts roughly 300 Tajik troops at a training range.", "300"),
    ("The Tajik contingent in Russia numbers 300 soldiers.", "300 soldiers"),
]  # fmt: skip


@pytest.mark.parametrize("sentence", RUSSIA_IN_TAJIKISTAN + TAJIKISTAN_IN_RUSSIA)
def test_deployment_roles_are_read(sentence) -> None:
    key, confidence = _frame(*sentence)
    expected = "russia>tajikistan" if sentence in RUSSIA_IN_TAJIKISTAN else "tajikistan>russia"
    assert key.split("|")[1] == expected
    assert confidence == 1.0


def test_phrasings_of_one_deployment_share_a_frame() -> None:
    assert len({_frame(*s)[0] for s in RUSSIA_IN_TAJIKISTAN}) == 1
    assert len({_frame(*s)[0] for s in TAJIKISTAN_IN_RUSSIA}) == 1


def test_opposite_deployments_differ() -> None:
    """The Vietnamese contingent in Laos is not the Lao contingent in Vietnam."""
    a = _frame("The Vietnamese contingent in Laos numbered nearly 200 troops.", "200 troops")
    b = _frame("Laos had about 2,900 troops stationed in Vietnam.", "2,900 troops")
    assert a[0] != b[0]


def test_troops_from_a_country_are_its_own() -> None:
    """ "students from Poland" receive (PEOPLE_NOUNS); soldiers from Poland are Poland's."""
    key, _ = _frame("Latvia hosted 800 soldiers from Poland during the exercise.", "800")
    assert key.split("|")[1] == "poland>latvia"


def test_a_country_s_troops_are_not_troops_in_it() -> None:
    abroad = _frame("Vietnam has some 500 soldiers serving abroad.", "500 soldiers")
    hosted = _frame("About 800 soldiers are stationed in Vietnam.", "800 soldiers")
    assert abroad[0].split("|")[1] == "vietnam>?"
    assert hosted[0].split("|")[1] == "?>vietnam"
    assert abroad[1] == hosted[1] < 1.0


def test_a_deployment_without_readable_roles_keeps_the_set() -> None:
    key, confidence = _frame("Russian and Tajik soldiers together numbered 9,000.", "9,000")
    assert key.split("|")[1] == "russia+tajikistan"
    assert confidence < 1.0


# --- the measure-key fallback ------------------------------------------------------------------

JAPAN_FUNDS_LAOS = [
    ("Japan has funded 30 development projects in Laos since the war.", "30 development projects"),
    ("Some 25 projects in Laos are financed by Japan.", "25 projects"),
    ("Japanese money supports 28 projects in Laos.", "28 projects"),
]  # fmt: skip


def test_who_funds_where_is_read_in_the_fallback() -> None:
    keys = {_frame(s, f, "project")[0].split("|")[2] for s, f in JAPAN_FUNDS_LAOS}
    assert keys == {"japan>laos"}
    back = _frame("Laos has funded three projects in Japan.", "three projects", "project")
    assert back[0].split("|")[2] == "laos>japan"


def test_diplomats_of_one_embassy_and_of_the_other() -> None:
    french = _frame("The French embassy in Tokyo employs about 40 diplomats.", "40 diplomats",
                    "diplomat")  # fmt: skip
    also_french = _frame("France has 35 diplomats in Japan.", "35 diplomats", "diplomat")
    japanese = _frame("Japan's embassy in Paris employs about 40 diplomats.", "40 diplomats",
                      "diplomat")  # fmt: skip
    assert french[0].split("|")[2] == also_french[0].split("|")[2] == "france>japan"
    assert japanese[0].split("|")[2] == "japan>france"


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Iran and Iraq signed 12 agreements.", "Iraq and Iran signed 9 agreements."),
        ("Iraq signed 12 agreements with Iran.", "Iran signed 9 agreements with Iraq."),
        ("Afghan-Iranian talks led to 12 agreements.", "Iranian-Afghan talks led to 9 agreements."),
    ],
)  # fmt: skip
def test_a_pair_keeps_the_set(a: str, b: str) -> None:
    """ "X and Y", "with Y", "X-Y": the two are named as equals, whichever comes first."""
    fa = _frame(a, "12 agreements", "agreement")[0]
    fb = _frame(b, "9 agreements", "agreement")[0]
    assert fa == fb
    assert "+" in fa.split("|")[2]


def test_labels_of_directed_frames() -> None:
    assert frame_label("deploy|russia>tajikistan|") == "Russia troops in Tajikistan"
    assert frame_label("m|project|japan>laos|") == "project (Japan → Laos)"
    assert frame_label("m|project|japan+laos|dam") == "project (Japan, Laos) (dam)"
