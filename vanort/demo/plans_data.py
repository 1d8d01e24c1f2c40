"""The demo's action plans: the 2018 story, the 2023–2024 plan of the term of office 2022–2026 and
the next plan with its upcoming public activities; their activities, costs, participation and visits.

Loaded by :mod:`vanort.demo.plans_loader` through the plans services, after the registry of
:mod:`vanort.demo.data`. Keys of organisations, priority areas and users refer to that module.
Amounts are written as people type them ("171 450,50") and parsed with
:func:`vanort.plans.services.costs.parse_amount`. All people are invented.
"""

from __future__ import annotations

# --- Exchange rates ------------------------------------------------------------------------------
# (currency, valid from, home currency per unit)

EXCHANGE_RATES = [
    ("USD", "2018-01-01", "8.25"),
    ("USD", "2023-01-01", "10.45"),
]

# --- Action plans --------------------------------------------------------------------------------
# "transitions": (to status, when, note), done by the coordinator user through plan_transition.

PLANS = {
    "palo_alto_2018": {
        "subject": "palo_alto",
        "title_sv": "Handlingsplan Linköping–Palo Alto 2018",
        "title_en": "Action plan Linköping–Palo Alto 2018",
        "description_sv": (
            "Sammanställer de aktiviteter som förvaltningar, kommunala bolag, universitet och föreningar "
            "planerar inom systerortssamarbetet med Palo Alto under 2018, året då den nya "
            "samverkansöverenskommelsen undertecknas. Kommunledningskontorets internationella funktion "
            "samordnar; varje deltagare bekostar sin egen medverkan."
        ),
        "description_en": (
            "Compiles the activities that administrations, municipal companies, the university and "
            "associations plan within the sister-city cooperation with Palo Alto in 2018, the year the "
            "new cooperation agreement is signed. The international office coordinates; each participant "
            "pays its own way."
        ),
        "period": ("2018-01-01", "2018-12-31"),
        "coordinator": "samordnare",
        "is_public": True,
        "transitions": [
            (
                "coordination",
                "2018-01-22T10:15:00",
                "Utkastet skickat på avstämning till förvaltningar, bolag och partner.",
            ),
            (
                "adopted",
                "2018-03-12T14:30:00",
                "Fastställd efter avstämning; redovisas för kommunstyrelsen.",
            ),
        ],
    },
    "sca_2018": {
        "subject": "network",
        "title_sv": "Handlingsplan Smart City Alliance 2018",
        "title_en": "Action plan Smart City Alliance 2018",
        "description_sv": (
            "Linköpings bidrag till Smart City Alliance under nätverkets första år: nätverksmöte, ett "
            "gemensamt pilotprojekt om öppna data och erfarenhetsutbyte om klimatsmart stadsutveckling."
        ),
        "description_en": (
            "Linköping's contribution to the Smart City Alliance in the network's first year: a network "
            "meeting, a joint open-data pilot and an exchange of experience on climate-smart urban "
            "development."
        ),
        "period": ("2018-01-01", "2018-12-31"),
        "coordinator": "samordnare",
        "is_public": True,
        "transitions": [
            (
                "coordination",
                "2018-04-10T09:00:00",
                "Skickad på avstämning till Tekniska verken, Miljö- och samhällsbyggnadsförvaltningen och LiU.",
            ),
        ],
    },
}

# --- Activities ----------------------------------------------------------------------------------
# "plan": a key of PLANS, or None for a proposal not yet in a plan ("subject" then says whose).
# "accepted_by": the proposal was made without a plan and taken into "plan" by that user.
# Activities with status "done" are first saved as planned, then closed with their outcome.

