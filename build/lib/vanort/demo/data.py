"""The demo's content: the world of Linköping's position paper for Palo Alto (KS 2017-494, § 513).

Everything here is demo *content*, not user-interface text: Swedish goes into the ``*_sv`` fields
(the default language), English into ``*_en``. Cities, organisations and the seed's facts are real;
every person is invented, and the two smaller partnerships are made-up examples, marked as such.
"""

from __future__ import annotations

DEMO_PASSWORD = "vanort-demo-2026"

# --- Cities --------------------------------------------------------------------------------------
# Keyed by a short handle. ``geonames_id`` is looked up in the offline GeoNames data; ``manual`` is
# used only if that data lacks the city. ``extra`` overrides or adds fields after the lookup.

CITIES = {
    "linkoping": {
        "geonames_id": 2694762,
        "manual": {
            "name": "Linköping",
            "country": "SE",
            "region": "Östergötland",
            "latitude": "58.41086",
            "longitude": "15.62157",
            "time_zone": "Europe/Stockholm",
            "population": 166673,
        },
        "extra": {
            "region": "Östergötland",
            "profile_sv": (
                "Linköping är Sveriges femte största kommun och residensstad i Östergötlands län. "
                "Staden är känd för Linköpings universitet, Mjärdevi Science Park och en stark "
                "högteknologisk industri inom flyg, IT och life science."
            ),
            "profile_en": (
                "Linköping is Sweden's fifth-largest municipality and the seat of Östergötland "
                "County. It is known for Linköping University, Mjärdevi Science Park and a strong "
                "high-tech industry in aeronautics, IT and life science."
            ),
        },
    },
    "palo_alto": {
        "geonames_id": 5380748,
        "manual": {
            "name": "Palo Alto",
            "country": "US",
            "region": "California",
            "latitude": "37.44188",
            "longitude": "-122.14302",
            "time_zone": "America/Los_Angeles",
        },
        "extra": {
            # The position paper's figures (2017), so that the profile and the numbers agree.
            "population": 63000,
            "daytime_population": 120000,
            "profile_sv": (
                "Palo Alto är en stad i Kalifornien, USA, med cirka 63 000 invånare – men på dagtid "
                "finns upp emot 120 000 personer i staden. Palo Alto ligger i norra delen av Silicon "
                "Valley, cirka 60 kilometer sydost om San Francisco och cirka 30 kilometer nordväst "
                "om San José, och är en framträdande ort för IT-företag och högteknologisk industri. "
                "Många teknikföretag finns i teknikparken Stanford Research Park, och Stanford "
                "universitet ligger i Palo Alto. Staden har också en livlig detaljhandel och en väl "
                "utvecklad restaurangbransch."
            ),
            "profile_en": (
                "Palo Alto is a city in California, USA, with about 63,000 inhabitants – but during "
                "the day up to 120,000 people are in the city. Palo Alto lies in the northern part of "
                "Silicon Valley, about 60 kilometres south-east of San Francisco and about 30 "
                "kilometres north-west of San José, and is a prominent home for IT companies and "
                "high-tech industry. Many technology companies are located in the Stanford Research "
                "Park, and Stanford University is in Palo Alto. The city also has lively retail and "
                "a well-developed restaurant trade."
            ),
        },
    },
    "enschede": {
        "geonames_id": 2756071,
        "manual": {
            "name": "Enschede",
            "country": "NL",
            "latitude": "52.21833",
            "longitude": "6.89583",
            "time_zone": "Europe/Amsterdam",
        },
        "extra": {
            "region": "Overijssel",
            "profile_sv": "Universitetsstad i östra Nederländerna, medlem i Smart City Alliance.",
            "profile_en": "University city in the eastern Netherlands, member of the Smart City Alliance.",
        },
    },
    "dalian": {
        "geonames_id": 1814087,
        "manual": {
            "name": "Dalian",
            "country": "CN",
            "latitude": "38.91222",
            "longitude": "121.60222",
            "time_zone": "Asia/Shanghai",
        },
        "extra": {
            "region": "Liaoning",
            "profile_sv": "Hamn- och industristad i nordöstra Kina, medlem i Smart City Alliance.",
            "profile_en": "Port and industrial city in north-east China, member of the Smart City Alliance.",
        },
    },
    "heidelberg": {
        "geonames_id": 2907911,
        "manual": {
            "name": "Heidelberg",
            "country": "DE",
            "latitude": "49.40768",
            "longitude": "8.69079",
            "time_zone": "Europe/Berlin",
        },
        "extra": {
            "region": "Baden-Württemberg",
            "profile_sv": "Universitetsstad i sydvästra Tyskland, medlem i Smart City Alliance.",
            "profile_en": "University city in south-west Germany, member of the Smart City Alliance.",
        },
    },
    "munster": {
        "geonames_id": 2867543,
        "manual": {
            "name": "Münster",
            "country": "DE",
            "latitude": "51.96236",
            "longitude": "7.62571",
            "time_zone": "Europe/Berlin",
        },
        "extra": {
            "region": "Nordrhein-Westfalen",
            "profile_sv": "Universitetsstad i nordvästra Tyskland, medlem i Smart City Alliance.",
            "profile_en": "University city in north-west Germany, member of the Smart City Alliance.",
        },
    },
    "joensuu": {
        "geonames_id": 655808,
        "manual": {
            "name": "Joensuu",
            "country": "FI",
            "latitude": "62.60118",
            "longitude": "29.76316",
            "time_zone": "Europe/Helsinki",
        },
        "extra": {"region": "Norra Karelen"},
    },
    "tartu": {
        "geonames_id": 588335,
        "manual": {
            "name": "Tartu",
            "country": "EE",
            "latitude": "58.38062",
            "longitude": "26.72509",
            "time_zone": "Europe/Tallinn",
        },
        "extra": {"region": "Tartumaa"},
    },
}

