"""Tables only: the words and symbols the figures stage reads around a number.

Keys are lower-case surface forms (tokens joined by one space, or glued when the text glues
them: "km/h", "m2", "°c"); values are canonical units. No logic lives here except the
small helpers that build the tables from data.
"""

from __future__ import annotations


def _words(text: str) -> frozenset[str]:
    """A set from whitespace-separated words: long word lists stay readable as text."""
    return frozenset(text.split())


# --- number words -------------------------------------------------------------------------
SMALL_NUMBERS: dict[str, int] = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13,
    "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18,
    "nineteen": 19,
}  # fmt: skip
TENS: dict[str, int] = {
    "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70,
    "eighty": 80, "ninety": 90,
}  # fmt: skip
# Multipliers inside a spelled-out number ("two hundred", "three quarters billion").
WORD_MULTIPLIERS: dict[str, float] = {
    "hundred": 1e2, "thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12,
    "dozen": 12.0, "half": 0.5, "quarter": 0.25, "quarters": 0.25,
}  # fmt: skip

# --- scale words after a number -------------------------------------------------------------
# Always a scale, spaced or glued: "1.5 million", "€3bn", "2 mln".
SCALES: dict[str, float] = {
    "hundred": 1e2, "thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12,
    "millions": 1e6, "billions": 1e9,  # "45 millions" in translated text
    "mn": 1e6, "mln": 1e6, "mio": 1e6, "bn": 1e9, "bln": 1e9, "tn": 1e12, "trn": 1e12,
    "lakh": 1e5, "lakhs": 1e5, "lac": 1e5, "crore": 1e7, "crores": 1e7,
}  # fmt: skip
# A scale only next to money ("$2m", "1.8M dollars"); otherwise "48m" is 48 metres.
MONEY_SCALES: dict[str, float] = {"m": 1e6, "b": 1e9, "k": 1e3, "K": 1e3, "M": 1e6, "B": 1e9}

# --- currencies ---------------------------------------------------------------------------
# ISO codes read before or after a number ("USD 79.2m", "79.2 million USD", "115usd").
# Codes that are also English words are matched upper-case only (TRY, PEN: "his pen 7 times")
# or not at all (ALL, MAD: "ALL 5 solutions" is a peer-spec negative).
ISO_CODES: frozenset[str] = _words(
    """
USD EUR GBP JPY CNY CHF CAD AUD NZD HKD SGD INR PKR AFN RUB IRR SAR AED QAR KWD BHD OMR
BRL MXN ZAR KRW SEK NOK DKK PLN UAH KZT UZS TJS TMT KGS BDT LKR NPR EGP NGN KES IDR MYR
THB ILS TWD IQD SYP JOD LBP CZK HUF RON BGN ARS CLP COP PEN TRY GEL
XOF XAF XDR ETB GHS TZS UGX RWF ZMW MWK MZN AOA NAD BWP DZD TND LYD SDG DJF AZN BYN MNT MMK
KHR VND LAK BND ISK RSD MKD BAM MDL UYU PYG VES DOP GTQ HNL JMD TTD FJD PGK MUR SCR MVR YER
"""
)
ISO_CODES_UPPER_ONLY: frozenset[str] = frozenset({"TRY", "GEL", "PEN"})
# Non-ISO codes that analysts write like ISO ones ("CFA 150 billion": the West African franc,
# as "CFA francs" below; "SDR": the IMF's special drawing right).
CODE_ALIASES: dict[str, str] = {
    "rmb": "CNY", "btc": "BTC", "xbt": "BTC", "cfa": "XOF", "fcfa": "XOF", "sdr": "XDR",
}  # fmt: skip

