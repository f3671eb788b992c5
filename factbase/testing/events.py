"""Event signatures and what one event block finds, for tests written as plain sentences."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from factbase.analysis.conflicts import _events_in_block, _Sig
from factbase.analysis.signatures import EventSignature, event_signature


class NoCopies:
    """Sources for a block in which no two articles are copies of one story."""

    def same(self, a: int, b: int) -> bool:
        return False


def signature(text: str, published: dt.date, context: str | None = None) -> EventSignature:
    """The sentence's event signature; fails the test when it has none."""
    sig = event_signature(text, published, context)
    assert sig is not None, text
    return sig


def block_row(claim_id: int, article_id: int, text: str, published: dt.date) -> _Sig:
    """The row detection reads for one claim, as if every block key were "x"."""
    s = signature(text, published)
    return _Sig(claim_id, article_id, s.polarity, s.low, s.high, int(s.as_of),
                (s.action, s.once, s.names, s.entities, s.words), "x")  # fmt: skip


def kinds_found(texts: Iterable[str], published: dt.date) -> list[str]:
    """The kinds of conflict found among sentences, each from its own article."""
    rows = [block_row(i + 1, i + 1, t, published) for i, t in enumerate(texts)]
    return [f.kind for f in _events_in_block(rows, NoCopies(), set())]  # type: ignore[arg-type]
