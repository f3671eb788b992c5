"""Entities named in a claim: countries, organisations and people, as canonical names.

Aliases and demonyms come from ``factbase/data/entities.json`` (plus the analyst's file named
by ``FACTBASE_ALIASES``) and are matched by one case-sensitive trie regex, so "US" is a country
and "us" is not. The same scan finds role words and speech verbs, which point at people outside
the table ("Ambassador Dmitry Zhirnov", "Maria Zakharova, a spokesperson", "Zalmay Khalilzad
said"); titles are stripped.
"""

from __future__ import annotations

import json
import os
import re
from bisect import bisect_right
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from functools import lru_cache
from itertools import accumulate
from pathlib import Path

from factbase.errors import InputError
from factbase.ingest.tries import Trie, build_trie, render_trie


def _words(text: str) -> frozenset[str]:
    """A word table written as one string (easier to read and extend than a list literal)."""
    return frozenset(text.split())


__all__ = [
    "ALIASES_ENV",
    "EntityTable",
    "canonical_entity",
    "entities_by_claim",
    "entity_table",
    "find_entities",
    "load_aliases",
]

ALIASES_ENV = "FACTBASE_ALIASES"
DATA_PATH = Path(__file__).resolve().parent.parent / "data" / "entities.json"

# Titles and roles that announce a person's name. Capitalised before a name ("President
# Vladimir Putin"), lower-case after one ("a spokesperson"): both spellings are matched.
ROLE_WORDS: tuple[str, ...] = (
    "President", "Vice President", "Vice-President", "Prime Minister", "Deputy Prime Minister",
    "Minister", "Foreign Minister", "Deputy Minister", "Secretary", "Press Secretary",
    "Secretary-General", "Secretary General", "Secretary of State", "spokesperson", "spokesman",
    "spokeswoman", "Ambassador", "envoy", "Special Envoy", "Representative",
    "Special Representative", "Chancellor", "Chairman", "Chairwoman", "Director",
    "Director-General", "Commander", "General", "Gen.", "Governor", "Senator", "Mayor", "King",
    "Queen", "Crown Prince", "Emir", "Supreme Leader", "Mullah", "Mr.", "Mr", "Mrs.", "Mrs", "Ms.",
    "Ms", "Dr.", "Dr", "Prof.", "Professor", "leader", "chief", "founder", "analyst", "expert",
    "researcher", "journalist", "correspondent", "official", "diplomat", "deputy", "CEO",
    "Colonel", "Lieutenant",
)  # fmt: skip
SAY_VERBS: tuple[str, ...] = (
    "said", "says", "stated", "told", "added", "noted", "argued", "warned", "claimed", "wrote",
    "tweeted", "announced",
)  # fmt: skip

# Capitalised words that belong to institutions, titles or dates, never to a personal name: they
# stop "Minister of Foreign Affairs Amir Khan Muttaqi" from yielding "Affairs Amir Khan".
NON_NAME_WORDS: frozenset[str] = (
    _words("""The A An This That These Those In On At For From By With As It Its Their His Her
    Our He She
    They We But And Or If When While After Before Since Despite However Moreover Meanwhile Also
    Affairs Ministry Minister Council Security State States Department Office Foreign Government
    Republic Court Supreme Federal National United Union Committee Agency Bank Army Forces Party
    House Senate Assembly General President Secretary Press Special Deputy Interior Defence
    Defense Finance Commerce Trade Information Culture Embassy Kremlin White Islamic Times News
    Post Journal Tribune Monday Tuesday Wednesday Thursday Friday Saturday Sunday January
    February March April May June July August September October November December Photo Read
    Related Latest Ambassador Envoy Spokesperson Spokesman Director Chairman Governor Senator
    Commander Mr Mrs Ms Dr Prof Professor""")
)


def _alias_char(ch: str) -> str:
    return r"\s+" if ch == " " else re.escape(ch)


