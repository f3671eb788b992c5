"""Which of a story's syndicated copies speaks for it: the original, not a copy crediting it."""

from __future__ import annotations

from factbase.analysis.conflicts import _credits_another


def test_a_copy_that_credits_another_members_outlet_is_the_copy() -> None:
    outlet = {1: "Andes Wire", 2: "Lima Business Daily"}
    head = {
        1: "LIMA, March 3 (Andes Wire) - Peru's copper exports rose ...",
        2: "Lima Business Daily\nHome | Markets\n\nAndes Wire | 4 March 2024\n\nPeru's copper ...",
    }
    assert _credits_another([1, 2], outlet, head) == {2}


def test_a_copy_without_an_outlet_of_its_own_still_credits_the_original() -> None:
    assert _credits_another(
        [1, 2], {1: "Andes Wire"}, {1: "(Andes Wire) -", 2: "Andes Wire |"}
    ) == {2}


def test_no_credit_when_no_member_names_another_outlet() -> None:
    outlet = {1: "Andes Wire", 2: "Lima Business Daily"}
    head = {1: "Andes Wire report", 2: "Lima Business Daily report on the Andes Wirex feed"}
    assert _credits_another([1, 2], outlet, head) == set()
