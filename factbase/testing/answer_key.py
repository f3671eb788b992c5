"""The answer key of a generated corpus: what was planted where, saved as ``answer_key.json``.

Sides are ``{"article": filename, "snippet": str, "sentence": str}``; a snippet is an exact
substring of its article file (a figure, a date or a distinctive name), the sentence its claim.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any

__all__ = ["CONFLICT_KINDS", "KEY_FILE", "NEAR_MISS_TYPES", "AnswerKey", "Side"]

KEY_FILE = "answer_key.json"
PRETTY_UP_TO = 2000  # articles; larger keys are written compact
CONFLICT_KINDS = ("numeric", "date", "negation")
NEAR_MISS_TYPES = (
    "different_period",
    "same_value_different_form",
    "rounding_compatible",
    "opposite_direction",
    "different_subject",
    "total_vs_part",
    "different_currency",
    "quoted_dispute",
    "within_article",
    "syndicated",
    "date_format",
    "date_precision",
    "negation_different_time",
)

Side = dict[str, Any]


@dataclass
class AnswerKey:
    """What was planted where. Sides are ``{"article": filename, "snippet": str, "sentence": str}``;
    ``snippet`` is an exact substring of the article file (figure, date or distinctive name)."""

    seed: int
    n_articles: int
    conflicts: list[dict[str, Any]] = field(default_factory=list)
    near_misses: list[dict[str, Any]] = field(default_factory=list)
    corroborations: list[dict[str, Any]] = field(default_factory=list)
    syndicated: list[list[str]] = field(default_factory=list)
    articles: dict[str, dict[str, Any]] = field(default_factory=dict)

    def save(self, path: Path) -> Path:
        # No indent on big keys: json's C encoder only runs without one (~5x faster at 100k).
        indent = 1 if self.n_articles <= PRETTY_UP_TO else None
        text = json.dumps(self.as_dict(), ensure_ascii=False, indent=indent)  # dumps: json.dump
        path.write_text(text, encoding="utf-8")  # iterates in Python even without an indent
        return path

    def as_dict(self) -> dict[str, Any]:
        """The JSON shape of ``answer_key.json`` (fields are plain data already: no deep copy)."""
        return {f.name: getattr(self, f.name) for f in fields(self)}

    @classmethod
    def load(cls, path: Path) -> AnswerKey:
        """Read a key from ``answer_key.json`` or from the corpus directory holding it."""
        if path.is_dir():
            path = path / KEY_FILE
        return cls(**json.loads(path.read_text(encoding="utf-8")))
