"""Swedish formats: Django's own, but a typed date is ISO or day/month/year (never month/day/year)."""

from django.conf.locale.sv.formats import *  # noqa: F403  (the formats this module changes nothing of)

DATE_INPUT_FORMATS = [
    "%Y-%m-%d",  # 2026-12-06
    "%d/%m/%Y",  # 06/12/2026
]
DATETIME_INPUT_FORMATS = [
    "%Y-%m-%d %H:%M:%S",  # 2026-12-06 14:30:59
    "%Y-%m-%d %H:%M",  # 2026-12-06 14:30
    "%d/%m/%Y %H:%M",  # 06/12/2026 14:30
]
