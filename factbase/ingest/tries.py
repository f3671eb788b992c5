"""Alternations of many literal words shaped as prefix trees ("sa(?:id|ys)").

The regex engine then tries one branch per character instead of every word (measured 2-3x
faster to scan than a flat "said|says"). Where words form a chain of prefixes ("six",
"sixty"), the longer one is tried first, as a flat alternation sorted by length does.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable

Trie = dict[str, "Trie"]


def build_trie(words: Iterable[str]) -> Trie:
    """Nested dicts by character; the key "" marks where a word ends."""
    trie: Trie = {}
    for word in words:
        node = trie
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = {}
    return trie


def render_trie(node: Trie, char: Callable[[str], str] = re.escape) -> str:
    """The pattern of a (sub)trie; ``char`` spells one character (default: literally)."""
    branches = [char(ch) + render_trie(child, char) for ch, child in sorted(node.items()) if ch]
    if not branches:
        return ""
    body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
    return f"(?:{body})?" if "" in node else body


def trie_pattern(words: Iterable[str], char: Callable[[str], str] = re.escape) -> str:
    """One alternation matching any of ``words``, factored by prefix."""
    return render_trie(build_trie(words), char)