ACTIVITIES = [
    {
        "key": "students",
        "plan": "palo_alto_2018",
        "kind": "student_exchange",
        "organisation": "liu",
        "participating": ["stanford"],
        "areas": ["university"],
        "title_sv": "Studentutbyte Linköpings universitet–Stanford, vårterminen 2018",
        "title_en": "Student exchange Linköping University–Stanford, spring term 2018",
        "description_sv": (
            "Tolv studenter från Linköpings universitet läser en termin vid Stanford, och två handledare "
            "följer med under inledningen. Utbytet har pågått sedan 1986."
        ),
        "description_en": (
            "Twelve Linköping University students spend a term at Stanford, with two supervisors for the "
            "first weeks. The exchange has run since 1986."
        ),
        "planned": ("2018-01-08", "2018-06-08"),
        "actual": ("2018-01-08", "2018-06-08"),
        "place": "Stanford University, Palo Alto",
        "status": "done",
        "is_public": True,
        "goals": "Öka antalet utresande studenter till Stanford jämfört med 2017.",
        "indicators": "Antal utresande studenter; andel kvinnor och män; antal tillgodoräknade poäng.",
        "outcome": "Tolv studenter genomförde terminen; samtliga fick sina kurser tillgodoräknade.",
        "benefit": (
            "Stor nytta: utbytet återupptar en långsiktig kontakt som minskat; kostnaden bärs av LiU "
            "inom ordinarie utbytesbudget."
        ),
        "marker": 1,
        "equality": "Urvalet gjordes med mål om jämn könsfördelning; åtta kvinnor och sex män reste.",
        "milestones": [
            ("Urval av studenter klart", "2017-11-30", "2017-11-28"),
            ("Avresa till Stanford", "2018-01-05", "2018-01-05"),
            ("Erfarenhetsrapport till internationella funktionen", "2018-06-30", "2018-06-25"),
        ],
        "participation": {
            "women": 8,
            "men": 6,
            "other_gender": 0,
            "under_18": 0,
            "age_18_29": 12,
            "age_30_plus": 2,
        },
        "costs": [
            ("liu", "travel", "SEK", "168 000", "171 450,50", "Flyg för studenter och handledare"),
            ("liu", "accommodation", "SEK", "240 000", "236 800", "Boende på campus"),
        ],
    },
    {
        "key": "researchers",
        "plan": "palo_alto_2018",
        "accepted_by": "samordnare",
        "subject": "palo_alto",
        "kind": "staff_exchange",
        "organisation": "liu",
        "participating": ["stanford"],
        "areas": ["university", "energy"],
        "title_sv": "Forskarutbyte: gästforskare från Stanford inom hållbar energi",
        "title_en": "Researcher exchange: visiting researchers from Stanford in sustainable energy",
        "description_sv": (
            "Fyra forskare från Stanford besöker Linköpings universitet i två veckor för gemensamma "
            "seminarier om energisystem. Föreslaget av LiU och upptaget i handlingsplanen."
        ),
        "description_en": (
            "Four Stanford researchers visit Linköping University for two weeks of joint seminars on "
            "energy systems. Proposed by LiU and taken into the action plan."
        ),
        "planned": ("2018-04-09", "2018-04-20"),
        "actual": ("2018-04-09", "2018-04-20"),
        "place": "Linköpings universitet",
        "status": "done",
        "is_public": False,
        "goals": "Etablera minst ett gemensamt forskningsprojekt mellan LiU och Stanford.",
        "indicators": "Antal gemensamma ansökningar och publikationer inom två år.",
        "outcome": "En gemensam forskningsansökan lämnades in i juni 2018.",
        "benefit": "Nyttan bedöms som hög för LiU:s energiforskning i förhållande till en måttlig kostnad.",
        "marker": 1,
        "equality": "Seminarierna hade lika många kvinnliga och manliga talare.",
        "participation": {
            "women": 2,
            "men": 2,
            "other_gender": 0,
            "under_18": 0,
            "age_18_29": 0,
            "age_30_plus": 4,
        },
        "costs": [
            ("liu", "project", "SEK", "85 000", "79 250", "Seminarier och värdskap"),
        ],
    },
    {
        "key": "signing",
        "plan": "palo_alto_2018",
        "kind": "delegation",
        "organisation": "intl",
        "participating": ["ks"],
        "areas": ["business", "dialogue"],
        "title_sv": "Politisk delegation: undertecknande av samverkansöverenskommelsen",
        "title_en": "Political delegation: signing of the cooperation agreement",
        "description_sv": (
            "Kommunstyrelsens ordförande leder en delegation till Palo Alto där den nya "
            "samverkansöverenskommelsen undertecknas den 15 maj 2018 (KS 2017-494, § 513)."
        ),
        "description_en": (
            "The chair of the municipal board leads a delegation to Palo Alto, where the new cooperation "
            "agreement is signed on 15 May 2018 (KS 2017-494, § 513)."
        ),
        "planned": ("2018-05-13", "2018-05-17"),
        "actual": ("2018-05-13", "2018-05-17"),
        "place": "Palo Alto City Hall",
        "status": "done",
        "is_public": True,
        "goals": "Underteckna den nya samverkansöverenskommelsen och förankra handlingsplanen.",
        "indicators": "Överenskommelsen undertecknad; handlingsplanen presenterad för Palo Altos stadsråd.",
        "outcome": "Överenskommelsen undertecknades den 15 maj 2018 av båda städerna.",
        "benefit": "Ger samarbetet en ny formell grund; kostnaden bärs av kommunledningskontoret.",
        "marker": 1,
        "equality": "Delegationen bestod av både majoritet och opposition, tre kvinnor och fyra män.",
        "participation": {
            "women": 3,
            "men": 4,
            "other_gender": 0,
            "under_18": 0,
            "age_18_29": 0,
            "age_30_plus": 7,
        },
        "costs": [
            ("intl", "travel", "SEK", "62 000", "58 940", "Flyg för delegationen"),
            ("intl", "accommodation", "SEK", "24 000", "22 180", "Hotell, fyra nätter"),
        ],
    },
    {
        "key": "business",
        "plan": "palo_alto_2018",
        "kind": "delegation",
        "organisation": "visit",
        "participating": ["senion", "narrative", "liu"],
        "areas": ["business", "smart"],
        "title_sv": "Näringslivsdelegation till Palo Alto och Stanford Research Park",
        "title_en": "Business delegation to Palo Alto and Stanford Research Park",
        "description_sv": (
            "Företag från Linköping följer med den politiska delegationen och möter företag och "
            "investerare i Stanford Research Park. SenionLab och Narrative delar med sig av sina "
            "erfarenheter av att etablera sig i Palo Alto."
        ),
        "description_en": (
            "Linköping companies join the political delegation and meet companies and investors in "
            "Stanford Research Park. SenionLab and Narrative share their experience of setting up in "
            "Palo Alto."
        ),
        "planned": ("2018-05-13", "2018-05-18"),
        "actual": ("2018-05-13", "2018-05-18"),
        "place": "Stanford Research Park, Palo Alto",
        "status": "done",
        "is_public": True,
        "goals": "Öppna dörrar för Linköpingsföretag i Silicon Valley.",
        "indicators": "Antal företag i delegationen; antal uppföljande affärsmöten inom sex månader.",
        "outcome": "Elva företag deltog; sju har haft uppföljande möten med företag i Palo Alto.",
        "benefit": "Varje företag bedömer själv nyttan; Visit Linköping bedömer etableringsnyttan som god.",
        "marker": 1,
        "equality": "Företag med kvinnliga grundare bjöds särskilt in; sju kvinnor och elva män deltog.",
        "participation": {
            "women": 7,
            "men": 11,
            "other_gender": 0,
            "under_18": 0,
            "age_18_29": 2,
            "age_30_plus": 16,
        },
        "costs": [
            (
                "visit",
                "travel",
                "SEK",
                "120 000",
                "118 600",
                "Resor för Visit Linköpings personal och företag",
            ),
            ("visit", "fees", "SEK", "15 000", "15 000", "Seminarieavgift, Stanford Research Park"),
            ("senion", "travel", "SEK", "36 000", "34 275", ""),
            ("narrative", "travel", "SEK", "30 000", "31 120", ""),
        ],
    },
    {
        "key": "energy_visit",
        "plan": "palo_alto_2018",
        "kind": "visit_out",
        "organisation": "tvab",
        "participating": ["msb"],
        "areas": ["energy", "smart"],
        "title_sv": "Studiebesök energi och smart stad i Palo Alto",
        "title_en": "Study visit on energy and the smart city in Palo Alto",
        "description_sv": (
            "Tekniska verken och Miljö- och samhällsbyggnadsförvaltningen besöker Palo Altos "
            "energibolag och stadens arbete med smarta elnät, laddinfrastruktur och klimatplan."
        ),
        "description_en": (
            "Tekniska verken and the Environment and Urban Development Administration visit Palo Alto's "
            "utilities and the city's work on smart grids, charging infrastructure and its climate plan."
        ),
        "planned": ("2018-10-08", "2018-10-12"),
        "actual": ("2018-10-08", "2018-10-12"),
        "place": "Palo Alto",
        "status": "done",
        "is_public": False,
        "goals": "Hämta erfarenheter till Linköpings arbete med smarta elnät och laddinfrastruktur.",
        "indicators": "Antal idéer som prövas i Linköping under 2019.",
        "outcome": "Två idéer om laddinfrastruktur tas vidare till Tekniska verkens planering för 2019.",
        "benefit": "Tekniska verken bedömer nyttan som god i förhållande till kostnaden.",
        "marker": 0,
        "equality": "Jämställdhet är inte ett mål för besöket; deltagarna var tre kvinnor och tre män.",
        "participation": {
            "women": 3,
            "men": 3,
            "other_gender": 0,
            "under_18": 0,
            "age_18_29": 1,
            "age_30_plus": 5,
        },
        "costs": [
            ("tvab", "travel", "SEK", "54 000", "52 310", ""),
            ("tvab", "accommodation", "SEK", "28 000", "27 450", ""),
            ("msb", "travel", "SEK", "27 000", "26 155", ""),
        ],
    },
    {
        "key": "school",
        "plan": "palo_alto_2018",
        "kind": "youth_exchange",
        "organisation": "utb",
        "participating": ["lpaf"],
        "areas": ["school"],
        "title_sv": "Skolutbyte: gymnasieelever från Katedralskolan i Palo Alto",
        "title_en": "School exchange: upper-secondary pupils from Katedralskolan in Palo Alto",
        "description_sv": (
            "Tolv elever och två lärare bor i värdfamiljer i Palo Alto och följer undervisningen vid "
            "Palo Alto High School i två veckor. Linköpings Palo Alto-förening hjälper till med värdfamiljer."
        ),
        "description_en": (
            "Twelve pupils and two teachers stay with host families in Palo Alto and follow lessons at "
            "Palo Alto High School for two weeks. The Linköping Palo Alto Association helps find host "
            "families."
        ),
        "planned": ("2018-04-14", "2018-04-28"),
        "actual": ("2018-04-14", "2018-04-28"),
        "place": "Palo Alto High School",
        "status": "done",
        "is_public": True,
        "goals": "Ge elever erfarenhet av en amerikansk skola och stärka engelskan.",
        "indicators": "Elevernas självskattning före och efter; antal fortsatta kontakter.",
        "outcome": "Alla elever genomförde utbytet; ett motbesök till Linköping planeras.",
        "benefit": "Utbildningsförvaltningen bedömer nyttan för eleverna som mycket stor.",
        "marker": 2,
        "equality": (
            "Urvalet skedde med mål om jämn könsfördelning och öppet för elever oavsett ekonomi; "
            "eleverna arbetade med demokrati i skolan som tema."
        ),
        "participation": {
            "women": 8,
            "men": 6,
            "other_gender": 0,
            "under_18": 12,
            "age_18_29": 0,
            "age_30_plus": 2,
        },
        "attachments": [
            (
                "Program för skolutbytet",
                "program-skolutbyte-2018.txt",
                True,
                "Skolutbyte Linköping–Palo Alto, 14–28 april 2018\n\n"
                "14/4  Avresa från Linköping, ankomst San Francisco\n"
                "16/4  Första skoldagen på Palo Alto High School\n"
                "20/4  Besök hos Stanford University\n"
                "23/4  Temadag: demokrati i skolan, med elevrådet\n"
                "27/4  Avslutning hos värdfamiljerna\n"
                "28/4  Hemresa\n",
            ),
        ],
        "named": [
            ("Alva Lindqvist", "Katedralskolan", True),
            ("Elias Bergström", "Katedralskolan", True),
            ("Maja Holmgren", "Katedralskolan", True),
            ("Noah Sandberg", "Katedralskolan", True),
            ("Ebba Lundgren", "Katedralskolan", True),
            ("Hugo Wikström", "Katedralskolan", True),
            ("Wilma Axelsson", "Katedralskolan", True),
            ("Oscar Nyberg", "Katedralskolan", True),
            ("Alice Forsberg", "Katedralskolan", True),
            ("Liam Hedlund", "Katedralskolan", True),
            ("Saga Blomqvist", "Katedralskolan", True),
            ("Freja Ekström", "Katedralskolan", True),
            ("Helena Dahl", "Katedralskolan (lärare)", False),
            ("Johan Strand", "Katedralskolan (lärare)", False),
        ],
        "costs": [
            ("utb", "travel", "SEK", "190 000", "186 420", "Flyg för elever och lärare"),
            (
                "lpaf",
                "other",
                "SEK",
                "20 000",
                "20 000",
                "Föreningens bidrag till värdfamiljsprogrammet",
            ),
        ],
    },
    {
        "key": "dialogue",
        "plan": "palo_alto_2018",
        "kind": "conference",
        "organisation": "klk",
        "participating": ["intl", "kof"],
        "areas": ["dialogue"],
        "title_sv": "Workshop om medborgardialog med Palo Alto",
        "title_en": "Citizen-dialogue workshop with Palo Alto",
        "description_sv": (
            "Tjänstepersoner från Palo Alto och Linköping, politiker och representanter för "
            "ungdomsrådet jämför arbetssätt för medborgarinflytande och medborgardialog."
        ),
        "description_en": (
            "Officers from Palo Alto and Linköping, politicians and members of the youth council compare "
            "ways of working with citizen influence and citizen dialogue."
        ),
        "planned": ("2018-09-18", "2018-09-19"),
        "actual": ("2018-09-18", "2018-09-19"),
        "place": "Stadshuset, Linköping",
        "status": "done",
        "is_public": True,
        "goals": "Utveckla former för medborgardialog i stadsutvecklingsprojekt.",
        "indicators": "Antal metoder som prövas i Linköpings dialogarbete 2019.",
        "outcome": "En metod för digitala dialoger från Palo Alto prövas i en ny stadsdel.",
        "benefit": "Kommunledningskontoret bedömer nyttan som god till en låg kostnad.",
        "marker": 2,
        "equality": "Demokrati är workshopens huvudsyfte; ungdomsrådet deltog och talartiden fördelades jämnt.",
        "participation": {
            "women": 14,
            "men": 11,
            "other_gender": 1,
            "under_18": 3,
            "age_18_29": 7,
            "age_30_plus": 16,
        },
        "costs": [
            ("klk", "project", "SEK", "35 000", "33 870", "Lokal, moderator och dokumentation"),
        ],
    },
    {
        "key": "neighbors",
        "plan": "palo_alto_2018",
        "kind": "visit_in",
        "organisation": "lpaf",
        "participating": ["neighbors", "hemslojd", "kof"],
        "areas": ["dialogue"],
        "title_sv": "Föreningsbesök: Neighbors Abroad i Linköping",
        "title_en": "Association visit: Neighbors Abroad in Linköping",
        "description_sv": (
            "Medlemmar i Neighbors Abroad besöker Linköping och bor hos medlemmar i Linköpings Palo "
            "Alto-förening. Programmet omfattar föreningsliv, hemslöjd och ett möte om medborgardialog."
        ),
        "description_en": (
            "Members of Neighbors Abroad visit Linköping and stay with members of the Linköping Palo Alto "
            "Association. The programme covers civic associations, handicraft and a meeting on citizen "
            "dialogue."
        ),
        "planned": ("2018-06-05", "2018-06-11"),
        "actual": ("2018-06-05", "2018-06-11"),
        "place": "Linköping",
        "status": "done",
        "is_public": True,
        "goals": "Stärka utbytet mellan invånare och föreningar (”people to people”).",
        "indicators": "Antal föreningar som inleder egna utbyten.",
        "outcome": "Östergötlands Hemslöjdsförening och en förening i Palo Alto planerar en gemensam utställning.",
        "benefit": "Föreningen bedömer nyttan som stor; kostnaden bärs av föreningarna själva.",
        "marker": 1,
        "equality": "Programmet togs fram tillsammans med gästerna; både kvinno- och ungdomsföreningar deltog.",
        "participation": {
            "women": 13,
            "men": 9,
            "other_gender": 0,
            "under_18": 0,
            "age_18_29": 2,
            "age_30_plus": 20,
        },
        "costs": [
            (
                "neighbors",
                "travel",
                "USD",
                "9 600",
                "9 845,75",
                "Neighbors Abroad betalar sina egna resor",
            ),
            ("lpaf", "project", "SEK", "18 000", "16 540", "Program och studiebesök"),
        ],
    },
    {
        "key": "sca_meeting",
        "plan": "sca_2018",
        "kind": "conference",
        "organisation": "intl",
        "participating": ["msb"],
        "areas": ["smart"],
        "title_sv": "Smart City Alliance: nätverksmöte i Heidelberg",
        "title_en": "Smart City Alliance: network meeting in Heidelberg",
        "description_sv": (
            "Nätverkets städer presenterar sina prioriterade områden och enas om ett första gemensamt "
            "pilotprojekt."
        ),
        "description_en": (
            "The network's cities present their priority areas and agree on a first joint pilot project."
        ),
        "planned": ("2018-06-25", "2018-06-27"),
        "actual": ("2018-06-25", "2018-06-27"),
        "place": "Heidelberg",
        "status": "done",
        "is_public": True,
        "goals": "Enas om nätverkets arbetsformer och ett första gemensamt projekt.",
        "indicators": "Gemensam avsiktsförklaring; beslut om pilotprojekt.",
        "outcome": "Städerna enades om ett pilotprojekt om öppna data för energi och mobilitet.",
        "benefit": "Internationella funktionen bedömer nyttan som god för Linköpings profilering.",
        "marker": 1,
        "equality": "Linköping föreslog en jämställd sammansättning av nätverkets arbetsgrupper.",
        "participation": {
            "women": 2,
            "men": 3,
            "other_gender": 0,
            "under_18": 0,
            "age_18_29": 0,
            "age_30_plus": 5,
        },
        "costs": [
            ("intl", "travel", "SEK", "22 000", "21 360", ""),
            ("msb", "travel", "SEK", "11 000", "10 980", ""),
        ],
    },
    {
        "key": "open_data",
        "plan": "sca_2018",
        "kind": "project",
        "organisation": "tvab",
        "participating": ["msb", "liu"],
        "areas": ["smart", "energy"],
        "title_sv": "Pilotprojekt: öppna data för energi och mobilitet",
        "title_en": "Pilot project: open data for energy and mobility",
        "description_sv": (
            "Tekniska verken publicerar energidata som öppna data enligt en gemensam modell för "
            "nätverkets städer; LiU utvärderar."
        ),
        "description_en": (
            "Tekniska verken publishes energy data as open data following a model shared by the "
            "network's cities; LiU evaluates."
        ),
        "planned": ("2018-09-01", "2018-12-31"),
        "actual": ("2018-09-03", None),
        "place": "Linköping",
        "status": "ongoing",
        "progress": 40,
        "is_public": False,
        "goals": "Tre dataset publicerade som öppna data enligt nätverkets modell.",
        "indicators": "Antal publicerade dataset; antal användare av dem.",
        "marker": 0,
        "equality": "Projektet riktar sig inte särskilt till jämställdhet; data redovisas inte per person.",
        "milestones": [
            ("Inventering av dataset klar", "2018-09-30", "2018-10-04"),
            ("Första dataset publicerat", "2018-11-15", None),
            ("Utvärdering av LiU", "2018-12-20", None),
        ],
        "costs": [
            ("tvab", "project", "SEK", "250 000", "", "Utveckling och drift"),
            ("msb", "project", "SEK", "80 000", "", "Stadens dataset"),
        ],
    },
    {
        "key": "climate_workshop",
        "plan": "sca_2018",
        "kind": "conference",
        "organisation": "msb",
        "participating": ["tvab"],
        "areas": ["energy", "smart"],
        "title_sv": "Erfarenhetsutbyte om klimatneutrala stadsdelar i Münster",
        "title_en": "Exchange of experience on climate-neutral districts in Münster",
        "description_sv": "Planerare från nätverkets städer jämför hur klimatneutrala stadsdelar planeras.",
        "description_en": "Planners from the network's cities compare how climate-neutral districts are planned.",
        "planned": ("2018-11-20", "2018-11-22"),
        "place": "Münster",
        "status": "planned",
        "is_public": False,
        "goals": "Ta med minst en metod till planeringen av en ny stadsdel i Linköping.",
        "indicators": "Metoder som används i detaljplanearbetet 2019.",
        "marker": 1,
        "equality": "Ett jämställdhetsperspektiv på trygghet och mobilitet ingår i programmet.",
        "costs": [
            ("msb", "travel", "SEK", "30 000", "", ""),
        ],
    },
    {
        "key": "phd_course",
        "plan": None,
        "subject": "palo_alto",
        "kind": "project",
        "organisation": "liu",
        "participating": ["stanford"],
        "areas": ["university", "energy"],
        "title_sv": "Förslag: gemensam doktorandkurs i hållbara energisystem med Stanford",
        "title_en": "Proposal: joint PhD course in sustainable energy systems with Stanford",
        "description_sv": "LiU föreslår en gemensam doktorandkurs med Stanford, med en vecka i vardera stad.",
        "description_en": "LiU proposes a joint PhD course with Stanford, with one week in each city.",
        "planned": ("2018-11-05", "2018-11-16"),
        "place": "Linköping och Palo Alto",
        "status": "proposed",
        "is_public": False,
        "goals": "En återkommande kurs med deltagare från båda universiteten.",
        "costs": [
            ("liu", "fees", "SEK", "40 000", "", "Kursavgifter och lärarinsats"),
        ],
    },
    {
        "key": "hackathon",
        "plan": None,
        "subject": "network",
        "kind": "other",
        "organisation": "liu",
        "participating": [],
        "areas": ["smart", "university"],
        "title_sv": "Förslag: studenthackathon om smarta städer inom Smart City Alliance",
        "title_en": "Proposal: student hackathon on smart cities within the Smart City Alliance",
        "description_sv": "Studenter från nätverkets städer bygger tjänster på de öppna data som pilotprojektet publicerar.",
        "description_en": "Students from the network's cities build services on the open data the pilot publishes.",
        "planned": ("2018-12-03", "2018-12-04"),
        "place": "Linköpings universitet",
        "status": "proposed",
        "is_public": False,
        "goals": "Minst 40 studenter från minst fyra av nätverkets städer deltar.",
        "indicators": "Antal deltagare och städer; antal tjänster som byggs vidare på efteråt.",
        "marker": 1,
        "equality": "Lag med jämn könsfördelning uppmuntras.",
    },
]