def _trie_regex(
    words: Iterable[str], *, first_consumed: bool = False, word_start: bool = False
) -> str:
    """One alternation for many literals, factored by prefix so each position costs one probe.

    With ``first_consumed`` the caller's pattern has already matched each word's first character;
    the branches re-check it with lookbehinds instead. With ``word_start`` a word
    matches only where no word character precedes it, checked after its first character: every
    branch then opens with a literal, which the regex engine scans for in C, where a leading
    lookbehind made it try every position (13 -> 1.4 ms per MB measured for "al-Qaeda"); a
    prefix all words share opens the pattern whole.
    """
    trie = build_trie(words)

    def render(node: Trie) -> str:  # spaces in an alias match any run of whitespace
        return render_trie(node, _alias_char)

    if first_consumed:
        # Branches open with each word's second character, a literal the engine checks before
        # it enters a branch; a two-character lookbehind then re-checks the first. Branches that
        # opened with a lookbehind of the first were each entered at every capital (the scan
        # ran ~12% slower, measured). Only one first character can precede, so at most one
        # branch per second character matches, and a word's longer forms are still tried first.
        by_second: dict[str, list[str]] = {}
        singles = []  # one-character words: tried last, as the trie tries "" last
        for first, child in sorted(trie.items()):
            for second, rest in sorted(child.items()):
                if not second:
                    singles.append(f"(?<={re.escape(first)})")
                elif second == " ":  # \s+ has no fixed width: look behind before it
                    by_second.setdefault(second, []).append(
                        f"(?<={re.escape(first)}){_alias_char(second)}{render(rest)}"
                    )
                else:
                    by_second.setdefault(second, []).append(
                        f"(?<={re.escape(first + second)}){render(rest)}"
                    )
        branches = [
            ("" if second == " " else re.escape(second))
            + (alts[0] if len(alts) == 1 else "(?:" + "|".join(alts) + ")")
            for second, alts in sorted(by_second.items())
        ]
        branches += singles
        return "(?:" + "|".join(branches) + ")" if branches else "(?!)"
    if word_start:
        # Where all words open alike ("al-Qaeda" alone, as built in), the pattern opens with
        # that literal, which the engine finds faster still than a first letter.
        prefix, node = "", trie
        while len(node) == 1 and (ch := next(iter(node))) not in ("", " "):
            prefix, node = prefix + ch, node[ch]
        if len(prefix) > 1:
            return f"{re.escape(prefix)}(?<!\\w{re.escape(prefix)}){render(node)}"
        firsts = [
            f"{re.escape(ch)}(?<!\\w{re.escape(ch)})" + render(child)
            for ch, child in sorted(trie.items())
        ]
        return "(?:" + "|".join(firsts) + ")" if firsts else "(?!)"
    return render(trie)


_UPPER, _LOWER = "A-ZÀ-ÖØ-Þ", "a-zß-öø-ÿ"
_WORD = rf"[{_UPPER}][{_LOWER}]+(?:[-'’][{_UPPER}]?[{_LOWER}]+)*"
_PARTICLE = r"(?:bin|ibn|al|el|ul|ud|de|van|von|der)"
_ROLES = _trie_regex({r.lower() for r in ROLE_WORDS})

# A role just before a name: "Ambassador ", "Press Secretary, ", "envoy to Afghanistan ".
ROLE_BEFORE_RE = re.compile(
    rf"""
    (?<![\w-])(?i:{_ROLES})\.?,?\s+
    (?:(?:to|for|of|on|at|in)\s+(?:the\s+)?(?:{_WORD}\s+){{1,4}}?)?
    \Z
    """,
    re.VERBOSE,
)
# A role or speech verb just after a name: ", a spokesperson", " – is a researcher", " said".
ROLE_AFTER_RE = re.compile(
    rf"""
    \s*[,–—]\s*(?:(?:is|was)\s+)?(?:a|an|the)\s+(?:[\w-]+\s+){{0,4}}?(?i:{_ROLES})(?![\w-])
    | ,?\s+(?:{"|".join(SAY_VERBS)})\b
    """,
    re.VERBOSE,
)
# How far back from a name its role may start: "Foreign Ministry spokesperson " fits easily.
ROLE_WINDOW = 80
# A role ends at most this many words before a name: "envoy to the Islamic Republic of Iran".
ROLE_REACH = 7
ROLE_TAILS = frozenset(
    w for r in ROLE_WORDS for w in (r.lower().split()[-1], r.lower().split()[-1].rstrip("."))
)


@dataclass(frozen=True, slots=True)
class EntityTable:
    """Every alias mapped to its canonical name, and the country facts measures need."""

    aliases: dict[str, str]  # surface form -> canonical name; "" marks a blocker phrase
    adjectives: dict[str, str]  # country -> adjective demonym ("Russia" -> "Russian")
    countries: frozenset[str]
    scan: re.Pattern[str]  # group "alias": a table entry; group "run": 2+ capitalised words
    lower_scan: re.Pattern[str] | None  # analysts' aliases that start lower-case ("the Kremlin")