# Symbols; "$" alone is the US dollar (brief: bare $ = USD).
SYMBOLS: dict[str, str] = {
    "$": "USD", "€": "EUR", "£": "GBP", "¥": "JPY", "₹": "INR", "₽": "RUB", "₩": "KRW",
    "₺": "TRY", "₪": "ILS", "₦": "NGN", "₱": "PHP", "₴": "UAH", "₸": "KZT", "₿": "BTC",
    "元": "CNY", "₡": "CRC", "₾": "GEL", "₭": "LAK", "ரூ": "LKR", "؋": "AFN", "﷼": "IRR",
    "¢": "cent",
}  # fmt: skip
# Letters glued or spaced before "$": "hk $ 10.05 billion", "US$5", "c $ 300 million".
DOLLAR_PREFIXES: dict[str, str] = {
    "us": "USD", "u.s": "USD", "u.s.": "USD", "u. s.": "USD", "usd": "USD", "a": "AUD",
    "au": "AUD", "aud": "AUD", "c": "CAD", "ca": "CAD", "can": "CAD", "cad": "CAD",
    "hk": "HKD", "hkd": "HKD", "nz": "NZD", "nzd": "NZD", "s": "SGD", "sg": "SGD",
    "sgd": "SGD", "r": "BRL", "mex": "MXN", "mx": "MXN", "mxn": "MXN", "nt": "TWD",
}  # fmt: skip
# Only these may stand apart from the "$" (a spaced "a $5" is an article, not Australia).
SPACED_DOLLAR_PREFIXES: frozenset[str] = frozenset(
    {"us", "u.s", "u.s.", "u. s.", "usd", "c", "hk", "nz", "mex", "aud", "cad", "nzd", "sgd"}
)

