"""Errors users read. Each message says what happened and what to do next.

``FactbaseError`` and its subclasses are expected failures; the CLI prints them in one line
and exits 1. Anything else escaping the library is a bug.
"""

from __future__ import annotations


class FactbaseError(Exception):
    """Base of every error meant for a user."""

    exit_code = 1


class InputError(FactbaseError):
    """A file is missing, unreadable, empty, binary or otherwise not an article."""


class DatabaseError(FactbaseError):
    """The database cannot be opened, or its schema is newer than this code."""


class NotFound(FactbaseError):
    """An unknown claim, article or conflict id."""


class QueryError(FactbaseError):
    """A malformed full-text query or filter."""
