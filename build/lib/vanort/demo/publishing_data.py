"""Demo news: public items about the Palo Alto cooperation in both languages, and one internal.

"published" is an ISO date and time, or ("days_ago", hour) relative to the load date so that one
item is always recent. "activity" is a key of :mod:`vanort.demo.plans_data`. "{years}" in the texts
is filled in with the years as sister cities at the anniversary activity. Bodies use only the
simple HTML the news allow-list keeps (paragraphs, links, bold); all people are invented.
"""

NEWS = [
    {
        "published": "2023-05-15T10:00:00",
        "is_public": True,
        "activity": "innovation_2023",
        "title_sv": "Linköpingsföretag på plats i Silicon Valley",
        "title_en": "Linköping companies on site in Silicon Valley",
        "summary_sv": "Nio företag från Linköping mötte företag och investerare i Palo Alto under en vecka i maj.",
        "summary_en": "Nine Linköping companies met companies and investors in Palo Alto for a week in May.",
        "body_sv": (
            "<p>Nio företag och forskare från Linköping besökte <strong>Stanford Research Park</strong> "
            "i Palo Alto den 8–12 maj. Delegationen leddes av Visit Linköping.</p>"
            "<p>Läs mer om systerstaden på <a href=\"https://www.cityofpaloalto.org/\">Palo Altos webbplats</a>.</p>"
        ),
        "body_en": (
            "<p>Nine companies and researchers from Linköping visited <strong>Stanford Research Park</strong> "
            "in Palo Alto on 8–12 May. Visit Linköping led the delegation.</p>"
            "<p>Read more about the sister city on <a href=\"https://www.cityofpaloalto.org/\">Palo Alto's website</a>.</p>"
        ),
    },
    {
        "published": "2024-09-30T14:00:00",
        "is_public": True,
        "activity": "school_2024",
        "title_sv": "Elever från Palo Alto två veckor på Katedralskolan",
        "title_en": "Pupils from Palo Alto spend two weeks at Katedralskolan",
        "summary_sv": "Tio elever från Palo Alto High School har bott i värdfamiljer och gått i skola i Linköping.",
        "summary_en": "Ten pupils from Palo Alto High School have stayed with host families and gone to school in Linköping.",
        "body_sv": (
            "<p>Motbesöket i skolutbytet är avslutat: tio elever och två lärare från Palo Alto High School "
            "har följt undervisningen på Katedralskolan. Klasserna fortsätter med ett "
            "<strong>gemensamt klimatprojekt</strong> under läsåret.</p>"
            "<p>Linköpings Palo Alto-förening tackar alla värdfamiljer.</p>"
        ),
        "body_en": (
            "<p>The return visit of the school exchange is over: ten pupils and two teachers from Palo Alto "
            "High School have followed lessons at Katedralskolan. The classes continue with a "
            "<strong>joint climate project</strong> during the school year.</p>"
            "<p>The Linköping Palo Alto Association thanks all host families.</p>"
        ),
    },
    {
        "published": "2025-02-20T09:00:00",
        "is_public": True,
        "activity": None,
        "title_sv": "Handlingsplanen med Palo Alto för 2023–2024 är genomförd",
        "title_en": "The 2023–2024 action plan with Palo Alto has been carried out",
        "summary_sv": "Alla fem aktiviteter i planen genomfördes; besöksutbytet är i gång igen efter pandemin.",
        "summary_en": "All five activities of the plan were carried out; the exchange of visits is back after the pandemic.",
        "body_sv": (
            "<p>Näringsliv, universitet, skola, klimat och föreningsliv: <strong>fem aktiviteter</strong> "
            "med sammanlagt drygt 70 deltagare genomfördes 2023–2024.</p>"
            "<p>Studentutbytet med <a href=\"https://www.stanford.edu/\">Stanford University</a> fortsätter.</p>"
        ),
        "body_en": (
            "<p>Business, university, school, climate and associations: <strong>five activities</strong> "
            "with more than 70 participants in all were carried out in 2023–2024.</p>"
            "<p>The student exchange with <a href=\"https://www.stanford.edu/\">Stanford University</a> continues.</p>"
        ),
    },
    {
        "published": ("days_ago", 3, 9),
        "is_public": True,
        "activity": "anniversary_next",
        "title_sv": "Linköping och Palo Alto firar {years} år som systerstäder",
        "title_en": "Linköping and Palo Alto celebrate {years} years as sister cities",
        "summary_sv": "Jubileet firas med en delegation från Palo Alto, en utställning och ett öppet möte.",
        "summary_en": "The anniversary is celebrated with a delegation from Palo Alto, an exhibition and an open meeting.",
        "body_sv": (
            "<p>Sedan 1987 är Linköping och Palo Alto systerstäder. Jubileet firas i Linköping med "
            "<strong>en utställning om samarbetets historia</strong>, musik och ett öppet möte.</p>"
            "<p>Vill din förening vara med? Kontakta <a href=\"https://www.linkoping.se/\">Linköpings kommun</a>.</p>"
        ),
        "body_en": (
            "<p>Linköping and Palo Alto have been sister cities since 1987. The anniversary is celebrated in "
            "Linköping with <strong>an exhibition on the history of the cooperation</strong>, music and an "
            "open meeting.</p>"
            "<p>Would your association like to take part? Contact "
            "<a href=\"https://www.linkoping.se/\">Linköping municipality</a>.</p>"
        ),
    },
    {
        "published": ("days_ago", 1, 15),
        "is_public": False,
        "activity": None,
        "title_sv": "Internt: jubileets budget stäms av med förvaltningarna",
        "title_en": "Internal: the anniversary budget is being agreed with the administrations",
        "summary_sv": "Förvaltningarna lämnar sina kostnadsuppskattningar till internationella funktionen.",
        "summary_en": "The administrations send their cost estimates to the international office.",
        "body_sv": (
            "<p>Varje organisation bekostar sin egen medverkan. Lämna <strong>beräknade kostnader</strong> "
            "per aktivitet i handlingsplanen senast vid månadens slut.</p>"
        ),
        "body_en": (
            "<p>Each organisation pays its own way. Enter <strong>estimated costs</strong> per activity in "
            "the action plan by the end of the month.</p>"
        ),
    },
]