# Currency names after a number ("289 million US dollars", "323 million euros").
# Ambiguous names without a country keep a lower-case noun: "franc", "rupee", "peso".
CURRENCY_NAMES: dict[str, str] = {
    "dollar": "USD", "dollars": "USD", "us dollar": "USD", "us dollars": "USD",
    "u.s. dollar": "USD", "u.s. dollars": "USD", "american dollars": "USD",
    "united states dollars": "USD", "australian dollar": "AUD", "australian dollars": "AUD",
    "canadian dollar": "CAD", "canadian dollars": "CAD", "hong kong dollars": "HKD",
    "new zealand dollars": "NZD", "singapore dollars": "SGD", "taiwan dollars": "TWD",
    "euro": "EUR", "euros": "EUR", "pound": "GBP", "pounds": "GBP", "pounds sterling": "GBP",
    "sterling": "GBP", "british pounds": "GBP", "egyptian pounds": "EGP",
    "lebanese pounds": "LBP", "yen": "JPY", "japanese yen": "JPY", "yuan": "CNY",
    "chinese yuan": "CNY", "renminbi": "CNY", "rupee": "rupee", "rupees": "rupee",
    "indian rupees": "INR", "pakistani rupees": "PKR", "pakistan rupees": "PKR",
    "sri lankan rupees": "LKR", "nepalese rupees": "NPR", "afghani": "AFN", "afghanis": "AFN",
    "rouble": "RUB", "roubles": "RUB", "ruble": "RUB", "rubles": "RUB",
    "russian roubles": "RUB", "russian rubles": "RUB", "franc": "franc", "francs": "franc",
    "swiss franc": "CHF", "swiss francs": "CHF", "french francs": "FRF",
    "cfa francs": "XOF", "finnish markka": "FIM", "markka": "FIM", "markkaa": "FIM",
    "deutsche marks": "DEM", "peseta": "ESP", "pesetas": "ESP", "guilder": "NLG",
    "guilders": "NLG", "dutch guilders": "NLG", "lira": "lira", "lire": "ITL",
    "turkish lira": "TRY", "turkish liras": "TRY", "riyal": "riyal", "riyals": "riyal",
    "saudi riyals": "SAR", "qatari riyals": "QAR", "rial": "rial", "rials": "rial",
    "iranian rials": "IRR", "tomans": "IRR", "dirham": "dirham", "dirhams": "dirham",
    "uae dirhams": "AED", "dinar": "dinar", "dinars": "dinar", "iraqi dinars": "IQD",
    "norwegian kroner": "NOK", "danish kroner": "DKK", "swedish kronor": "SEK",
    "cfa franc": "XOF", "birr": "ETB", "cedi": "GHS", "cedis": "GHS", "forint": "HUF",
    "forints": "HUF", "koruna": "CZK", "lei": "RON", "lari": "GEL", "kyat": "MMK",
    "riel": "KHR", "dong": "VND", "kwanza": "AOA", "shekel": "ILS", "shekels": "ILS",
    "taka": "BDT", "tenge": "KZT", "somoni": "TJS", "hryvnia": "UAH", "hryvnias": "UAH",
    "zloty": "PLN", "zlotys": "PLN", "kronor": "SEK", "kroner": "kroner",
    "peso": "peso", "pesos": "peso", "mexican pesos": "MXN", "rand": "ZAR", "naira": "NGN",
    "shilling": "shilling", "shillings": "shilling", "kenyan shillings": "KES",
    "baht": "THB", "ringgit": "MYR", "rupiah": "IDR", "korean won": "KRW",
    "south korean won": "KRW", "reais": "BRL", "brazilian reais": "BRL",
    "bitcoin": "BTC", "bitcoins": "BTC",
    # Sub-units are valued in the sub-unit ("50 cents" -> 50 cent), as the peer spec does.
    "cent": "cent", "cents": "cent", "penny": "penny", "pence": "penny", "pennies": "penny",
    "paisa": "paisa", "kopecks": "kopeck", "satoshi": "satoshi", "satoshis": "satoshi",
}  # fmt: skip
# An ambiguous name's currency in each country that uses it (the entity table's names):
# measure.py resolves "rupee", "shilling"... from the countries an article names.
CURRENCY_BY_COUNTRY: dict[str, dict[str, str]] = {
    "rupee": {"India": "INR", "Pakistan": "PKR", "Sri Lanka": "LKR", "Nepal": "NPR",
              "Mauritius": "MUR", "Seychelles": "SCR"},
    "shilling": {"Kenya": "KES", "Uganda": "UGX", "Tanzania": "TZS", "Somalia": "SOS"},
    "peso": {"Mexico": "MXN", "Argentina": "ARS", "Philippines": "PHP", "Colombia": "COP",
             "Chile": "CLP", "Uruguay": "UYU", "Cuba": "CUP", "Dominican Republic": "DOP"},
    "franc": {"Switzerland": "CHF", "Rwanda": "RWF", "Burundi": "BIF", "Guinea": "GNF",
              "Djibouti": "DJF", "Senegal": "XOF", "Mali": "XOF", "Côte d'Ivoire": "XOF",
              "Burkina Faso": "XOF", "Niger": "XOF", "Benin": "XOF", "Togo": "XOF",
              "Guinea-Bissau": "XOF", "Cameroon": "XAF", "Chad": "XAF", "Gabon": "XAF",
              "Central African Republic": "XAF", "Republic of the Congo": "XAF",
              "Equatorial Guinea": "XAF"},
    "dinar": {"Iraq": "IQD", "Jordan": "JOD", "Kuwait": "KWD", "Bahrain": "BHD", "Libya": "LYD",
              "Algeria": "DZD", "Tunisia": "TND", "Serbia": "RSD"},
    "riyal": {"Saudi Arabia": "SAR", "Qatar": "QAR", "Yemen": "YER", "Oman": "OMR"},
    "rial": {"Iran": "IRR", "Oman": "OMR", "Yemen": "YER"},
    "dirham": {"United Arab Emirates": "AED", "Morocco": "MAD"},
    "lira": {"Turkey": "TRY", "Lebanon": "LBP", "Syria": "SYP"},
    "kroner": {"Norway": "NOK", "Denmark": "DKK"},
}  # fmt: skip
SUB_UNITS: frozenset[str] = frozenset({"cent", "penny", "paisa", "kopeck", "satoshi"})
# Names that may also stand before the number ("Rs 500 crore", "dollar 22.5 million").
PREFIX_NAMES: dict[str, str] = {
    "rs": "rupee", "rs.": "rupee", "inr": "INR", "pkr": "PKR", "dollar": "USD",
    "dollars": "USD", "afs": "AFN", "af": "AFN", "tk": "BDT", "tk.": "BDT", "ksh": "KES",
    "ksh.": "KES", "rp": "IDR", "rp.": "IDR", "rm": "MYR",
}  # fmt: skip

