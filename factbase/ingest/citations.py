"""Citations: footnotes (the notes section), attributions ("according to X", "X said"), quotes,
links.

Every Citation satisfies ``body[c.start:c.end] == c.text`` and points at the claim (sentence span)
it supports, or None. OCR footnote labels ("!", "*", "?") are numbered by their place in the
sequence of labels, in the body and in the notes alike: marker "!" meets note "! Sheikh" as "1".
"""

from __future__ import annotations

import bisect
import itertools
import re
from collections.abc import Iterator, Sequence

from factbase.ingest import numbers
from factbase.ingest.dates import find_date_matches
from factbase.ingest.tries import trie_pattern
from factbase.records import Citation, CitationKind, Cleaned

__all__ = ["find_citations", "number_labels"]

SUPERSCRIPTS = str.maketrans("⁰¹²³⁴⁵⁶⁷⁸⁹", "0123456789")
# A footnote line in the notes section: its raw label (digits, superscripts, or an OCR glyph for a
# superscript digit: 003 has "!" for 1), then the note. Unlabelled lines continue the note above.
# A bracketed label "[3]" is read as its digits (as clean._FOOTNOTE_START accepts it).
NOTE_LINE_RE = re.compile(
    r"""^[ \t]*(?:\[(?=\d{1,3}\][ \t]))?
        (?P<label>\d{1,3}|[⁰¹²³⁴⁵⁶⁷⁸⁹]{1,3}|[!*?†‡§°”"’'|lI]{1,2})[.)\]]?[ \t]+(?=\S)""",
    re.VERBOSE | re.MULTILINE,
)
# Case-sensitive on purpose: IGNORECASE costs the literal-prefix scan (29 -> 119 MB/s measured).
URL_RE = re.compile(r"""(?:https?://|www\.)[^\s<>"“”'‘’()\[\]{}]+""")
URL_TRAILING = ".,;:!?)]}’”'\""
TITLE_QUOTE_RE = re.compile(r"""[“"](?P<title>[^“”"\n]{2,300}?)[”"]""")
DOMAIN_RE = re.compile(r"^(?:www\.)?[\w\-]+(?:\.[\w\-]+)*\.[a-z]{2,}$", re.IGNORECASE)
INVERTED_NAME_RE = re.compile(
    r"^(?P<last>[A-Z][\w'’\-]+(?:\s[A-Z][\w'’\-]+)?),\s+(?P<first>[A-Z][\w'’.\-]*(?:\s+[A-Z][\w'’.\-]*){0,2})$"
)

# A proper-name run: capitalised words, joined by a few lower-case particles, with an optional
# "(ACRONYM)" after it ("National Statistics and Information Authority (NSIA)").
_CAPWORD = r"[A-Z](?:[\w'’\-&]|\.(?=\w))*"
NAME_RUN_RE = re.compile(
    rf"""{_CAPWORD}(?:\s+(?:(?:of|and|for|on|the|de|al|bin|van|von|la|du)\s+)*{_CAPWORD})*
        (?:\s+\([A-Z][\w\-]{{1,12}}\))?""",
    re.VERBOSE,
)
SPEECH_VERBS = (
    "said|says|stated|states|told|tells|claimed|claims|announced|announces|noted|notes|added|adds"
    "|warned|warns|argued|argues|explained|explains|insisted|insists|declared|declares|emphasized"
    "|emphasised|stressed|asserted|confirmed|acknowledged|remarked|replied|wrote|tweeted|asked"
    "|say|estimate|estimates|estimated"
)
# "estimate(s)" is also a noun ("Western estimates", "the IMF estimate of"): it attributes only
# when an object follows it ("estimates that", "estimated the cost", "estimate 3%"), or a full
# stop ends the trailing subject it closes (", analysts at X estimate."). It frames no quote.
ESTIMATE_VERBS = frozenset({"estimate", "estimates", "estimated"})
ESTIMATE_OBJECT_RE = re.compile(
    r"""\s+(?:(?:that|the|a|an|its|their|his|her|it|this|there|about|around|roughly|some|nearly
    |almost|more|up|over)\b|[\d$€£¥])|(?P<stop>[.;](?:\s|$))""",
    re.VERBOSE,
)
# Verbs whose object is the listener: "an X spokesperson told Le Monde" names no speaker after it.
LISTENER_VERBS = frozenset({"told", "tells"})
# "tells the opposite story", "told a different tale": a figure of speech, nobody speaks.
STORY_RE = re.compile(
    r"\s+(?:(?:the|a|an|its|their|another|this|that)\s+)?(?:[\w-]+\s+){0,2}(?:story|tale)\b"
)
# Verbs that are plural nouns too: "Island states should", "the claims were": a modal, auxiliary
# or a plural's verb after the word makes it the noun.
NOUN_LIKE_VERBS = frozenset({"states", "claims", "notes", "estimates"})
NOUN_FOLLOWER_RE = re.compile(
    r"\s+(?:should|must|can|could|may|might|will|would|shall|are|were|have|had|do|did|need|still"
    r"|lack|remain|face|depend|rely)\b"
)
# Verbs that introduce a short quoted label: 001 'Zhirnov referred to the Taliban militants as
# “reasonable guys,”'. They mark quotes but are too vague to make an attribution on their own.
LABEL_VERBS = (
    "called|calls|referred|refers|described|describes|dubbed|termed|labeled|labelled|branded"
)
# Not after a hyphen: "so-called" frames a scare quote, not speech.