# --- The municipality ----------------------------------------------------------------------------

MUNICIPALITY = {
    "name": "Linköpings kommun",
    "slug": "linkoping",
    "currency": "SEK",
    "city": "linkoping",
}

# --- Organisations -------------------------------------------------------------------------------
# (key, parent key, kind, sv name, en name, sv description, en description, website)

ORGANISATIONS = [
    (
        "ks",
        None,
        "board",
        "Kommunstyrelsen",
        "Municipal Board",
        "Äger kommunens samtliga vänortsrelationer och beslutar om nya partnerstadssamarbeten och om "
        "betydande ändringar i samarbetsavtal.",
        "Owns all of the municipality's partner-city relations and decides on new partnerships and on "
        "significant changes to agreements.",
        "",
    ),
    (
        "presidium",
        "ks",
        "board",
        "Kommunstyrelsens presidium",
        "Board Presidium",
        "Hanterar löpande frågor om befintliga partnerstadssamarbeten och förfrågningar om nya.",
        "Handles ongoing questions about existing partnerships and requests to establish new ones.",
        "",
    ),
    (
        "klk",
        "ks",
        "administration",
        "Kommunledningskontoret",
        "Chief Executive's Office",
        "Kommunstyrelsens förvaltning.",
        "The municipal board's administration.",
        "",
    ),
    (
        "intl",
        "klk",
        "office",
        "Internationella funktionen",
        "International Office",
        "Bereder beslut, samordnar kommunens vänortsrelationer, sammanställer handlingsplaner och "
        "sprider information om samarbetet.",
        "Prepares decisions, coordinates the municipality's partner-city relations, compiles action "
        "plans and spreads information about the cooperation.",
        "",
    ),
    (
        "bin",
        None,
        "committee",
        "Bildningsnämnden",
        "Education Committee",
        "Ansvarar för gymnasieskola och vuxenutbildning.",
        "Responsible for upper-secondary and adult education.",
        "",
    ),
    (
        "utb",
        None,
        "administration",
        "Utbildningsförvaltningen",
        "Education Administration",
        "Förvaltning för förskola, grundskola och gymnasieskola; ansvarar för skolutbyten.",
        "Administration for pre-school, compulsory and upper-secondary school; responsible for school "
        "exchanges.",
        "",
    ),
    (
        "msb",
        None,
        "administration",
        "Miljö- och samhällsbyggnadsförvaltningen",
        "Environment and Urban Development Administration",
        "Arbetar med hållbar stadsutveckling, miljö och den smarta staden.",
        "Works on sustainable urban development, the environment and the smart city.",
        "",
    ),
    (
        "kof",
        None,
        "administration",
        "Kultur- och fritidsförvaltningen",
        "Culture and Leisure Administration",
        "Ansvarar för kultur-, fritids- och föreningsfrågor.",
        "Responsible for culture, leisure and associations.",
        "",
    ),
    (
        "tvab",
        None,
        "company",
        "Tekniska verken i Linköping AB",
        "Tekniska verken i Linköping AB",
        "Kommunalt bolag för energi, vatten, avfall och bredband.",
        "Municipal company for energy, water, waste and broadband.",
        "https://www.tekniskaverken.se/",
    ),
    (
        "visit",
        None,
        "company",
        "Visit Linköping & Co AB",
        "Visit Linköping & Co AB",
        "Kommunalt bolag för besöksnäring och etablering.",
        "Municipal company for tourism and business location.",
        "",
    ),
    (
        "liu",
        None,
        "university",
        "Linköpings universitet",
        "Linköping University",
        "Har haft studentutbyte med Stanford sedan 1986 och vill öka utbytet igen.",
        "Has exchanged students with Stanford since 1986 and wants the exchange to grow again.",
        "https://liu.se/",
    ),
    (
        "stanford",
        None,
        "university",
        "Stanford University",
        "Stanford University",
        "Universitet i Palo Alto, partner i student- och forskarutbytet med Linköpings universitet.",
        "University in Palo Alto, partner in the student and researcher exchange with Linköping University.",
        "https://www.stanford.edu/",
    ),
    (
        "senion",
        None,
        "business",
        "SenionLab AB",
        "SenionLab AB",
        "Linköpingsföretag verksamt i Palo Alto (inomhuspositionering).",
        "Linköping company active in Palo Alto (indoor positioning).",
        "",
    ),
    (
        "narrative",
        None,
        "business",
        "Narrative AB",
        "Narrative AB",
        "Linköpingsföretag verksamt i Palo Alto.",
        "Linköping company active in Palo Alto.",
        "",
    ),
    (
        "lpaf",
        None,
        "association",
        "Linköpings Palo Alto-förening",
        "Linköping Palo Alto Association",
        "Ideell förening som stöder utbytet mellan invånare i Linköping och Palo Alto (”people to people”).",
        "Non-profit association supporting exchange between residents of Linköping and Palo Alto "
        "(“people to people”).",
        "",
    ),
    (
        "neighbors",
        None,
        "association",
        "Neighbors Abroad",
        "Neighbors Abroad",
        "Ideell förening i Palo Alto för stadens systerortsutbyten.",
        "Non-profit association in Palo Alto for the city's sister-city exchanges.",
        "",
    ),
    (
        "hemslojd",
        None,
        "association",
        "Östergötlands Hemslöjdsförening",
        "Östergötland Handicraft Association",
        "Hemslöjdsförening som haft utbyte med föreningar i Palo Alto.",
        "Handicraft association that has exchanged visits with associations in Palo Alto.",
        "",
    ),
]

