"""Tables for the corpus generator: countries, outlets, people, sources and filler prose.

Data only, no logic beyond tiny accessors. Country names are real; outlets, people, projects
and agreements are invented, so no generated "fact" can be mistaken for a real one.
"""

from __future__ import annotations

from typing import NamedTuple


class Country(NamedTuple):
    name: str  # as used mid-sentence: "Russia", "the United States"
    adj: str  # "Russian"
    capital: str
    fiscal_end: tuple[int, int] | None = (
        None  # (month, day) its statistics year ends, if not Dec 31
    )

    @property
    def cap(self) -> str:
        """The name at the start of a sentence."""
        return self.name[0].upper() + self.name[1:]

    @property
    def poss(self) -> str:
        return self.name + ("'" if self.name.endswith("s") else "'s")


COUNTRIES: tuple[Country, ...] = (
    Country("Russia", "Russian", "Moscow"),
    Country("Afghanistan", "Afghan", "Kabul", (3, 20)),
    Country("China", "Chinese", "Beijing"),
    Country("Pakistan", "Pakistani", "Islamabad", (6, 30)),
    Country("Iran", "Iranian", "Tehran", (3, 20)),
    Country("India", "Indian", "New Delhi", (3, 31)),
    Country("Turkey", "Turkish", "Ankara"),
    Country("Kazakhstan", "Kazakh", "Astana"),
    Country("Uzbekistan", "Uzbek", "Tashkent"),
    Country("Tajikistan", "Tajik", "Dushanbe"),
    Country("Turkmenistan", "Turkmen", "Ashgabat"),
    Country("Kyrgyzstan", "Kyrgyz", "Bishkek"),
    Country("Germany", "German", "Berlin"),
    Country("France", "French", "Paris"),
    Country("Japan", "Japanese", "Tokyo", (3, 31)),
    Country("Saudi Arabia", "Saudi", "Riyadh"),
    Country("the United Arab Emirates", "Emirati", "Abu Dhabi"),
    Country("Qatar", "Qatari", "Doha"),
    Country("Egypt", "Egyptian", "Cairo", (6, 30)),
    Country("Indonesia", "Indonesian", "Jakarta"),
    Country("Brazil", "Brazilian", "Brasilia"),
    Country("South Africa", "South African", "Pretoria"),
    Country("Nigeria", "Nigerian", "Abuja"),
    Country("Ethiopia", "Ethiopian", "Addis Ababa"),
    Country("Kenya", "Kenyan", "Nairobi", (6, 30)),
    Country("Azerbaijan", "Azerbaijani", "Baku"),
    Country("Georgia", "Georgian", "Tbilisi"),
    Country("Armenia", "Armenian", "Yerevan"),
    Country("Belarus", "Belarusian", "Minsk"),
    Country("Mongolia", "Mongolian", "Ulaanbaatar"),
    Country("Bangladesh", "Bangladeshi", "Dhaka", (6, 30)),
    Country("Sri Lanka", "Sri Lankan", "Colombo"),
    Country("Vietnam", "Vietnamese", "Hanoi"),
    Country("Malaysia", "Malaysian", "Kuala Lumpur"),
    Country("South Korea", "South Korean", "Seoul"),
    Country("the United States", "American", "Washington"),
    Country("the United Kingdom", "British", "London"),
    Country("Italy", "Italian", "Rome"),
    Country("Poland", "Polish", "Warsaw"),
    Country("Norway", "Norwegian", "Oslo"),
    Country("Canada", "Canadian", "Ottawa"),
    Country("Iraq", "Iraqi", "Baghdad"),
    Country("Jordan", "Jordanian", "Amman"),
    Country("Oman", "Omani", "Muscat"),
    Country("Algeria", "Algerian", "Algiers"),
    Country("Morocco", "Moroccan", "Rabat"),
    Country("Nepal", "Nepalese", "Kathmandu"),
    Country("Myanmar", "Myanmar", "Naypyidaw"),
    Country("Serbia", "Serbian", "Belgrade"),
    Country("Hungary", "Hungarian", "Budapest"),
)

# Donors that report aid in euros; a detector must not compare their EUR and USD figures blindly.
EURO_DONORS = frozenset({"Germany", "France", "Italy"})

