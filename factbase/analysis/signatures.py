"""Comparable keys for what claims say: figure frames, event signatures and body sketches.

A figure's *frame* names what it measures whatever the phrasing: a family (trade flow, aid,
investment, production ...), a direction (origin > destination) and the sector words that narrow
it ("food aid" is not "aid"). An *event signature* names an action class, the event's own names
and entities, whether the claim asserts or denies it, and when. Text that an article quotes in
order to dispute it, and attributions ("according to trade ministry figures"), are ignored.
"""

from __future__ import annotations

import bisect
import datetime as dt
import operator
import re
import zlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from itertools import accumulate, repeat
from typing import NamedTuple

from factbase.ingest import lexicon as lx
from factbase.ingest.dates import find_date_matches
from factbase.ingest.entities import EntityTable, _trie_regex, entity_table
from factbase.ingest.measure import find_periods
from factbase.ingest.tries import build_trie, render_trie, trie_pattern

__all__ = [
    "EventSignature",
    "Frame",
    "body_sketch",
    "event_candidates",
    "event_signature",
    "figure_frame",
    "find_disputed",
    "sketch_containment",
]


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


# --- disputed regions and attributions ---------------------------------------------------------

_CLAIMISH = r"""(?:reports?|claims?|suggestions?|assertions?|rumou?rs?|allegations?|speculation
    |estimates?|figures?)"""
_DEBUNKED = r"""(?:(?:are|is|was|were|have\s+been|has\s+been|proved|proven)\s+(?:\w+\s+)?
    (?:wrong|false|untrue|incorrect|inaccurate|exaggerated|inflated|unfounded|baseless|misleading
    |mistaken|debunked|refuted|denied|fabricated)|do(?:es)?\s+not\s+hold\s+(?:up|water))"""
_OTHERS = r"""(?:some|several|many|earlier|other|certain|a\s+few)\s+(?:[\w-]+\s+){0,2}?
    (?:outlets|reports|media|sources|commentators|accounts|websites|blogs|posts|observers|analysts
    |officials)"""
# Each pattern starts where the disputed content starts; DISPUTE_END finds where it stops.
DISPUTE_PREFIX_RE = re.compile(
    rf"""\b(?:
        (?:contrary\s+to|despite|unlike)\s+(?:\w+\s+){{0,3}}?{_CLAIMISH}\s+that
      | (?:falsely|wrongly|erroneously|mistakenly|incorrectly)\s+(?:\w+\s+)?
            (?:claimed|claims|reported|stated|said|suggested|asserted|put|estimated)(?:\s+that)?
      | (?:rejected|dismissed|disputed|denied|refuted|debunked|questioned|contradicted)\s+
            (?:the\s+|an?\s+|earlier\s+|those\s+)?(?:[\w-]+\s+){{0,3}}?{_CLAIMISH}(?:\s+(?:of|that))?
      | {_OTHERS}\s+(?:have\s+|had\s+)?(?:claimed|alleged|asserted)(?:\s+that)?
      | {_OTHERS}\s+(?:have\s+|had\s+)?(?:suggested|put|estimated|reported|said|stated|cited)
            (?:\s+that)?(?=.{{0,250}}?(?:\bbut\b|\bhowever\b|\bthe\s+(?:actual|real|true|correct)\b))
    )""",
    re.VERBOSE | re.IGNORECASE,
)
# "Reports that X are wrong", "Claims circulating on social media that X do not hold up".
DISPUTE_WRAP_RE = re.compile(
    rf"""\b{_CLAIMISH}(?:\s+[\w-]+){{0,5}}?\s+that\b(?P<inner>.{{3,300}}?)\b{_DEBUNKED}""",
    re.VERBOSE | re.IGNORECASE | re.DOTALL,
)
# "X claimed that Y, a number not borne out by Z": whoever reports Y, the sentence rebuts it.
DISPUTE_SAID_RE = re.compile(
    r"""\b(?:claim(?:s|ed)?|said|says|assert(?:s|ed)|alleg(?:es|ed)|insist(?:s|ed)|argu(?:es|ed)
        |contend(?:s|ed)|maintain(?:s|ed)|suggest(?:s|ed)|stat(?:es|ed)|report(?:s|ed)
        |put\s+it)\s+that\b""",
    re.VERBOSE | re.IGNORECASE,
)
DISPUTE_REBUTTAL_RE = re.compile(
    r"""\b(?:(?:not|never)\s+(?:been\s+)?(?:borne\s+out|supported|backed(?:\s+up)?|confirmed
        |corroborated|substantiated)\s+by|(?:unsupported|uncorroborated|contradicted)\s+by
        |no\s+evidence\b|(?:has|have)\s+(?:since\s+)?been\s+(?:disputed|refuted|debunked
        |contradicted|denied|rejected)|(?:is|was|are|were)\s+(?:simply\s+|plainly\s+)?(?:wrong
        |false|untrue|incorrect|inaccurate))""",
    re.VERBOSE | re.IGNORECASE,
)
# The disputed clause ends at a contrast, a semicolon, a colon, or failing those a comma.
DISPUTE_END_RE = re.compile(r",\s+(?:but|while|whereas|although|though|yet)\b|[;:—–]|\bbut\b")
CLAUSE_COMMA_RE = re.compile(r",\s")
# "according to trade ministry figures": source words that must not read as the measure.
# The source's name runs to the verb that reports it ("Data compiled by the OECD put ...").
ATTRIBUTION_RE = re.compile(
    r"""\b(?:according\s+to|data\s+(?:compiled\s+)?(?:from|by)|figures\s+from|statistics\s+from
        |citing|cited\s+by|reported\s+by|estimates?\s+by)\b
        (?:\s+(?!(?:put|puts|estimates?|shows?|indicates?|suggests?|says?|said|reports?)\b)
        [\w'’.&-]+){0,6}""",
    re.VERBOSE | re.IGNORECASE,
)


# ATTRIBUTION_RE without IGNORECASE (its words are lower-case): in ASCII text, where
# IGNORECASE folds only A-Z and lower() keeps every offset, it finds the same spans in the
# lower case, at ~2/3 the cost (the case-blind search tries every position).
_ATTRIBUTION_LOWER_RE = re.compile(ATTRIBUTION_RE.pattern, re.VERBOSE)


def _attributions(claim: str) -> list[tuple[int, int]]:
    if claim.isascii():
        return [m.span() for m in _ATTRIBUTION_LOWER_RE.finditer(claim.lower())]
    return [m.span() for m in ATTRIBUTION_RE.finditer(claim)]


# ", data from the central bank indicate", ", the UN's trade database shows": a source at the end.
ATTRIBUTION_TAIL_RE = re.compile(
    r""",\s+(?:[\w'’.&-]+\s+){1,7}?(?:shows?|indicates?|suggests?|says?|estimates?|reports?)
        \s*(?=[.;]|\Z)""",
    re.VERBOSE,
)


# "The UN's trade database put X at", "Official figures estimates that": a source as subject.
ATTRIBUTION_HEAD_RE = re.compile(
    r"""\A\s*(?:[\w'’.&-]+\s+){1,6}?(?:(?:estimates?|estimated|shows?|showed|says?|said|reports?
        |reported|notes?|noted|finds?|found)\s+that|puts?)\b""",
    re.VERBOSE | re.IGNORECASE,
)
# Words that lead into a period ("over the course of 2013"): masked with it, so that "In" does
# not read as the preposition of the next name ("In 2023 Kenya's investment").
PERIOD_LEAD_RE = re.compile(
    r"""(?:\b(?:in|during|for|over|throughout|as\s+of|by|at|the|course|of|calendar|fiscal|year
        |early|late|mid)\s+)+\Z""",
    re.VERBOSE | re.IGNORECASE,
)


def _clause_end(text: str, pos: int) -> int:
    m = DISPUTE_END_RE.search(text, pos)
    if m is not None:
        return m.start()
    m = CLAUSE_COMMA_RE.search(text, pos)
    return m.start() if m is not None else len(text)


# Every dispute pattern holds one of these (lower-case) cues; most claims hold none, and the
# substring tests cost ~5 µs where the patterns cost ~20 (an alternation of the cues: ~30).
DISPUTE_CUES = (
    "contrary", "despite", "unlike", "falsely", "wrongly", "erroneous", "mistaken", "incorrect",
    "reject", "dismiss", "disput", "denied", "refut", "debunk", "question", "contradict",
    "claimed", "alleged", "asserted", "outlets", "commentators", "wrong", "false", "untrue",
    "inaccurate", "exaggerat", "inflated", "unfounded", "baseless", "misleading", "fabricated",
    "hold up", "hold water", "some ", "several ", "earlier ", "certain ", "borne out",
    "supported by", "backed", "confirmed by", "corroborated", "substantiated", "evidence",
)  # fmt: skip


# The cues as one trie: a search costs ~2 µs per claim where the substring tests cost ~4.
DISPUTE_CUE_RE = re.compile(trie_pattern(DISPUTE_CUES))


def find_disputed(text: str) -> list[tuple[int, int]]:
    """Spans of text an article reports only to dispute ("contrary to reports that ...")."""
    if DISPUTE_CUE_RE.search(text.lower()) is None:
        return []
    spans = [(m.start(), m.end()) for m in DISPUTE_WRAP_RE.finditer(text)]
    for m in DISPUTE_PREFIX_RE.finditer(text):
        spans.append((m.start(), _clause_end(text, m.end())))
    rebut = DISPUTE_REBUTTAL_RE.search(text)
    if rebut is not None:
        said = DISPUTE_SAID_RE.search(text, 0, rebut.start())
        if said is not None:
            spans.append((said.start(), rebut.start()))
    return sorted(spans)


def _mask(text: str, spans: Iterable[tuple[int, int]]) -> str:
    chars = list(text)
    for s, e in spans:
        chars[s:e] = " " * (e - s)
    return "".join(chars)


# --- tokens ------------------------------------------------------------------------------------

