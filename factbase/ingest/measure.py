"""What each figure measures and when: fills Figure.measure and Figure.period from its claim.

Measures are short noun phrases found by syntactic patterns around the figure ("<measure> were
worth <figure>", "<figure> of <measure>", "<figure> <noun phrase>"); periods are normalised time
expressions found by factbase.ingest.periods. A year that serves as a period is dropped from the
figures. ``measure_key`` and ``period_key`` (re-exported from measure_keys and periods) make
both comparable across articles. Regexes only: no tagger, no parser.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Sequence

from factbase.ingest.entities import entity_table
from factbase.ingest.measure_keys import measure_key
from factbase.ingest.periods import find_periods, period_key
from factbase.records import Figure, FigureKind


def _words(text: str) -> frozenset[str]:
    """A word table written as one string (easier to read and extend than a list literal)."""
    return frozenset(text.split())


# find_periods, period_key (periods.py) and measure_key (measure_keys.py) are re-exported.
__all__ = ["describe_figures", "find_periods", "measure_key", "period_key"]

# A preposition that introduces a period is blanked with it ("were worth $5 million in 2021").
PERIOD_LEAD_RE = re.compile(
    r"(?:\b(?:[Ii]n|[Dd]uring|[Ff]or|[Oo]ver|[Tt]hroughout|as\s+of|[Oo]n|[Aa]t)\s+(?:the\s+)?)\Z"
)


# --- measures ----------------------------------------------------------------------------------

# Words that end a noun phrase: verbs and auxiliaries, conjunctions, relative words.
NP_STOP_WORDS: frozenset[str] = (
    _words("""is are was were be been being has have had will would can could may might must shall
    should
    do does did came come comes went goes go said says say stated according that which who whom
    whose while when where whereas because as than since if although though but and or nor so
    yet after before until compared reached rose fell grew surged jumped climbed dropped declined
    increased decreased totalled totaled amounted stood hit topped exceeded worth valued
    estimated remained remain remains made make makes making signed spent received paid right
    just also only still already now then even both each""")
)
# Prepositions a measure may contain ("exports to Afghanistan"); any other ends it.
NP_PREPOSITIONS = frozenset({"of", "to", "from"})
OTHER_PREPOSITIONS = _words(
    "in on at for by with over under during through into against between among across per via "
    "within without about around near amid despite including"
)
NP_END_WORDS = NP_STOP_WORDS | NP_PREPOSITIONS | OTHER_PREPOSITIONS  # never end a measure
LEADING_WORDS = _words(
    "the a an its their his her our this these those such some all total overall only"
)
# Words between a verb and its figure: "reached nearly $5 million", "an estimated 40,000".
_QUALIFIER = r"""(?:about|around|approximately|roughly|nearly|almost|over|more\s+than|less\s+than
    |fewer\s+than|at\s+least|up\s+to|some|an\s+estimated|estimated|only|just|a\s+record|a\s+total\s+of
    |as\s+(?:much|many)\s+as|a\s+mere|merely|close\s+to|well\s+over)"""
_MARKUP = r"[*_\\$€£¥]"
# _QUALIFIER's phrases, each reversed, longest first where one ends another ("well over",
# "over"): matched at the start of a reversed text, they find a trailing qualifier in one step.
_QUALIFIER_PHRASES = (
    "about", "around", "approximately", "roughly", "nearly", "almost", "well over", "over",
    "more than", "less than", "fewer than", "at least", "up to", "some", "an estimated",
    "estimated", "only", "just", "a record", "a total of", "as much as", "as many as", "a mere",
    "merely", "close to",
)  # fmt: skip
QUALIFIER_REVERSED_RE = re.compile(
    "(?:"
    + "|".join(
        r"\s+".join(re.escape(word[::-1]) for word in reversed(phrase.split()))
        for phrase in _QUALIFIER_PHRASES
    )
    + r")\s*"
)

_AUXILIARY = r"(?:has|have|had|will|would|could|may|might|is|are|was|were|be|been)"
_ADVERB = r"(?:already|now|reportedly|also|only|just|then|since)"
# "(?:\s+AUX)*(?:\s+ADV)?\s+VERB", its first \s+ written "\s\s*" so the pattern opens by
# consuming a whitespace character: the engine skips to whitespace in C (~3x faster searches).
SUBJECT_VERB_RE = re.compile(
    rf"""
    \s\s*(?:{_AUXILIARY}(?=\s)(?:\s+{_AUXILIARY}(?=\s))*(?:\s+{_ADVERB})?\s+|{_ADVERB}\s+)?
    (?P<verb>was|were|is|are|reached|stood\s+at|stands\s+at|stand\s+at|totall?ed|totals?
      |amounted\s+to|amounts?\s+to|hit|topped|exceeded|surpassed|(?:rose|risen|grew|grown|increased
      |jumped|climbed|surged|soared|fell|fallen|dropped|declined|decreased|plunged|shrank|expanded)
      (?:\s+by\s+[^,;:()]{{1,40}}?)?\s+to|(?:were|was|is|are)?\s*(?:worth|valued\s+at|estimated\s+at|put\s+at)|came\s+to|numbered
      |equalled|equaled|reaching|totalling|totaling)
    (?:\s+{_QUALIFIER})?\s*{_MARKUP}*\s*\Z
    """,
    re.VERBOSE,
)
GROWTH_LEFT_RE = re.compile(
    rf"""
    (?:\s+(?:has|have|had|will|would|is|are|was|were)(?=\s))*
    \s+(?P<verb>rose|risen|rises|rise|grew|grown|grows|increased|increases|jumped|climbed|surged
      |soared|expanded|fell|fallen|falls|dropped|declined|decreased|plunged|shrank|contracted)
    (?:\s+by)?(?:\s+{_QUALIFIER})?\s*\Z
    """,
    re.VERBOSE,
)
GROWTH_RIGHT_RE = re.compile(
    r"""\A[\s-]*(?P<noun>rise|increase|growth|jump|hike|surge|gain|fall|drop|decline|decrease
    |reduction|cut|contraction)\s+(?:in|of)\s+""",
    re.VERBOSE,
)
DOWN_WORDS = _words(
    "fell fallen falls dropped declined decreased plunged shrank contracted fall drop decline "
    "decrease reduction cut contraction"
)
OF_RIGHT_RE = re.compile(r"\A\s*(?:worth\s+of|worth|of|in)\s+")
PAREN_RE = re.compile(r"\A\s*\([^()]{0,60}\)")
# Unit words a figure's span may leave out ("11000 metric tons of oil").
UNIT_WORDS_RE = re.compile(
    r"""\A\s*(?:(?:metric|short|long|cubic|square)\s+)?(?:tons?|tonnes?|barrels?|kilo(?:gram|metre|meter)s?
    |kg|km|miles?|litres?|liters?|gallons?|megawatts?|MW|GW|kWh|hectares?|acres?|USD|EUR|dollars?
    |euros?|rupees?|afghanis?|AFN|roubles?|rubles?|yuan|percent|per\s+cent|million|billion
    |trillion|thousand)\b""",
    re.VERBOSE,
)
FLOW_TAIL_RE = re.compile(
    r"""\A\s*(?:(?:came|come|comes|originated|originating|went|goes|flowed|were|was|are|is)\s+)?
    (?:(?:imported|exported|shipped|sent|sourced)\s+)?(?P<prep>from|to)\s+
    (?P<ent>[A-Z][\w'’.-]*(?:\s+[A-Z][\w'’.-]*){0,2})""",
    re.VERBOSE,
)
LIST_ITEM_RE = re.compile(r"(?P<name>[A-Z][\w'’.-]*(?:\s+[A-Z][\w'’.-]*){0,2})\s*\(\s*[^()]{0,8}\Z")
PRIOR_ITEMS_RE = re.compile(
    r"(?:[A-Z][\w'’.-]*(?:\s+[A-Z][\w'’.-]*){0,2}\s*\([^()]*\)\s*,?\s*(?:and\s+)?)+\Z"
)
LIST_HEAD_RE = re.compile(
    r"(?:\s+(?:came|come|comes|were|was|are|is|imported|exported|sourced|mostly|mainly|largely))*"
    r"\s+(?P<prep>from|to)\s*(?:,\s*)?\Z"
)
# Verbs whose object is what is counted, and how the measure says it: "killing two diplomats"
# -> "diplomats killed". Verbs like "compiled" or "has" add nothing and are left out on purpose.
PARTICIPLES: dict[str, str] = {
    "kill": "killed", "killing": "killed", "killed": "killed", "kills": "killed",
    "injure": "injured", "injuring": "injured", "injured": "injured", "wound": "wounded",
    "wounding": "wounded", "wounded": "wounded", "displace": "displaced", "displacing": "displaced",
    "displaced": "displaced", "arrest": "arrested", "arresting": "arrested", "arrested": "arrested",
    "detain": "detained", "detaining": "detained", "detained": "detained", "deport": "deported",
    "deporting": "deported", "deported": "deported", "evacuate": "evacuated",
    "evacuating": "evacuated", "evacuated": "evacuated", "write off": "written off",
    "writing off": "written off", "wrote off": "written off", "written off": "written off",
    "forgive": "forgiven", "forgave": "forgiven", "forgiving": "forgiven", "cancel": "cancelled",
    "cancelled": "cancelled", "cancelling": "cancelled", "export": "exported",
    "exported": "exported", "exporting": "exported", "import": "imported", "imported": "imported",
    "importing": "imported", "produce": "produced", "produced": "produced", "producing": "produced",
    "sell": "sold", "sold": "sold", "selling": "sold", "buy": "bought", "bought": "bought",
    "buying": "bought", "spend": "spent", "spent": "spent", "spending": "spent",
    "deploy": "deployed", "deployed": "deployed", "deploying": "deployed", "seize": "seized",
    "seized": "seized", "seizing": "seized", "destroy": "destroyed", "destroyed": "destroyed",
    "destroying": "destroyed", "lose": "lost", "lost": "lost", "losing": "lost",
    "pledge": "pledged", "pledged": "pledged", "pledging": "pledged", "donate": "donated",
    "donated": "donated", "donating": "donated", "allocate": "allocated", "allocated": "allocated",
    "release": "released", "released": "released", "releasing": "released",
}  # fmt: skip
# Verbs that spend money, and the noun a measure uses for it: "invested $5 million in X".
NOMINALS: dict[str, str] = {
    "invested": "investment", "invest": "investment", "invests": "investment",
    "investing": "investment", "spent": "spending", "spend": "spending", "spends": "spending",
    "lent": "loans", "lend": "loans", "loaned": "loans", "donated": "donations",
    "donate": "donations", "pledged": "pledges", "pledge": "pledges",
}  # fmt: skip
NOMINAL_VERBS = tuple(NOMINALS)
NOMINAL_RE = re.compile(
    rf"(?:\s+(?:has|have|had|will|would|also|already))*\s+(?P<verb>{'|'.join(NOMINALS)})"
    rf"(?:\s+{_QUALIFIER})?\s*{_MARKUP}*\s*\Z",
    re.VERBOSE,
)
VERB_BEFORE_RE = re.compile(
    rf"(?P<verb>[a-z]+(?:\s+off)?)(?:\s+{_QUALIFIER})?\s*{_MARKUP}*\s*\Z", re.VERBOSE
)
# Searches for "<verb> [qualifier] [markup]" at the end of the text left of a figure cannot be
# anchored, so the engine tries every start (~5-13 µs a search, a third of this stage). A match
# needs its verb among the last few words: the words each regex's verb can end with are tested
# first, and most figures skip the search. TAIL_WORDS: the verb, "by"/"off", a three-word
# qualifier ("as much as") and a markup token.
TAIL_WORDS = 6
TAIL_FILLERS = frozenset(" ".join(_QUALIFIER_PHRASES).split()) | {"by", "off"}
MARKUP_CHARS = "*_\\$€£¥"
SUBJECT_VERB_ENDS = (
    "was", "were", "is", "are", "reached", "at", "totalled", "totaled", "totals", "total", "to",
    "hit", "topped", "exceeded", "surpassed", "worth", "numbered", "equalled", "equaled",
    "reaching", "totalling", "totaling",
)  # fmt: skip
GROWTH_VERBS = (
    "rose", "risen", "rises", "rise", "grew", "grown", "grows", "increased", "increases", "jumped",
    "climbed", "surged", "soared", "expanded", "fell", "fallen", "falls", "dropped", "declined",
    "decreased", "plunged", "shrank", "contracted",
)  # fmt: skip
PARTICIPLE_ENDS = (*(verb for verb in PARTICIPLES if " " not in verb), "off")
BOUNDARY_RE = re.compile(r"[,;:()\[\]“”\"?!–—]|\.\s|\n\s*\n")
WORD_SPLIT_RE = re.compile(r"[^\s]+")


MARKUP_RUN_RE = re.compile(r"\*+|\\(?=\S)")
FIRST_WORD_RE = re.compile(r"[^\w]*(?P<word>[A-Z][\w'’-]*)")


def _mask(text: str, periods: Sequence[tuple[int, int, str]]) -> str:
    """The claim with periods and markup blanked, same length, so offsets still hold."""
    chars = list(text)
    blank_lo = blank_hi = -1  # the last stretch blanked: all spaces, so a walk jumps across it
    for s, e, _ in periods:
        # ", in 2021," is an aside: blank its commas too, so the clause reads on across it.
        lo, hi = s, e
        lead = PERIOD_LEAD_RE.search(text, max(0, s - 30), s)
        if lead is not None:
            lo = lead.start()
        fill = lo  # what lies before is spaces already
        while lo and chars[lo - 1] == " ":
            # Stepping through earlier blanked periods char by char was quadratic ("in 2021 " * n).
            lo = blank_lo if blank_lo < lo <= blank_hi else lo - 1
        if lo and chars[lo - 1] == "," and hi < len(chars) and chars[hi] == ",":
            lo, hi = lo - 1, hi + 1
            chars[lo] = " "
        chars[fill:hi] = " " * (hi - fill)
        blank_lo, blank_hi = lo, hi
    masked = "".join(chars)
    if "*" in masked or "\\" in masked:
        masked = MARKUP_RUN_RE.sub(lambda m: " " * len(m[0]), masked)
    first = FIRST_WORD_RE.match(masked)
    if first is not None and first["word"][1:].islower():
        word = first["word"]
        stem = word.replace("’", "'").removesuffix("'s").split("-")[0]
        if stem not in entity_table().aliases:  # "Inflation stood at": a capital only by position
            masked = masked[: first.start("word")] + word.lower() + masked[first.end("word") :]
    return masked


def _clean(phrase: str) -> str | None:
    """Normalise a measure: straight apostrophes, single spaces, no leading determiner."""
    words = phrase.replace("’", "'").replace("‘", "'").split()
    while words and words[0].lower() in LEADING_WORDS:
        words.pop(0)
    while words and words[-1].lower() in NP_END_WORDS:
        words.pop()
    if not words or not any(ch.isalpha() for ch in "".join(words)):
        return None
    return " ".join(words).strip(" .,'\"") or None


# A measure is a short phrase: "Afghanistan's imports of Kazakh flour" is five words.
MAX_NP_WORDS = 6
# Wider gaps between words are blanked periods or markup, not the spaces of a hard-wrapped line.
MAX_WORD_GAP = 3


def _np_right(text: str) -> tuple[str, int]:
    """The noun phrase at the start of text, and where it ends."""
    end = 0
    for taken, m in enumerate(WORD_SPLIT_RE.finditer(text)):
        gap = text[end : m.start()]
        if gap.strip() or (taken and len(gap) > MAX_WORD_GAP):  # punctuation or a blanked period
            break
        word = m[0]
        bare = word.strip(".,;:!?").lower()
        if bare in NP_STOP_WORDS or bare in OTHER_PREPOSITIONS or not bare or bare[0].isdigit():
            break
        if taken == 0 and bare in NP_PREPOSITIONS:
            break
        if taken and len(bare) > 4 and bare.endswith("ed"):  # "wheat arrived": a verb after a noun
            break
        end = m.start() + len(word.rstrip(".,;:!?)"))
        if word[-1] in ".,;:!?)" or taken + 1 >= MAX_NP_WORDS:
            break
    phrase = text[:end]
    # A phrase never ends on a preposition: "exports to" -> "exports".
    words = phrase.split()
    while words and words[-1].lower() in NP_PREPOSITIONS:
        words.pop()
    return " ".join(words), end


def _np_left(text: str) -> str:
    """The noun phrase ending text: from the last clause boundary or stop word on."""
    cut = 0
    for m in BOUNDARY_RE.finditer(text):
        cut = m.end()
    words = text[cut:].split()
    keep: list[str] = []
    for word in reversed(words):
        bare = word.lower().strip(".")
        if bare in NP_STOP_WORDS or bare in OTHER_PREPOSITIONS or len(keep) >= 8:
            break
        keep.append(word)
    return " ".join(reversed(keep))


def _flow_tail(text: str) -> str:
    """ "came from Russia" after a measure -> " from Russia"."""
    m = FLOW_TAIL_RE.match(text)
    if m is None:
        return ""
    ent = m["ent"] if m["ent"].count(".") > 1 else m["ent"].rstrip(".")  # keep "U.S."
    return f" {m['prep']} {ent}"


def _ends_near(text: str, verbs: tuple[str, ...]) -> bool:
    """Whether a word ending with one of verbs comes last in text but for qualifier words,
    "by"/"off" and markup: what the verb-before-a-figure regexes need to match."""
    for word in reversed(text.rsplit(None, TAIL_WORDS)[-TAIL_WORDS:]):
        word = word.rstrip(MARKUP_CHARS)
        if word.endswith(verbs):
            return True
        if word and word not in TAIL_FILLERS:
            return False
    return False


def _participle(left: str) -> str:
    window = left[-40:]
    m = VERB_BEFORE_RE.search(window) if _ends_near(window, PARTICIPLE_ENDS) else None
    if m is None:
        return ""
    verb = " ".join(m["verb"].split())
    return " " + PARTICIPLES[verb] if verb in PARTICIPLES else ""


def _nominal(left: str) -> str | None:
    """ "China invested" before a sum -> "Chinese investment"; None when no such verb."""
    window = left[-80:]
    m = NOMINAL_RE.search(window) if _ends_near(window, NOMINAL_VERBS) else None
    if m is None:
        return None
    noun = NOMINALS[m["verb"].lower()]
    subject = _np_left(left[: len(left) - len(left[-80:]) + m.start()]).split()
    table = entity_table()
    if subject:
        owner = table.aliases.get(subject[-1].removesuffix("'s").removesuffix("’s"))
        if owner in table.adjectives and len(subject) <= 3:
            return f"{table.adjectives[owner]} {noun}"
    return noun


def _demonymise(phrase: str) -> str:
    """ "diplomats from Russia" -> "Russian diplomats": people or things counted by origin."""
    m = re.fullmatch(r"(?P<noun>[\w-]+(?:\s[\w-]+)?)\s+from\s+(?P<place>[A-Z][\w ]+)", phrase)
    if m:
        table = entity_table()
        country = table.aliases.get(m["place"])
        if country and country in table.adjectives:
            return f"{table.adjectives[country]} {m['noun']}"
    return phrase


def _list_measure(left: str, fig: Figure, previous: Sequence[str]) -> tuple[str, bool] | None:
    """ "Iran (20%), China (18%)": each item's measure, from the list's head or the claim before."""
    m = LIST_ITEM_RE.search(left)
    if m is None:
        return None
    name = m["name"]
    head = left[: m.start()]
    prior = PRIOR_ITEMS_RE.search(head)
    if prior is not None:
        head = head[: prior.start()]
    share = "share of " if fig.kind == FigureKind.percent else ""
    lead = LIST_HEAD_RE.search(head)
    if lead is not None:
        base = _clean(_np_left(head[: lead.start()]))
        if base:
            return f"{share}{base} {lead['prep']} {name}", False
    for measure in reversed(previous):
        flow = re.fullmatch(
            r"(?P<base>.+ (?:from|to)) [A-Z][\w'.-]*(?: [A-Z][\w'.-]*){0,2}", measure
        )
        if flow and measure.startswith(share):
            return f"{flow['base']} {name}", True  # the list continues the claim before
    return (f"{name}'s share" if share else name), False


def _measure(
    masked: str, fig: Figure, a: int, b: int, previous: Sequence[str]
) -> tuple[str | None, bool]:
    """The figure's measure, and whether it was borrowed from the claim before."""
    # Bounded windows keep the cost per figure flat: whole-claim slices made a claim with
    # thousands of figures quadratic ("$1$1$1...": 96 s for 40 KB).
    left, right = masked[max(0, a - LEFT_WINDOW) : a], masked[b : b + RIGHT_WINDOW]
    if left.rstrip().endswith("(") and (listed := _list_measure(left, fig, previous)):
        return listed
    return _local_measure(left, right, fig), False