SPEECH_VERB_RE = re.compile(rf"(?<![\w-]){trie_pattern(SPEECH_VERBS.split('|'))}\b")
# The same verbs found by consuming the character before them, in two scans: after a space (a
# literal the engine looks for in C: 4 ms per MB, measured), and after any other character that
# is no ASCII word character or hyphen (an ASCII class is cheap to test; _speech_verbs drops the
# rare non-ASCII word characters). One scan after "[^\w-]" cost 14 ms per MB, a leading
# lookbehind 17. Group "verb" is what SPEECH_VERB_RE matches anywhere but at the start.
SPEECH_VERB_SCAN_RES = (
    re.compile(rf" (?P<verb>{trie_pattern(SPEECH_VERBS.split('|'))})\b"),
    re.compile(rf"[^A-Za-z0-9_ \-](?P<verb>{trie_pattern(SPEECH_VERBS.split('|'))})\b"),
)
# Speech verbs and number starts (see numbers.find_number_starts) found by the same two scans,
# for extract(), which needs both: after a space (a literal), and after any other character but
# an ASCII letter or "_" (a class). Each match is a digit run (DIGIT_START_RE, after the class's
# character) or a word of one trie of both, which numbers_and_speech_verbs keeps where the character
# before allows it: any for a verb after a space, else no word character or hyphen; a
# separator for a number word. Four scans of the body cost ~45 µs more per 5 KB article
# (measured): most of a scan's cost is per character and per space it stops at. A match
# consumes the character it opens with and then digits or letters only, where no match of
# either scan or of the separate ones can start, so none hides one the separate scans find.
_VERB_SET = frozenset(SPEECH_VERBS.split("|"))
_SCAN_WORDS = trie_pattern(sorted(_VERB_SET | set(numbers.CASED_NUMBER_WORDS)))
WORD_SCAN_RES = (
    re.compile(rf" (?P<word>{_SCAN_WORDS})\b"),
    re.compile(rf"[^A-Za-z_ ](?:{numbers.DIGIT_START_TAIL}|(?P<word>{_SCAN_WORDS})\b)"),
)
_WORD_SEPARATOR = re.compile(rf"[{numbers.WORD_SEPARATORS}]")


def numbers_and_speech_verbs(body: str, end: int) -> tuple[list[int], list[tuple[int, int]]]:
    """numbers.find_number_starts(body, 0, end) and the spans of the speech verbs in
    body[:end] (as _speech_verbs), from two scans."""
    after_space, after_other = WORD_SCAN_RES
    starts = []
    verbs = []
    for m in after_space.finditer(body, 0, end):
        if m["word"] in _VERB_SET:
            verbs.append(m.span("word"))
        else:
            starts.append(m.start() + 1)
    other = []
    for m in after_other.finditer(body, 0, end):
        word = m["word"]
        if word is None:
            other.append(m.start())  # a digit run
        elif word in _VERB_SET:
            before = body[m.start()]
            if before != "-" and not before.isalnum():  # "\w" is alphanumeric or "_"
                verbs.append(m.span("word"))
        elif _WORD_SEPARATOR.match(body, m.start()):
            other.append(m.start() + 1)
    if other:
        starts = sorted(starts + other)
    # A word opening the text has no character before it: tried as the separate scans do.
    if body[:1].isalpha() and numbers.WORD_START_RE.match(body):
        starts.insert(0, 0)
    if first := SPEECH_VERB_RE.match(body, 0, end):
        verbs.append(first.span())
    verbs.sort()
    return starts, verbs


_FRAMING_VERBS = set((SPEECH_VERBS + "|" + LABEL_VERBS).split("|")) - ESTIMATE_VERBS
ANY_VERB_RE = re.compile(rf"(?<![\w-]){trie_pattern(_FRAMING_VERBS)}\b")
# "ccording": a literal start lets the regex engine skip ahead; the "A"/"a" is checked after.
ACCORDING_RE = re.compile(r"ccording\s+to\s+")
# The speaker just before a verb: a name (or he/she), then up to two adverbs or auxiliaries ("The
# Bank now estimates", "Kazakhstan has also said"). Tried without and then with
# an appositive (", the spokesperson,") so that "the Press Secretary, Dmitry Peskov, stated" (000)
# gives the name nearest the verb.
_SUBJECT = rf"""(?:\b(?P<pron>[Hh]e|[Ss]he)\b|(?P<name>{NAME_RUN_RE.pattern}))"""
_ADVERBS = "also|further|later|publicly|then|once|now|has|had|have|will|would"
_ADVERB = rf"""\s+(?:(?:{_ADVERBS}|\w+ly)\s+){{0,2}}$"""
SUBJECT_ADVERBS = frozenset(_ADVERBS.split("|"))
_CAPITAL = re.compile(r"[A-Z]")
SUBJECT_BEFORE_RES = (
    re.compile(rf"{_SUBJECT},?{_ADVERB}", re.VERBOSE),
    re.compile(
        rf"""{_SUBJECT},\s+(?:[^,.;:“”"]|(?<=\d)[,.](?=\d)){{2,80}},{_ADVERB}""", re.VERBOSE
    ),
)
# A speaker named by a role noun: "an Acme spokesperson told", "Peruvian officials say", "the
# finance ministry said". The phrase (without its article) is the source; a bare role ("a
# spokesman said", "officials say") is nobody in particular, but for "the ministry"-like bodies.
_INSTITUTIONS = """ministry government authorities company firm agency regulator military army
    police bank commission council committee embassy department office"""