SECTORS = (
    "mining",
    "energy",
    "railway",
    "telecommunications",
    "agriculture",
    "oil",
    "hydropower",
    "road-building",
    "cement",
    "textile",
)
TRADE_GOODS = ("wheat", "fuel", "fertiliser", "timber", "steel", "cotton", "flour", "sugar")
AID_PARTS = ("food", "health", "education", "refugee", "de-mining")
PRODUCTION = (  # commodity, unit, low, high (per year)
    ("oil", "tonne", 5_000, 900_000),
    ("crude oil", "barrel", 200_000, 40_000_000),
    ("wheat", "tonne", 50_000, 9_000_000),
    ("coal", "tonne", 20_000, 5_000_000),
    ("copper", "tonne", 1_000, 300_000),
    ("cement", "tonne", 10_000, 3_000_000),
    ("cotton", "tonne", 5_000, 800_000),
    ("natural gas condensate", "tonne", 2_000, 200_000),
)
COUNTED = (  # measure id, noun, low, high
    ("diplomats", "diplomats", 4, 90),
    ("troops", "troops", 150, 9_000),
    ("projects", "projects", 5, 240),
    ("scholarships", "scholarships", 20, 1_500),
)
TROOP_NOUNS = ("troops", "soldiers", "servicemen", "military personnel")
DIPLOMAT_NOUNS = ("diplomats", "diplomatic staff", "accredited diplomats")

# Where a figure is said to come from: attributions vary so no detector can key on one.
SOURCES = (
    "the national statistics office",
    "customs data",
    "the IMF",
    "the World Bank",
    "UN Comtrade data",
    "the central bank",
    "official figures",
    "the ministry of commerce",
    "trade ministry figures",
    "the UN's trade database",
    "government data",
    "the Chamber of Commerce",
    "industry estimates",
    "the finance ministry",
    "data compiled by the OECD",
    "the state news agency",
)

FIRST_NAMES = (
    "Taut",
    "Wasim",
    "Amina",
    "Sergei",
    "Li",
    "Farid",
    "Nadia",
    "Ahmad",
    "Elena",
    "Omar",
    "Zhang",
    "Priya",
    "Karim",
    "Olga",
    "Hamid",
    "Leila",
    "Ivan",
    "Sana",
    "Rustam",
    "Mei",
    "Javed",
    "Anna",
    "Bilal",
    "Yusuf",
    "Dilnoza",
    "Tariq",
    "Irina",
    "Samuel",
    "Fatima",
    "Daniyar",
)
LAST_NAMES = (
    "Bataut",
    "Qadri",
    "Rahimi",
    "Volkov",
    "Wei",
    "Karimov",
    "Haidari",
    "Sokolova",
    "Siddiqui",
    "Chen",
    "Nazarov",
    "Malik",
    "Petrova",
    "Yusufzai",
    "Ibrahimi",
    "Tursunov",
    "Ramani",
    "Khan",
    "Orlov",
    "Sheikh",
    "Korybko",
    "Mirzaev",
    "Baig",
    "Hussaini",
    "Lindqvist",
    "Okafor",
    "Duarte",
)

OUTLET_WORDS = (
    "Eurasia",
    "Steppe",
    "Silk Road",
    "Indus",
    "Caspian",
    "Frontier",
    "Continental",
    "Meridian",
    "Hindu Kush",
    "Oxus",
    "Pamir",
    "Amu Darya",
    "Karakoram",
    "Crescent",
    "Horizon",
)
WEB_NOUNS = ("Monitor", "Dispatch", "Tribune", "Post", "Times", "Daily", "Herald", "Chronicle")
MAG_NOUNS = ("Outlook", "Review", "Journal", "Observer", "Magazine", "Digest")
OCR_FORMS = (
    "Institute for {w} Studies",
    "{w} Policy Centre",
    "Centre for {w} Research",
    "{w} Strategic Forum",
    "{w} Institute of International Affairs",
)
OCR_SERIES = (
    "Policy Brief",
    "Issue Brief",
    "Research Paper",
    "Occasional Paper",
    "Strategic Comment",
)

# Lines a magazine site prints above the article: non-Latin mastheads, mottos, contact lines.
MASTHEADS = (
    ("صدای آزاد – آزاد صدای", "نشریه اینترنتی برای آزادی و دموکراسی"),
    ("Новости и аналитика", "Независимое обозрение Евразии"),
    ("أخبار وتحليلات", "مجلة إلكترونية مستقلة"),
    ("新闻与分析", "欧亚观察"),
    ("خبریں اور تجزیہ", "آزاد رائے کا جریدہ"),
)
SECTION_LINES = ("European Languages", "English Section", "International", "Analysis")
NON_LATIN_SECTION = ("زبانهای اروپایی", "Английский раздел", "القسم الإنجليزي", "英文版")

