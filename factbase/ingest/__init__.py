"""The extraction pipeline: article text in, a Document out. No database, no printing.

Stages run in order and each is a plain function (see STYLE.md §2): clean -> metadata ->
sentences -> figures (then measure/period) -> citations -> entities and claim kinds.
All offsets are made once, on the cleaned body, which no later stage rewrites.
"""

from __future__ import annotations

import hashlib

from factbase.ingest.citations import find_citations
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
    text = raw.replace("\r\n", "\n").replace("\r", "\n")
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


def extract(raw: str, source: str, overrides: Metadata | None = None) -> Document:
    """Run every stage over one article's raw text."""
    cleaned = clean(raw)
    metadata = find_metadata(raw, cleaned)
    if overrides is not None:
        metadata = metadata.merged(overrides)
    body = cleaned.body
    spans = find_sentences(cleaned)
    figures = describe_figures(body, spans, find_figures(body, spans))
    citations = find_citations(cleaned, spans)
    with_figure = {f.claim for f in figures}
    quoted = {c.claim for c in citations if c.kind == "quote"}
    entities = entities_by_claim(body, spans)
    dated = claims_with_date_cues(body, spans)
    claims = []
    for i, (s, e) in enumerate(spans):
        text = body[s:e]
        # What classify_claim answers without reading the text: most claims are statements, as
        # they hold no figure, no quote, no date cue and no quotation mark.
        if i in with_figure:
            kind = ClaimKind.figure
        elif i in quoted:
            kind = ClaimKind.quote
        elif i in dated or "“" in text or '"' in text:
            kind = classify_claim(text, has_figure=False, has_quote=False, date_cue=i in dated)
        else:
            kind = ClaimKind.statement
        claims.append(Claim(i, text, s, e, kind, entities[i]))
    return Document(
        source=source,
        content_hash=content_hash(raw),
        body=body,
        metadata=metadata,
        claims=tuple(claims),
        figures=tuple(figures),
        citations=tuple(citations),
        markers=cleaned.markers,
    )