INSTITUTION_ROLES = frozenset(_INSTITUTIONS.split())
_PEOPLE = """official officials spokesperson spokesman spokeswoman spokespeople analyst analysts
    expert experts economist economists diplomat diplomats researcher researchers source sources
    executive executives negotiators lawmakers legislators"""
ROLE_WORDS = INSTITUTION_ROLES | frozenset(_PEOPLE.split())
_LOWER_MODIFIER = r"""(?!(?:the|a|an|and|or|but|of|in|on|at|to|for|by|with|from|that|which|who|as
    |is|was|has|had|have|will|would|also|it|its)\s)[a-z][a-z\-]*(?:['’]s)?\s+"""
ROLE_SUBJECT_RE = re.compile(
    rf"""(?<![\w'’\-])(?:(?P<det>[Tt]he|[Aa]n?)\s+(?:{_CAPWORD}\s+){{0,3}}(?:{_LOWER_MODIFIER}){{0,2}}
        |(?:{_CAPWORD}\s+){{1,3}}(?:{_LOWER_MODIFIER})?)
        (?P<role>{trie_pattern(ROLE_WORDS)}){_ADVERB}""",
    re.VERBOSE,
)
# "Acme has invested $5m in the port and says ...": the subject of a verb after "and" is the
# name opening the sentence, when a verb follows it.
AND_BEFORE_RE = re.compile(r"\sand\s+$")
CLAIM_SUBJECT_RE = re.compile(
    rf"""(?P<name>{NAME_RUN_RE.pattern})\s+(?:(?:has|had|have|is|was|also|now|\w+ly)\s+){{0,2}}
        [a-z]\w*(?:ed|s)\b""",
    re.VERBOSE,
)
# "..., said Maria Zakharova" / "said the spokesperson, Jane Doe": the speaker right after the verb.
SUBJECT_AFTER_RE = re.compile(rf"\s+(?:the\s+)?(?P<name>{NAME_RUN_RE.pattern})", re.VERBOSE)
# Where an "according to" source phrase ends: a clause boundary.
SOURCE_END_RE = re.compile(
    r"[,;:.!?\n]\s|[,;:!?]$|\.$|\s(?:that|which|who|and\s+the|in\s+\d)\b|(?<=[A-Za-z)])[.!?]\d{1,3}\s"
)  # the last: a full stop with an OCR footnote number glued to it ("(INPE).6 Two")
# Lower-case words that end an "according to" source instead of naming it ("Reuters last week").
_SOURCE_TAIL_STOPS = """last this next year years month months week weeks day days today
    yesterday ago earlier later too also alone itself as in on at by for from of to with and or but
    so it its the a an who which that this these than when while where because if"""
SOURCE_TAIL_STOPS = frozenset(_SOURCE_TAIL_STOPS.split())
_DOCUMENTS = "data figures statistics estimates estimate report reports calculations records"
DOCUMENT_NOUNS = frozenset(_DOCUMENTS.split())
# Two patterns: the curly one starts with a literal and scans at >1 GB/s; the straight one only
# runs when the body has a '"' at all, and checks the character before its quote mark after it
# (a leading lookbehind would make the engine try every position).
QUOTE_RES = (
    re.compile(r"“(?P<inner>[^“”]{1,3000})”"),
    re.compile(r""""(?<!\w")(?P<inner>[^"\n]{1,3000})"(?!\w)"""),
)
# A quote of fewer words without a speech verb nearby is a scare quote or a title, not speech.
QUOTE_MIN_WORDS_WITHOUT_VERB = 6
# A quote of at most this many words closing a noun phrase inside a sentence is a term (_is_term).
SCARE_QUOTE_MAX_WORDS = 3
ARTICLE_BEFORE_RE = re.compile(r"(?<![\w-])(?:a|an|the|A|An|The)\s$")
# What follows a quote inside its sentence: a word (group "word" when lower-case) or a comma or
# bracket before more words; a full stop right after it ends the sentence (no match).
WORD_AFTER_RE = re.compile(r"\s+(?:(?P<word>[a-z]+)\b|[A-Z(\[])|[,;:)]\s+\S")
_TERM_FOLLOWERS = """in of on at to for by with from and or but that which who as is was are were
    has have had will would since after before than because while"""
TERM_FOLLOWERS = frozenset(_TERM_FOLLOWERS.split())
# How far back (characters) "he"/"she" looks for the person it refers to, and how far back a
# surname looks for the full name ("Putin" -> "Vladimir Putin"); windows keep both linear in length.
PRONOUN_WINDOW = 1500
FULL_NAME_WINDOW = 20_000
_TITLES = """President Prime Minister Foreign Secretary Press Ambassador Spokesperson Spokesman
    Spokeswoman General Chancellor King Queen Prince Senator Envoy Special Deputy Chief Dr Mr Mrs
    Ms Sir Governor Mayor Commander Representative Director Chairman Chairwoman Leader Supreme
    Professor Prof Justice Judge Colonel Major Captain Admiral Pope Vice Minister's Lt Gen
    Secretary-General"""
