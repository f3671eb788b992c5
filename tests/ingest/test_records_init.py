"""records: the direct __init__ of the frozen records keeps the dataclass contract."""

from __future__ import annotations

import dataclasses
import inspect
import pickle

import pytest

from factbase.records import Citation, CitationKind, Claim, ClaimKind, Document, Figure, Metadata

RECORDS = [Claim, Figure, Citation, Metadata, Document]


@pytest.mark.parametrize("cls", RECORDS, ids=lambda c: c.__name__)
def test_signature_lists_fields_and_defaults(cls: type) -> None:
    params = list(inspect.signature(cls).parameters.values())
    fields = dataclasses.fields(cls)
    assert [p.name for p in params] == [f.name for f in fields]
    for p, f in zip(params, fields, strict=True):
        expected = inspect.Parameter.empty if f.default is dataclasses.MISSING else f.default
        assert p.default == expected


def test_claim_is_frozen_and_behaves_as_before() -> None:
    claim = Claim(1, "Text.", 0, 5)
    assert claim.kind is ClaimKind.statement and claim.entities == ()
    assert claim == Claim(index=1, text="Text.", start=0, end=5, kind=ClaimKind.statement)
    assert hash(claim) == hash(Claim(1, "Text.", 0, 5))
    with pytest.raises(dataclasses.FrozenInstanceError):
        claim.index = 2  # type: ignore[misc]
    assert dataclasses.replace(claim, index=2).index == 2
    assert pickle.loads(pickle.dumps(claim)) == claim
    with pytest.raises(TypeError):
        Claim(1, "Text.")  # type: ignore[call-arg]


def test_keyword_construction() -> None:
    cit = Citation(claim=None, kind=CitationKind.link, text="x", start=0, end=1, url="u")
    assert (cit.url, cit.marker, cit.date) == ("u", None, None)
    doc = Document(source="s", content_hash="h", body="b", metadata=Metadata(title="t"))
    assert doc.claims == () and doc.markers == () and doc.metadata.title == "t"