# --- Visit notices -------------------------------------------------------------------------------
# "notified_by"/"confirmed_by"/"report.by" are demo usernames. A notice with "in_days" lies that
# many days ahead of the load date (so that it is awaiting, not overdue); the others are dated.

VISITS = [
    {
        "key": "school_trip",
        "activity": "school",
        "organisation": "utb",
        "direction": "outgoing",
        "travellers": "Tolv elever och två lärare från Katedralskolan",
        "traveller_count": 14,
        "dates": ("2018-04-14", "2018-04-28"),
        "place": "Palo Alto High School",
        "purpose": "Skolutbyte med undervisning och boende i värdfamiljer.",
        "notified_by": "enhet",
        "confirmed_by": "samordnare",
        "confirmation": "Avstämt. Internationella funktionen informerar Palo Altos stadskansli om besöket.",
        "report": {
            "by": "enhet",
            "results": "Eleverna följde undervisningen i två veckor och redovisade temat demokrati i skolan.",
            "contacts_made": "Rektor och två lärare vid Palo Alto High School; Neighbors Abroad.",
            "follow_up": "Motbesök till Linköping planeras hösten 2019.",
        },
    },
    {
        "key": "energy_trip",
        "activity": "energy_visit",
        "organisation": "tvab",
        "direction": "outgoing",
        "travellers": "Fyra medarbetare från Tekniska verken och två från Miljö- och samhällsbyggnadsförvaltningen",
        "traveller_count": 6,
        "dates": ("2018-10-08", "2018-10-12"),
        "place": "Palo Alto",
        "purpose": "Studiebesök om smarta elnät, laddinfrastruktur och Palo Altos klimatplan.",
        "notified_by": "samordnare",
        "confirmed_by": "samordnare",
        "confirmation": "Avstämt; kom ihåg reserapporten efter hemkomsten.",
        # no report: the one overdue report of the demo
    },
    {
        "key": "stanford_guests",
        "activity": None,
        "organisation": "liu",
        "direction": "incoming",
        "travellers": "Tre forskare från Stanford University",
        "traveller_count": 3,
        "in_days": 40,
        "length_days": 3,
        "place": "Linköpings universitet",
        "purpose": "Planering av den föreslagna gemensamma doktorandkursen i hållbara energisystem.",
        "notified_by": "partner",
        # not yet confirmed: awaits the international office
    },
    {
        "key": "school_guests_2024",
        "activity": "school_2024",
        "organisation": "utb",
        "direction": "incoming",
        "travellers": "Tio elever och två lärare från Palo Alto High School",
        "traveller_count": 12,
        "dates": ("2024-09-16", "2024-09-27"),
        "place": "Katedralskolan, Linköping",
        "purpose": "Motbesök i skolutbytet med undervisning och boende i värdfamiljer.",
        "notified_by": "enhet",
        "confirmed_by": "samordnare",
        "confirmation": "Avstämt. Internationella funktionen ordnar mottagning i Stadshuset.",
        "report": {
            "by": "enhet",
            "results": "Eleverna följde undervisningen i två veckor och arbetade med ett gemensamt klimatprojekt.",
            "contacts_made": "Rektor och två lärare vid Palo Alto High School.",
            "follow_up": "Klasserna fortsätter det gemensamma projektet digitalt under läsåret.",
        },
    },
]