TITLE_WORDS = frozenset(_TITLES.split())
# Capitalised words that start sentences or clauses and are never a source.
_NOT_SOURCES = """The A An This That These Those It Its He She They We I You Our Their His Her
    In On At For And But Or If When After Before While However Moreover Meanwhile Also Yet Still
    Then Now Today Yesterday Recently Earlier Later Last Following During Since Although Though
    As Because Many Some Most Both Officials Experts Critics Analysts"""
NOT_SOURCES = frozenset(_NOT_SOURCES.split())
# A name acting as a subject: "Putin has also made", "Dmitry Peskov, stated".
CAPWORDS_BEFORE_RE = re.compile(rf"(?<![\w'’])(?:{_CAPWORD}\s+)+$")
# A speech verb right before a name: "..., said Jane Doe".
VERB_BEFORE_RE = re.compile(rf"(?<![\w-])(?:{SPEECH_VERBS})\s+$")
PERSON_FOLLOWER_RE = re.compile(rf",?\s+(?:has|had|have|is|was|also|{SPEECH_VERBS}|\w+ed)\b")


_NON_BLANK = re.compile(r"\S")


class _Claims:
    """Sentence spans with bisect lookups: which claim holds a position."""

    def __init__(self, spans: Sequence[tuple[int, int]], body: str) -> None:
        self.starts = [s for s, _ in spans]
        self.ends = [e for _, e in spans]
        self.body = body
        # _nearest_person by (pos, floor): a quote's speaker is often asked for again ("He
        # added: “...”" is a speech verb and frames a quote), and each answer reads 1500 chars.
        self.people: dict[tuple[int, int], str | None] = {}

    def containing(self, pos: int) -> int | None:
        i = bisect.bisect_right(self.starts, pos) - 1
        return i if i >= 0 and pos < self.ends[i] else None

    def ending_at(self, pos: int) -> int | None:
        """The claim holding ``pos`` or ending right at it (a marker follows its period)."""
        j = bisect.bisect_left(self.ends, pos)
        if j < len(self.ends) and self.starts[j] <= pos:
            return j
        # Only blanks between: a search for the first non-blank, not a copy of the whole gap.
        if j > 0 and _NON_BLANK.search(self.body, self.ends[j - 1], pos) is None:
            return j - 1
        return None

    def bounds(self, pos: int, floor: int, ceiling: int) -> tuple[int, int]:
        """The sentence around ``pos``, or its line when spans do not cover it."""
        i = self.containing(pos)
        if i is not None:
            return self.starts[i], self.ends[i]
        start = self.body.rfind("\n", floor, pos) + 1 or floor
        end = self.body.find("\n", pos, ceiling)
        return max(start, floor), ceiling if end < 0 else end


def number_labels(labels: Sequence[str]) -> list[int]:
    """Footnote labels in text order -> numbers; an OCR glyph takes the number after the last."""
    numbers: list[int] = []
    previous = 0
    for label in labels:
        digits = label.translate(SUPERSCRIPTS)
        previous = int(digits) if digits.isdigit() else previous + 1
        numbers.append(previous)
    return numbers


def _strip_url(url: str) -> str:
    return url.rstrip(URL_TRAILING)


def _squash(text: str) -> str:
    return " ".join(text.split())


def _author_name(text: str) -> str | None:
    text = _squash(text).strip(" .,;")
    if not text or len(text.split()) > 8:
        return None
    m = INVERTED_NAME_RE.match(text)
    return f"{m.group('first')} {m.group('last')}" if m else text


def _outlet(segments: Sequence[str]) -> str | None:
    names = [s for s in (_squash(seg).strip(" ,;.") for seg in segments) if s]
    proper = [s for s in names if not DOMAIN_RE.match(s)]
    chosen = proper or names
    return chosen[-1] if chosen else None


_SENTENCE_GAP_RE = re.compile(r"\.\s+")


def _note_citation(body: str, start: int, end: int, marker: str, claim: int | None) -> Citation:
    """One footnote: Chicago-style 'Last, First. “Title.” site. Outlet, Date. URL' and kin."""
    text = body[start:end]
    url_matches = list(URL_RE.finditer(text))
    head = text[: url_matches[0].start()] if url_matches else text
    author = title = source = None
    quote = TITLE_QUOTE_RE.search(head)
    if quote:
        author = _author_name(head[: quote.start()])
        title = _squash(quote.group("title")).rstrip(" .,;") or None
        rest = head[quote.end() :]
    else:
        rest = head
    dates = find_date_matches(rest)
    before_date = rest[: dates[0].start] if dates else rest
    if not dates and quote:  # without a quoted title rest is head, searched already
        dates = find_date_matches(head)
    date = dates[0].date if dates else None
    segments = _SENTENCE_GAP_RE.split(before_date.strip())
    if quote is None:
        # No quoted title: "World Bank. Afghanistan Economic Monitor, 2023." names its source first.
        source = _outlet(segments[:1]) if not segments[0].lower().startswith("ibid") else None
    else:
        source = _outlet(segments)
    return Citation(
        claim=claim, kind=CitationKind.footnote, text=text, start=start, end=end,
        source_name=source,
        author=author, title=title, url=_strip_url(url_matches[-1][0]) if url_matches else None,
        date=date, marker=marker,
    )  # fmt: skip