MENU_ITEMS = (
    "Home",
    "Latest",
    "World",
    "Politics",
    "Economy",
    "Opinion",
    "Asia",
    "Security",
    "Video",
)
SOCIAL = ("youtube", "facebook", "twitter", "telegram", "linkedin")
COOKIE_NOTICES = (
    "This website uses cookies so that we can provide you with the best user experience possible. "
    "Cookie information is stored in your browser and performs functions such as recognizing you "
    "when you return to our website.",
    "We use cookies to personalise content and ads and to analyse our traffic. By continuing to "
    "browse the site you agree to our use of cookies.",
    "Our site uses cookies. Accept all cookies or manage your preferences in the settings.",
)
COMMENT_BOX = ("LEAVE A REPLY", "Please enter your comment!", "Please enter your name here")

# Generic analysis prose: no figures, so filler can never create an unplanted conflict.
FILLER = (
    "{A} has long treated {B} as a test of its regional ambitions.",
    "Observers in {Acap} and {Bcap} read the same events in very different ways.",
    "The relationship between {A} and {B} has been shaped by decades of mistrust and necessity.",
    "Officials in {Bcap} insist that engagement does not amount to endorsement.",
    "Few analysts expect a breakthrough in the near term.",
    "The economic rationale is real, but so are the security risks.",
    "Critics argue that the policy rewards intransigence rather than reform.",
    "For {A}, stability along the border matters more than ideology.",
    "Much depends on whether the current leadership in {Bcap} can deliver on its promises.",
    "Western capitals have watched these developments with a mixture of concern and resignation.",
    "The shift did not happen overnight; it followed years of quiet diplomacy.",
    "Regional powers are positioning themselves to fill the vacuum left by the West.",
    "Sanctions have narrowed the options available to both governments.",
    "Trade routes through the region remain hostage to security concerns.",
    "{Aadj} diplomats describe the contacts as pragmatic rather than strategic.",
    "{Badj} officials, for their part, have welcomed the attention.",
    "The humanitarian situation continues to weigh on every calculation.",
    "None of this means that the two sides trust each other.",
    "Infrastructure promises have a way of outlasting the governments that make them.",
    "It is too early to say whether the new approach will succeed.",
    "Energy cooperation is often cited as the most promising area of engagement.",
    "The rhetoric in {Acap} has softened noticeably since the start of the decade.",
    "Domestic audiences in both countries remain sceptical.",
    "Neighbouring states fear that instability could spill across their borders.",
    "Since the beginning of the 21st century, the balance of power in the region has shifted.",
    "Security cooperation remains limited to intelligence sharing and border management.",
    "The private sector has been slower than governments to commit resources.",
    "Much of the promised connectivity exists only on paper.",
    "Analysts caution against reading too much into symbolic gestures.",
    "The question is whether symbolism can be turned into substance.",
    "{A} also wants to show that it is not isolated on the world stage.",
    "{B} needs partners that do not attach political conditions to their support.",
    "Multilateral forums have offered both sides a convenient stage.",
    "Public statements rarely reveal the full extent of the bargaining behind closed doors.",
    "Drug trafficking and extremism remain shared concerns.",
    "The situation on the ground has often lagged behind announcements made in {Acap}.",
    "Local businesses complain that red tape still hampers cross-border trade.",
    "Diplomatic recognition remains the prize that {Bcap} seeks above all.",
    "The competition between the great powers gives smaller states room to manoeuvre.",
    "Even sympathetic observers concede that progress has been uneven.",
)
HEADINGS = (
    "{A}'s Calculus in {B}",
    "Economic Ties",
    "Security Concerns",
    "The Road Ahead",
    "Trade and Investment",
    "A Shifting Balance",
    "Diplomatic Engagement",
    "What Comes Next",
    "Historical Context",
    "Competing Interests",
    "Efforts to Resolve the Issues",
)
TITLES = (
    "How {A} and {B} Are Rewriting Their Relationship",
    "{A}'s Growing Footprint in {B}",
    "{A} and {B}: Substance or Symbolism?",
    "Why {B} Matters to {A}",
    "{A} Extends Its Reach into {B}",
    "The Quiet Partnership Between {A} and {B}",
    "{B} Looks to {A} as the West Steps Back",
    "Trade, Trust and Terror: {A} in {B}",
    "What {A} Wants from {B}",
    "{A}–{B} Ties at a Crossroads",
)
TEASERS = (
    "Putin's Peace Talks Offer: Why Ukraine Remains Skeptical",
    "AI-Powered Warships: A New Naval Race",
    "Border Clashes Test a Fragile Truce",
    "Inside the Race for Central Asian Minerals",
    "Why Gulf Investors Are Looking East",
    "Drought Deepens Food Crisis Across the Region",
    "Railway Dreams and Mountain Realities",
    "The New Geography of Energy Pipelines",
    "Refugees Caught Between Closed Borders",
    "A Summit With Few Surprises",
)
BIOS = (
    "is a researcher and writer who publishes on South Asian geopolitics",
    "is an Islamabad-based senior journalist and media trainer",
    "covers Central Asian energy and trade for regional outlets",
    "is a fellow working on security in Eurasia",
    "is a former diplomat and commentator on regional affairs",
)
HEADLINE_WORDS = (
    "Stakes Its Claim in",
    "Looks to Play a Role in",
    "Recalibrates Its Ties with",
    "Courts",
    "Bets on",
    "Reconsiders Its Options in",
    "Tightens Its Grip on",
)
SYLLABLES = (
    "ka",
    "var",
    "dos",
    "ta",
    "bad",
    "shir",
    "khan",
    "mar",
    "zo",
    "ran",
    "tel",
    "ga",
    "nur",
    "sar",
    "bol",
    "ke",
    "mi",
    "da",
    "ros",
    "tash",
    "lo",
    "qi",
    "par",
    "ven",
    "ul",
    "zar",
)
PLACE_SUFFIXES = ("abad", "kent", "ovo", "gorsk", "shahr", "pur", "an", "")
PROJECT_KINDS = (
    "hydropower plant",
    "irrigation canal",
    "cement works",
    "logistics hub",
    "gas-fired power station",
    "textile park",
    "copper concentrator",
    "rail spur",
    "dry port",
    "solar farm",
)
ACCORD_KINDS = (
    "transit agreement",
    "accord on rail connectivity",
    "energy memorandum",
    "trade protocol",
    "security pact",
    "water-sharing agreement",
    "visa facilitation agreement",
    "customs convention",
)
FORUM_KINDS = (
    "Economic Forum",
    "Connectivity Initiative",
    "Regional Contact Group",
    "Development Compact",
)
EVENT_PLACES = (
    "border crossing",
    "railway line",
    "pipeline",
    "trade centre",
    "bridge",
    "power line",
)

