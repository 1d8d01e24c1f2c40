"""The demo's yearly rhythm: the 2025–2026 plan for Palo Alto and its three yearly series.

Loaded by :mod:`vanort.demo.series_loader` through the series services, as the coordinator: each
series starts with its 2025 occurrence and repeats every year until the end of the next plan (the
one in :data:`vanort.demo.plans_data.UPCOMING_PLAN`), so that the 2026 occurrence falls in this
plan and the following ones in the next. The 2025 occurrences are done; in 2026 the anniversary
meeting and the youth week are done and the climate seminar is still ongoing, its last planning
call not held — overdue, so "what is due" shows it. All people are invented.
"""

from __future__ import annotations

PLAN = {
    "key": "palo_alto_2025",
    "subject": "palo_alto",
    "title_sv": "Handlingsplan Linköping–Palo Alto 2025–2026",
    "title_en": "Action plan Linköping–Palo Alto 2025–2026",
    "description_sv": (
        "Det årliga arbetet i systerortssamarbetet: jubileumsmötet i maj, ungdomsveckan i augusti och "
        "klimatseminariet i november med fyra planeringsmöten om året."
    ),
    "description_en": (
        "The yearly work of the sister-city cooperation: the anniversary meeting in May, the youth week in "
        "August and the climate seminar in November with four planning calls a year."
    ),
    "period": ("2025-01-01", "2026-12-31"),
    "coordinator": "samordnare",
    "is_public": True,
    "transitions": [
        ("coordination", "2025-01-21T10:00:00", "Utkastet skickat på avstämning till förvaltningar, föreningar och Palo Alto."),
        ("adopted", "2025-03-11T14:00:00", "Fastställd efter avstämning."),
    ],
}

# "outcomes": year → (outcome, benefit) of the occurrences that are done; "calls_done": the
# planning calls held, by year (the others are not done).
SERIES = [
    {
        "key": "anniversary_meeting",
        "kind": "conference",
        "organisation": "intl",
        "participating": ["lpaf", "neighbors"],
        "areas": ["dialogue"],
        "planned": ("2025-05-14", "2025-05-15"),
        "title_sv": "Årligt jubileumsmöte för systerortssamarbetet med Palo Alto",
        "title_en": "Yearly anniversary meeting of the sister-city cooperation with Palo Alto",
        "description_sv": (
            "På årsdagen av samverkansöverenskommelsen möts politiker, tjänstepersoner och föreningar från "
            "båda städerna (växelvis i Linköping och digitalt) och stämmer av årets handlingsplan."
        ),
        "description_en": (
            "On the anniversary of the cooperation agreement, politicians, officers and associations from both "
            "cities meet (in turn in Linköping and online) and review the year's action plan."
        ),
        "place": "Stadshuset, Linköping",
        "is_public": True,
        "goals": "Stämma av handlingsplanen med Palo Alto en gång om året.",
        "indicators": "Mötet hållet; handlingsplanen avstämd.",
        "marker": 1,
        "equality": "Ungdomsrådet och föreningarna bjuds in; deltagarlistan följs upp per kön.",
        "outcomes": {
            2025: ("Handlingsplanen stämdes av; två nya föreningskontakter.", "God nytta till en låg kostnad."),
            2026: ("Planen för jubileumsåret 2027 togs fram tillsammans med Palo Alto.", "Stor nytta inför jubileet."),
        },
    },
    {
        "key": "youth_week",
        "kind": "youth_exchange",
        "organisation": "utb",
        "participating": ["lpaf"],
        "areas": ["school"],
        "planned": ("2025-08-11", "2025-08-15"),
        "title_sv": "Ungdomsvecka med Palo Alto",
        "title_en": "Youth week with Palo Alto",
        "description_sv": (
            "En vecka i augusti då ungdomar från Palo Alto och Linköping arbetar med ett gemensamt tema, "
            "växelvis i de två städerna."
        ),
        "description_en": (
            "A week in August in which young people from Palo Alto and Linköping work on a shared theme, "
            "in turn in the two cities."
        ),
        "place": "Katedralskolan, Linköping",
        "is_public": True,
        "goals": "Ge ungdomar i båda städerna ett eget utbyte varje år.",
        "indicators": "Antal deltagare; andel som deltar igen.",
        "marker": 2,
        "equality": "Platserna fördelas med jämn könsfördelning och oavsett familjens ekonomi.",
        "outcomes": {
            2025: ("Tjugo ungdomar deltog; temat var klimat och stadsmiljö.", "Stor nytta för deltagarna."),
            2026: ("Arton ungdomar deltog; tre av dem deltog igen.", "Stor nytta; fler sökande än platser."),
        },
    },
    {
        "key": "climate_seminar",
        "kind": "conference",
        "organisation": "msb",
        "participating": ["tvab"],
        "areas": ["energy"],
        # The activity is the year's work: from the first planning call to the seminar in November.
        "planned": ("2025-02-10", "2025-11-13"),
        "title_sv": "Klimatseminarium med Palo Alto",
        "title_en": "Climate seminar with Palo Alto",
        "description_sv": (
            "Ett seminarium i november om klimatomställning i båda städerna, förberett under fyra "
            "planeringsmöten med Palo Alto under året."
        ),
        "description_en": (
            "A seminar in November on the climate transition in both cities, prepared over four planning "
            "calls with Palo Alto during the year."
        ),
        "place": "Stadshuset, Linköping",
        "is_public": True,
        "goals": "Ta med minst en metod om året till Linköpings klimatfärdplan.",
        "indicators": "Metoder som tas in i klimatfärdplanen.",
        "marker": 1,
        "equality": "Talarlistan sätts samman med jämn könsfördelning.",
        "progress_from_milestones": True,
        # Quarterly planning calls (days after the start): the progress is the share held.
        "planning_calls": [0, 91, 189, 252],
        "calls_done": {2025: 4, 2026: 3},
        "outcomes": {
            2025: ("Palo Altos arbete med elektrifiering av befintliga hus presenterades för 80 deltagare.",
                   "En metod prövas i klimatfärdplanen."),
        },
        "ongoing": [2026],
    },
]