def _footnotes(cleaned: Cleaned, claims: _Claims) -> list[Citation]:
    body, notes = cleaned.body, cleaned.notes_start
    heads = list(NOTE_LINE_RE.finditer(body, notes))
    if not heads:
        return []
    numbers = number_labels([m.group("label") for m in heads])
    markers = sorted(cleaned.markers, key=lambda mk: mk.pos)
    in_body = [mk for mk in markers if mk.pos <= notes]
    claim_of: dict[int, int | None] = {}
    for mk, n in zip(in_body, number_labels([mk.label for mk in in_body]), strict=True):
        claim_of.setdefault(n, claims.ending_at(mk.pos))
    out = []
    for k, (m, n) in enumerate(zip(heads, numbers, strict=True)):
        stop = heads[k + 1].start() if k + 1 < len(heads) else len(body)
        end = m.end() + len(body[m.end() : stop].rstrip())
        out.append(_note_citation(body, m.end(), end, str(n), claim_of.get(n)))
    return out


def _name(run: str) -> str:
    """'Russian President Vladimir Putin' -> 'Vladimir Putin'; 'The Kremlin' -> 'Kremlin'."""
    words = run.split()
    for i in range(len(words) - 1, 0, -1):
        if words[i - 1] in TITLE_WORDS and words[i] not in TITLE_WORDS:
            words = words[i:]
            break
    while len(words) > 1 and words[0] in NOT_SOURCES:
        words = words[1:]
    return " ".join(words)


def _is_source(name: str) -> bool:
    return bool(name) and name not in NOT_SOURCES


def _nearest_person(body: str, pos: int, floor: int) -> str | None:
    """Who 'he'/'she' at ``pos`` most likely is: the last name that acts as a subject."""
    lo = max(floor, pos - PRONOUN_WINDOW)
    acting: str | None = None  # the last name seen acting as a subject or carrying a title
    named: str | None = None  # else the last multi-word name
    for m in NAME_RUN_RE.finditer(body, lo, pos):
        run = m.group(0)
        before = body[m.start() - 1] if m.start() else ""
        if before and before in '“"':  # a quote's capitalised first word: "Volume is not..."
            continue
        if before == " " and VERB_BEFORE_RE.search(body, max(lo, m.start() - 14), m.start()):
            name = _name(run)  # "..., said Jane Doe, an economist": the speaker
            if _is_source(name) and not name.isupper():
                acting = name
            continue
        if run.isalpha():  # one word, most runs: it is its own name, not multi-word
            if (
                run not in NOT_SOURCES
                and not run.isupper()
                and PERSON_FOLLOWER_RE.match(body, m.end())
            ):
                acting = run
            continue
        name = _name(run)
        if not _is_source(name) or name.isupper():  # "US", "NATO": organisations, not speakers
            continue
        if (name != run and run.split()[0] not in NOT_SOURCES) or PERSON_FOLLOWER_RE.match(
            body, m.end()
        ):
            acting = name
        elif len(name.split()) >= 2:
            named = name
    best = acting or named
    return _full_name(body, best, floor, pos) if best else None


def _full_name(body: str, name: str, floor: int, pos: int) -> str:
    """'Putin' -> 'Vladimir Putin' when the article named him in full before ``pos``."""
    if " " in name:
        return name
    lo = max(floor, pos - FULL_NAME_WINDOW)
    # str.rfind, then a short anchored regex: scanning the window with one regex ran at ~1 MB/s.
    at = body.rfind(name, lo, pos)
    while at > lo:
        if not body[at - 1].isalnum():
            full = CAPWORDS_BEFORE_RE.search(body, max(lo, at - 80), at)
            if full:
                expanded = _name(full.group(0) + name)
                if _is_source(expanded) and expanded.endswith(name) and expanded != name:
                    return expanded
        at = body.rfind(name, lo, at)
    return name


def _subject_shapes(window: str) -> tuple[bool, bool]:
    """Whether each of SUBJECT_BEFORE_RES can match window, read off its last words: the
    patterns end "<subject>,? <adverb>? " and "..., <appositive>, <adverb>? ", and a search for
    them tries every start of the window (~15 µs), so most verbs are settled here."""
    if not window[-1:].isspace():
        return False, False
    words = window.rsplit(None, 3)[-3:]
    k = len(words) - 1
    # The subject or the appositive's comma is before up to two adverbs.
    while k > 0 and k > len(words) - 3 and (words[k] in SUBJECT_ADVERBS or words[k].endswith("ly")):
        k -= 1
    last = words[k:]
    named = any(w.rstrip(",")[-2:] in ("he", "He") or _CAPITAL.search(w) for w in last)
    return named, any(w.endswith(",") for w in last)