# Capitals stand for their countries in news prose ("Moscow signed", "talks in Kabul"); the
# entity table (another module's data) has no cities, so the few that matter live here.
CAPITALS: dict[str, str] = {
    "Kabul": "Afghanistan", "Moscow": "Russia", "Kremlin": "Russia", "Beijing": "China",
    "Washington": "United States", "Islamabad": "Pakistan", "Tehran": "Iran", "New Delhi": "India",
    "Delhi": "India", "Dushanbe": "Tajikistan", "Tashkent": "Uzbekistan",
    "Ashgabat": "Turkmenistan",
    "Astana": "Kazakhstan", "Bishkek": "Kyrgyzstan", "Ankara": "Turkey", "Doha": "Qatar",
    "Riyadh": "Saudi Arabia", "Abu Dhabi": "United Arab Emirates", "Cairo": "Egypt",
    "Amman": "Jordan", "Baghdad": "Iraq", "Tokyo": "Japan", "Seoul": "South Korea",
    "Pretoria": "South Africa", "Kathmandu": "Nepal", "Colombo": "Sri Lanka", "Dhaka": "Bangladesh",
    "Baku": "Azerbaijan", "Yerevan": "Armenia", "Tbilisi": "Georgia", "Ottawa": "Canada",
    "London": "United Kingdom", "Paris": "France", "Berlin": "Germany", "Rome": "Italy",
    "Brussels": "Belgium", "Kuala Lumpur": "Malaysia", "Jakarta": "Indonesia", "Rabat": "Morocco",
    "Ulaanbaatar": "Mongolia", "Belgrade": "Serbia", "Kyiv": "Ukraine", "Minsk": "Belarus",
}  # fmt: skip
# A hyphen before a capital splits words ("South African-Iraqi trade" names two countries);
# lower-case compounds stay whole ("de-mining aid" is not "mining aid").
# A prefix tree whose branches each check the leading word boundary after their first letter
# (no word character before it): the regex engine then skips to those letters, where a leading
# \b was tried at every position (2x slower). No capital is a prefix of another.
CAPITALS_RE = re.compile(
    "(?:"
    + "|".join(
        f"{re.escape(ch)}(?<!\\w{re.escape(ch)}){render_trie(node)}"
        for ch, node in sorted(build_trie(CAPITALS).items())
    )
    + r")\b"
)
# The same names without the word boundaries: one search, ~10x cheaper than a CAPITALS_RE
# scan; most claims name no capital and need no more.
CAPITALS_HINT_RE = re.compile(trie_pattern(CAPITALS))
TOKEN_RE = re.compile(r"[A-Za-z][A-Za-z'’]*(?:-[a-z][a-z'’]*)*|\d[\d,.]*\d|\d|[;:,()]")
POSSESSIVE_RE = re.compile(r"['’]s?\b")


class Token(NamedTuple):  # a tuple: made ~30 times per claim, 3x cheaper than a dataclass
    kind: str  # "ent" | "w" (word) | "num" | "p" (punctuation) | "fig"
    value: str  # canonical entity (lower, "_" for spaces), lower-case word, or the symbol
    start: int
    end: int
    cap: bool = False  # written with a capital letter


_ALIAS_RE: list[tuple[EntityTable, re.Pattern[str]]] = []  # for the last table seen


def _alias_re(table: EntityTable) -> re.Pattern[str]:
    """The table's aliases alone: its scan also collects runs of capitalised words (to find
    people), which costs ~10x more per claim and names nothing a frame needs. Only aliases
    that start with A-Z: a pattern that starts with a literal lets the search skip to the
    capital letters (a leading (?=[A-Z]) is tried at every position, 1.5x slower)."""
    if not _ALIAS_RE or _ALIAS_RE[0][0] is not table:
        upper = [a for a in table.aliases if a and "A" <= a[0] <= "Z"]
        _ALIAS_RE[:] = [(table, re.compile(rf"(?:{_trie_regex(upper)})(?!\w)"))]
    return _ALIAS_RE[0][1]


def _entity_spans(text: str) -> list[tuple[int, int, str]]:
    table = entity_table()
    out = []
    for m in _alias_re(table).finditer(text):
        if m.start() and (text[m.start() - 1].isalnum() or text[m.start() - 1] == "_"):
            continue
        canonical = table.aliases.get(m[0]) or table.aliases.get(" ".join(m[0].split()))
        if canonical:
            out.append((m.start(), m.end(), canonical))
    if CAPITALS_HINT_RE.search(text) is not None:
        for m in CAPITALS_RE.finditer(text):
            if not any(s <= m.start() < e for s, e, _ in out):
                out.append((m.start(), m.end(), CAPITALS[m[0]]))
    return sorted(out)


def _key(name: str) -> str:
    return name.lower().replace(" ", "_")


LETTER_RE = re.compile(r"[^\W\d_]")  # a letter: where a claim's first word starts
_new_token = tuple.__new__  # Token(...) runs NamedTuple's __new__, a Python frame per token


def tokenize(text: str, figure: tuple[int, int] | None = None) -> list[Token]:
    """Words, numbers, punctuation and entities of text; a figure's span becomes one token."""
    ents = _entity_spans(text)
    n_ents = len(ents)
    fig_start, fig_end = figure if figure is not None else (-1, -1)
    out: list[Token] = []
    append = out.append
    i = 0
    # Where entity i starts: a token before it needs no entity test (most tokens are).
    next_ent = ents[0][0] if ents else len(text) + 1
    for m in TOKEN_RE.finditer(text):
        s = m.start()
        if fig_start <= s < fig_end:
            if not out or out[-1].kind != "fig":
                append(_new_token(Token, ("fig", "", fig_start, fig_end, False)))
            continue
        if s >= next_ent:
            while i < n_ents and ents[i][1] <= s:
                i += 1
            if i < n_ents and ents[i][0] <= s:  # inside the entity (its end is past s)
                es, ee, canonical = ents[i]
                if out and out[-1].kind == "ent" and out[-1].start == es:
                    continue
                append(_new_token(Token, ("ent", _key(canonical), es, ee, True)))
                continue
            next_ent = ents[i][0] if i < n_ents else len(text) + 1
        word = m[0]
        first = word[0]
        if first.isalpha():
            value = word.lower()
            if "'" in value or "’" in value:  # the only words POSSESSIVE_RE can change
                value = POSSESSIVE_RE.sub("", value)
            append(_new_token(Token, ("w", value, s, m.end(), first.isupper())))
        elif first.isdigit():
            append(_new_token(Token, ("num", word, s, m.end(), False)))
        else:
            append(_new_token(Token, ("p", word, s, m.end(), False)))
    return out


@lru_cache(maxsize=1 << 16)  # ~45k calls per 2,000 articles, on a few thousand words
def _stem(word: str) -> str:
    """Crude but consistent: plural folded, then six letters ("consulate" ~ "consular")."""
    if len(word) > 4 and word.endswith("ies"):
        word = word[:-3] + "y"
    elif len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        word = word[:-1]
    return word[:6]


# --- figure frames -----------------------------------------------------------------------------

# word -> (family, role of its owner): the owner is the possessive, demonym or subject before it.
# Exports and imports are one family read from opposite ends, so "Afghanistan's imports from
# Russia" and "Russian exports to Afghanistan" get the same frame. "place" families (costs,
# deployments) key every entity as a location, whichever way the sentence runs.
FAMILY_TABLE: dict[tuple[str, str], str] = {
    ("flow", "origin"): """export exports exported exporting shipped ships shipping shipment
        shipments sold sells sale sales supplied supplies deliveries""",
    ("flow", "dest"): "import imports imported importing bought buys purchases purchased purchase",
    ("trade", "pair"): "trade traded trading turnover commerce",
    ("aid", "origin"): """aid assistance donated donation donations donor grant grants pledged
        relief scholarships scholarship""",
    ("invest", "origin"): """invest invested investment investments investing poured fdi stake
        committed commits commit""",
    ("loan", "origin"): "loan loans lent lending credit credits",
    ("production", "origin"): """output production produced produces produce extracted mined
        harvest harvested yield""",
    ("spending", "origin"): "spending spent budget expenditure",
    ("cost", "place"): "cost costs",
    ("deploy", "place"): """troops soldiers personnel servicemen contingent deployed stationed
        based peacekeepers""",
    ("cargo", "place"): "cargo cargoes freight throughput handled transshipment transshipped",
}
FAMILY_WORDS: dict[str, tuple[str, str]] = {
    w: fam for fam, words in FAMILY_TABLE.items() for w in words.split()
}
# Families that name how money was used rather than what it was; another family word wins.
WEAK_FAMILIES = frozenset({"cost", "spending", "deploy", "cargo"})
# Verbs that say something was bound without saying what: any other family word wins
# ("committed $50m in aid" is aid, "committed 500 troops" a deployment).
SOFT_FAMILY_WORDS = _words("committed commits commit")
# Nouns after a sentence's first word that make it a name ("Xtown port handled", "Yco Group
# invested"): the capital of a first word says nothing by itself.
NAME_HEAD_WORDS = _words(
    "port ports harbour harbor terminal seaport airport group holdings company corporation corp "
    "consortium plc ltd inc"
)
# Where freight is handled: the place names it ("X's port handled", "cargo through X"), so a
# facility noun does not narrow a cargo measure.
FACILITY_WORDS = _words("port ports harbour harbor harbours harbors terminal terminals seaport")
# Prepositions STOP_WORDS leaves out (it is shared with event signatures): never modifiers.
FRAME_PREPOSITIONS = _words("through across toward towards against within beyond onto upon")
# "place" families whose entities play two roles when the clause says so: who sends the troops,
# where they are ("the Afghan contingent in Vietnam" is not "the Vietnamese contingent in
# Afghanistan"). A cost's entities all locate one project.
DIRECTED_PLACE_FAMILIES = frozenset({"deploy"})
# Phrases that stand for one family word: "turned out 50,000 tonnes" is production.
FAMILY_PHRASES_RE = re.compile(r"\b(?:turn(?:ed|s)?\s+out|put\s+out)\b", re.IGNORECASE)
# "trade ministry figures", "the UN's trade database": a family word naming a source.
NOT_FAMILY_BEFORE = _words(
    "ministry minister database data figures statistics officials department office bureau body "
    "agency organisation organization authority commission council representative envoy union"
)
PERCENT_CHANGE_WORDS = _words(
    "rose risen rise rises grew grown grow growth increase increased increases jumped climbed "
    "surged soared expanded fell fallen falls fall dropped drop declined decline decreased "
    "decrease plunged shrank contracted"
)
STOP_WORDS = _words(
    """the a an its their his her our this these those that which who whom whose it they there
    of to from in into on at by for with between among and or but as than about around over under
    is are was were be been being has have had will would could should may might can do does did
    not no nor so yet also only just still even some any all each both more less most least
    while when where after before since until during throughout per via amid despite including
    according putting put came come comes stood stands stand reached reach hit topped totalled
    totaled totals amounted amounts worth valued estimated estimate estimates estimating
    provided provide gave given giving made make makes reported reports said says say showed
    shows show indicate indicates indicated suggest suggests put puts went go goes gone cost
    costs took take takes gave give rose fell grew saw sent paid stood got get became become"""
)
# Words that say nothing about what is measured: sums, frames of speech, tails of templates,
# verbs of having and counting ("Vietnam kept 180 troops in Laos": "Vietnam had 180 troops").
FILLER_WORDS = _words(
    """goods good worth value values total overall annual yearly figure figures amount amounts
    level levels sum volume two-way bilateral merchandise product products sector sectors industry
    industries money dollar dollars euro euros year years calendar fiscal course period month
    months quarter record mere modest modestly regional standard standards observer observers
    few surprised government official officials data source sources estimate statistics
    respectively combined cumulative direct roughly approximately nearly almost around about
    some only just record high low new latest previous last next first second third two way
    country countries capital companies company firms share portion proportion close upwards
    excess little slightly well combined state accounted million billion thousand trillion
    hundred mn mln bn tonnes tonne tons ton metric barrels barrel percent cent pct usd eur
    kept keep keeps host hosts number numbers"""
)
MAX_MODIFIERS = 5
NONE: frozenset[str] = frozenset()
# Words a measure's noun phrase runs across: "the value of fertiliser the UAE sold", "the cost
# of the Dosrantapur power station in Mongolia"; at most MAX_LINK_HOPS of them.
LINK_WORDS = frozenset({"the", "a", "an", "of", "in", "at", "for"})
MAX_LINK_HOPS = 3
MONTH_LOWER = _words(
    "january february march april may june july august september october november december"
)
# Measure keys too vague to compare on their own (measure.py's last-resort phrases).
GENERIC_MEASURE_KEYS = _words(
    "year calendar_year figure real_figure course total amount level value sum number share"
)
# Clause breaks; a full stop counts only after a lower-case word (segmenters sometimes glue
# sentences together), so "U.S. exports" stays whole. ", before / after ..." opens a new event
# ("handled 12 Mt, before the blockade pushed costs up"): its words are no family of the figure.
# Every branch opens with a character (the full stop's lookbehind follows it): the regex engine
# then skips to those characters, where a leading lookbehind was tried at every position (2x).
# A full stop with an OCR footnote marker glued to it ("in March 2023.3 The canal") ends one too.
CLAUSE_SPLIT_RE = re.compile(
    r"""[;:]\s|\s[—–|]\s|,\s+(?:but|while|whereas|before|after)\s|\.(?<=[a-z0-9]{2}\.)\s
    |(?:(?<=[a-z]{2})|(?<=\d{4}))\.\d{1,2}\s+(?=[A-Z][a-z])""",
    re.VERBOSE,
)
CONF_BOTH_ROLES, CONF_ONE_ROLE, CONF_MEASURE_KEY = 1.0, 0.8, 0.6