# --- 2023–2024: the term of office 2022–2026 ------------------------------------------------------
# The second action plan for Palo Alto, carried out and closed, so that the follow-up of the
# position paper for 2022–2026 has activities, costs and participation to report. The USD line
# uses the rate valid from 2023.

PLANS["palo_alto_2023"] = {
    "subject": "palo_alto",
    "title_sv": "Handlingsplan Linköping–Palo Alto 2023–2024",
    "title_en": "Action plan Linköping–Palo Alto 2023–2024",
    "description_sv": (
        "Återstart av besöksutbytet efter pandemin, enligt kommunstyrelsens uppdrag vid uppföljningen "
        "2022: näringsliv och innovation, universitets- och skolutbyte, klimatneutral stadsutveckling "
        "och utbyte mellan föreningar. Varje deltagare bekostar sin egen medverkan."
    ),
    "description_en": (
        "Restarting the exchange of visits after the pandemic, as the municipal board asked at the 2022 "
        "follow-up: business and innovation, university and school exchange, climate-neutral urban "
        "development and exchange between associations. Each participant pays its own way."
    ),
    "period": ("2023-01-01", "2024-12-31"),
    "coordinator": "samordnare",
    "is_public": True,
    "transitions": [
        ("coordination", "2023-01-24T10:00:00", "Utkastet skickat på avstämning till förvaltningar, bolag och partner."),
        ("adopted", "2023-03-14T14:00:00", "Fastställd efter avstämning; redovisas för kommunstyrelsen."),
        ("closed", "2025-02-11T09:30:00", "Alla aktiviteter genomförda och redovisade; planen avslutas."),
    ],
}

