"""factbase: a claim-and-source fact-tracking database.

Library use::

    from factbase import extract_text, open_db
    doc = extract_text(open("article.txt").read(), source="article.txt")
    engine = open_db("facts.db")          # upgraded to the current schema on open

Imports are lazy so that ``factbase.ingest`` stages load without the database layer.
"""

from __future__ import annotations

from typing import Any

__version__ = "0.1.0"
__all__ = ["__version__", "extract_text", "open_db"]


def __getattr__(name: str) -> Any:
    if name == "open_db":
        from factbase.db.engine import open_db

        return open_db
    if name == "extract_text":
        from factbase.ingest import extract

        return extract
    raise AttributeError(name)
