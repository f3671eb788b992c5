"""What each figure measures and when: fills Figure.measure and Figure.period from its claim.

Measures are short noun phrases found by syntactic patterns around the figure ("<measure> were
worth <figure>", "<figure> of <measure>", "<figure> <noun phrase>"); periods are normalised time
expressions ("In the year ending March 20, 2023" -> "year ending 20 March 2023"). A year that
serves as a period is dropped from the figures. ``measure_key`` and ``period_key`` make both
comparable across articles. Regexes only: no tagger, no parser.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import replace

from factbase.ingest.entities import entity_table
from factbase.records import Figure, FigureKind


def _words(text: str) -> frozenset[str]:
    """A word table written as one string (easier to read and extend than a list literal)."""
    return frozenset(text.split())


__all__ = ["describe_figures", "find_periods", "measure_key", "period_key"]

MONTHS: dict[str, int] = {
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6,
    "jul": 7, "aug": 8, "sep": 9, "oct": 10, "nov": 11, "dec": 12,
}  # fmt: skip
MONTH_NAMES = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip
ORDINALS = {
    "first": 1,
    "second": 2,
    "third": 3,
    "fourth": 4,
    "1st": 1,
    "2nd": 2,
    "3rd": 3,
    "4th": 4,
}

_MONTH = r"""(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?
    |Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?"""
_YEAR = r"(?:19|20)\d\d"
# An ordinal suffix, or its OCR: a superscript "th" often comes out as a quote mark (29" February).
_ORD = r"""(?:st|nd|rd|th|["”'’])?"""
_DATE = rf"""(?:(?P<{{p}}m1>{_MONTH})\s+(?P<{{p}}d1>\d{{{{1,2}}}}){_ORD},?\s+(?P<{{p}}y1>{_YEAR})
    |(?P<{{p}}d2>\d{{{{1,2}}}}){_ORD}\s+(?:of\s+)?(?P<{{p}}m2>{_MONTH}),?\s+(?P<{{p}}y2>{_YEAR}))"""

# Case-sensitive with both spellings of a first letter: (?i:...) groups made this regex 3-5x
# slower (measured per branch on the seeds' claims).
PERIOD_RE = re.compile(
    rf"""
    (?<![\w$€£.,])
    (?:
        (?:[Ff]iscal\s+|[Ff]inancial\s+)?(?:[Yy]ear|12\s+months)\s+(?:ending|ended|to)\s+
            (?:{_DATE.format(p="e")}|(?P<em>{_MONTH})\s+(?P<ey>{_YEAR}))
      | (?:[Ff]iscal\s+year|[Ff]inancial\s+year|FY)\s*(?P<fy1>{_YEAR})
            (?:\s*[/–-]\s*(?P<fy2>\d{{2}}(?:\d\d)?))?
      | (?:[Ss]olar|Afghan|Persian)\s+(?:fiscal\s+)?year\s+(?P<sy>1[34]\d\d)
      | (?P<qn>[Ff]irst|[Ss]econd|[Tt]hird|[Ff]ourth|1st|2nd|3rd|4th)\s+quarter\s+(?:of\s+)?
            (?P<qy>{_YEAR})
      | Q(?P<qd>[1-4])\s+(?:of\s+)?(?P<qdy>{_YEAR})
      | (?P<hn>[Ff]irst|[Ss]econd)\s+half\s+(?:of\s+)?(?P<hy>{_YEAR})
      | H(?P<hd>[12])\s+(?P<hdy>{_YEAR})
      | {_DATE.format(p="d")}
      | (?P<mm>{_MONTH}),?\s+(?P<my>{_YEAR})
      | [Bb]etween\s+(?P<ra>{_YEAR})\s+and\s+(?P<rb>{_YEAR})
      | [Ff]rom\s+(?P<fa>{_YEAR})\s+(?:to|until|till)\s+(?P<fb>{_YEAR})
      | (?P<sa>{_YEAR})\s*[–-]\s*(?P<sb>\d{{2}}(?:\d\d)?)(?![\d%])
      | (?P<dec1>(?:19|20)\d0)s(?:\s+and\s+(?:the\s+)?(?P<dec2>(?:19|20)\d0)s)?
      | (?P<since>[Ss]ince|[Bb]y|[Uu]ntil|[Bb]efore|[Aa]fter)\s+(?P<sy2>{_YEAR})
      | (?P<y>{_YEAR})(?![\d%]|\s*(?:%|per\s*cent|percent))
      | (?P<rel>(?:[Ll]ast|[Tt]his|[Nn]ext|[Pp]revious|[Pp]ast|[Cc]urrent|[Cc]oming)\s+
            (?:fiscal\s+)?
            (?:year|month|week|quarter|decade)
          |(?:[Tt]he\s+)?(?:[Pp]ast|[Ll]ast|[Nn]ext|[Cc]oming)\s+(?:\d+|two|three|four|five|six|seven|eight
            |nine|ten|few|several)\s+(?:years|months|weeks|decades|quarters)
          |[Rr]ecent\s+years|[Aa]\s+year\s+(?:earlier|ago|before))
    )
    (?![\w])
    """,
    re.VERBOSE,
)
# Every period holds a year-like number or one of these words. PERIOD_RE starts with an assertion,
# so it costs ~16 MB/s even where nothing matches; it runs only in a window around each hint.
PERIOD_HINT_RE = re.compile(r"(?:19|20)\d\d|1[34]\d\d|[Yy]ear|month|week|quarter|decade")
HINT_BEFORE, HINT_AFTER = 48, 40  # "fiscal year ending September 30, " fits before a year
# A preposition that introduces a period is blanked with it ("were worth $5 million in 2021").
PERIOD_LEAD_RE = re.compile(
    r"(?:\b(?:[Ii]n|[Dd]uring|[Ff]or|[Oo]ver|[Tt]hroughout|as\s+of|[Oo]n|[Aa]t)\s+(?:the\s+)?)\Z"
)


def _month(name: str) -> str:
    return MONTH_NAMES[MONTHS[name[:3].lower()] - 1]


def _full_year(first: str, second: str) -> str:
    return second if len(second) == 4 else first[:2] + second


def _period_label(m: re.Match[str]) -> str:
    """The normalised period for one PERIOD_RE match."""
    g = m.groupdict()
    for p in ("e", "d"):
        if g[f"{p}y1"] or g[f"{p}y2"]:
            day = g[f"{p}d1"] or g[f"{p}d2"]
            date = f"{int(day)} {_month(g[f'{p}m1'] or g[f'{p}m2'])} {g[f'{p}y1'] or g[f'{p}y2']}"
            return f"year ending {date}" if p == "e" else date
    if g["em"]:
        return f"year ending {_month(g['em'])} {g['ey']}"
    if g["fy1"]:
        if g["fy2"]:
            return f"fiscal year {g['fy1']}/{_full_year(g['fy1'], g['fy2'])[2:]}"
        return f"fiscal year {g['fy1']}"
    if g["sy"]:
        return f"solar year {g['sy']}"
    if g["qy"] or g["qdy"]:
        return f"Q{ORDINALS[g['qn'].lower()] if g['qn'] else g['qd']} {g['qy'] or g['qdy']}"
    if g["hy"] or g["hdy"]:
        return f"H{ORDINALS[g['hn'].lower()] if g['hn'] else g['hd']} {g['hy'] or g['hdy']}"
    if g["mm"]:
        return f"{_month(g['mm'])} {g['my']}"
    for a, b in (("ra", "rb"), ("fa", "fb"), ("sa", "sb")):
        if g[a]:
            return f"{g[a]}-{_full_year(g[a], g[b])}"
    if g["dec1"]:
        return f"{g['dec1']}s-{g['dec2']}s" if g["dec2"] else f"{g['dec1']}s"
    if g["since"]:
        return f"{g['since'].lower()} {g['sy2']}"
    if g["y"]:
        return g["y"]
    return " ".join(g["rel"].lower().split()).removeprefix("the ")


def find_periods(text: str) -> list[tuple[int, int, str]]:
    """Time expressions in text as (start, end, normalised label), left to right."""
    found: dict[int, re.Match[str]] = {}
    covered = -1
    for hint in PERIOD_HINT_RE.finditer(text):
        if hint.start() < covered:
            continue
        lo, hi = max(0, hint.start() - HINT_BEFORE), hint.end() + HINT_AFTER
        for m in PERIOD_RE.finditer(text, lo, hi):
            if m.start() <= hint.start() < m.end():
                found.setdefault(m.start(), m)
                covered = max(covered, m.end())
                break
    out: list[tuple[int, int, str]] = []
    for start in sorted(found):
        m = found[start]
        if not out or start >= out[-1][1]:
            out.append((start, m.end(), _period_label(m)))
    return out


# --- period keys -------------------------------------------------------------------------------

RELATIVE_YEARS = {
    "last year": -1,
    "previous year": -1,
    "this year": 0,
    "current year": 0,
    "next year": 1,
}


def period_key(period: str | None, published: dt.date | None = None) -> tuple[int, int, int, str]:
    """A sort key ordering periods in time; two periods are the same iff their keys are equal.

    Keys are (rank, first day, last day, kind) with days as yyyymmdd: "in 2021" == "2021";
    "2019-2021" spans 20190101..20211231. "year ending 20 March 2023" (20220321..20230320) is
    not calendar 2023. A fiscal year "2022/23" has no known start month, so it is kept apart
    from both calendar years and "2022-2023". Relative periods ("last year") resolve against
    ``published`` when given, else sort after all dated periods (rank 1); None sorts last (rank 2).
    """
    if not period:
        return (2, 0, 0, "")
    found = find_periods(period)
    label = found[0][2] if found else " ".join(period.lower().split())
    if label in RELATIVE_YEARS and published is not None:
        label = str(published.year + RELATIVE_YEARS[label])
    words = label.split()
    try:
        if re.fullmatch(r"\d{4}", label):
            return (0, int(label) * 10000 + 101, int(label) * 10000 + 1231, "")
        if re.fullmatch(r"\d{4}-\d{4}", label):
            a, b = map(int, label.split("-"))
            return (0, a * 10000 + 101, b * 10000 + 1231, "")
        if words[0] in ("since", "by", "until", "before", "after"):
            year = int(words[1])
            return (0, year * 10000 + 101, year * 10000 + 1231, words[0])
        if label.startswith("year ending"):
            end = _date_key(words[2:])
            return (0, end - 10000 + 1, end, "year ending")
        if label.startswith("fiscal year"):
            year = int(words[2][:4])
            return (0, year * 10000 + 101, year * 10000 + 1231, label)
        if label[0] in "QH" and label[1].isdigit():
            year, n = int(words[1]), int(label[1])
            months = 3 if label[0] == "Q" else 6
            first = (n - 1) * months + 1
            return (
                0,
                year * 10000 + first * 100 + 1,
                year * 10000 + (first + months - 1) * 100 + 31,
                "",
            )
        if label.endswith("s") and label[:4].isdigit():
            a = int(label[:4])
            b = int(label.split("-")[-1][:4]) if "-" in label else a
            return (0, a * 10000 + 101, (b + 9) * 10000 + 1231, "")
        if len(words) in (2, 3) and words[-1].isdigit():
            key = _date_key(words)
            return (0, key if len(words) == 3 else key - 30, key, "")
    except (ValueError, KeyError, IndexError):
        pass
    return (1, 0, 0, label)


def _date_key(words: Sequence[str]) -> int:
    """yyyymmdd for ["20", "March", "2023"]; for ["March", "2023"] the month's end, as dd=31."""
    if len(words) == 3:
        return int(words[2]) * 10000 + MONTHS[words[1][:3].lower()] * 100 + int(words[0])
    return int(words[1]) * 10000 + MONTHS[words[0][:3].lower()] * 100 + 31


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
LEADING_WORDS = _words(
    "the a an its their his her our this these those such some all total overall only"
)
# Words between a verb and its figure: "reached nearly $5 million", "an estimated 40,000".
_QUALIFIER = r"""(?:about|around|approximately|roughly|nearly|almost|over|more\s+than|less\s+than
    |fewer\s+than|at\s+least|up\s+to|some|an\s+estimated|estimated|only|just|a\s+record|a\s+total\s+of
    |as\s+(?:much|many)\s+as|a\s+mere|merely|close\s+to|well\s+over)"""
_MARKUP = r"[*_\\$€£¥]"

SUBJECT_VERB_RE = re.compile(
    rf"""
    (?:\s+(?:has|have|had|will|would|could|may|might|is|are|was|were|be|been)(?=\s))*
    (?:\s+(?:already|now|reportedly|also|only|just|then|since))?
    \s+(?P<verb>was|were|is|are|reached|stood\s+at|stands\s+at|stand\s+at|totall?ed|totals?
      |amounted\s+to|amounts?\s+to|hit|topped|exceeded|surpassed|(?:rose|risen|grew|grown|increased
      |jumped|climbed|surged|soared|fell|fallen|dropped|declined|decreased|plunged|shrank|expanded)
      \s+to|(?:were|was|is|are)?\s*(?:worth|valued\s+at|estimated\s+at|put\s+at)|came\s+to|numbered
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
NOMINAL_RE = re.compile(
    rf"(?:\s+(?:has|have|had|will|would|also|already))*\s+(?P<verb>{'|'.join(NOMINALS)})"
    rf"(?:\s+{_QUALIFIER})?\s*{_MARKUP}*\s*\Z",
    re.VERBOSE,
)
VERB_BEFORE_RE = re.compile(
    rf"(?P<verb>[a-z]+(?:\s+off)?)(?:\s+{_QUALIFIER})?\s*{_MARKUP}*\s*\Z", re.VERBOSE
)
BOUNDARY_RE = re.compile(r"[,;:()\[\]“”\"?!–—]|\.\s|\n\s*\n")
WORD_SPLIT_RE = re.compile(r"[^\s]+")


FIRST_WORD_RE = re.compile(r"[^\w]*(?P<word>[A-Z][\w'’-]*)")


def _mask(text: str, periods: Sequence[tuple[int, int, str]]) -> str:
    """The claim with periods and markup blanked, same length, so offsets still hold."""
    chars = list(text)
    for s, e, _ in periods:
        # ", in 2021," is an aside: blank its commas too, so the clause reads on across it.
        lo, hi = s, e
        lead = PERIOD_LEAD_RE.search(text, max(0, s - 30), s)
        if lead is not None:
            lo = lead.start()
        while lo and chars[lo - 1] == " ":
            lo -= 1
        if lo and chars[lo - 1] == "," and hi < len(chars) and chars[hi] == ",":
            lo, hi = lo - 1, hi + 1
        chars[lo:hi] = " " * (hi - lo)
    masked = re.sub(r"\*+|\\(?=\S)", lambda m: " " * len(m[0]), "".join(chars))
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
    while words and words[-1].lower() in NP_STOP_WORDS | NP_PREPOSITIONS | OTHER_PREPOSITIONS:
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


def _participle(left: str) -> str:
    m = VERB_BEFORE_RE.search(left[-40:])
    if m is None:
        return ""
    verb = " ".join(m["verb"].split())
    return " " + PARTICIPLES[verb] if verb in PARTICIPLES else ""


def _nominal(left: str) -> str | None:
    """ "China invested" before a sum -> "Chinese investment"; None when no such verb."""
    m = NOMINAL_RE.search(left[-80:])
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
    left, right = masked[:a], masked[b:]
    if left.rstrip().endswith("(") and (listed := _list_measure(left, fig, previous)):
        return listed
    return _local_measure(left, right, fig), False


def _local_measure(left: str, right: str, fig: Figure) -> str | None:
    in_parens = re.search(r"\(\s*\Z", left) and re.match(r"\s*\)", right)
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
    growth = GROWTH_LEFT_RE.search(left[-60:]) if percent else None
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

    subject = SUBJECT_VERB_RE.search(left[-80:])
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
    before = re.sub(rf"(?:\s*{_QUALIFIER})?\s*{_MARKUP}*\s*\Z", "", left)
    last = before.split()[-1].lower() if before.split() else ""
    if last in PARTICIPLES or last.endswith(("ed", "ing")) or last in NP_PREPOSITIONS:
        return None
    return _clean(_np_left(before))


def _pick_period(periods: Sequence[tuple[int, int, str]], text: str, a: int, b: int) -> str | None:
    """The period nearest the figure, preferring one in the same clause."""
    best: tuple[int, int, str] | None = None
    for s, e, label in periods:
        lo, hi = (e, a) if e <= a else (b, s)
        between = text[lo:hi] if hi > lo else ""
        opening = s == 0 or not text[:s].strip()
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


def describe_figures(
    body: str, spans: Sequence[tuple[int, int]], figures: Sequence[Figure]
) -> list[Figure]:
    """The figures with measure and period filled in; years that serve as periods are dropped."""
    out: list[Figure] = []
    cache: dict[int, tuple[str, str, list[tuple[int, int, str]]]] = {}
    measures: dict[int, list[str]] = {}
    periods_seen: dict[int, str] = {}
    for fig in figures:
        if not 0 <= fig.claim < len(spans):
            out.append(fig)
            continue
        start, end = spans[fig.claim]
        if fig.claim not in cache:
            text = body[start:end]
            periods = find_periods(text)
            cache[fig.claim] = (text, _mask(text, periods), periods)
        text, masked, periods = cache[fig.claim]
        a, b = max(0, fig.start - start), max(0, min(len(text), fig.end - start))
        duration = fig.kind == FigureKind.quantity and fig.unit in TIME_UNITS
        if (fig.kind == FigureKind.count or duration) and any(
            s <= a and b <= e for s, e, _ in periods
        ):
            continue  # "in 2021", "the past two decades": when, not how much
        if fig.kind == FigureKind.count:
            number = NUMBER_PART_RE.match(text, a, b)
            if number is not None and number.end() > a:
                b = number.end()  # the counted noun stays in the span; read it as right context
        if duration:
            measure, borrowed = None, False
        else:
            measure, borrowed = _measure(masked, fig, a, b, measures.get(fig.claim - 1, []))
        period = _pick_period(periods, text, a, b)
        if borrowed and period is None:
            period = periods_seen.get(fig.claim - 1)
        if measure:
            measures.setdefault(fig.claim, []).append(measure)
        if period:
            periods_seen.setdefault(fig.claim, period)
        out.append(replace(fig, measure=measure, period=period))
    return out


# --- measure keys ------------------------------------------------------------------------------

EXPORT_WORDS = frozenset({"export", "exported", "exporting"})
IMPORT_WORDS = frozenset({"import", "imported", "importing"})
KEY_STOPWORDS = _words("the a an its their his her our this these those total overall 's")
PREFIXES = ("share of ", "growth of ", "decline of ")


def _fold(word: str) -> str:
    """Plural to singular, crudely but consistently: "imports" -> "import", "cities" -> "city"."""
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