@dataclass(frozen=True, slots=True)
class Frame:
    key: str  # "flow|iraq>south_africa|cotton", "trade|iraq+south_africa|", "m|<measure key>"
    confidence: float  # how sure the key captures the measure: 1.0 both roles known


# Words a full stop may follow inside a sentence ("in Sept. 2023", "No. 7").
ABBREVIATIONS = _words(
    "jan feb mar apr jun jul aug sep sept oct nov dec no nos st mr mrs ms dr prof gen col lt vs "
    "approx est inc ltd co corp dept govt"
)


def _clause(text: str, start: int, end: int) -> tuple[int, int]:
    lo, hi = 0, len(text)
    for m in CLAUSE_SPLIT_RE.finditer(text):
        if text[m.start()] == "." and _abbreviation(text, m.start()):
            continue
        if m.end() <= start:
            lo = m.end()
        elif m.start() >= end:
            hi = m.start()
            break
    return lo, hi


def _family(tokens: Sequence[Token], fig: int) -> int | None:
    """The family word nearest the figure; weak families only when no other is present: in
    "Imports from Egypt cost Morocco $63 million" the measure is the imports, and in "spent
    $194 million on de-mining aid" it is the aid."""
    best: tuple[bool, int, int] | None = None
    for i, t in enumerate(tokens):
        if t.kind != "w" or t.value not in FAMILY_WORDS:
            continue
        nxt = tokens[i + 1].value if i + 1 < len(tokens) else ""
        if nxt in NOT_FAMILY_BEFORE:
            continue
        weak = 2 if t.value in SOFT_FAMILY_WORDS else FAMILY_WORDS[t.value][0] in WEAK_FAMILIES
        rank = (weak, abs(i - fig), i)
        if best is None or rank < best:
            best = rank
    return None if best is None else best[2]


def _abbreviation(text: str, dot: int) -> bool:
    word = text[max(0, dot - 6) : dot].split()[-1:] or [""]
    return word[0].lower() in ABBREVIATIONS


def _share_base(tokens: Sequence[Token], fig: int) -> int | None:
    """ "28% of Afghanistan's fuel imports": a share names its base right after "of"."""
    if fig + 1 >= len(tokens) or tokens[fig + 1].value != "of":
        return None
    for i in range(fig + 2, min(len(tokens), fig + 7)):
        t = tokens[i]
        if t.kind == "w" and t.value in FAMILY_WORDS:
            return i
        if t.kind == "p":
            return None
    return None


def _core(tokens: list[Token], fig: int, fam: int) -> tuple[list[Token], int, int]:
    """The stretch of the clause that states the measure: from the last comma before the figure
    and its family word to the first comma after them. A trailing aside ("$190 million in 2022,
    a figure the authors derive from Afghan customs records") names no part of the measure."""
    lo, hi = min(fig, fam), max(fig, fam)
    left = max((i for i in range(lo) if tokens[i].value == ","), default=-1) + 1
    right = next((i for i in range(hi + 1, len(tokens)) if tokens[i].value == ","), len(tokens))
    return tokens[left:right], fig - left, fam - left


def _prep_index(tokens: Sequence[Token], i: int) -> int:
    """Where the word before token i sits, articles skipped: its preposition, if any."""
    j = i - 1
    while j >= 0 and tokens[j].kind == "w" and tokens[j].value in ("the", "a", "an"):
        j -= 1
    return j


def _word_at(tokens: Sequence[Token], j: int) -> str:
    return tokens[j].value if j >= 0 and tokens[j].kind == "w" else ""


# People a flow goes to, named by where they come from: "students from Poland" are Polish
# recipients, not a flow out of Poland.
PEOPLE_NOUNS = _words(
    """students student nationals citizens refugees migrants workers pilgrims patients trainees
    cadets officers soldiers troops experts specialists delegates journalists athletes families
    children women farmers traders businessmen visitors tourists"""
)


def _roles(tokens: Sequence[Token], fam: int, family: str, owner_role: str) -> tuple[str, str]:
    """(origin, destination) keys; for pair and place families, (all entities joined, "")."""
    if owner_role in ("pair", "place"):
        ents = sorted({t.value for t in tokens if t.kind == "ent"})
        if owner_role == "pair" and len(ents) != 2:
            return "", ""
        return "+".join(ents), ""
    origin = dest = ""
    owners: list[str] = []
    adjacent: list[str] = []
    leftover: list[str] = []
    for i, t in enumerate(tokens):
        if t.kind != "ent":
            continue
        j = _prep_index(tokens, i)
        prep = _word_at(tokens, j)
        if prep == "from" and j - 1 != fam and _word_at(tokens, j - 1) in PEOPLE_NOUNS:
            # "scholarships to students from Poland": who receives. Not when the people are
            # what is measured: "troops from Poland" are Poland's.
            dest = dest or t.value
        elif prep == "from":
            origin = origin or t.value
        elif prep in ("to", "into"):
            dest = dest or t.value
        elif prep == "in":
            if family == "production":
                origin = origin or t.value
            else:
                dest = dest or t.value
        elif prep == "of" and family == "flow" and owner_role == "dest" and i > fam:
            origin = origin or t.value  # "imports of Turkmen wheat"
        elif prep in ("by", "of") or i < fam:
            owners.append(t.value)
            if i < fam and all(_content(u) or u.kind == "ent" for u in tokens[i + 1 : fam]):
                adjacent.append(t.value)
        else:
            leftover.append(t.value)
    if owners:
        # The owner is the possessive or adjective on the family word ("Egypt's share of
        # Morocco's imports"), else the subject ("Qatar gave Kenya $69m in aid").
        owner = adjacent[-1] if adjacent else owners[0]
        owners.remove(owner)
        if owner_role == "origin" and not origin:
            origin = owner
        elif owner_role == "dest" and not dest:
            dest = owner
        else:
            leftover.append(owner)
        leftover = owners + leftover
    leftover = [e for e in dict.fromkeys(leftover) if e not in (origin, dest)]
    if len(leftover) == 1 and family != "production":
        if origin and not dest:
            dest = leftover[0]
        elif dest and not origin:
            origin = leftover[0]
    return origin, dest


# Words that join two entities as equals ("Iran and Iraq", "talks with Iraq", "between Iran and
# Iraq"): the clause then names a pair, not who acts and where.
PAIR_WORDS = frozenset({"and", "with", "between", "or", "both"})


def _direction(tokens: Sequence[Token], anchor: int, family: str, alone: bool = False) -> str:
    """ "origin>dest" for a frame otherwise keyed by the set of its entities (deployments, the
    measure-key fallback), when the clause reads who acts and where: the subject, a possessive or
    demonym on the noun, "by X" or "from X" act; "in / to / into X" is the place. "Jordan was
    funding 40 projects in Pakistan" and "Pakistani money supported 60 projects in Jordan" name
    opposite flows. With alone, one entity gets its role too ("Vietnam's troops" are not "troops
    in Vietnam"). "" when the clause does not tell: other numbers of entities, or two named as a
    pair ("X and Y", "with Y", "Afghan-Iranian"); the frame then keeps the set."""
    ents = [i for i, t in enumerate(tokens) if t.kind == "ent"]
    n = len({tokens[i].value for i in ents})
    if n != 2 and not (alone and n == 1):
        return ""
    for i in ents:
        j = _prep_index(tokens, i)
        if _word_at(tokens, j) in PAIR_WORDS or (j >= 0 and tokens[j].kind == "ent"):
            return ""
    origin, dest = _roles(tokens, anchor, family, "origin")
    if n == 1:
        return f"{origin or '?'}>{dest or '?'}" if origin or dest else ""
    return f"{origin}>{dest}" if origin and dest and origin != dest else ""