ACTIVITIES += [
    {
        "key": "innovation_2023",
        "plan": "palo_alto_2023",
        "kind": "delegation",
        "organisation": "visit",
        "participating": ["senion", "liu"],
        "areas": ["business", "smart"],
        "title_sv": "Innovationsdelegation till Palo Alto och Stanford Research Park 2023",
        "title_en": "Innovation delegation to Palo Alto and Stanford Research Park 2023",
        "description_sv": (
            "Visit Linköping leder en delegation av start-up-företag och forskare till Palo Alto för "
            "möten med företag, investerare och stadens innovationsenhet."
        ),
        "description_en": (
            "Visit Linköping leads a delegation of start-ups and researchers to Palo Alto to meet "
            "companies, investors and the city's innovation team."
        ),
        "planned": ("2023-05-08", "2023-05-12"),
        "actual": ("2023-05-08", "2023-05-12"),
        "place": "Stanford Research Park, Palo Alto",
        "status": "done",
        "is_public": True,
        "goals": "Minst fem Linköpingsföretag får uppföljande affärsmöten i Silicon Valley.",
        "indicators": "Antal uppföljande affärsmöten inom sex månader.",
        "outcome": "Nio företag deltog; sex har haft uppföljande möten och ett har öppnat ett kontor i Palo Alto.",
        "benefit": "Visit Linköping bedömer nyttan som stor i förhållande till kostnaden.",
        "marker": 1,
        "equality": "Företag med kvinnliga grundare bjöds särskilt in; fem kvinnor och sju män deltog.",
        "participation": {"women": 5, "men": 7, "other_gender": 0, "under_18": 0, "age_18_29": 2, "age_30_plus": 10},
        "costs": [
            ("visit", "travel", "SEK", "95 000", "92 400", "Resor för Visit Linköpings personal och företag"),
            ("visit", "fees", "SEK", "12 000", "12 000", "Mötesavgift, Stanford Research Park"),
            ("senion", "travel", "SEK", "28 000", "26 850", ""),
        ],
    },
    {
        "key": "students_2023",
        "plan": "palo_alto_2023",
        "kind": "student_exchange",
        "organisation": "liu",
        "participating": ["stanford"],
        "areas": ["university"],
        "title_sv": "Studentutbyte Linköpings universitet–Stanford, hösten 2023",
        "title_en": "Student exchange Linköping University–Stanford, autumn 2023",
        "description_sv": "Tio studenter från Linköpings universitet läser höstterminen 2023 vid Stanford.",
        "description_en": "Ten Linköping University students spend the autumn term of 2023 at Stanford.",
        "planned": ("2023-09-18", "2023-12-15"),
        "actual": ("2023-09-18", "2023-12-15"),
        "place": "Stanford University, Palo Alto",
        "status": "done",
        "is_public": True,
        "goals": "Återta antalet utresande studenter från tiden före pandemin.",
        "indicators": "Antal utresande studenter; andel kvinnor och män.",
        "outcome": "Tio studenter genomförde terminen; samtliga fick sina kurser tillgodoräknade.",
        "benefit": "Stor nytta för LiU; kostnaden ryms i ordinarie utbytesbudget.",
        "marker": 1,
        "equality": "Urvalet gjordes med mål om jämn könsfördelning; sex kvinnor och fyra män reste.",
        "participation": {"women": 6, "men": 4, "other_gender": 0, "under_18": 0, "age_18_29": 10, "age_30_plus": 0},
        "costs": [
            ("liu", "travel", "SEK", "140 000", "137 250", "Flyg för studenterna"),
            ("liu", "accommodation", "SEK", "210 000", "212 600", "Boende på campus"),
        ],
    },
    {
        "key": "climate_2024",
        "plan": "palo_alto_2023",
        "kind": "conference",
        "organisation": "msb",
        "participating": ["tvab"],
        "areas": ["energy", "smart"],
        "title_sv": "Workshop om klimatneutrala stadsdelar med Palo Alto",
        "title_en": "Workshop on climate-neutral districts with Palo Alto",
        "description_sv": (
            "Planerare och energiexperter från Palo Alto och Linköping jämför hur nya stadsdelar blir "
            "klimatneutrala: elektrifiering, laddinfrastruktur och lokal energi."
        ),
        "description_en": (
            "Planners and energy experts from Palo Alto and Linköping compare how new districts become "
            "climate-neutral: electrification, charging infrastructure and local energy."
        ),
        "planned": ("2024-03-12", "2024-03-13"),
        "actual": ("2024-03-12", "2024-03-13"),
        "place": "Stadshuset, Linköping",
        "status": "done",
        "is_public": False,
        "goals": "Ta med minst två metoder till planeringen av en ny stadsdel i Linköping.",
        "indicators": "Metoder som används i detaljplanearbetet 2025.",
        "outcome": "Palo Altos modell för elektrifiering av befintliga hus prövas i Linköpings klimatfärdplan.",
        "benefit": "God nytta till en låg kostnad; Palo Alto deltog delvis digitalt.",
        "marker": 1,
        "equality": "Ett jämställdhetsperspektiv på trygghet och mobilitet ingick i programmet.",
        "participation": {"women": 9, "men": 8, "other_gender": 1, "under_18": 0, "age_18_29": 3, "age_30_plus": 15},
        "costs": [
            ("msb", "project", "SEK", "40 000", "38 720", "Lokal, moderator och dokumentation"),
            ("tvab", "project", "SEK", "25 000", "24 300", "Underlag och studiebesök"),
        ],
    },
    {
        "key": "neighbors_2024",
        "plan": "palo_alto_2023",
        "kind": "visit_in",
        "organisation": "lpaf",
        "participating": ["neighbors", "kof"],
        "areas": ["dialogue"],
        "title_sv": "Föreningsbesök: Neighbors Abroad i Linköping 2024",
        "title_en": "Association visit: Neighbors Abroad in Linköping 2024",
        "description_sv": (
            "Medlemmar i Neighbors Abroad bor hos medlemmar i Linköpings Palo Alto-förening och möter "
            "föreningsliv, ungdomsrådet och kulturlivet."
        ),
        "description_en": (
            "Members of Neighbors Abroad stay with members of the Linköping Palo Alto Association and "
            "meet civic associations, the youth council and cultural life."
        ),
        "planned": ("2024-06-03", "2024-06-09"),
        "actual": ("2024-06-03", "2024-06-09"),
        "place": "Linköping",
        "status": "done",
        "is_public": True,
        "goals": "Stärka utbytet mellan invånare och föreningar (”people to people”).",
        "indicators": "Antal föreningar som inleder egna utbyten.",
        "outcome": "Två föreningar har inlett egna utbyten; ungdomsråden håller digitala möten.",
        "benefit": "Föreningen bedömer nyttan som stor; kostnaden bärs av föreningarna själva.",
        "marker": 2,
        "equality": "Demokrati och ungdomsinflytande var besökets tema; programmet togs fram med ungdomsrådet.",
        "participation": {"women": 12, "men": 8, "other_gender": 0, "under_18": 2, "age_18_29": 3, "age_30_plus": 15},
        "costs": [
            ("neighbors", "travel", "USD", "11 000", "11 480,40", "Neighbors Abroad betalar sina egna resor"),
            ("lpaf", "project", "SEK", "22 000", "21 150", "Program och studiebesök"),
            ("kof", "other", "SEK", "8 000", "7 500", "Kulturprogram"),
        ],
    },
    {
        "key": "school_2024",
        "plan": "palo_alto_2023",
        "kind": "youth_exchange",
        "organisation": "utb",
        "participating": ["lpaf"],
        "areas": ["school"],
        "title_sv": "Skolutbyte: elever från Palo Alto High School på Katedralskolan",
        "title_en": "School exchange: pupils from Palo Alto High School at Katedralskolan",
        "description_sv": (
            "Motbesöket till 2018 års skolutbyte: tio elever och två lärare från Palo Alto High School "
            "bor i värdfamiljer och följer undervisningen på Katedralskolan i två veckor."
        ),
        "description_en": (
            "The return visit of the 2018 school exchange: ten pupils and two teachers from Palo Alto "
            "High School stay with host families and follow lessons at Katedralskolan for two weeks."
        ),
        "planned": ("2024-09-16", "2024-09-27"),
        "actual": ("2024-09-16", "2024-09-27"),
        "place": "Katedralskolan, Linköping",
        "status": "done",
        "is_public": True,
        "goals": "Ge elever i båda städerna erfarenhet av varandras skolor.",
        "indicators": "Elevernas självskattning före och efter; antal fortsatta kontakter.",
        "outcome": "Utbytet genomfördes; klasserna fortsätter med ett gemensamt digitalt projekt.",
        "benefit": "Utbildningsförvaltningen bedömer nyttan för eleverna som mycket stor.",
        "marker": 1,
        "equality": "Värdfamiljer och program valdes så att alla elever kunde delta oavsett ekonomi.",
        "participation": {"women": 6, "men": 5, "other_gender": 1, "under_18": 10, "age_18_29": 0, "age_30_plus": 2},
        "costs": [
            ("utb", "project", "SEK", "45 000", "43 980", "Program, utflykter och lokaler"),
            ("lpaf", "other", "SEK", "15 000", "15 000", "Föreningens bidrag till värdfamiljerna"),
        ],
    },
]