def _build(
    aliases: dict[str, str], adjectives: dict[str, str], countries: frozenset[str]
) -> EntityTable:
    upper = [a for a in aliases if a and a[0].isupper()]
    lower = [a for a in aliases if a and not a[0].isupper()]
    trie = _trie_regex(upper)
    # One pass finds table entries and runs of capitalised words (people are looked for in the
    # runs). Aliases come first, and a run stops before one, so "Afghanistan Zalmay Khalilzad"
    # is a country and then a run. The pattern opens by consuming a capital, so the regex engine
    # skips to capitals in C (~150 MB/s); opening with an assertion made it try every position
    # (~32 MB/s, measured). The alias trie re-checks that capital with a lookbehind, and the caller
    # checks word starts. Both groups start after the capital: read the whole match, m[0].
    # The run's first lower-case letters are taken possessively ("++"): whitespace must follow
    # them, so giving one back can never make a match, and most capitals (a sentence's "The")
    # start no run: they fail at once instead of trying each shorter word (scan 58 -> 48 µs per
    # 5 KB article, measured).
    scan = rf"""
        [{_UPPER}]
        (?: (?P<alias>{_trie_regex(upper, first_consumed=True)})(?!\w)
          | (?P<run>[{_LOWER}]++(?:\s+(?:{_PARTICLE}\s+)?(?!(?:{trie})(?!\w)){_WORD})+)
        )
    """
    lower_scan = re.compile(rf"{_trie_regex(lower, word_start=True)}(?!\w)") if lower else None
    return EntityTable(aliases, adjectives, countries, re.compile(scan, re.VERBOSE), lower_scan)


@lru_cache(maxsize=1)
def _builtin() -> tuple[dict[str, str], dict[str, str], frozenset[str]]:
    data = json.loads(DATA_PATH.read_text(encoding="utf-8"))
    aliases: dict[str, str] = {}
    adjectives: dict[str, str] = {}
    for country, names in data["countries"].items():
        aliases[country] = country
        for alias in (*names["demonyms"], *names["aliases"]):
            aliases[alias] = country
        if names["demonyms"]:
            adjectives[country] = names["demonyms"][0]
    for section in ("organisations", "people"):
        for canonical, names in data[section].items():
            aliases[canonical] = canonical
            for alias in names:
                aliases[alias] = canonical
    for phrase in data["blockers"]:
        aliases[phrase] = ""
    return aliases, adjectives, frozenset(data["countries"])


def load_aliases(path: str | os.PathLike[str]) -> dict[str, str]:
    """Read an analyst's alias file: JSON {"alias": "Canonical"}, or alias<TAB>canonical lines."""
    where = os.fspath(path)
    try:
        text = Path(where).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(
            f"cannot read aliases file {where}: {exc}. Fix {ALIASES_ENV} or the file."
        ) from None
    if text.lstrip().startswith("{"):
        try:
            data = json.loads(text)
        except json.JSONDecodeError as exc:
            raise InputError(f"aliases file {where} is not valid JSON: {exc}.") from None
        if not all(isinstance(k, str) and isinstance(v, str) for k, v in data.items()):
            raise InputError(
                f'aliases file {where} must map strings to strings: {{"alias": "Canonical"}}.'
            )
        pairs = list(data.items())
    else:
        pairs = []
        for number, line in enumerate(text.splitlines(), 1):
            if not line.strip() or line.lstrip().startswith("#"):
                continue
            alias, tab, canonical = line.partition("\t")
            if not tab or not alias.strip():
                raise InputError(
                    f"aliases file {where}, line {number}: expected alias<TAB>canonical."
                )
            pairs.append((alias, canonical))
    return {" ".join(a.split()): " ".join(c.split()) for a, c in pairs if a.strip()}


@lru_cache(maxsize=8)
def _table_for(extra_path: str | None) -> EntityTable:
    aliases, adjectives, countries = _builtin()
    merged = dict(aliases)
    if extra_path:
        extra = load_aliases(extra_path)
        merged.update(extra)
        # A new canonical name is matched as itself too ("East Turkestan Islamic Movement").
        merged.update({c: c for c in extra.values() if c and c not in merged})
    return _build(merged, adjectives, countries)


_last: list[
    tuple[str | None, EntityTable]
] = []  # the table for the last path seen: one lookup per claim


def entity_table() -> EntityTable:
    """The built-in table merged with the file named by FACTBASE_ALIASES (read once per path)."""
    path = os.environ.get(ALIASES_ENV) or None
    if not _last or _last[0][0] != path:
        _last[:] = [(path, _table_for(path))]
    return _last[0][1]


WORD_RE = re.compile(r"\S+")


def _names_in_run(text: str, start: int, end: int) -> Iterator[tuple[int, int]]:
    """Spans of the 2-3 word stretches of a capitalised run holding no title or institution word."""
    stretch: list[tuple[int, int]] = []
    for w in WORD_RE.finditer(text, start, end):
        if w[0] in NON_NAME_WORDS:
            if 2 <= len(stretch) <= 3:
                yield stretch[0][0], stretch[-1][1]
            stretch = []
        else:
            stretch.append(w.span())
    if 2 <= len(stretch) <= 3:
        yield stretch[0][0], stretch[-1][1]