def _local_measure(left: str, right: str, fig: Figure) -> str | None:
    in_parens = left.rstrip().endswith("(") and re.match(r"\s*\)", right)
    if in_parens:  # "4% ($289 million) of X": the aside reads like its host figure
        right = right[right.index(")") + 1 :]
        left = left[: left.rindex("(")]
        left = left[: max(0, len(left) - 20)] + re.sub(r"[\d.,%$]+\s*\Z", "", left[-20:])
    paren = PAREN_RE.match(right)
    if paren is not None:
        right = right[paren.end() :]
    unit = UNIT_WORDS_RE.match(right)
    while unit is not None:
        right = right[unit.end() :]
        unit = UNIT_WORDS_RE.match(right)
    percent = fig.kind == FigureKind.percent

    growth = GROWTH_RIGHT_RE.match(right)
    if growth is not None:
        noun = _clean(_np_right(right[growth.end() :])[0])
        if noun:
            return f"{'decline' if growth['noun'] in DOWN_WORDS else 'growth'} of {noun}"
    window = left[-60:]
    growth = GROWTH_LEFT_RE.search(window) if percent and _ends_near(window, GROWTH_VERBS) else None
    if growth is not None:
        noun = _clean(_np_left(left[: len(left) - len(left[-60:]) + growth.start()]))
        if noun:
            return f"{'decline' if growth['verb'] in DOWN_WORDS else 'growth'} of {noun}"

    of = OF_RIGHT_RE.match(right)
    if of is not None and not (percent and of[0].strip() == "in"):
        phrase, end = _np_right(right[of.end() :])
        noun = _clean(phrase)
        if noun:
            nominal = _nominal(left)
            if nominal and of[0].strip() == "in":  # "invested $1.2 billion in mining"
                return f"{nominal} in {noun}"
            noun += _flow_tail(right[of.end() + end :]) + _participle(left)
            return f"share of {noun}" if percent and not in_parens else noun

    window = left[-80:]
    subject = SUBJECT_VERB_RE.search(window) if _ends_near(window, SUBJECT_VERB_ENDS) else None
    if subject is not None:
        noun = _clean(_np_left(left[: len(left) - len(left[-80:]) + subject.start()]))
        if noun:
            return noun

    phrase, end = _np_right(right)
    noun = _clean(phrase)
    if noun:
        if fig.kind == FigureKind.count:
            noun = _demonymise(noun + _flow_tail(right[end:]))
        return noun + _participle(left)
    # Last resort: the noun phrase just before the figure, unless a verb sits there.
    before = _strip_qualifier_tail(left)
    last = before.split()[-1].lower() if before.split() else ""
    if last in PARTICIPLES or last.endswith(("ed", "ing")) or last in NP_PREPOSITIONS:
        return None
    return _clean(_np_left(before))