# --- percent ------------------------------------------------------------------------------
PERCENT_WORDS: dict[str, str] = {
    "%": "%", "percent": "%", "per cent": "%", "percents": "%", "percentage": "%",
    "pct": "%", "percentage point": "percentage point",
    "percentage points": "percentage point", "percentage-point": "percentage point",
}  # fmt: skip

# --- measurement units --------------------------------------------------------------------
# canonical unit -> (class, surface forms). Classes tie a unit to a peer-spec model.
_UNIT_DATA: dict[str, tuple[str, tuple[str, ...]]] = {
    # length
    "kilometer": ("length", ("km", "kms", "kilometer", "kilometers", "kilometre", "kilometres")),
    "meter": ("length", ("m", "meter", "meters", "metre", "metres", "mtr")),
    "centimeter": ("length", ("cm", "centimeter", "centimeters", "centimetre", "centimetres")),
    "millimeter": ("length", ("mm", "millimeter", "millimeters", "millimetre", "millimetres")),
    "micrometer": ("length", ("μm", "µm", "micrometer", "micrometers", "micron", "microns")),
    "nanometer": ("length", ("nanometer", "nanometers", "nanometre", "nanometres")),
    "picometer": ("length", ("picometer", "picometers")),
    "decimeter": ("length", ("dm", "decimeter", "decimeters", "decimetre", "decimetres")),
    "mile": ("length", ("mile", "miles", "mi")),
    "nautical mile": ("length", ("nautical mile", "nautical miles", "nmi")),
    "foot": ("length", ("ft", "foot", "feet")),
    "inch": ("length", ("inch", "inches", '"', "″")),
    "yard": ("length", ("yd", "yds", "yard", "yards")),
    "light year": ("length", ("light year", "light years", "light-year", "light-years")),
    # area
    "square kilometer": ("area", ("km2", "km²", "sq km", "sq. km", "sqkm", "square kilometer",
                                  "square kilometers", "square kilometre", "square kilometres")),
    "square meter": ("area", ("m2", "m²", "sq m", "sqm", "square meter", "square meters",
                              "square metre", "square metres")),
    "square foot": ("area", ("sq ft", "sq. ft", "sqft", "ft2", "ft²", "square foot",
                             "square feet")),
    "square mile": ("area", ("sq mi", "square mile", "square miles")),
    "acre": ("area", ("acre", "acres")),
    "hectare": ("area", ("ha", "hectare", "hectares")),
    # volume
    "liter": ("volume", ("l", "liter", "liters", "litre", "litres", "ltr")),
    "milliliter": ("volume", ("ml", "milliliter", "milliliters", "millilitre", "millilitres")),
    "cubic meter": ("volume", ("m3", "m³", "cubic meter", "cubic meters", "cubic metre",
                               "cubic metres", "cu m")),
    "cubic kilometer": (
        "volume",
        ("km3", "km³", "cubic kilometer", "cubic kilometers", "cubic kilometre",
         "cubic kilometres"),
    ),
    "cubic foot": ("volume", ("cubic foot", "cubic feet", "cu ft", "ft3", "ft³")),
    "gallon": ("volume", ("gallon", "gallons", "gal")),
    "barrel": ("volume", ("barrel", "barrels", "bbl", "bbls")),
    "barrel of oil equivalent": ("volume", ("barrel of oil equivalent",
                                            "barrels of oil equivalent", "boe")),
    "cup": ("volume", ("cup", "cups")),
    "tablespoon": ("volume", ("tablespoon", "tablespoons", "tbsp")),
    "teaspoon": ("volume", ("teaspoon", "teaspoons", "tsp")),
    "pint": ("volume", ("pint", "pints")),
    "quart": ("volume", ("quart", "quarts")),
    # weight
    "metric ton": ("weight", ("t", "tonne", "tonnes", "metric ton", "metric tons",
                              "metric tonne", "metric tonnes")),
    "ton": ("weight", ("ton", "tons")),
    "kilogram": ("weight", ("kg", "kgs", "kilo", "kilos", "kilogram", "kilograms",
                            "kilogramme", "kilogrammes")),
    "gram": ("weight", ("g", "gr", "gram", "grams", "gramme", "grammes")),
    "milligram": ("weight", ("mg", "milligram", "milligrams", "milligramme", "milligrammes")),
    "microgram": ("weight", ("μg", "µg", "mcg", "microgram", "micrograms", "microgramme",
                             "microgrammes")),
    "pound": ("weight", ("lb", "lbs", "pound", "pounds")),
    "ounce": ("weight", ("oz", "ounce", "ounces")),
    "carat": ("weight", ("carat", "carats")),
    # speed (compound "X per Y" speeds are built by the parser)
    "kilometer per hour": ("speed", ("km/h", "km/hr", "kph", "kmph", "kmh", "km per hour",
                                     "kilometers per hour", "kilometres per hour",
                                     "kilometers an hour", "kilometres an hour")),
    "mile per hour": ("speed", ("mph", "miles per hour", "miles an hour", "mile per hour")),
    "meter per second": ("speed", ("m/s", "meters per second", "metres per second")),
    "knot": ("speed", ("knot", "knots")),
    # information (case-sensitive abbreviations are in CASED_UNITS)
    "bit": ("information", ("bit", "bits")),
    "byte": ("information", ("byte", "bytes")),
    "kilobyte": ("information", ("kilobyte", "kilobytes")),
    "megabyte": ("information", ("megabyte", "megabytes")),
    "gigabyte": ("information", ("gigabyte", "gigabytes")),
    "terabyte": ("information", ("terabyte", "terabytes")),
    "megabit": ("information", ("megabit", "megabits", "mb")),
    "gigabit": ("information", ("gigabit", "gigabits")),
    # energy and power: "1,450 gigawatt hours" must not read as 1,450 hours
    "kilowatt hour": ("energy", ("kwh", "kilowatt hour", "kilowatt hours", "kilowatt-hours")),
    "megawatt hour": ("energy", ("mwh", "megawatt hour", "megawatt hours", "megawatt-hours")),
    "gigawatt hour": ("energy", ("gwh", "gigawatt hour", "gigawatt hours", "gigawatt-hours")),
    "terawatt hour": ("energy", ("twh", "terawatt hour", "terawatt hours", "terawatt-hours")),
    "kilowatt": ("power", ("kw", "kilowatt", "kilowatts")),
    "megawatt": ("power", ("mw", "megawatt", "megawatts")),
    "gigawatt": ("power", ("gw", "gigawatt", "gigawatts")),
    # angle ("degree" alone is decided by context: see figures._degree_unit)
    "radian": ("angle", ("rad", "radian", "radians")),
    "turn": ("angle", ("turn", "turns")),
    # shipping containers: twenty-foot equivalent units
    "TEU": ("container", ("teu", "teus")),
    # temperature
    "degree celsius": ("temperature", ("°c", "ºc", "° c", "° celsius", "celsius", "celcius",
                                       "centigrade", "centigrate", "degree celsius",
                                       "degrees celsius", "degree c", "degrees c", "deg c",
                                       "deg celsius", "degrees centigrade")),
    "degree fahrenheit": ("temperature", ("°f", "ºf", "° f", "° fahrenheit", "fahrenheit",
                                          "farenheit", "degree fahrenheit",
                                          "degrees fahrenheit", "degree f", "degrees f",
                                          "deg f", "deg fahrenheit", "degrees farenheit")),
    "kelvin": ("temperature", ("kelvin", "kelvins")),
    # duration (not a peer-spec dimension; kind quantity all the same)
    "second": ("duration", ("seconds", "secs")),
    "millisecond": ("duration", ("millisecond", "milliseconds", "ms")),
    "minute": ("duration", ("minute", "minutes", "mins")),
    "hour": ("duration", ("hour", "hours", "hrs", "hr")),
    "day": ("duration", ("day", "days")),
    "week": ("duration", ("week", "weeks")),
    "month": ("duration", ("month", "months")),
    "year": ("duration", ("year", "years", "yrs")),
    "decade": ("duration", ("decade", "decades")),
    "century": ("duration", ("centuries",)),
}  # fmt: skip