def _role_before(text: str, floor: int, pos: int) -> bool:
    """A role word ends within the few words before pos (not before floor, the claim's start);
    the word test saves most regex searches."""
    lo = max(floor, pos - ROLE_WINDOW)
    words = text[lo:pos].lower().replace(",", " ").split()[-ROLE_REACH:]
    if ROLE_TAILS.isdisjoint(words):
        return False
    return ROLE_BEFORE_RE.search(text, lo, pos) is not None


Hit = tuple[int, int, str]  # start, end, canonical name


def _run_hits(
    text: str, start: int, end: int, floor: int, ceiling: int, aliases: dict[str, str]
) -> Iterator[Hit]:
    """People in the capitalised run text[start:end]: names with a role or speech verb next to
    them, within the claim text[floor:ceiling]."""
    for s, e in _names_in_run(text, start, end):
        if ROLE_AFTER_RE.match(text, e, ceiling) or _role_before(text, floor, s):
            name = " ".join(text[s:e].replace("’", "'").split())
            canonical = aliases.get(name, name)
            if canonical:  # "" marks a blocker phrase
                yield s, e, canonical


# Claims are scanned joined by this character: cleaning deletes control characters from bodies,
# no pattern here matches it, and every pattern treats it as it treats the end of a text, so the
# one scan finds exactly what a scan of each claim alone would.
CLAIM_SEPARATOR = "\x00"


def entities_by_claim(
    body: str, spans: Sequence[tuple[int, int]], texts: Sequence[str] | None = None
) -> list[tuple[str, ...]]:
    """find_entities of every claim span (in body order), from one scan: ~3x faster than one
    scan per claim, whose fixed costs dominate on short sentences. ``texts``: the spans' texts,
    when the caller has cut them already."""
    if not spans:
        return []
    table = entity_table()
    joined = CLAIM_SEPARATOR.join([body[s:e] for s, e in spans] if texts is None else texts)
    # Where each claim starts in joined; a sentinel past the end closes the last one.
    starts = list(accumulate([e - s + 1 for s, e in spans], initial=0))
    hits: list[tuple[int, int, int, str]] = []  # start and end in joined, claim, canonical name
    aliases = table.aliases
    k, nxt = 0, starts[1]
    for m in table.scan.finditer(joined):
        start = m.start()
        # A claim's first character follows the separator or nothing, so this tests word starts.
        if start and (joined[start - 1].isalnum() or joined[start - 1] == "_"):
            continue  # mid-word ("McDonald" holds no "Donald")
        if start >= nxt:  # matches come in order: the claim changes seldom, bisect only then
            k = bisect_right(starts, start) - 1
            nxt = starts[k + 1]
        if m.lastgroup == "alias":
            alias = m[0]
            canonical = aliases.get(alias) or aliases.get(" ".join(alias.split()), "")
            if canonical:
                hits.append((start, m.end(), k, canonical))
        else:
            for s, e, name in _run_hits(joined, start, m.end(), starts[k], nxt - 1, aliases):
                hits.append((s, e, k, name))
    if table.lower_scan is not None:
        lower = [
            (m.start(), m.end(), bisect_right(starts, m.start()) - 1, canonical)
            for m in table.lower_scan.finditer(joined)
            if (canonical := aliases.get(" ".join(m[0].split()), ""))
        ]
        if lower:  # in body order, as the table scan's hits are already
            hits.extend(lower)
            hits.sort()
    out: list[tuple[str, ...]] = [()] * len(spans)
    names: list[str] = []
    claim = -1
    for _, _, k, name in hits:  # grouped by claim, first mention first
        if k != claim:
            if names:
                out[claim] = tuple(dict.fromkeys(names))
            names, claim = [], k
        names.append(name)
    if names:
        out[claim] = tuple(dict.fromkeys(names))
    return out


def find_entities(text: str) -> tuple[str, ...]:
    """Canonical names of the countries, organisations and people in text, first mention first."""
    return entities_by_claim(text, [(0, len(text))])[0]


def canonical_entity(name: str) -> str:
    """Canonical form of a name a user typed: "US" -> "United States"; unknown: title-cased."""
    aliases = entity_table().aliases
    cleaned = " ".join(name.replace("’", "'").split())
    if cleaned.lower().startswith("the ") and cleaned not in aliases:
        cleaned = cleaned[4:]
    if aliases.get(cleaned):
        return aliases[cleaned]
    folded = cleaned.casefold()
    for alias, canonical in aliases.items():
        if canonical and alias.casefold() == folded:
            return canonical
    return " ".join(w.title() if w.islower() else w for w in cleaned.split())