def _strip_qualifier_tail(text: str) -> str:
    r"""text without a trailing qualifier, markup and spaces: re.sub(r"(?:\s*Q)?\s*M*\s*\Z", "",
    text) computed from the end (the regex would be tried at every start of the text). The regex
    this replaces was compiled without re.VERBOSE, so "less than" and "a total of" (the lines of
    _QUALIFIER end there) only counted before a newline and four spaces."""
    core = text.rstrip().rstrip(MARKUP_CHARS).rstrip()
    m = QUALIFIER_REVERSED_RE.match(core[::-1])
    return core[: len(core) - m.end()] if m else core


class _Periods:
    """A claim's periods (sorted, disjoint) with their starts and ends, for bisecting."""

    def __init__(self, text: str, periods: list[tuple[int, int, str]]) -> None:
        self.all = periods
        self.starts = [p[0] for p in periods]
        self.ends = [p[1] for p in periods]
        lead = len(text) - len(text.lstrip())
        # A period opening the claim dates every figure in it, however far away.
        self.opening = periods[0] if periods and periods[0][0] <= lead else None

    def containing(self, a: int, b: int) -> bool:
        """Whether one period holds all of a..b."""
        i = bisect_right(self.starts, a) - 1
        return i >= 0 and b <= self.ends[i]

    def near(self, a: int, b: int) -> list[tuple[int, int, str]]:
        """In order: the opening period and those within MAX_PERIOD_GAP of a..b."""
        lo = bisect_left(self.ends, a - MAX_PERIOD_GAP)
        hi = bisect_right(self.starts, b + MAX_PERIOD_GAP)
        near = self.all[lo:hi]
        if self.opening is not None and (lo > 0 or hi == 0):
            near.insert(0, self.opening)
        return near