def _subject_before(
    body: str, lo: int, verb_start: int, floor: int, claims: _Claims
) -> tuple[int, str] | None:
    """(start, speaker) of the name or pronoun right before a verb, in ``body[lo:verb_start]``."""
    m = None
    named, appositive = _subject_shapes(body[lo:verb_start])
    if named:
        m = SUBJECT_BEFORE_RES[0].search(body, lo, verb_start)
        if m and appositive and m.group("name") and _in_relative_clause(body, lo, m.start()):
            m = None  # "China, which has a base in Djibouti, has said": not Djibouti
        elif (
            m
            and appositive
            and m.group("name")
            and PLACE_BEFORE_RE.search(body, max(lo, m.start() - 9), m.start())
        ):
            m = None  # "X, who farms near Kostroma, told": the appositive's place is no speaker
    if m is None and appositive:
        m = SUBJECT_BEFORE_RES[1].search(body, lo, verb_start)
    if m is None:
        return _role_before(body, lo, verb_start)
    if m.group("pron"):
        key = (m.start(), floor)
        if key not in claims.people:
            claims.people[key] = _nearest_person(body, m.start(), floor)
        person = claims.people[key]
        return (m.start(), person) if person else None
    if body.startswith((", in ", ", at ", ", near "), m.start("name") - 5 + (m.start("name") < 5)):
        return None  # "The southern basin, in Kenya, tells": a place in an appositive
    name = _name(m.group("name"))
    return (m.start("name"), _full_name(body, name, floor, lo)) if _is_source(name) else None


RELATIVE_RE = re.compile(r",\s+(?:which|who|whose|whom|where)\b")
# A preposition of place right before a name: "near Kostroma", "in Oran" (a place, not a speaker).
PLACE_BEFORE_RE = re.compile(r"(?<![\w-])(?:near|in|outside)\s+$")


def _in_relative_clause(body: str, lo: int, start: int) -> bool:
    """Whether ``start`` is inside a clause opened by ", which" (or who, where...)."""
    comma = body.rfind(",", lo, start)
    while comma > lo and body[comma - 1].isdigit() and body[comma + 1 : comma + 2].isdigit():
        comma = body.rfind(",", lo, comma)  # "farms 12,000 hectares": a number's comma
    return comma >= 0 and RELATIVE_RE.match(body, comma) is not None


def _role_before(body: str, lo: int, verb_start: int) -> tuple[int, str] | None:
    """(start, phrase) of a role-noun subject right before a verb: "the finance ministry said"."""
    words = body[lo:verb_start].rsplit(None, 3)[-3:]
    while len(words) > 1 and (words[-1] in SUBJECT_ADVERBS or words[-1].endswith("ly")):
        words.pop()
    if not words or words[-1] not in ROLE_WORDS:  # the common case, settled without a search
        return None
    m = ROLE_SUBJECT_RE.search(body, lo, verb_start)
    if m is None:
        return None
    phrase = body[m.end("det") if m.group("det") else m.start() : m.end("role")].split()
    while len(phrase) > 1 and phrase[0] in NOT_SOURCES:
        phrase = phrase[1:]
    if len(phrase) == 1 and (
        m.group("det") not in ("the", "The") or phrase[0] not in INSTITUTION_ROLES
    ):
        return None
    return m.start(), " ".join(phrase)


_OWNER_RE = re.compile(r"['’]s\s+(?=[A-Z])")


def _according_source(body: str, m: re.Match[str], e: int) -> tuple[str, int] | None:
    """(source, end) of the phrase after an ACCORDING_RE match, in a sentence ending at ``e``."""
    stop = SOURCE_END_RE.search(body, m.end(), e)
    phrase_end = stop.start() if stop else e
    # The first name: "data compiled by the OECD ... US dollars", "a report by X in Geneva".
    run = next(
        (r for r in NAME_RUN_RE.finditer(body, m.end(), phrase_end) if _is_source(r.group(0))),
        None,
    )
    if run:
        # "the nation’s National Statistics...": the owner is not the source.
        name = _OWNER_RE.split(run.group(0))[-1]
        source: str | None = _name(name)
        end = run.end()
        # "Nigerien state television", "Chilean customs data": lower-case nouns ending the
        # phrase belong to the source, unless they are a time or a verb ("Reuters last week").
        tail = body[end:phrase_end].split()
        if 0 < len(tail) <= 3 and all(
            w.replace("-", "").isalpha()
            and w.islower()
            and w not in SOURCE_TAIL_STOPS
            and not w.endswith(("ed", "ing", "ly"))
            for w in tail
        ):
            while tail and tail[-1] in DOCUMENT_NOUNS:
                tail.pop()  # "UN Comtrade data" is UN Comtrade's
            if tail:
                source = f"{source} {' '.join(tail)}"
                end = body.rindex(tail[-1], end, phrase_end) + len(tail[-1])
    else:
        words = body[m.end() : phrase_end].split()
        if not words or len(words) > 6:
            return None
        if words[0].lower() in {"him", "her"}:
            source = _nearest_person(body, m.start() - 1, 0)
        else:
            source = " ".join(w for w in words if w.lower() not in {"the", "a", "an", "some"})
        end = phrase_end
    return (source, end) if source else None


def _according_at(body: str, m: re.Match[str]) -> bool:
    """Whether an ACCORDING_RE match is the phrase "according to" (it starts a word)."""
    begin = m.start() - 1
    return begin >= 0 and body[begin] in "Aa" and not (begin and body[begin - 1].isalnum())


