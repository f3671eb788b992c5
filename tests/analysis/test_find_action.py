"""_find_action finds the same action whatever lower() does to the text's length."""

from __future__ import annotations

import pytest

from factbase.analysis.signatures import ACTION_RE, _find_action


@pytest.mark.parametrize(
    "text",
    [
        "İzmir's port authority and Georgia signed the transit accord in May 2021.",
        "The İİİ group said Armenia ratified the treaty in 2019.",
        "Kelvin (\u212a) aside, Baku opened its consulate in 2020.",
        "Georgia signed the transit accord in May 2021.",
    ],
)
def test_the_action_is_found_at_its_place(text: str) -> None:
    found = _find_action(text)
    expected = ACTION_RE.search(text)
    assert found is not None and expected is not None
    assert (found.start(), found.group()) == (expected.start(), expected.group())