# --- Contact persons (all invented) --------------------------------------------------------------
# (key, organisation key, name, title, e-mail, phone, public)

CONTACTS = [
    (
        "c_intl",
        "intl",
        "Maria Ekdahl",
        "Internationell samordnare",
        "maria.ekdahl@example.se",
        "013-20 00 01",
        True,
    ),
    (
        "c_intl2",
        "intl",
        "Jonas Bergkvist",
        "Internationell strateg",
        "jonas.bergkvist@example.se",
        "013-20 00 02",
        False,
    ),
    ("c_klk", "klk", "Helena Strand", "Kanslichef", "helena.strand@example.se", "", False),
    (
        "c_utb",
        "utb",
        "Erik Nordlund",
        "Utvecklingsledare, skolutbyten",
        "erik.nordlund@example.se",
        "",
        False,
    ),
    (
        "c_msb",
        "msb",
        "Sara Holmgren",
        "Projektledare, smart stad",
        "sara.holmgren@example.se",
        "",
        False,
    ),
    ("c_tvab", "tvab", "Anders Wiklund", "Energistrateg", "anders.wiklund@example.se", "", False),
    (
        "c_liu",
        "liu",
        "Karin Sjöberg",
        "Internationell koordinator",
        "karin.sjoberg@example.se",
        "",
        True,
    ),
    (
        "c_stanford",
        "stanford",
        "Daniel Ortega",
        "Exchange programme officer",
        "daniel.ortega@example.org",
        "",
        False,
    ),
    ("c_lpaf", "lpaf", "Birgitta Lund", "Ordförande", "birgitta.lund@example.se", "", True),
    (
        "c_neighbors",
        "neighbors",
        "Linda Chen",
        "Sister-city committee chair",
        "linda.chen@example.org",
        "",
        False,
    ),
    (
        "c_hemslojd",
        "hemslojd",
        "Ingrid Dahl",
        "Verksamhetsledare",
        "ingrid.dahl@example.se",
        "",
        False,
    ),
]