def _modifiers(
    tokens: Sequence[Token], anchors: Sequence[int], first_word: int, skip: frozenset[str] = NONE
) -> list[str]:
    """What narrows the measure: content words and names inside its stretch of the clause (between
    its anchors, plus the noun phrases touching them): "refugee" in "South African refugee
    assistance to Iraq", "coal" in "produced 52,000 tonnes of coal", a project's name."""
    lo, hi = min(anchors), max(anchors)
    hops = 0
    while lo > 0:  # leftwards over content words and short links: "the X canal in Serbia"
        prev = tokens[lo - 1]
        if _content(prev):
            lo -= 1
        elif (
            prev.value in LINK_WORDS
            and hops < MAX_LINK_HOPS
            and lo > 1
            and (_content(tokens[lo - 2]) or tokens[lo - 2].value in LINK_WORDS)
        ):
            lo, hops = lo - 1, hops + 1
        else:
            break
    while hi + 1 < len(tokens):  # rightwards: "52,000 tonnes of coal"
        if _content(tokens[hi + 1]):
            hi += 1
        elif link := _right_link(tokens, hi + 1):
            hi += link
        else:
            break
    mods = set()
    for t in tokens[lo : hi + 1]:
        if _content(t) and t.value not in skip:
            mods.add(_modifier(t, first_word))
    return sorted(mods)[:MAX_MODIFIERS]


def _right_link(tokens: Sequence[Token], i: int) -> int:
    """How many tokens from i link the noun phrase to a word on its right: 1 for "of" / "in"
    before a content word ("tonnes of coal"), 2 for "of / in / for the" before a name ("in the
    Xville terminal"); "for", "to" and "into" only before a name ("a loan for Xdam-1", "committed
    $90m to the Xport terminal", not "for training")."""
    if tokens[i].value not in ("of", "in", "for", "to", "into") or tokens[i].kind != "w":
        return 0
    j = i + 1
    if j < len(tokens) and tokens[j].value in ("the", "a", "an"):
        j += 1
    if j >= len(tokens) or not _content(tokens[j]):
        return 0
    if j > i + 1 or tokens[i].value in ("for", "to", "into"):
        return j - i if tokens[j].cap else 0
    return 1


def _modifier(t: Token, first_word: int) -> str:
    """A long name inside the sentence is kept whole: six-letter stems made distinct projects one
    ("the Roszarkent rail spur" ~ "the Roszarabad rail spur"). A word of seven letters or fewer
    loses at most one to the stem, and a capital on a common word ("the Central Bank", "Port")
    must not set it apart from the same word in lower case. The sentence's first word is
    capitalised whatever it is, so it is stemmed like any word."""
    return t.value if t.cap and t.start > first_word and len(t.value) > 7 else _stem(t.value)


def _verb_modifier(tokens: Sequence[Token], fig: int) -> str:
    """The stem of a past-tense verb right before a sum ("deposited $250m" -> "deposi", as "a
    deposit of $400m"): in a frame without a family word, what was done with the money is the
    measure. "" when there is none, or it says only how the figure is reported."""
    j = fig - 1
    while j >= 0 and tokens[j].kind == "w" and tokens[j].value in ("a", "an", "the", "some"):
        j -= 1
    if j < 0 or tokens[j].kind != "w":
        return ""
    w = tokens[j].value
    if len(w) <= 4 or not w.endswith("ed") or "-" in w:
        return ""
    if w in STOP_WORDS or w in FILLER_WORDS or w in PERCENT_CHANGE_WORDS or w in FAMILY_WORDS:
        return ""
    return _stem(w[:-2])


def _content(t: Token) -> bool:
    if t.kind != "w" or t.value in STOP_WORDS or t.value in FILLER_WORDS:
        return False
    if t.value in FRAME_PREPOSITIONS:
        return False
    if t.value in FAMILY_WORDS or t.value in PERCENT_CHANGE_WORDS or t.value in MONTH_LOWER:
        return False
    # Participles, gerunds and adverbs are how a sentence reports, not what it measures; a
    # compound keeps its meaning ("de-mining aid", "gas-fired plant").
    if "-" in t.value:
        return True
    return not (len(t.value) > 4 and t.value.endswith(("ed", "ing", "ly")))


def figure_frame(
    claim: str, start: int, end: int, kind: str, measure_key: str | None = None
) -> Frame | None:
    """The frame of the figure at claim[start:end], or None when the figure is disputed in its
    own claim or its measure cannot be told apart from others."""
    disputed = find_disputed(claim)
    if any(s <= start < e for s, e in disputed):
        return None
    lo, hi = _clause(claim, start, end)
    masks = [*disputed, *_attributions(claim)]
    for s, e, _ in find_periods(claim[lo:hi]):
        lead = PERIOD_LEAD_RE.search(claim, max(0, lo + s - 40), lo + s)
        masks.append((lead.start() if lead else lo + s, lo + e))
    if head := ATTRIBUTION_HEAD_RE.match(claim[lo:hi]):
        masks.append((lo, lo + head.end()))
    masks += [(m.start(), m.end()) for m in ATTRIBUTION_TAIL_RE.finditer(claim)]
    text = _mask(claim, [(s, e) for s, e in masks if not (s <= start < e)])[:hi]
    if "out" in text.lower():  # in every FAMILY_PHRASES_RE match: most claims need no sub
        text = FAMILY_PHRASES_RE.sub(lambda m: "produced".ljust(len(m[0])), text)
    tokens = tokenize(text[lo:], (start - lo, end - lo))
    fig = next((i for i, t in enumerate(tokens) if t.kind == "fig"), None)
    if fig is None:
        return None
    if "put" in text:  # "putting $837m into X" binds money as "committed $837m to X" does
        _put_into(tokens)
    first = LETTER_RE.search(claim)
    first_word = (first.start() if first else 0) - lo  # in the tokens' offsets
    if _first_is_name(claim, tokens, first_word, lo):
        first_word = -1
    fam = _share_base(tokens, fig) if kind == "percent" else None
    if fam is None:
        fam = _family(tokens, fig)
    words = claim[start:end].lower().split()
    if (
        fam is not None
        and tokens[fam].value in SOFT_FAMILY_WORDS
        and any(w in FAMILY_WORDS for w in words)
    ):
        fam = None  # "committed 500 troops": the count's own noun wins
    # A count's noun is inside its span: "270 military personnel".
    if fam is None and (fam_word := next((w for w in words if w in FAMILY_WORDS), None)):
        tokens = [*tokens[:fig], Token("w", fam_word, start - lo, end - lo), *tokens[fig:]]
        fam, fig = fig, fig + 1
    prefix = ""
    if kind == "percent":
        near = tokens[max(0, fig - 4) : fig + 4]
        prefix = "change:" if any(t.value in PERCENT_CHANGE_WORDS for t in near) else "share:"
    if fam is None:
        # No family word: fall back on the measure stage's key, narrowed by the clause's
        # entities and names, and trusted less.
        if not measure_key or measure_key.replace(" ", "_") in GENERIC_MEASURE_KEYS:
            return None
        tokens, fig, _ = _core(tokens, fig, fig)
        ents = [i for i, t in enumerate(tokens) if t.kind == "ent"]
        who = _direction(tokens, fig, "m") or "+".join(sorted({tokens[i].value for i in ents}))
        mods = set(_modifiers(tokens, [fig, *ents], first_word))
        if kind == "money":  # a count names what it counts ("34 accredited diplomats")
            mods.add(_verb_modifier(tokens, fig))
        mods_key = "+".join(sorted(mods - {""})[: MAX_MODIFIERS + 1])
        return Frame(f"{prefix}m|{measure_key}|{who}|{mods_key}", CONF_MEASURE_KEY)
    family, owner_role = FAMILY_WORDS[tokens[fam].value]
    lead = _lead_place(tokens)
    if prefix == "share:" and owner_role in ("origin", "dest"):
        # A share is of its base's total: "X's share of Y's imports" and "Y's share of X's
        # exports" name one flow but two different totals.
        prefix = f"share:{owner_role}:"
    tokens, fig, fam = _core(tokens, fig, fam)
    ents = [i for i, t in enumerate(tokens) if t.kind == "ent"]
    origin, dest = _roles(tokens, fam, family, owner_role)
    skip = FACILITY_WORDS if family == "cargo" else NONE
    mod_list = _modifiers(tokens, [fig, fam, *ents], first_word, skip)
    mods = "+".join(mod_list)
    if not origin and not dest:
        # No country plays a role (a company invests in a port): the names inside the measure's
        # noun phrase key it, trusted as little as the measure-key fallback; none, no frame.
        # Common words right before the first name describe the company ("State miner X",
        # "the port operator X"), one writer adds them and another not: they are left out.
        names = {_modifier(t, first_word) for t in tokens if t.cap and t.start > first_word}
        if not names.intersection(mod_list):
            return None
        if not (lead and owner_role in ("origin", "dest")):
            titles = _titles(tokens, first_word)
            mods = "+".join(m for m in mod_list if m not in titles)
            return Frame(f"{prefix}{family}|?>?|{mods}", CONF_MEASURE_KEY)
    if lead and owner_role in ("origin", "dest") and lead not in (origin, dest):
        # "In Ethiopia, Emirati investment ... was put at": a leading place is where the measure
        # happens, when the clause names no destination (origin, for production) of its own.
        if family == "production":
            origin = origin or lead
        else:
            dest = dest or lead
    if family in DIRECTED_PLACE_FAMILIES:
        who = _direction(tokens, fam, family, alone=True)  # else the set, trusted less
        conf = CONF_BOTH_ROLES if who and "?" not in who else CONF_ONE_ROLE
        return Frame(f"{prefix}{family}|{who or origin}|{mods}", conf)
    if owner_role in ("pair", "place"):
        return Frame(f"{prefix}{family}|{origin}|{mods}", CONF_BOTH_ROLES)
    conf = CONF_BOTH_ROLES if origin and dest else CONF_ONE_ROLE
    if family == "production":
        conf = CONF_BOTH_ROLES if origin else CONF_ONE_ROLE
    return Frame(f"{prefix}{family}|{origin or '?'}>{dest or '?'}|{mods}", conf)


def _titles(tokens: Sequence[Token], first_word: int) -> set[str]:
    """Stems of the lower-case words right before the clause's first name: what the company is
    ("State miner X", "port operator X"), not what it measures."""
    out: set[str] = set()
    for t in tokens:
        if t.kind == "ent" or (t.cap and t.kind == "w" and t.start > first_word):
            return out
        if _content(t) and not t.cap:
            out.add(_stem(t.value))
        elif t.kind != "w" or (t.value not in ("the", "a", "an") and not t.cap):
            out.clear()
    return set()


PUT_WORDS = _words("put puts putting")


def _put_into(tokens: list[Token]) -> None:
    """ "put / putting X into Y" is money committed to Y: the verb becomes the soft invest word."""
    for i, t in enumerate(tokens):
        if (
            t.kind == "w"
            and t.value in PUT_WORDS
            and any(u.value == "into" and u.kind == "w" for u in tokens[i + 1 : i + 8])
        ):
            tokens[i] = t._replace(value="commit")