def _according(body: str, claims: _Claims, notes: int) -> Iterator[Citation]:
    for m in ACCORDING_RE.finditer(body, 1, notes):
        if not _according_at(body, m):
            continue
        begin = m.start() - 1
        claim = claims.containing(begin)
        _, e = claims.bounds(begin, 0, notes)
        found = _according_source(body, m, e)
        if found:
            source, end = found
            yield Citation(claim, CitationKind.attribution, body[begin:end], begin, end,
                           source_name=source)  # fmt: skip


def _speech_verbs(body: str, notes: int) -> list[tuple[int, int]]:
    """Spans of SPEECH_VERB_RE.finditer(body, 0, notes), from the faster scans and one match at
    the start. Verbs are letters, so no verb can start inside another: the scans find the same
    verbs whichever character each one consumes."""
    after_space, after_other = SPEECH_VERB_SCAN_RES
    verbs = [m.span("verb") for m in after_space.finditer(body, 0, notes)]
    verbs.extend(
        m.span("verb")
        for m in after_other.finditer(body, 0, notes)
        if not body[m.start()].isalnum()  # "\w" is alphanumeric or "_"
    )
    if first := SPEECH_VERB_RE.match(body, 0, notes):
        verbs.append(first.span())
    verbs.sort()
    return verbs


def _said(
    body: str, claims: _Claims, notes: int, verbs: list[tuple[int, int]] | None
) -> Iterator[Citation]:
    for v_start, v_end in _speech_verbs(body, notes) if verbs is None else verbs:
        claim = claims.containing(v_start)
        if claim is None:
            s, e = claims.bounds(v_start, 0, notes)
        else:
            s, e = claims.starts[claim], claims.ends[claim]
        verb = body[v_start:v_end]
        if body.startswith((" nothing", " little"), v_end):  # "has said little in public"
            continue
        if (verb in LISTENER_VERBS and STORY_RE.match(body, v_end)) or (
            verb in NOUN_LIKE_VERBS and NOUN_FOLLOWER_RE.match(body, v_end)
        ):
            continue
        estimate = None
        if verb in ESTIMATE_VERBS:
            estimate = ESTIMATE_OBJECT_RE.match(body, v_end)
            if estimate is None:
                continue
        lo = max(s, v_start - 200)
        found = _subject_before(body, lo, v_start, 0, claims) or _and_subject(body, s, v_start)
        if found:
            start, source = found
            if estimate and estimate["stop"] and not _trails_a_comma(body, lo, start):
                continue  # "higher than Western estimates."
            yield Citation(claim, CitationKind.attribution, body[start:v_end], start, v_end,
                           source_name=source)  # fmt: skip
            continue
        if verb in LISTENER_VERBS or estimate:
            continue
        after = SUBJECT_AFTER_RE.match(body, v_end, e)
        if after and body[s:v_start].rstrip().endswith((",", "”", '"')):
            name = _name(after.group("name"))
            if _is_source(name):
                end = after.end("name")
                text = body[v_start:end]
                yield Citation(
                    claim, CitationKind.attribution, text, v_start, end, source_name=name
                )


def _and_subject(body: str, s: int, v_start: int) -> tuple[int, str] | None:
    """(start, name) of the sentence's subject for a verb right after "and": "Acme has invested
    $5m in the port and says ..." (not "and said to be", a passive)."""
    if v_start - s > 200 or not AND_BEFORE_RE.search(body, max(s, v_start - 6), v_start):
        return None  # a subject 200 characters back is another clause's
    if body.startswith(" to ", body.find(" ", v_start)):
        return None
    m = CLAIM_SUBJECT_RE.match(body, s, v_start)
    if m is None:
        return None
    name = _name(m.group("name"))
    return (m.start("name"), name) if _is_source(name) else None


def _trails_a_comma(body: str, s: int, start: int) -> bool:
    """Whether a subject at ``start`` closes its sentence after a comma: ", analysts at X"."""
    comma = body.rfind(",", s, start)
    return comma >= 0 and len(body[comma + 1 : start].split()) <= 3


def _speaker(
    body: str, q_start: int, q_end: int, claims: _Claims, notes: int
) -> tuple[bool, str | None]:
    """(a speech verb frames the quote, who spoke) for the quote at body[q_start:q_end]."""
    s, _ = claims.bounds(q_start, 0, notes)
    _, e = claims.bounds(max(q_start, q_end - 1), 0, notes)
    verbs_before = list(ANY_VERB_RE.finditer(body, s, q_start))
    verbs_after = list(ANY_VERB_RE.finditer(body, q_end, e))
    for v, lo in [(x, s) for x in reversed(verbs_before)] + [(x, q_end) for x in verbs_after]:
        found = _subject_before(body, max(lo, v.start() - 200), v.start(), 0, claims)
        if found:
            return True, found[1]
        if v.group(0) in LISTENER_VERBS:
            continue
        after = SUBJECT_AFTER_RE.match(body, v.end(), e)
        if after and _is_source(name := _name(after.group("name"))):
            return True, name
    # “...,” according to the ministry. / According to the ministry, “...”
    after = ACCORDING_RE.search(body, q_end, min(e, q_end + 20))
    if (
        after
        and _according_at(body, after)
        and not body[q_end : after.start() - 1].strip(" ,\n")
        and (source := _according_source(body, after, e))
    ):
        return True, source[0]
    for a in ACCORDING_RE.finditer(body, max(s, q_start - 300), q_start):
        source = _according_source(body, a, e) if _according_at(body, a) else None
        if source and not body[source[1] : q_start].strip(" ,:\n"):
            return True, source[0]
    colon = body[s:q_start].rstrip().endswith(":")
    return bool(verbs_before or verbs_after or colon), None