UNITS: dict[str, str] = {
    surface: unit for unit, (_, forms) in _UNIT_DATA.items() for surface in forms
}
UNIT_CLASS: dict[str, str] = {unit: cls for unit, (cls, _) in _UNIT_DATA.items()}
UNIT_CLASS.update({"degree": "temperature", "degree of arc": "angle"})
# Abbreviations whose case carries meaning ("MB" megabyte vs "Mb" megabit).
CASED_UNITS: dict[str, str] = {
    "KB": "kilobyte", "kB": "kilobyte", "MB": "megabyte", "GB": "gigabyte", "TB": "terabyte",
    "Kb": "kilobit", "Mb": "megabit", "Gb": "gigabit", "Mbps": "megabit per second",
    "Gbps": "gigabit per second", "kbps": "kilobit per second",
}  # fmt: skip
UNIT_CLASS.update(dict.fromkeys(CASED_UNITS.values(), "information"))
# Degree words whose scale (angle or temperature) depends on the sentence.
DEGREE_WORDS: frozenset[str] = frozenset({"degree", "degrees", "deg", "deg.", "°", "º"})
TEMPERATURE_CONTEXT: frozenset[str] = _words(
    """
temperature temperatures thermostat heat heatwave hot cold warm warmer cooler weather
fever boil boils boiling freeze freezing frost climate celsius fahrenheit
"""
)
ANGLE_CONTEXT: frozenset[str] = _words(
    """
angle rotate rotated rotation turn turned tilt slope latitude longitude arc
"""
)
# Words that make "pounds" a weight, not sterling.
WEIGHT_CONTEXT: frozenset[str] = _words(
    """
weigh weighs weighed weighing weight heavy baby lose lost drop dropped gain gained ton
tons tonne kg kilogram kilograms ounce ounces eat eating fat
"""
)
# Time units that turn "km per hour", "barrels a day" into rates.
RATE_TIME_UNITS: dict[str, str] = {
    "hour": "hour", "hr": "hour", "h": "hour", "minute": "minute", "min": "minute",
    "second": "second", "sec": "second", "s": "second", "millisecond": "millisecond",
    "ms": "millisecond", "day": "day", "week": "week", "month": "month", "year": "year",
}  # fmt: skip