# Composed filler: opener + plural subject + predicate(topic), thousands of figure-free sentences.
FILLER_OPENERS = (
    "",
    "",
    "",
    "",
    "Moreover, ",
    "However, ",
    "At the same time, ",
    "In practice, ",
    "For now, ",
    "Still, ",
    "Crucially, ",
    "Unsurprisingly, ",
)
FILLER_SUBJECTS = (
    "policymakers in {Acap}",
    "officials in {Bcap}",
    "regional analysts",
    "Western diplomats",
    "business groups in {B}",
    "security officials in {Acap}",
    "{Aadj} diplomats",
    "opposition figures in {B}",
    "international lenders",
    "humanitarian agencies",
    "many observers",
    "commentators in {Bcap}",
    "{Badj} traders",
    "think-tank experts",
)
FILLER_PREDICATES = (
    "remain cautious about {t}",
    "have repeatedly called for {t}",
    "see little alternative to {t}",
    "are divided over {t}",
    "have quietly invested political capital in {t}",
    "warn against overstating the prospects for {t}",
    "increasingly frame the debate in terms of {t}",
    "doubt that there is much appetite for {t}",
    "privately concede that {t} will take years",
)
FILLER_TOPICS = (
    "closer economic integration",
    "the reopening of trade corridors",
    "a negotiated settlement",
    "border security",
    "energy cooperation",
    "formal recognition",
    "counter-terrorism cooperation",
    "sanctions relief",
    "regional connectivity",
    "the humanitarian response",
    "long-term reconstruction",
    "visa liberalisation",
    "a new transit regime",
    "water-sharing arrangements",
)
