"""Measure keys: one canonical string per thing measured, so figures from different articles
compare ("Russian exports to Afghanistan" == "Afghanistan's imports from Russia" ->
"flow russia>afghanistan"). Entities are read with the entity table's scan.
"""

from __future__ import annotations

import re

from factbase.ingest.entities import entity_table

__all__ = ["measure_key"]


def _words(text: str) -> frozenset[str]:
    """A word table written as one string (easier to read and extend than a list literal)."""
    return frozenset(text.split())


EXPORT_WORDS = frozenset({"export", "exported", "exporting"})
IMPORT_WORDS = frozenset({"import", "imported", "importing"})
KEY_STOPWORDS = _words("the a an its their his her our this these those total overall 's")
PREFIXES = ("share of ", "growth of ", "decline of ")


def _fold(word: str) -> str:
    """Plural to singular, crudely but consistently: "imports" -> "import", "cities" -> "city".
    A possessive and quotes go first: "railway's" -> "railway", "ports'" -> "port"."""
    if "'" in word and len(word) > 2:
        core = word.strip("'")
        word = (core[:-2] if core.endswith("'s") else core) or word
    if len(word) <= 3 or word.endswith(("ss", "us", "is")):
        return word
    if word.endswith("ies"):
        return word[:-3] + "y"
    if word.endswith(("ches", "shes", "xes", "sses")):
        return word[:-2]
    return word[:-1] if word.endswith("s") else word


def _tokens(phrase: str) -> list[tuple[str, str]]:
    """("ent", "afghanistan") for names and demonyms, ("w", "import") for other words."""
    table = entity_table()
    out: list[tuple[str, str]] = []
    pos = 0
    for m in table.scan.finditer(phrase):
        if m.lastgroup != "alias" or (m.start() and phrase[m.start() - 1].isalnum()):
            continue
        canonical = table.aliases.get(" ".join(m[0].split()))
        if not canonical:
            continue
        out += [("w", _fold(w)) for w in re.findall(r"[\w']+", phrase[pos : m.start()].lower())]
        out.append(("ent", canonical.lower().replace(" ", "_")))
        pos = m.end()
    out += [("w", _fold(w)) for w in re.findall(r"[\w']+", phrase[pos:].lower())]
    return [(k, v.removesuffix("'s")) for k, v in out if v not in KEY_STOPWORDS]


def _flow_key(tokens: list[tuple[str, str]], i: int) -> str:
    """Key for a trade flow: "<origin>><destination>" whichever way the phrase runs."""
    exporting = tokens[i][1] in EXPORT_WORDS
    subject = next((v for k, v in reversed(tokens[:i]) if k == "ent"), None)
    origin = dest = None
    rest: list[str] = [v for k, v in tokens[:i] if k == "w"]
    j = i + 1
    while j < len(tokens):
        kind, word = tokens[j]
        nxt = tokens[j + 1] if j + 1 < len(tokens) else None
        if kind == "w" and word in ("from", "to", "into", "of", "by") and nxt and nxt[0] == "ent":
            if word == "from":
                origin = nxt[1]
            elif word in ("to", "into"):
                dest = nxt[1]
            elif j + 2 < len(tokens) and not exporting:  # "imports of Russian wheat"
                origin = nxt[1]
            else:  # "exports of Russia"
                subject = nxt[1]
            j += 2
            continue
        if kind == "w":
            rest.append(word)
        j += 1
    if exporting:
        origin = origin or subject
    else:
        dest = dest or subject
    tail = " ".join(w for w in rest if w not in ("of", "from", "to"))
    return f"flow {origin or '?'}>{dest or '?'}" + (f" {tail}" if tail else "")


def measure_key(measure: str) -> str:
    """A canonical key: two measures with the same key count the same thing.

    Demonyms become countries, words are lower-cased and singular, determiners dropped, and a
    trade flow is keyed by direction whichever way it is written:
    "Russian exports to Afghanistan" == "Afghanistan's imports from Russia"
    == "exports from Russia to Afghanistan" == "Afghan imports from Russia"
    -> "flow russia>afghanistan";
    but "Afghanistan's exports to Russia" -> "flow afghanistan>russia". "share of X", "growth of X"
    and "decline of X" keep their prefix; "Iran's share of X" == "share of X from Iran".
    "China's investment" == "Chinese investment" != "Russian investment";
    "oil production of Afghanistan" == "Afghanistan's oil production".
    """
    phrase = " ".join(measure.replace("’", "'").replace("‘", "'").split())
    prefix = ""
    owned = re.fullmatch(r"(?P<who>.+?)'s share of (?P<what>.+)", phrase, re.IGNORECASE)
    if owned:
        prefix, phrase = "share of ", f"{owned['what']} from {owned['who']}"
    for p in PREFIXES:
        if phrase.lower().startswith(p):
            prefix, phrase = p, phrase[len(p) :]
            break
    tokens = _tokens(phrase)
    for i, (kind, word) in enumerate(tokens):
        if kind == "w" and word in EXPORT_WORDS | IMPORT_WORDS:
            return prefix + _flow_key(tokens, i)
    if ("w", "trade") in tokens:
        ents = sorted(v for k, v in tokens if k == "ent")
        if len(ents) == 2:
            return prefix + f"trade {'+'.join(ents)}"
    # "oil production of Afghanistan" / "investment by China": the owner goes first.
    if len(tokens) >= 3 and tokens[-1][0] == "ent" and tokens[-2][1] in ("of", "by"):
        tokens = [tokens[-1], *tokens[:-2]]
    return prefix + " ".join(v for _, v in tokens)