# Latin denominators of a money rate: "$3,000 per annum", "$40 per capita".
RATE_ANNUM: dict[str, str] = {"annum": "year", "capita": "person", "diem": "day"}

# "X per <time>" built by the parser: lengths become speeds, volumes and weights rates.
_RATE_CLASS = {"length": "speed", "volume": "rate", "weight": "rate"}
UNIT_CLASS.update({
    f"{unit} per {per}": _RATE_CLASS[cls]
    for unit, (cls, _) in _UNIT_DATA.items() if cls in _RATE_CLASS
    for per in set(RATE_TIME_UNITS.values())
})  # fmt: skip

# --- words around the number --------------------------------------------------------------
QUALIFIERS: tuple[str, ...] = (
    "just over",
    "just under",
    "well over",
    "a little over",
    "slightly more than",
    "more than",
    "less than",
    "fewer than",
    "at least",
    "at most",
    "up to",
    "close to",
    "no more than",
    "not more than",
    "as much as",
    "as many as",
    "as little as",
    "as few as",
    "upwards of",
    "in excess of",
    "an estimated",
    "estimated",
    "about",
    "around",
    "approximately",
    "roughly",
    "nearly",
    "almost",
    "over",
    "some",
    "under",
    "above",
    "below",
    "circa",
    "exactly",
    "precisely",
)
MONTHS: frozenset[str] = _words(
    """
january february march april june july august september october november december jan feb
mar apr jun jul aug sep sept oct nov dec
"""
)
# A number right before one of these is an ordinal or a label, not an amount
# ("21 century" and OCR'd "215t century" both mean "21st century").
ORDINAL_NOUNS: frozenset[str] = _words(
    """
century anniversary birthday edition session round floor amendment congress parliament
summit conference plenum
"""
)
# Lower-case words after which a number is a label: "article 51", "exit 436".
LABEL_WORDS: frozenset[str] = _words(
    """
article articles resolution resolutions section sections chapter chapters page pages
paragraph paragraphs clause clauses item items no no. nos number highway route exit flight
room level phase version v. rule act bill gate platform line road street avenue block unit
ward district province zone region sector table figure fig fig. annex appendix vol vol.
issue episode season
"""
)
# Words that stop the search for a counted noun ("two have been" has none).
STOP_WORDS: frozenset[str] = _words(
    """
of in on at to from by for with and or but nor the a an that which who whom whose this
these those is are was were be been being has have had do does did will would can could
should may might must shall per than as into onto over under after before since until
during about between among it its their they them we he she you i not no each every all
both so too very also only just then there here when where while if because ago later
earlier again out up down off his her our your my percent times against through across
within without via like unlike toward towards amid plus minus
"""
)
# Irregular plurals and the singular we store.
IRREGULAR_NOUNS: dict[str, str] = {
    "people": "person", "persons": "person", "men": "man", "women": "woman",
    "children": "child", "police": "police", "staff": "staff", "personnel": "personnel",
    "troops": "troop", "sheep": "sheep", "fish": "fish", "aircraft": "aircraft",
    "cattle": "cattle", "militia": "militia", "feet": "foot", "teeth": "tooth",
    "mice": "mouse", "geese": "goose", "series": "series", "species": "species",
    "means": "means", "crises": "crisis", "analyses": "analysis", "theses": "thesis",
    "buses": "bus", "statuses": "status", "lives": "life", "wives": "wife",
    "knives": "knife", "leaves": "leaf", "thieves": "thief", "halves": "half",
    "refugees": "refugee", "employees": "employee", "committees": "committee",
    "civilians": "civilian", "data": "data", "media": "media",
}  # fmt: skip
# Endings of words that look plural but are not ("various", "class", "analysis").
NOT_PLURAL_ENDINGS: tuple[str, ...] = ("ss", "us", "is", "ous", "'s", "’s", "ics")


# A number word after one of these refers back to things already named ("the two sides",
# "these three countries"): a reference, not a count the article reports. Digits are kept
# ("the 140 projects" still states how many). Seen on seeds 000 and 004.
ANAPHORIC_DETERMINERS: frozenset[str] = frozenset({"the", "these", "those", "both"})
# After a possessive a number word is a count ("its six reactors", "their twelve members")
# unless it names the parties already in play ("their two countries", "its three neighbours").
POSSESSIVE_DETERMINERS: frozenset[str] = frozenset(
    {"its", "their", "his", "her", "our", "your", "my"}
)
PARTY_NOUNS: frozenset[str] = _words(
    """
countries nations states sides parties leaders governments capitals neighbours neighbors
allies partners rivals powers presidents ministers delegations
"""
)
