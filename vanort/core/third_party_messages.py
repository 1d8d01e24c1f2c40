"""Interface text of Django and its apps that they do not translate into Swedish themselves.

Nothing imports this module: it only lists the source strings (exactly as the apps write them) so
that ``makemessages`` keeps them in our catalogue, whose translations Django then uses for the
apps' own text too. ``tests/test_page_language.py`` finds what else slips through in English.
"""

from django.utils.translation import gettext_noop

MESSAGES = (
    # Django 6.1's empty choice of every select (django.db.models.fields.BLANK_CHOICE_LABEL).
    gettext_noop("- Select an option -"),
    # django-axes' sign-in records, named in the register of personal data.
    gettext_noop("IP Address"),
    gettext_noop("User Agent"),
    gettext_noop("HTTP Accept"),
    gettext_noop("Path"),
    gettext_noop("Attempt Time"),
    gettext_noop("Login Time"),
    gettext_noop("Logout Time"),
    gettext_noop("GET Data"),
    gettext_noop("POST Data"),
    gettext_noop("Failed Logins"),
    gettext_noop("Access lock out"),
    gettext_noop("access attempt"),
    gettext_noop("access attempts"),
    gettext_noop("access log"),
    gettext_noop("access logs"),
    gettext_noop("access failure"),
    gettext_noop("access failures"),
)