def _first_is_name(claim: str, tokens: Sequence[Token], first_word: int, lo: int) -> bool:
    """Whether the sentence's first word is a name, though its capital says nothing: before a
    possessive ("Xco's output fell"), or before a facility or organisation noun ("Xtown port
    handled", "Yco Group invested"). A common word there ("Output", "State miner X") is not."""
    if not tokens or tokens[0].start != first_word or tokens[0].kind != "w":
        return False
    t = tokens[0]
    if not t.cap or not _content(t) or t.value in FAMILY_WORDS:
        return False
    if claim[lo + t.end - 2 : lo + t.end] in ("'s", "’s"):
        return True
    return len(tokens) > 1 and tokens[1].kind == "w" and tokens[1].value in NAME_HEAD_WORDS


def _lead_place(tokens: Sequence[Token]) -> str:
    """The entity of a leading "In X," (a word or two may qualify it: "In neighbouring X,")."""
    if len(tokens) < 3 or tokens[0].value != "in" or tokens[0].kind != "w":
        return ""
    for i in range(1, min(len(tokens) - 1, 4)):
        t = tokens[i]
        if t.kind == "ent":
            return t.value if tokens[i + 1].value == "," else ""
        if t.kind != "w" or t.cap:
            return ""
    return ""


def frame_label(key: str) -> str:
    """A readable name for a frame key: "flow|iraq>south_africa|cotton" -> "Iraq → South Africa
    exports (cotton)"."""
    prefix, _, rest = (
        key.rpartition(":") if key.startswith(("share:", "change:")) else ("", "", key)
    )
    family, _, tail = rest.partition("|")
    who, _, mods = tail.partition("|")

    def name(k: str) -> str:
        return "?" if k in ("", "?") else k.replace("_", " ").title()

    if family == "m":  # "m|<measure key>|<entities>|<modifiers>"
        measure, (who, _, mods) = who, mods.partition("|")
        sep = " → " if ">" in who else ", "
        label = measure + (f" ({sep.join(name(k) for k in who.replace('>', '+').split('+'))})"
                           if who else "")  # fmt: skip
    elif family == "trade":
        label = "trade " + " – ".join(name(k) for k in who.split("+"))
    else:
        origin, _, dest = who.partition(">")
        noun = {"flow": "exports", "deploy": "troops"}.get(family, family)
        to = " in " if family == "deploy" else " to "
        label = f"{name(origin)} {noun}" + (f"{to}{name(dest)}" if dest not in ("", "?") else "")
    if mods:
        label += f" ({mods.replace('+', ', ')})"
    if prefix.startswith("share"):
        label = f"share of {label}"
        base = prefix.partition(":")[2]  # whose total the share is of
        if base in ("origin", "dest") and ">" in who:
            label += f" (of {name(who.partition('>')[0 if base == 'origin' else 2])}'s total)"
    elif prefix:
        label = f"change in {label}"
    return label


# --- event signatures --------------------------------------------------------------------------

# Pieces of the action patterns: a past auxiliary before a passive participle ("was laid"), the
# same as a lookbehind (the participle starts the match, so the word scan finds it), the words
# between a verb and its object ("imposed its new export ban"), and the objects.
_PAST_AUX = r"(?:was|were|has\s+been|had\s+been|have\s+been)\s+(?:formally\s+|officially\s+)?"
_AFTER_AUX = r"(?:(?<=was\s)|(?<=were\s)|(?<=been\s)|(?<=formally\s)|(?<=officially\s))"
_OBJECT = r"\s+(?:an?\s+|the\s+|its\s+|their\s+|his\s+|her\s+)?(?:[\w'’-]+\s+){0,3}?"
_BANS = r"(?:bans?|embargo(?:es)?|moratori(?:um|ums|a)|blockade|curfew|siege)"
_RESTRICTIONS = r"""(?:sanctions?|restrictions?|curbs?|tariffs?|dut(?:y|ies)|levy|levies|quotas?
    |tax(?:es)?)"""
_ADOPTED = r"""(?:resolutions?|laws?|bills?|constitution|declaration|charter|conventions?
    |treat(?:y|ies)|regulations?|directives?|tariffs?|amendments?|agreements?|accords?|protocols?)"""
# What is struck like a signature ("struck a deal"), renewed ("renewed its fisheries protocol")
# or granted ("granted the firm a mining licence"; the grantee may come first).
_DEALS = r"(?:deals?|agreements?|accords?|pacts?|bargains?)"
_RENEWED = r"""(?:protocols?|agreements?|accords?|treat(?:y|ies)|licen[cs]es?|contracts?
    |concessions?|mandates?|leases?|permits?|deals?|pacts?|memorand(?:um|a))"""
_GRANTED = r"""(?:licen[cs]es?|concessions?|permits?|prices?|exemptions?|waivers?|approvals?
    |rights)"""
# A programme with its own (capitalised) name: announcing or unveiling it is an event ("the
# Coastal Water Strategy was unveiled in May"); "announced plans to ..." is not.
_PLANS = r"(?-i:Strateg(?:y|ies)|Plans?|Programmes?|Programs?|Initiatives?|Roadmaps?|Blueprints?)"

# Action classes: phrasings of one kind of event. A class is "once" when an actor does it once
# to a given object (signing a treaty); recurring classes (meetings, visits, attacks) only
# conflict on dates when the event has its own name ("the Lovarshahr summit").
ACTIONS: dict[str, tuple[bool, str]] = {
    "ratify": (True, r"ratif(?:y|ied|ies|ying|ication)"),
    "sign": (True, rf"""(?:un)?sign(?:s|ed|ing)?(?!\w)|signatur(?:e|es)\s+to|signator(?:y|ies)\s+to
        |put\s+(?:its|their|his|her)\s+(?:name|signatures?)\s+to|ink(?:s|ed)?(?!\w)
        |conclud(?:e|ed|es)\s+(?=(?:the|an?|its|their)\s)
        |str(?:uck|ikes?|iking)(?={_OBJECT}{_DEALS}\b)"""),
    "join": (True, r"""join(?:s|ed|ing)?(?!\w)|(?:a\s+)?members?\s+of|admitted\s+(?:to|into)
        |acced(?:e|ed|es)\s+to|accession\s+to"""),
    # Opening includes the start of operation: "began drawing water", "started to pump gas",
    # "entered service", "went into commercial operation", "came online", "was commissioned".
    "open": (True, r"""(?:re)?open(?:s|ed|ing)?(?!\w)|inaugurat(?:e|ed|es|ing)
        |(?:began|begun|begins?|started|starts?|commenced|commences?)\s+(?:to\s+)?
        (?:(?:commercial|full|regular|trial|normal|scheduled)\s+)?(?:operat|move\s+across|function|draw|tak|pump|deliver|suppl|produc|generat|transmit
        |carr|receiv|handl|flow|run)[a-z]*
        |(?:entered|enters|enter|entering|went|came|comes|put)\s+(?:into\s+)?
        (?:(?:commercial|full|regular|trial)\s+)?(?:service|operation|online|on\s+stream)
        |(?:became|become|becomes|becoming|went)\s+(?:fully\s+|partially\s+|commercially\s+)?
        operational(?!\w)
        |commissioned"""),
    # Bare "close" is mostly the adjective ("close ties", "a close ally"): a verb only before
    # its object's determiner. "Behind closed doors" is an idiom, not a closure.
    "close": (True, r"""close\s+(?=(?:the|its|their|his|her|our|an?|down|off)\b)
        |clos(?:ed|es|ing)\s+(?!to\b|doors?\b)|shut\s+down|shuttered|dismantl(?:e|ed|es|ing)
        |decommission(?:s|ed|ing)?(?!\w)"""),
    "recognise": (True, r"recogni[sz](?:e|ed|es|ing)"),
    "delist": (True, r"delist(?:s|ed|ing)?|removed\s+.{0,40}?\s+from\s+(?:its|the)\s+list"),
    "withdraw": (True, r"withdr(?:ew|awn|aws?)(?!\w)"),
    "establish": (True, r"establish(?:ed|es)?\s+(?:diplomatic|relations|ties)"),
    "accept": (True, r"accept(?:s|ed)?\s+(?:the\s+)?credentials"),
    "appoint": (True, r"appoint(?:s|ed)?(?!\w)|nominat(?:e|ed|es)"),
    # Stopping and restarting an activity (supplies, flights, construction): recurring, so
    # dates conflict only for named events; "did not halt" is the negation.
    "halt": (False, r"""halt(?:s|ed|ing)?(?!\w)|suspend(?:s|ed|ing)?(?!\w)|stop(?:s|ped|ping)?(?!\w)
        |ceas(?:e|ed|es|ing)\s+(?!to\b)|cut\s+off|paused(?!\w)"""),
    "resume": (False, r"resum(?:e|ed|es|ing)(?!\w)|restart(?:s|ed|ing)?(?!\w)"),
    "meet": (False, r"""host(?:s|ed)?(?!\w)|held(?!\w)|took\s+place|met(?!\w)|convened
        |sent\s+a\s+delegation\s+to|attended"""),
    "visit": (False, r"visit(?:s|ed)?(?!\w)"),
    # Renewing and granting recur (a protocol is renewed every few years, a firm gets many
    # licences); so does announcing a named programme (plans are relaunched): dates conflict
    # only for named events, and "did not renew / grant" is the negation.
    "renew": (False, rf"renew(?:s|ed|ing)?(?={_OBJECT}{_RENEWED}\b)|{_AFTER_AUX}renewed(?!\w)"),
    "grant": (False, rf"grant(?:s|ed|ing)?(?!\s+by\b)(?=\s+(?:[\w'’-]+\s+){{0,5}}?{_GRANTED}\b)"),
    "launch": (False, rf"""(?:announc|unveil|launch)(?:e|ed|es|ing|s)?(?={_OBJECT}{_PLANS}\b
        (?!\s+to\b))|{_PLANS},?\s+(?:{_PAST_AUX})?(?:announced|unveiled|launched)\b"""),
    "attack": (False, r"attack(?:s|ed)?(?!\w)|struck|bombed|detonated"),
    # Laying a foundation stone / breaking ground: "laid the foundation stone of X", "the
    # foundation of X was laid", "broke ground on X". The object stays outside the match (a
    # lookahead), so its names are the event's.
    "groundbreak": (True, rf"""(?:laid|laying)\s+(?:the\s+|a\s+)?(?:foundation|corner)
        [\s-]?stones?(?!\w)|(?:laid|laying)\s+the\s+foundation(?=\s+(?:of|for)\s)
        |(?:foundation|corner)(?:[\s-]?stones?)?(?=\s+(?:of|for)\s[^.;]{{0,80}}?\s{_PAST_AUX}
        laid\b|\s+{_PAST_AUX}laid\b)
        |(?:broke|breaks|break|breaking)\s+ground(?!\w)"""),
    # Agreeing or adopting terms: "agreed a unified tariff", "the price was agreed", "adopted
    # the resolution" (not "agreed that / to do": an opinion or a plan).
    "agree": (True, rf"""agree(?:d|s|ing)?(?=\s+(?:on\s+|upon\s+|to\s+)?(?:an?|the|its|their
        |new|final|unified|joint)\s)|{_AFTER_AUX}agreed(?!\s+(?:that|to|with|by\s+all)\b)
        |adopt(?:ed|s|ing)?(?=\s+(?:an?\s+|the\s+|its\s+|their\s+|new\s+)?
        (?:[\w'’-]+\s+){{0,4}}?{_ADOPTED}\b)|{_AFTER_AUX}adopted(?!\w)"""),
    # Imposing a ban (once) or restrictions (recurring: rounds of sanctions, tariffs) and lifting
    # them. The object stays outside the match.
    "ban": (True, rf"""(?<!\bthe\s)(?<!\ba\s)bann(?:ed|ing)(?!\w)
        |(?:impos|introduc)(?:e|ed|es|ing)(?={_OBJECT}{_BANS}\b)"""),
    "restrict": (False, rf"""impos(?:e|ed|es|ing)(?={_OBJECT}{_RESTRICTIONS}\b)"""),
    "lift": (True, rf"""(?:lift(?:s|ed|ing)?|scrap(?:s|ped|ping)?|rescind(?:s|ed|ing)?
        |revok(?:e|ed|es|ing)|remov(?:e|ed|es|ing)|end(?:s|ed|ing)|repeal(?:s|ed|ing)?)
        (?={_OBJECT}{_BANS}\b)|{_AFTER_AUX}(?:lifted|scrapped|rescinded|revoked|repealed)(?!\w)"""),
    "ease": (False, rf"""(?:lift(?:s|ed|ing)?|eas(?:ed|es|ing)|scrap(?:s|ped|ping)?
        |remov(?:e|ed|es|ing)|end(?:s|ed|ing))(?={_OBJECT}{_RESTRICTIONS}\b)"""),
    # Delivering goods (recurring: shipments repeat; a named order's batch conflicts): "the
    # first batch of X was delivered", "took delivery of"; not a speech or a verdict.
    "deliver": (False, r"""deliver(?:s|ed|ing)(?!\w)(?!\s+(?:on|an?\s+(?:\w+\s+)?(?:speech
        |address|lecture|blow|message|warning|verdict|ruling|judgment|keynote)|its\s+verdict
        |the\s+(?:\w+\s+)?(?:verdict|ruling|speech|address|keynote)|remarks|results)\b)
        |took\s+delivery\s+of"""),
}  # fmt: skip
ACTION_RE = re.compile(
    "|".join(rf"(?P<{name}>\b(?:{pat}))" for name, (_, pat) in ACTIONS.items()),
    re.VERBOSE | re.IGNORECASE,
)
# Every ACTION_RE match starts with one of these words (lower-case).
ACTION_WORDS = _words(
    """sign signs signed signing unsigned signature signatures signatory signatories put ink inks
    inked conclude concluded concludes ratify ratified ratifies ratifying ratification join joins
    joined joining member members admitted accede acceded accedes accession open opens opened
    opening reopen reopens reopened reopening inaugurate inaugurated inaugurates inaugurating
    began commissioned close closed closes closing shut shuttered recognise recognised recognises
    recognising recognize recognized recognizes recognizing delist delists delisted delisting
    removed withdrew withdrawn withdraw withdraws establish established establishes accept
    accepts accepted appoint appoints appointed nominate nominated nominates host hosts hosted
    held took met convened sent attended visit visits visited attack attacks attacked struck
    bombed detonated started starts start begun begins begin commenced commences commence
    entered enters enter entering went came comes dismantle dismantled dismantles
    dismantling decommission decommissions decommissioned decommissioning halt halts halted
    halting suspend suspends suspended suspending stop stops stopped stopping cease ceased ceases
    ceasing cut paused resume resumed resumes resuming restart restarts restarted restarting
    became become becomes becoming laid laying foundation corner broke breaks break breaking
    agree agreed agrees agreeing adopt adopted adopts adopting banned banning
    impose imposed imposes imposing introduce introduced introduces introducing lift lifts
    lifted lifting scrap scraps scrapped scrapping rescind rescinds rescinded rescinding revoke
    revoked revokes revoking remove removes removing ends ended ending repeal repeals
    repealed repealing eased eases easing delivers delivered delivering strike strikes striking
    renew renews renewed renewing grant grants granted granting announce announced announces
    announcing unveil unveils unveiled unveiling launch launches launched launching strategy
    strategies plan plans programme programmes program programs initiative initiatives roadmap
    roadmaps blueprint blueprints"""
)
LOWER_WORD_RE = re.compile(r"[a-z]+")
# The action words as whole lower-case words: where ACTION_RE can start.
ACTION_WORD_RE = re.compile(rf"(?<![a-z])(?:{trie_pattern(ACTION_WORDS)})(?![a-z])")
# A claim none of whose words is an action word or "that" has no event (event_signature's
# first test). "that": masking a disputed span ("reports that X were wrong...") can expose the
# end of a word as a new one, and only DISPUTE_WRAP_RE spans, which need "that", end inside a
# word.