def _is_term(body: str, m: re.Match[str], claims: _Claims, notes: int) -> bool:
    """Whether a short quote names a term: it closes a noun phrase an article opens ("itself as a
    “blue-water power” in its white paper"), inside its sentence, with no punctuation of speech
    of its own ("as “reasonable guys,” and") and no noun after it that it qualifies ("an
    “existential” issue": the speaker's word)."""
    if m.group("inner")[-1] in ",.!?;:…" or not ARTICLE_BEFORE_RE.search(
        body, max(0, m.start() - 5), m.start()
    ):
        return False
    _, e = claims.bounds(m.start(), 0, notes)
    after = WORD_AFTER_RE.match(body, m.end(), e)
    return after is not None and (after["word"] is None or after["word"] in TERM_FOLLOWERS)


def _quotes(body: str, claims: _Claims, notes: int) -> Iterator[Citation]:
    matches = QUOTE_RES[0].finditer(body, 0, notes)
    if body.find('"', 0, notes) >= 0:
        matches = itertools.chain(matches, QUOTE_RES[1].finditer(body, 0, notes))
    speakers: dict[int, str] = {}  # claim -> the speaker of a quote in it
    for m in matches:
        start = m.start("inner")
        inner = m.group("inner").rstrip(" ,;")
        end = start + len(inner)
        if not inner.strip():
            continue
        if len(inner.split()) <= SCARE_QUOTE_MAX_WORDS and _is_term(body, m, claims, notes):
            continue  # Beijing calls itself a “near-Arctic state” in ...: a term, not speech
        framed, speaker = _speaker(body, m.start(), m.end(), claims, notes)
        claim = claims.containing(start)
        # A quote opening the sentence after an attributed quote continues it: “A,” X said. “B.”
        if (
            speaker is None
            and claim
            and claim - 1 in speakers
            and not body[claims.starts[claim] : m.start()].strip()
        ):
            framed, speaker = True, speakers[claim - 1]
        if not framed and len(inner.split()) < QUOTE_MIN_WORDS_WITHOUT_VERB:
            continue
        if speaker is None and " " not in inner.strip():
            continue  # introduces “resilience” criteria: a scare-quoted word, nobody's speech
        if speaker is not None and claim is not None:
            speakers[claim] = speaker
        yield Citation(claim, CitationKind.quote, inner, start, end, author=speaker)


def _links(cleaned: Cleaned, claims: _Claims) -> Iterator[Citation]:
    body = cleaned.body
    for link in cleaned.links:
        claim, text = claims.containing(link.start), body[link.start : link.end]
        if claim is None:  # chrome: a share button, a byline's category ("in [Energy](/energy/)")
            continue
        yield Citation(claim, CitationKind.link, text, link.start, link.end, url=link.url)
    anchored = [(link.start, link.end) for link in cleaned.links]
    # Most bodies hold no url: two substring tests (~1 GB/s) spare the scan (~60 MB/s).
    notes = cleaned.notes_start
    has_url = body.find("http", 0, notes) >= 0 or body.find("www.", 0, notes) >= 0
    for m in URL_RE.finditer(body, 0, notes) if has_url else ():
        url = _strip_url(m.group(0))
        claim = claims.containing(m.start())
        if claim is None or any(a <= m.start() < b for a, b in anchored):
            continue
        end = m.start() + len(url)
        yield Citation(claim, CitationKind.link, url, m.start(), end, url=url)


# Markdown front matter that cleaning left at the body's start, its lines joined ('title: "X"
# url: https://...'): lower-case keys, two or more, in the first paragraph. It is metadata.
FRONT_MATTER_RE = re.compile(r"[a-z][\w\-]*:[ \t][^\n]{0,500}?\s[a-z][\w\-]*:[ \t]")


def find_citations(
    cleaned: Cleaned,
    spans: Sequence[tuple[int, int]],
    speech_verbs: list[tuple[int, int]] | None = None,
) -> list[Citation]:
    """Footnotes, attributions, quotes and links of one cleaned article, in body order.
    ``speech_verbs``: the verbs' spans up to the notes, when the caller found them already
    (numbers_and_speech_verbs)."""
    body, notes = cleaned.body, cleaned.notes_start
    claims = _Claims(spans, body)
    found: list[Citation] = _footnotes(cleaned, claims)
    found.extend(_according(body, claims, notes))
    found.extend(_said(body, claims, notes, speech_verbs))
    found.extend(_quotes(body, claims, notes))
    found.extend(_links(cleaned, claims))
    found.sort(key=lambda c: (c.start, c.end))
    if body[:1].islower() and FRONT_MATTER_RE.match(body):
        front_end = body.find("\n\n")
        found = [c for c in found if c.start >= front_end] if front_end >= 0 else []
    return found
