"""Demo content of governance: the 2010 international strategy and its six guidelines, the 2017
position paper adopted by the board's decision § 513 (Dnr KS 2017-494), the follow-ups its rule
made due in each mandate period since, a review of Palo Alto before the 2018 agreement, and a
request for a new partnership under preparation, and three 2018 activities assessed against the
strategy's guidelines. Dates and paragraphs other than the seed's are
invented (demo data)."""

STRATEGY = {
    "title_sv": "Internationell strategi",
    "title_en": "International strategy",
    "adopted_on": "2010-06-15",  # the seed says only "antagen 2010"
    "summary_sv": "Linköpings kommuns internationella strategi, antagen 2010. (Demodata: datumet är ett exempel.)",
    "summary_en": "Linköping's international strategy, adopted in 2010. (Demo data: the date is an example.)",
}

GUIDELINES = [
    ("Frågor kring demokrati och jämställdhet beaktas i internationella utbyten.",
     "Democracy and gender equality are considered in international exchanges."),
    ("Skapa kontakter och öppna dörrar för det lokala och regionala näringslivet.",
     "Create contacts and open doors for local and regional business."),
    ("Främja Linköpings och Norrköpings möjligheter som etableringsorter och som besöksmål.",
     "Promote Linköping's and Norrköping's opportunities as places to establish businesses and as destinations."),
    ("Lyfta fram städernas profileringsområden i internationell samverkan till exempel genom deltagande i nätverk och konferenser.",
     "Highlight the cities' profile areas in international cooperation, for example by taking part in networks and conferences."),
    ("Linköpings behov och långsiktiga nytta är vägledande för det internationella samarbetet. Tydlig koppling till prioriterade sakfrågor ska finnas.",
     "Linköping's needs and long-term benefit guide international cooperation. There must be a clear link to priority issues."),
    ("Samarbete med vän-, samverkans- och systerorter inriktas på mål- och projektorienterat arbete.",
     "Cooperation with friendship, cooperation and sister cities is goal- and project-oriented."),
]

DECISION_513 = {
    "case": "KS 2017-494",
    "paragraph": "513",
    "meeting_date": "2017-11-28",
    "title_sv": "Positionspapper – Palo Alto, Kalifornien, USA",
    "title_en": "Position paper – Palo Alto, California, USA",
    "points_sv": "Positionspapper för samverkan mellan Palo Alto och Linköping fastställs.\n"
                 "Positionspapper följs upp av kommunstyrelsen minst en gång per mandatperiod.",
    "points_en": "The position paper for cooperation between Palo Alto and Linköping is adopted.\n"
                 "The municipal board follows the position paper up at least once per term of office.",
    "basis": "Tjänsteskrivelse 2017-11-14\nPositionspapper",
    "distribution": [("Samtliga nämnder", "§ samt positionspapper", "2017-12-04")],
}

POSITION_PAPER = {
    "title_sv": "Positionspapper för samverkan mellan Palo Alto och Linköpings kommun",
    "title_en": "Position paper for cooperation between Palo Alto and Linköping",
    "summary_sv": "Linköpings kommuns positioner för samarbetet med Palo Alto: näringsliv och innovation, universitetssamverkan, "
                  "energi och klimat för hållbar stadsutveckling, smarta staden, skolutbyte samt medborgarinflytande och medborgardialog.",
    "summary_en": "Linköping's positions for the cooperation with Palo Alto: business and innovation, university cooperation, energy "
                  "and climate for sustainable urban development, the smart city, school exchange, and citizen influence and dialogue.",
}