# --- Priority areas (the six of the position paper) ----------------------------------------------
# (key, sv name, en name, sv description, en description)

PRIORITY_AREAS = [
    (
        "business",
        "Näringslivs- och innovationsutveckling",
        "Business and innovation",
        "Kontakter och öppna dörrar för det lokala och regionala näringslivet; innovationsutveckling "
        "och tillväxtförutsättningar för företag i Linköping.",
        "Contacts and open doors for local and regional business; innovation and growth conditions "
        "for companies in Linköping.",
    ),
    (
        "university",
        "Universitetssamarbete",
        "University cooperation",
        "Linköpings universitets kontakter med universitet i Palo Alto och regionen, för långsiktig samverkan.",
        "Linköping University's contacts with universities in Palo Alto and its region, for long-term cooperation.",
    ),
    (
        "energy",
        "Energi och miljö för hållbar stadsutveckling",
        "Energy and environment for sustainable urban development",
        "Energi- och klimatfrågor kopplade till hållbar stadsutveckling; kunskapsbyggnad och utbyten.",
        "Energy and climate issues linked to sustainable urban development; knowledge building and exchange.",
    ),
    (
        "smart",
        "Den smarta staden",
        "Smart city",
        "Utbyte för att utveckla Linköping som den smarta staden, bland annat inom Smart City Alliance.",
        "Exchange to develop Linköping as a smart city, among other things within the Smart City Alliance.",
    ),
    (
        "school",
        "Utbyte inom skolan",
        "School exchange",
        "Samverkan inom utbildningsområdet, bland annat ungdoms- och elevutbyten.",
        "Cooperation in education, including youth and pupil exchanges.",
    ),
    (
        "dialogue",
        "Medborgarinflytande och medborgardialog",
        "Citizen influence and dialogue",
        "Utveckling av innehåll och former för medborgarinflytande och medborgardialog.",
        "Developing the content and forms of citizen influence and citizen dialogue.",
    ),
]

# --- Partnerships --------------------------------------------------------------------------------

PALO_ALTO = {
    "city": "palo_alto",
    "category": "sister",
    "status": "active",
    "start_year": 1987,
    "summary_sv": (
        "Linköpings systerort sedan 1987. Samarbetet började 1986 med studentutbyte mellan Stanford "
        "och Linköpings universitet och omfattar i dag näringsliv och innovation, universitets"
        "samarbete, energi och miljö för hållbar stadsutveckling, den smarta staden, utbyte inom "
        "skolan samt medborgardialog. Kommunstyrelsen fastställde ett positionspapper för "
        "samarbetet i november 2017 (§ 513, KS 2017-494)."
    ),
    "summary_en": (
        "Linköping's sister city since 1987. The cooperation began in 1986 with a student exchange "
        "between Stanford and Linköping University and today covers business and innovation, "
        "university cooperation, energy and environment for sustainable urban development, the "
        "smart city, school exchange and citizen dialogue. The municipal board adopted a position "
        "paper for the cooperation in November 2017 (§ 513, KS 2017-494)."
    ),
    "internal_notes": (
        "Översyn av relationen inför ny samverkansöverenskommelse redovisas till kommunstyrelsen. "
        "(Demodata.)"
    ),
    "areas": ["business", "university", "energy", "smart", "school", "dialogue"],
    "organisations": [
        "ks",
        "intl",
        "klk",
        "utb",
        "msb",
        "tvab",
        "liu",
        "stanford",
        "senion",
        "narrative",
        "lpaf",
        "neighbors",
        "hemslojd",
    ],
    "contacts": ["c_intl", "c_liu", "c_stanford", "c_lpaf", "c_neighbors"],
}