def _pick_period(periods: _Periods, text: str, a: int, b: int) -> str | None:
    """The period nearest the figure, preferring one in the same clause."""
    best: tuple[int, int, str] | None = None
    for s, e, label in periods.near(a, b):
        lo, hi = (e, a) if e <= a else (b, s)
        between = text[lo:hi] if hi > lo else ""
        opening = periods.opening is not None and s == periods.opening[0]
        if hi - lo > MAX_PERIOD_GAP and not opening:
            continue
        other_clause = int(";" in between or " while " in between or " whereas " in between)
        rank = (other_clause, max(0, hi - lo))
        if best is None or rank < best[:2]:
            best = (*rank, label)
    return best[2] if best else None


# Units that make a quantity a duration ("two decades"): a span of time, not a measured amount.
TIME_UNITS = frozenset({"year", "decade", "month", "week", "day", "hour", "century", "quarter"})
# The number at the start of a figure's span; figures.py may include the counted noun in a count's
# span ("140 Soviet-era projects"), and that noun is the measure.
NUMBER_PART_RE = re.compile(
    r"""[$€£¥]?\s*(?:[\d.,]+|(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve
    |\w+teen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|hundred|a\s+dozen|dozens|hundreds
    |thousands|millions|several)(?:[\s-]+(?:one|two|three|four|five|six|seven|eight|nine|hundred
    |thousand|million|billion))*)(?:\s*(?:thousand|million|billion|trillion|bn|mn|m|k)\b)?""",
    re.VERBOSE | re.IGNORECASE,
)
# A period further than this from its figure belongs to another clause, unless it opens the claim
# ("On September 5, 2022, a suicide bomber ... killing two diplomats"): 003's debt sentence has its
# 1970s period 130 characters after the figure, and it dates the debt, not the write-off.
MAX_PERIOD_GAP = 100
# How far the measure reads either side of a figure. Claims run to ~270 characters in the seeds
# and test articles; only pathological lines (thousands of figures in one "claim") hit the cap.
LEFT_WINDOW = RIGHT_WINDOW = 400
# The claim before lends its measures to a list ("Iran (20%), China (18%)"); its last few do.
MAX_PREVIOUS_MEASURES = 32