# ASCII bytes with A-Z lowered, a-z kept and every other byte a space: the runs of a-z of
# text.lower(), the words ACTION_WORD_RE sees, when text holds neither of _LOWER_TO_AZ (the
# only characters outside ASCII whose lower case holds a-z: "İ" -> "i̇", Kelvin sign -> "k").
_AZ_BYTES = bytes(b + 32 if 65 <= b <= 90 else b if 97 <= b <= 122 else 32 for b in range(256))
_LOWER_TO_AZ = ("\u0130", "\u212a")
# In such bytes reversed, a word that ends with an action word starts with it reversed. The
# pattern starts with a literal space, which the regex engine skips to: one scan of all claims
# of a batch costs ~40% of that gate on each, and spares the ~90% it rejects any call.
_REVERSED_ACTION_END_RE = re.compile(
    rb" (?:" + trie_pattern(w[::-1] for w in ACTION_WORDS).encode("ascii") + rb")"
)
NEGATION_RE = re.compile(
    r"""\b(?:not|never|n['’]t|no\s+longer|yet\s+to|refused\s+to|declined\s+to|failed\s+to)\b""",
    re.IGNORECASE,
)
DENIAL_RE = re.compile(r"\b(?:denied|denies|deny|rejected\s+claims)\b.{0,60}?\bthat\b", re.I)
PERFECT_RE = re.compile(r"\b(?:has|have|had|yet\s+to|still|remained|remains)\b", re.I)
AS_OF_RE = re.compile(
    r"\b(?:as\s+of|as\s+at|by|until|through|so\s+far\s+in)\s+(?:early\s+|late\s+|mid-?)?\Z", re.I
)
NOT_EVENT_DATE_RE = re.compile(
    r"\b(?:since|from|after|before)\s+(?:early\s+|late\s+|mid-?)?\Z", re.I
)
MID_RE = re.compile(r"\bmid-(?=[A-Z])")
DATE_REACH = 20  # characters between an action and an unintroduced date of its own
DATE_PREP_RE = re.compile(
    r"\b(?:in|on|of|by|since|during|until|from|at|before|after)\s+(?:early\s+|late\s+|mid-?)?\Z",
    re.I,
)
# Not preceded by [\w/.-]: checked after "19"/"20", which the engine skips to (1.6x faster).
YEAR_RE = re.compile(r"(?:19|20)(?<![\w/.-]\d\d)\d\d(?![\w/-]|\.\d)")
# How far before the action a negation word still negates it: "had still not formally signed".
NEGATION_REACH = 40
NAME_STOP = _words(
    """The A An In On At By As Of For From With It Its This That These Those Officials Leaders
    Traffic Contrary Signed According Data Government Ministry Minister President Prime Foreign
    Security Economic Connectivity Initiative Development Compact Summit Agreement Accord Treaty
    Protocol Convention Memorandum Pact Deal Forum Council Conference Talks Partnership Energy
    Trade Transit Customs Water-sharing Visa Facilitation Rail Railway Pipeline Bridge Border
    Crossing Consulate Embassy Office Mission Parliament Court Supreme Federal National Union
    Republic State States Islamic Mr Mrs Ms Dr Some Several Many Most Reports Claims Earlier
    Later Meanwhile However Moreover Also Both Despite While When After Before Since Until
    Following Under Over During Between Among Without Within Against Through Toward Towards
    Central Asia Asian South North East West Western Eastern Middle Southern Northern Ambassador
    Diplomatic Recognition Positive Consequently Therefore Thus Such Recently Historically"""
)
NAME_STOP |= lx.ISO_CODES  # "1.35 billion USD": a currency names no event
MONTH_WORDS = _words(
    "January February March April May June July August September October November December "
    "Jan Feb Mar Apr Jun Jul Aug Sep Sept Oct Nov Dec Monday Tuesday Wednesday Thursday Friday "
    "Saturday Sunday"
)
EVENT_STOP = (
    STOP_WORDS
    | FILLER_WORDS
    | _words(
        "had has have not never yet still formally officially finally reportedly early late mid "
        "closer cooperation commits commit committed traffic began move across doors"
    )
)


# Endings of common nouns ("Construction", "Shipments", "Supplies"), never a name's when it
# opens a clause.
# People are an event's actors, not its names: the capitalised words after a title ("President
# Ana Ruiz", "then-Minister Lund") or after "the government of". Words glued to a capitalised
# name ("Harbex-led", "Norvia-backed") are read as the name.
PERSON_NAMES_RE = re.compile(
    r"""\b(?:(?:President|Premier|Minister|Chancellor|Governor|Senator|Mayor|King|Queen|Prince
    |Sheikh|Emir|Sultan|Secretary|Commissioner|Ambassador|Envoy|Chairman|Chairwoman|Mr|Mrs|Ms
    |Dr)\.?|(?:government|administration|cabinet)\s+of(?=\s+[A-Z][a-z]+\s+[A-Z]))
    \s+((?:[A-Z][a-z'’-]+\s+){0,2}[A-Z][a-z'’-]+)(?![\w'’-])""",
    re.VERBOSE,
)
NAME_SUFFIX_RE = re.compile(
    r"-(?:led|backed|owned|funded|financed|run|operated|controlled|sponsored|brokered|built)\Z"
)

COMMON_NOUN_ENDINGS = ("tion", "tions", "sion", "sions", "ment", "ments", "ance", "ence", "ity",
    "ities", "ness", "ies")  # fmt: skip