# (date ISO, precision, public, sv title, en title, sv description, en description)
PALO_ALTO_TIMELINE = [
    (
        "1986-01-01",
        "year",
        True,
        "Studentutbyte mellan Stanford och Linköpings universitet inleds",
        "Student exchange between Stanford and Linköping University begins",
        "Samarbetet mellan Palo Alto och Linköping inleddes genom studentutbyte mellan universiteten. "
        "Initiativtagare var tidigare Linköpingsbor som flyttat till Palo Alto.",
        "The cooperation between Palo Alto and Linköping began with a student exchange between the "
        "universities. The initiators were former Linköping residents who had moved to Palo Alto.",
    ),
    (
        "1987-01-01",
        "year",
        True,
        "Överenskommelse om systerortsrelation",
        "Sister-city agreement",
        "En överenskommelse om att etablera en systerortsrelation skrevs. Beslut fattades i respektive "
        "stadsfullmäktige.",
        "An agreement to establish a sister-city relationship was signed, decided by each city's council.",
    ),
    (
        "1995-01-01",
        "year",
        True,
        "Universitetsutbytet vidgas till forskarsamverkan",
        "University exchange widens to researcher cooperation",
        "Stanford och Linköpings universitet utvidgar utbytet med samverkan mellan forskare. "
        "(Årtalet är ungefärligt.)",
        "Stanford and Linköping University widen their exchange to cooperation between researchers. "
        "(The year is approximate.)",
    ),
    (
        "2007-01-01",
        "year",
        True,
        "Utbytesbesök på politisk nivå",
        "Exchange visits at political level",
        "Ett av flera utbytesbesök på politisk nivå mellan städerna genom åren. (Demodata: årtalet är ett exempel.)",
        "One of several exchange visits at political level between the cities over the years. "
        "(Demo data: the year is an example.)",
    ),
    (
        "2014-01-01",
        "year",
        True,
        "Föreningsutbyte med Östergötlands Hemslöjdsförening",
        "Association exchange with the Östergötland Handicraft Association",
        "Linköpings Palo Alto-förening och Neighbors Abroad arrangerar besök i varandras städer och "
        "hjälper föreningar till utbyten, bland annat Östergötlands Hemslöjdsförening. "
        "(Demodata: årtalet är ett exempel.)",
        "The Linköping Palo Alto Association and Neighbors Abroad arrange visits to each other's cities "
        "and help associations exchange, among them the Östergötland Handicraft Association. "
        "(Demo data: the year is an example.)",
    ),
    (
        "2017-01-01",
        "year",
        True,
        "30-årsjubileum för systerortssamarbetet",
        "30th anniversary of the sister-city cooperation",
        "Systerortssamarbetet fyller 30 år. Kontakterna mellan städerna ökar och nya initiativ tas från båda sidor.",
        "The sister-city cooperation turns 30. Contacts between the cities grow and both sides take new initiatives.",
    ),
    (
        "2017-09-01",
        "month",
        False,
        "Förberedande möte om positionspapper",
        "Preparatory meeting on the position paper",
        "Internt möte mellan internationella funktionen och berörda förvaltningar och bolag inför "
        "positionspappret. (Demodata.)",
        "Internal meeting of the international office with the administrations and companies concerned, "
        "preparing the position paper. (Demo data.)",
    ),
    (
        "2017-11-01",
        "month",
        True,
        "Kommunstyrelsen fastställer positionspapper för Palo Alto",
        "Municipal board adopts the position paper for Palo Alto",
        "Kommunstyrelsen fastställer positionspapper för samverkan mellan Palo Alto och Linköping "
        "(§ 513, Dnr KS 2017-494). Positionspappret följs upp av kommunstyrelsen minst en gång per "
        "mandatperiod.",
        "The municipal board adopts the position paper for cooperation between Palo Alto and Linköping "
        "(§ 513, case KS 2017-494). The board follows the position paper up at least once per term of office.",
    ),
    (
        "2018-01-01",
        "year",
        True,
        "Ny samverkansöverenskommelse",
        "New cooperation agreement",
        "En ny samverkansöverenskommelse mellan Palo Alto och Linköping signeras.",
        "A new cooperation agreement between Palo Alto and Linköping is signed.",
    ),
]