# --- What lies ahead: the next plan, with public activities after the load date -------------------
# Dated relative to the load date so the public "upcoming" list and calendar are never empty: each
# activity falls on its "on" (month, day) in "from_year", or in the first later year where that date
# is still ahead. "{year}" and "{years}" (years since the sister-city agreement of 1987) in the texts
# are filled in from the date found.

SISTER_CITY_SINCE = 1987
#: The upcoming activity whose year the next plan's anniversary counts from.
ANNIVERSARY = "anniversary_next"

UPCOMING_PLAN = {
    "key": "palo_alto_next",
    "subject": "palo_alto",
    "title_sv": "Handlingsplan Linköping–Palo Alto {years}",
    "title_en": "Action plan Linköping–Palo Alto {years}",
    "description_sv": (
        "Planen för jubileumsåret: systerortssamarbetet fyller {years_since} år. Under avstämning med "
        "förvaltningar, bolag, föreningar och Palo Alto."
    ),
    "description_en": (
        "The plan for the anniversary year: the sister-city cooperation turns {years_since}. Being "
        "coordinated with administrations, companies, associations and Palo Alto."
    ),
    "coordinator": "samordnare",
    "is_public": True,
    "transitions": [
        ("coordination", None, "Utkastet skickat på avstämning till förvaltningar, bolag, föreningar och partner."),
    ],
}