def describe_figures(
    body: str, spans: Sequence[tuple[int, int]], figures: Sequence[Figure]
) -> list[Figure]:
    """The figures with measure and period filled in; years that serve as periods are dropped."""
    out: list[Figure] = []
    cache: dict[int, tuple[str, str, _Periods]] = {}
    measures: dict[int, list[str]] = {}
    periods_seen: dict[int, str] = {}
    for fig in figures:
        if not 0 <= fig.claim < len(spans):
            out.append(fig)
            continue
        start, end = spans[fig.claim]
        if fig.claim not in cache:
            text = body[start:end]
            found = find_periods(text)
            cache[fig.claim] = (text, _mask(text, found), _Periods(text, found))
        text, masked, periods = cache[fig.claim]
        a, b = max(0, fig.start - start), max(0, min(len(text), fig.end - start))
        duration = fig.kind == FigureKind.quantity and fig.unit in TIME_UNITS
        if (fig.kind == FigureKind.count or duration) and periods.containing(a, b):
            continue  # "in 2021", "the past two decades": when, not how much
        if fig.kind == FigureKind.count:
            number = NUMBER_PART_RE.match(text, a, b)
            if number is not None and number.end() > a:
                b = number.end()  # the counted noun stays in the span; read it as right context
        if duration:
            measure, borrowed = None, False
        else:
            previous = measures.get(fig.claim - 1, [])[-MAX_PREVIOUS_MEASURES:]
            measure, borrowed = _measure(masked, fig, a, b, previous)
        period = _pick_period(periods, text, a, b)
        if borrowed and period is None:
            period = periods_seen.get(fig.claim - 1)
        if measure:
            measures.setdefault(fig.claim, []).append(measure)
        if period:
            periods_seen.setdefault(fig.claim, period)
        # Built directly: dataclasses.replace costs ~5x as much (~10% of this stage).
        out.append(
            Figure(fig.claim, fig.text, fig.start, fig.end, fig.value, fig.unit, fig.kind,
                   fig.qualifier, measure, period, fig.value_high)
        )  # fmt: skip
    return out