AGREEMENT_1987 = {
    "title_sv": "Systerortsöverenskommelse Linköping–Palo Alto",
    "title_en": "Sister-city agreement Linköping–Palo Alto",
    "parties": "Linköpings kommun\nCity of Palo Alto",
    "signed_on": "1987-01-01",
    "valid_from": "1987-01-01",
    "decision_reference": "Kommunfullmäktige 1987",
    "notes": "Beslut fattades i respektive stadsfullmäktige. (Demodata: exakt datum okänt.)",
}

AGREEMENT_2018 = {
    "title_sv": "Samverkansöverenskommelse Linköping–Palo Alto 2018",
    "title_en": "Cooperation agreement Linköping–Palo Alto 2018",
    "parties": "Linköpings kommun\nCity of Palo Alto",
    "signatories": "Kommunstyrelsens ordförande, Linköpings kommun\nMayor, City of Palo Alto",
    "signed_on": "2018-05-15",
    "valid_from": "2018-05-15",
    # renewal_on: set by the loader to a date within the next twelve months.
    "decision_reference": "KS 2017-494, § 513",
    "notes": (
        "Planerad i positionspappret 2017. Översyn av relationen görs inför förnyelse och redovisas "
        "till kommunstyrelsen. (Demodata: datumen är exempel.)"
    ),
}

#: Days from today to the 2018 agreement's renewal date, so the start page shows it as due.
RENEWAL_IN_DAYS = 120

OTHER_PARTNERSHIPS = [
    {
        "city": "joensuu",
        "category": "friendship",
        "status": "dormant",
        "start_year": 1965,
        "summary_sv": "Demodata – påhittat exempel: en nordisk vänort där utbytet har legat nere under senare år.",
        "summary_en": "Demo data – an invented example: a Nordic friendship town whose exchange has been dormant in recent years.",
        "areas": ["school"],
        "organisations": ["intl", "kof"],
        "contacts": [],
    },
    {
        "city": "tartu",
        "category": "cooperation",
        "status": "proposed",
        "start_year": None,
        "summary_sv": "Demodata – påhittat exempel: en förfrågan om samverkan inom den smarta staden, under beredning.",
        "summary_en": "Demo data – an invented example: a request for cooperation on the smart city, being prepared.",
        "areas": ["smart", "university"],
        "organisations": ["intl", "msb"],
        "contacts": [],
    },
]

# --- Network -------------------------------------------------------------------------------------

NETWORK = {
    "name_sv": "Smart City Alliance",
    "name_en": "Smart City Alliance",
    "description_sv": (
        "Initiativ där Palo Alto, Linköping, Enschede (Nederländerna), Dalian (Kina), Heidelberg och "
        "Münster (Tyskland) bidrar med sina prioriterade områden för att bli mer långsiktigt hållbara "
        "städer med höga ambitioner inom digitalisering och innovation. Initiativet var 2017 i ett "
        "inledningsskede."
    ),
    "description_en": (
        "Initiative in which Palo Alto, Linköping, Enschede (Netherlands), Dalian (China), Heidelberg "
        "and Münster (Germany) contribute their priority areas to becoming more sustainable cities "
        "with high ambitions in digitalisation and innovation. In 2017 the initiative was at an early stage."
    ),
    "home_role": "medlem",  # not a translated field
    "founded_year": 2017,
    "members": ["palo_alto", "linkoping", "enschede", "dalian", "heidelberg", "munster"],
    "areas": ["smart", "energy"],
    "organisations": ["intl", "msb", "tvab", "liu"],
}

# --- Users (invented people): one per role -------------------------------------------------------
# (username, role, organisation key, first name, last name, e-mail)

USERS = [
    ("admin", "admin", "intl", "Annika", "Falk", "annika.falk@example.se"),
    ("samordnare", "coordinator", "intl", "Maria", "Ekdahl", "maria.ekdahl@example.se"),
    ("styrelse", "board", "ks", "Per", "Almqvist", "per.almqvist@example.se"),
    ("enhet", "unit_editor", "utb", "Erik", "Nordlund", "erik.nordlund@example.se"),
    ("partner", "partner", "liu", "Karin", "Sjöberg", "karin.sjoberg@example.se"),
]