@dataclass(frozen=True, slots=True)
class EventSignature:
    action: str
    once: bool  # the action happens once per actor and object
    polarity: int  # 1 asserted, -1 denied ("had not signed", "denied that ... signed")
    names: tuple[str, ...]  # the event's own names: "varzoshiran", "kabul"
    entities: tuple[str, ...]  # canonical entity keys
    words: tuple[str, ...]  # content stems: "consul", "agreem"
    low: dt.date | None  # earliest date the claim allows; None: unbounded
    high: dt.date | None  # latest; None: unbounded
    as_of: bool  # "as of / by <date>": the claim covers everything up to its date

    def blocks(self) -> list[str]:
        """Blocking keys: pairs are only compared when they share one."""
        keys = [f"{self.action}|n:{n}" for n in self.names] or [
            f"{self.action}|e:{e}" for e in self.entities
        ]
        return keys[:4]


def _dates(text: str) -> list[tuple[int, int, dt.date, dt.date]]:
    """(start, end, first day, last day) of every date in text, day, month or year precision."""
    out = []
    if "mid-" in text:  # "mid-February 2015": the date parser wants a word start
        text = MID_RE.sub("mid ", text)
    for d in find_date_matches(text):
        if d.precision == "day":
            out.append((d.start, d.end, d.date, d.date))
        else:
            last = (d.date.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
            out.append((d.start, d.end, d.date, last - dt.timedelta(days=1)))
    for m in YEAR_RE.finditer(text):
        if not any(s <= m.start() < e for s, e, _, _ in out):
            y = int(m[0])
            out.append((m.start(), m.end(), dt.date(y, 1, 1), dt.date(y, 12, 31)))
    return sorted(out)


# The event is told by the action's main clause: a subordinate clause, a participle or a
# reporting clause after it ("..., after both states sided with X in the Y dispute", "...,
# shipping equipment to X", "..., two officials told the Z Wire") and an adverbial clause
# before it ("Despite the headlines, ...", "According to a W diplomat, ...") name other things.
# "including", "as well as" and "and" (but for a new subject) continue the event's own list.
TAIL_CLAUSE_RE = re.compile(
    r""",\s+(?:(?:after|before|when|while|because|since|although|though|despite|amid|following
        |citing|according\s+to|which|who|whose|where|under\s+which|as\s+part\s+of|making)\b
      | (?!(?:includ|accord|dur|notwithstand)ing\b)[a-z]+ing\b
      | (?:[\w'’.-]+\s+){0,6}?(?:said|says?|told|tells|added|adds|noted|confirmed|reported
        |announced|stated|complain(?:ed|s)?|warn(?:ed|s)?|argu(?:ed|es?)|explained|insist(?:ed|s)?
        |acknowledged|admitted)\b
      | and\s+(?:the|its|their|this|these|it|they|he|she|we)\s
      | and\s+[A-Z][\w'’-]*\s+(?:[\w'’-]+\s+){0,3}?(?:did|does|had|has|have|was|were|is|are|will
        |would|could|can|may|might)\b)
    # "signed in July after protracted talks over ...": what came before or after is another
    # event, comma or not.
    | \s(?:after|before)\s+(?=[a-z])""",
    re.VERBOSE,
)
LEAD_CLAUSE_RE = re.compile(
    r"""\s*(?:after|before|when|while|because|although|though|despite|amid|following|unlike
        |according\s+to|in\s+contrast\s+to)\b[^,;]{0,120}?,\s""",
    re.VERBOSE | re.IGNORECASE,
)


def _main_clause(text: str, lo: int, hi: int, action: re.Match[str]) -> tuple[int, int]:
    """(lo, hi) of the clause text[lo:hi] narrowed to the action's main clause."""
    if "," not in text[lo:hi] and " after " not in text[lo:hi] and " before " not in text[lo:hi]:
        return lo, hi
    m = TAIL_CLAUSE_RE.search(text, action.end(), hi)
    if m is not None:
        hi = m.start()
    m = LEAD_CLAUSE_RE.match(text, lo, action.start())
    if m is not None:
        lo = m.end()
    else:
        # The action inside the adverbial clause ("When X banned Y in May, traders ..."): the
        # event is that clause's.
        m = LEAD_CLAUSE_RE.match(text, lo, hi)
        if m is not None and m.end() > action.end():
            hi = m.end() - 2
    return lo, hi


# "opened" a meeting is its convening: the recurring "meet" class ("the X talks opened on",
# "opened the Y summit"), not a one-off opening of a place.
MEETING_NOUNS = r"""(?:talks|summit|meeting|conference|forum|session|negotiations|dialogue
    |congress|assembly|consultations)"""
MEETING_SUBJECT_RE = re.compile(
    rf"\b{MEETING_NOUNS}\b(?:\s+[\w'’.-]+){{0,4}}?\s+(?:was\s+|were\s+|formally\s+)?\Z",
    re.VERBOSE | re.IGNORECASE,
)
MEETING_OBJECT_RE = re.compile(
    rf"\s+(?:the\s+|a\s+|an\s+|its\s+|their\s+)?(?:[\w'’.-]+\s+){{0,4}}?{MEETING_NOUNS}\b",
    re.VERBOSE | re.IGNORECASE,
)


def _action_class(text: str, action: re.Match[str]) -> str:
    name = action.lastgroup or ""
    if name == "open" and (
        MEETING_OBJECT_RE.match(text, action.end())
        or MEETING_SUBJECT_RE.search(text, max(0, action.start() - 60), action.start())
    ):
        return "meet"
    return name


def _find_action(text: str, pos: int = 0) -> re.Match[str] | None:
    """The first action in text[pos:]. ACTION_RE is tried only where an action word starts: a
    search over the whole claim costs ~50 µs, the word scan ~2 µs."""
    low = text.lower()
    if len(low) != len(text):  # "İ" lowers to two characters: offsets would drift
        return ACTION_RE.search(text, pos)
    for m in ACTION_WORD_RE.finditer(low, pos):
        found = ACTION_RE.match(text, m.start())
        if found is not None:
            return found
    return None


def _event_terms(clause: str, skip_lo: int, skip_hi: int) -> tuple[list[str], list[str], set[str]]:
    """(names, content stems, entity keys) of a clause, its words starting in [skip_lo, skip_hi)
    (the action) left out: what the Tokens of tokenize(clause) give, read in the same pass
    instead of making a Token per word to read it once."""
    ents = _entity_spans(clause)
    n_ents = len(ents)
    people = [m.span(1) for m in PERSON_NAMES_RE.finditer(clause)]
    names: list[str] = []
    words: list[str] = []
    entities: set[str] = set()
    first = True  # no token yet: a stop word that opens the clause is no name ("The")
    ent_start = -1  # the start of the entity that is the last token, else -1
    i = 0
    for m in TOKEN_RE.finditer(clause):
        s = m.start()
        if i < n_ents:
            while i < n_ents and ents[i][1] <= s:
                i += 1
            if i < n_ents and ents[i][0] <= s:  # inside the entity (its end is past s)
                es, _, canonical = ents[i]
                if ent_start != es:
                    entities.add(_key(canonical))
                    ent_start, first = es, False
                continue
        ent_start = -1
        word = m[0]
        c = word[0]
        if not c.isalpha():  # a number or punctuation
            first = False
            continue
        if skip_lo <= s < skip_hi:
            first = False
            continue
        value = word.lower()
        if "'" in value or "’" in value:  # the only words POSSESSIVE_RE can change
            value = POSSESSIVE_RE.sub("", value)
        if c.isupper():
            if "-" in value:
                value = NAME_SUFFIX_RE.sub("", value)
            if (
                word not in NAME_STOP
                and not (people and any(ps <= s < pe for ps, pe in people))
                and word not in MONTH_WORDS
                and not (first and value in EVENT_STOP)
                # A common noun opening the clause: "Construction on ... resumed", "Supplies"
                and not (first and value.endswith(COMMON_NOUN_ENDINGS))
                # A sentence adverb opening the clause: "Crucially, ...", "Notably, ..." (short
                # ones are more often names: "Kelly, the envoy, ...")
                and not (
                    first
                    and len(value) > 5
                    and value.endswith("ly")
                    and clause[m.end() : m.end() + 1] == ","
                )
            ):
                names.append(value)
        elif value not in EVENT_STOP and len(value) > 2:
            words.append(_stem(value))
        first = False
    return names, words, entities


def event_candidates(claims: Sequence[str]) -> list[int]:
    """Indices (ascending) of the claims event_signature may key: the others give None.

    A keyed claim has an action word among the words of its masked text. Masking blanks whole
    words, except where a DISPUTE_WRAP_RE span ends inside one ("were falsesigned"); no span
    starts inside a word (both dispute patterns start at a word boundary). So each such word
    of the masked text ends where a word of the claim ends: some word of the claim (a run of
    a-z in its lower case) ends with an action word. All claims are scanned for those in one
    pass over their lower-cased bytes, reversed; the claims it finds still go through
    event_signature's own tests, which reject most of the few that only end so ("output").
    """
    if not claims:
        return []
    # Boilerplate repeats word for word (half the claims of a generated 2,000-article corpus):
    # each distinct text is scanned once.
    distinct = list(dict.fromkeys(claims))
    if len(distinct) < len(claims):
        found = {distinct[k] for k in _event_candidates(distinct)}
        return [k for k, claim in enumerate(claims) if claim in found]
    return _event_candidates(claims)


def _event_candidates(claims: Sequence[str]) -> list[int]:
    # One separator before, between and after the claims: a word never runs across two.
    joined = "\n" + "\n".join(claims) + "\n"
    if not joined.isascii() and any(ch in joined for ch in _LOWER_TO_AZ):
        return list(range(len(claims)))
    # Other characters outside ASCII become one "?" each (then a space): offsets stay those of
    # joined, and no lower() of the whole text (~4x the cost of the rest).
    rev = joined.encode("ascii", "replace").translate(_AZ_BYTES)[::-1]
    # seps[k] is the separator before claim k, seps[k + 1] the one after it.
    seps = list(accumulate(map((1).__add__, map(len, claims)), initial=0))
    last = len(rev) - 1
    found = set()
    for m in _REVERSED_ACTION_END_RE.finditer(rev):
        # The space at m.start() is joined[last - m.start()], just after the word's last letter.
        found.add(bisect.bisect_right(seps, last - m.start() - 1) - 1)
    return sorted(found)


# A main clause whose subject is a bare definite description ("The railway, which was opened
# in 2018, ...", "The plant was commissioned in 2020"): the thing was named before.
# Matched up to the action: only lower-case words between ("The plant's second unit entered").
ANAPHOR_RE = re.compile(r"\s*(?:The|This|That)\s+[a-z][a-z'’ ,-]*\Z")


def _antecedent_terms(context: str) -> tuple[list[str], set[str]]:
    """(names, entity keys) of the main clause of context, the sentence before an anaphoric
    one: what its subject refers to."""
    lo = 0
    m = LEAD_CLAUSE_RE.match(context)
    if m is not None:
        lo = m.end()
    hi = len(context)
    for pattern in (TAIL_CLAUSE_RE, CLAUSE_SPLIT_RE):
        m = pattern.search(context, lo, hi)
        if m is not None:
            hi = m.start()
    names, _, entities = _event_terms(context[lo:hi], -1, -1)
    return names, entities


# Where a treaty "was signed in <Place>" is the venue, not the event's name: the subject names
# the event ("The Oronia-Vestmark water accord was signed on 2 May in Portbay").
VENUE_CLASSES = frozenset({"sign", "ratify", "agree"})
PASSIVE_LEAD_RE = re.compile(
    r"\b(?:was|were|been)\s+(?:formally\s+|officially\s+|finally\s+|eventually\s+)?\Z"
)
VENUE_RE = re.compile(r"[^,;:.]{0,30}?\b(?:in|at)\s+([A-Z][a-z'’]+)(?=\d*(?:[,;.]|\s+[a-z]|\Z))")


def _without_venue(text: str, pos: int, names: list[str]) -> list[str]:
    """names without the place just after a passive action ("was signed ... in Portbay")."""
    for m in VENUE_RE.finditer(text, pos, pos + 60):
        if m[1] not in MONTH_WORDS:
            venue = POSSESSIVE_RE.sub("", m[1].lower())
            return [n for n in names if n != venue]
    return names


def event_signature(
    claim: str, published: dt.date | None = None, context: str | None = None
) -> EventSignature | None:
    """The event a claim reports or denies, or None when it names no action it can key.
    context, the sentence before the claim, names what a claim's bare "The railway, which was
    opened in ..." refers to."""
    # Most claims hold no action word: one word scan (~2 µs) rejects them before the dispute
    # and action searches (~8 µs). Masking only blanks whole words, except after a
    # DISPUTE_WRAP_RE span, so a claim without these words can have no action after it.
    # With "that" the only such word, masking can expose an action only when the claim holds
    # a dispute cue (find_disputed's own first test): most such claims need no more.
    low = claim.lower()
    words = LOWER_WORD_RE.findall(low)
    if ACTION_WORDS.isdisjoint(words) and (
        "that" not in words or DISPUTE_CUE_RE.search(low) is None
    ):
        return None
    disputed = find_disputed(claim)
    text = _mask(claim, disputed) if disputed else claim
    action = _find_action(text)
    if action is None:
        return None
    # A colon opens the particular after a general lead ("X has struck deals with producers:
    # Y signed ... in March"): an action after it is the event.
    colon = text.find(": ", action.end())
    if colon > 0:
        action = _find_action(text, colon) or action
    # Only the action's own clause: a page header glued to the sentence by the segmenter
    # ("Policy Centre | Occasional Paper No. 7 | August 5, 2022 ...") names nothing in it.
    lo, hi = _clause(text, action.start(), action.end())
    text = " " * lo + text[lo:hi]
    # Names first: a fifth of the claims with an action name nothing, and need no dates.
    # ... from the main clause; dates from the whole clause ("has never signed X, its ministry
    # said in May 2020": the denial covers up to May 2020).
    tlo, thi = _main_clause(text, lo, hi, action)
    names, words, entities = _event_terms(text[tlo:thi], action.start() - tlo, action.end() - tlo)
    if not names and not entities:
        if not context or ANAPHOR_RE.match(text, tlo, action.start()) is None:
            return None
        names, entities = _antecedent_terms(context)
        if not names and not entities:
            return None
    name = _action_class(text, action)
    once = ACTIONS[name][0]
    a0 = action.start()
    if names and name in VENUE_CLASSES and PASSIVE_LEAD_RE.search(text, max(0, a0 - 24), a0):
        names = _without_venue(text, action.end(), names)
        if not names and not entities:
            return None
    lead = text[max(0, a0 - NEGATION_REACH) : a0]
    negative = bool(NEGATION_RE.search(lead)) or action[0].lower().startswith("unsign")
    if ("den" in text[:a0] or "reject" in text[:a0]) and DENIAL_RE.search(text[:a0]):
        negative = not negative
    # An event's date is introduced by a preposition ("in June 2021", "as of") or sits next to
    # the action ("Signed 4 January 2019"); a bare date further off is a glued dateline.
    dates = [
        d for d in _dates(text)
        if not NOT_EVENT_DATE_RE.search(text[max(0, d[0] - 14) : d[0]])
        and (DATE_PREP_RE.search(text[max(0, d[0] - 12) : d[0]])
             or min(abs(d[0] - action.end()), abs(action.start() - d[1])) <= DATE_REACH)
    ]  # fmt: skip
    low = high = None
    as_of = False
    if dates:
        s, _e, low, high = min(
            dates,
            key=lambda d: (
                DATE_PREP_RE.search(text[max(0, d[0] - 12) : d[0]]) is None,
                min(abs(d[0] - a0), abs(d[1] - a0)),
            ),
        )
        as_of = bool(AS_OF_RE.search(text[max(0, s - 14) : s]))
    perfect = bool(PERFECT_RE.search(lead))
    if negative:
        if high is None:
            high = published
        if as_of or perfect or high is None or low is None:
            low = None
    elif as_of:
        low = None
    return EventSignature(
        action=name,
        once=once,
        polarity=-1 if negative else 1,
        names=tuple(sorted(set(names))),
        entities=tuple(sorted(entities)),
        words=tuple(sorted(set(words))),
        low=low,
        high=high,
        as_of=as_of or (negative and low is None),
    )


# --- body sketches (syndicated copies) ---------------------------------------------------------

SHINGLE_WORDS = 5  # word 5-grams: long enough that topic vocabulary alone rarely repeats one
_HASH_MASK = 0xFFFFFFFFFFFF  # 48-bit shingle hashes
SKETCH_SIZE = 96  # bottom-k hashes kept per article; error of a containment estimate ~ 1/sqrt(k)
WORD_RE = re.compile(r"\w+")
# ASCII bytes: A-Z lowered, other word characters kept, every other byte a space (then
# bytes.split() gives the \w+ runs of the lower case, ~3x cheaper than WORD_RE.findall, and
# no str.lower() of the body first).
_ASCII_WORD_BYTES = bytes(
    b + 32 if 65 <= b <= 90 else b if b < 128 and re.match(r"\w", chr(b)) else 32
    for b in range(256)
)
# Separators outside ASCII that prose often holds: spaced out, a body is usually ASCII.
_NON_ASCII_SEPARATORS = [ch for ch in "“”‘’–—…«»©€£°•·\xa0" if not re.match(r"\w", ch)]


def _body_words(body: str) -> list[bytes]:
    r"""The UTF-8 bytes of each \w+ run of body.lower(), in order."""
    if not body.isascii():
        spaced = body
        for ch in _NON_ASCII_SEPARATORS:  # a separator for another keeps the runs as they are
            if ch in spaced:
                spaced = spaced.replace(ch, " ")
        if not spaced.isascii():
            # lower() of the body as it was: a separator can decide a letter's lower case
            # (Greek final sigma skips "’" but not a space).
            return [w.encode() for w in WORD_RE.findall(body.lower())]
        # Only ASCII and separators: lower() changes A-Z alone, which the table lowers.
        body = spaced
    return body.encode("ascii").translate(_ASCII_WORD_BYTES).split()


class _CrcCache(dict[bytes, int]):
    """crc32 of words, computed on first lookup."""

    def __missing__(self, word: bytes) -> int:
        crc = self[word] = zlib.crc32(word)
        return crc


WORD_CRC_ENTRIES = 1 << 16  # distinct words kept (~8 MB at most); then the cache starts over
_WORD_CRC = _CrcCache()


def body_sketch(body: str) -> tuple[int, tuple[int, ...]]:
    """(number of distinct shingles, the SKETCH_SIZE smallest shingle hashes) of a body.

    Words are hashed once with crc32 and a shingle is the hash of its words' hashes: a tuple
    of ints hashes the same in every process (unlike str), so stored sketches stay comparable.
    """
    # Every step is a map() of a builtin (no Python frame per word or shingle). Bodies share
    # most of their words: a lookup in the hashes kept across bodies costs ~2/3 of hashing
    # every word (a dict built per body cost more than it saved).
    if len(_WORD_CRC) > WORD_CRC_ENTRIES:
        _WORD_CRC.clear()
    words = list(map(_WORD_CRC.__getitem__, _body_words(body)))
    if len(words) < SHINGLE_WORDS:
        words += [0] * (SHINGLE_WORDS - len(words))
    cols = [words[i : len(words) - SHINGLE_WORDS + 1 + i] for i in range(SHINGLE_WORDS)]
    shingles = zip(*cols, strict=True)
    hashes = set(map(operator.and_, map(hash, shingles), repeat(_HASH_MASK, len(cols[0]))))
    return len(hashes), _smallest(hashes, SKETCH_SIZE)


def _smallest(hashes: set[int], k: int) -> tuple[int, ...]:
    """The k smallest of uniformly spread 48-bit hashes, sorted. Sorting only those below a
    bound that ~1.25k of them clear is ~2x cheaper than sorting all; when fewer than k clear it
    (~1 in 80 sets), all are sorted."""
    if len(hashes) > 4 * k:
        bound = (5 * k << 46) // len(hashes)
        below = [h for h in hashes if h < bound]  # cheaper than filter(bound.__gt__, ...)
        if len(below) >= k:
            below.sort()
            return tuple(below[:k])
    return tuple(sorted(hashes)[:k])


def sketch_containment(
    a: tuple[int, Sequence[int]],
    b: tuple[int, Sequence[int]],
    set_a: frozenset[int] | None = None,
    set_b: frozenset[int] | None = None,
) -> float:
    """Estimated share of the smaller body's shingles found in the other (0..1)."""
    (na, ha), (nb, hb) = a, b
    if not ha or not hb:
        return 0.0
    sa = set_a if set_a is not None else frozenset(ha)
    sb = set_b if set_b is not None else frozenset(hb)
    if sa.isdisjoint(sb):
        return 0.0
    # Below the smaller of the two sketches' largest hashes both sketches are complete, so the
    # shingles there are a uniform sample of the union (the bottom-k Jaccard estimator).
    top = min(ha[-1], hb[-1])
    below_a = bisect.bisect_right(ha, top)
    below_b = bisect.bisect_right(hb, top)
    inter = len(sb.intersection(ha[:below_a]))
    jaccard = inter / max(1, below_a + below_b - inter)
    return min(1.0, jaccard * (na + nb) / ((1 + jaccard) * max(1, min(na, nb))))
