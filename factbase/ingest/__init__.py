"""The extraction pipeline: article text in, a Document out. No database, no printing.

Stages run in order and each is a plain function (see STYLE.md §2): clean -> metadata ->
sentences -> figures (then measure/period) -> citations -> entities and claim kinds.
All offsets are made once, on the cleaned body, which no later stage rewrites.
"""

from __future__ import annotations

import hashlib
from bisect import bisect_right

from factbase.ingest.citations import find_citations, numbers_and_speech_verbs
from factbase.ingest.clean import clean
from factbase.ingest.entities import entities_by_claim
from factbase.ingest.figures import find_figures
from factbase.ingest.header import find_metadata
from factbase.ingest.measure import describe_figures
from factbase.ingest.segment import claims_with_date_cues, classify_claim, find_sentences
from factbase.records import Claim, ClaimKind, Document, Metadata

__all__ = ["content_hash", "extract"]


def content_hash(raw: str) -> str:
    """Identity of an article's content: sha256 of its text with line endings normalised."""
    text = raw.replace("\r\n", "\n").replace("\r", "\n") if "\r" in raw else raw
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


def extract(raw: str, source: str, overrides: Metadata | None = None) -> Document:
    """Run every stage over one article's raw text."""
    cleaned = clean(raw)
    metadata = find_metadata(raw, cleaned)
    if overrides is not None:
        metadata = metadata.merged(overrides)
    body = cleaned.body
    spans = find_sentences(cleaned)
    # Number starts and speech verbs come from the same scans (see numbers_and_speech_verbs);
    # sentences end before the notes, at their start or before a blank, as find_figures needs.
    number_starts, speech_verbs = numbers_and_speech_verbs(body, cleaned.notes_start)
    figures = describe_figures(body, spans, find_figures(body, spans, number_starts))
    citations = find_citations(cleaned, spans, speech_verbs)
    texts = [body[s:e] for s, e in spans]
    entities = entities_by_claim(body, spans, texts)
    # Each claim's kind, with what classify_claim answers without reading the text: figure >
    # quote, and most other claims are statements, as they hold no date cue and no quotation
    # mark. The claims are built in one map call after.
    kinds = [ClaimKind.statement] * len(spans)
    decided = set()
    for f in figures:
        kinds[f.claim] = ClaimKind.figure
        decided.add(f.claim)
    for c in citations:
        if c.kind == "quote" and c.claim is not None and c.claim not in decided:
            kinds[c.claim] = ClaimKind.quote
            decided.add(c.claim)
    dated = claims_with_date_cues(body, spans)
    for i in (dated | _claims_with_quote_marks(body, spans)) - decided:
        kinds[i] = classify_claim(texts[i], has_figure=False, has_quote=False, date_cue=i in dated)
    starts = [s for s, _ in spans]
    ends = [e for _, e in spans]
    claims = tuple(map(Claim, range(len(spans)), texts, starts, ends, kinds, entities))
    return Document(
        source=source,
        content_hash=content_hash(raw),
        body=body,
        metadata=metadata,
        claims=claims,
        figures=tuple(figures),
        citations=tuple(citations),
        markers=cleaned.markers,
    )


def _claims_with_quote_marks(body: str, spans: list[tuple[int, int]]) -> set[int]:
    """Indices of the spans (ordered, disjoint) holding a "“" or a '"', from str.find over the
    body: quotation marks are few, and a test of each claim's text cost more."""
    found: set[int] = set()
    if not spans:
        return found
    starts = [s for s, _ in spans]
    lo, hi = starts[0], spans[-1][1]
    for mark in ("“", '"'):
        at = body.find(mark, lo, hi)
        while at >= 0:
            i = bisect_right(starts, at) - 1
            end = spans[i][1]
            if at < end:
                found.add(i)
                at = body.find(mark, end, hi)
            else:
                at = body.find(mark, at + 1, hi)
    return found