#: Follow-ups of the position paper: (period start year, receiving decision or None, assessment, proposal).
FOLLOW_UPS = [
    (2014, {"case": "KS 2018-371", "paragraph": "342", "meeting_date": "2018-09-25"},
     "Samarbetet har fördjupats under 2017–2018; en ny samverkansöverenskommelse signerades 2018.",
     "Kommunstyrelsen noterar uppföljningen."),
    (2018, {"case": "KS 2022-288", "paragraph": "301", "meeting_date": "2022-09-20"},
     "Pandemin begränsade besöken 2020–2021; digitala utbyten inom skola och smarta staden fortsatte.",
     "Kommunstyrelsen noterar uppföljningen och ger kommunledningskontoret i uppdrag att återuppta besöksutbytet."),
    (2022, {"case": "KS 2026-305", "paragraph": "276", "meeting_date": "2026-09-22"},
     "Handlingsplanerna har genomförts i huvudsak; näringslivs- och universitetssamarbetet har ökat.",
     "Kommunstyrelsen noterar uppföljningen."),
    (2026, None, "", ""),
]

REVIEW = {
    "title": "Översyn av relationen till Palo Alto inför ny samverkansöverenskommelse",
    "period_start": "2010-01-01",
    "period_end": "2017-12-31",
    "assessment": "Relationen har kommit in i ett nytt skede; kontakterna har ökat under 2017 och nya initiativ har tagits från båda sidor.",
    "proposal": "Kommunstyrelsen föreslås ställa sig bakom att en ny samverkansöverenskommelse tecknas under 2018.",
    "decision": {"case": "KS 2018-77", "paragraph": "62", "meeting_date": "2018-03-13",
                 "title_sv": "Översyn av relationen till Palo Alto", "title_en": "Review of the relationship with Palo Alto",
                 "points_sv": "Översynen läggs till handlingarna.\nEn ny samverkansöverenskommelse med Palo Alto tecknas.",
                 "points_en": "The review is noted.\nA new cooperation agreement with Palo Alto is signed.",
                 "basis": "Tjänsteskrivelse 2018-02-20\nÖversyn av relationen till Palo Alto"},
}

REQUEST = {
    "geonames_id": 598316,  # Kaunas
    "manual": {"name": "Kaunas", "country": "LT", "latitude": "54.90156", "longitude": "23.90909", "time_zone": "Europe/Vilnius"},
    "received_on": "2026-08-20",
    "sender": "Kauno miesto savivaldybė, borgmästarens kansli",
    "message": "Kaunas önskar inleda ett samarbete med Linköping inom smarta staden och universitetssamverkan. (Demodata.)",
    "category": "cooperation",
    "presidium_note": "Presidiet 2026-09-08: uppdrar åt internationella funktionen att bereda förfrågan mot den internationella strategin.",
    "areas": ["smart", "university"],
    "community_support": "Linköpings universitet och Tekniska verken har visat intresse. (Demodata.)",
    "first_year_plan": "Ett digitalt möte och ett studiebesök i Kaunas inom smarta staden. (Demodata.)",
    "first_year_budget": 12_000_000,  # 120 000,00 SEK in öre
}

#: Three 2018 activities assessed against the strategy's guidelines:
#: (activity key of plans_data, guideline position, judgement, justification).
ASSESSMENTS = [
    ("school", 1, "fulfils", "Eleverna arbetade med demokrati i skolan som tema; urvalet gav jämn könsfördelning."),
    ("school", 5, "fulfils", "Utbytet hör till det prioriterade området skolutbyte och ger eleverna långsiktig nytta."),
    ("school", 6, "partly", "Tydliga mål för eleverna, men inget gemensamt projekt med Palo Alto High School efteråt."),
    ("business", 2, "fulfils", "Elva Linköpingsföretag mötte företag och investerare; sju fick uppföljande möten."),
    ("business", 3, "fulfils", "Linköping presenterades som etableringsort för företag i Stanford Research Park."),
    ("business", 1, "partly", "Företag med kvinnliga grundare bjöds in särskilt, men delegationen var inte jämställd."),
    ("dialogue", 1, "fulfils", "Demokrati var workshopens huvudsyfte; ungdomsrådet deltog."),
    ("dialogue", 4, "partly", "Linköpings dialogarbete visades för Palo Alto, men inte i något nätverk eller någon konferens."),
    ("dialogue", 6, "fulfils", "Workshopen gav en metod som prövas i ett konkret stadsutvecklingsprojekt."),
]