UPCOMING_ACTIVITIES = [
    {
        "key": "study_visit_next",
        "on": (4, 19),
        "from_year": 2027,
        "length_days": 4,
        "kind": "visit_out",
        "organisation": "msb",
        "participating": ["tvab", "intl"],
        "areas": ["smart", "energy"],
        "title_sv": "Studiebesök om smart och klimatneutral stad i Palo Alto, våren {year}",
        "title_en": "Study visit on the smart, climate-neutral city in Palo Alto, spring {year}",
        "description_sv": (
            "Miljö- och samhällsbyggnadsförvaltningen och Tekniska verken besöker Palo Alto för att se "
            "stadens arbete med elektrifiering, öppna data och klimatanpassning."
        ),
        "description_en": (
            "The Environment and Urban Development Administration and Tekniska verken visit Palo Alto to "
            "see the city's work on electrification, open data and climate adaptation."
        ),
        "place": "Palo Alto",
        "is_public": True,
        "goals": "Hämta minst två arbetssätt till Linköpings klimatfärdplan.",
        "indicators": "Arbetssätt som prövas i Linköping inom ett år.",
        "marker": 1,
        "equality": "Delegationen sätts samman med jämn könsfördelning; trygghet i stadsmiljön ingår i programmet.",
        "costs": [
            ("msb", "travel", "SEK", "48 000", "", "Flyg och boende"),
            ("tvab", "travel", "SEK", "32 000", "", ""),
        ],
    },
    {
        "key": "anniversary_next",
        "on": (9, 18),
        "from_year": 2027,
        "length_days": 2,
        "kind": "culture",
        "organisation": "intl",
        "participating": ["lpaf", "neighbors", "kof"],
        "areas": ["dialogue"],
        "title_sv": "Palo Alto och Linköping {years} år som systerstäder: jubileumsfirande",
        "title_en": "Palo Alto and Linköping, {years} years as sister cities: anniversary celebration",
        "description_sv": (
            "Jubileet firas i Linköping med en delegation från Palo Alto, en utställning om "
            "samarbetets historia, musik och ett öppet möte på Stora torget."
        ),
        "description_en": (
            "The anniversary is celebrated in Linköping with a delegation from Palo Alto, an exhibition on "
            "the history of the cooperation, music and an open meeting on Stora torget."
        ),
        "place": "Stora torget och Stadshuset, Linköping",
        "is_public": True,
        "goals": "Göra samarbetet känt bland invånarna och ge föreningar och ungdomar en plats i det.",
        "indicators": "Antal besökare; antal nya medlemmar i föreningarna.",
        "marker": 2,
        "equality": "Programmet tas fram med ungdomsrådet och föreningarna; alla delar är avgiftsfria och tillgängliga.",
        # Quarterly planning calls with Palo Alto (days before the start); progress is the share held.
        "planning_calls": [-360, -270, -180, -90],
        "costs": [
            ("intl", "project", "SEK", "120 000", "", "Utställning, scen och värdskap"),
            ("neighbors", "travel", "USD", "14 000", "", "Palo Altos delegation betalar sina egna resor"),
        ],
    },
]
