"""``makemessages`` that also finds strings marked with ``_lazy(...)``.

Some views import ``gettext_lazy as _lazy`` beside ``gettext as _``; xgettext knows only the
standard names, so without this those strings never reach the catalogue. Run from the repository
root::

    python manage.py makemessages -l sv --no-location --no-wrap --ignore=tests --ignore=bench --ignore=staticfiles
    python manage.py compilemessages -l sv --ignore=.venv
"""

from django.core.management.commands import makemessages


class Command(makemessages.Command):
    xgettext_options = [*makemessages.Command.xgettext_options, "--keyword=_lazy"]
