"""English dates, times and numbers in British style (en-GB): 6 December 2026, 06/12/2026, 14:30, 5,000.00."""

DATE_FORMAT = "j F Y"  # 6 December 2026
TIME_FORMAT = "H:i"  # 14:30
DATETIME_FORMAT = "j F Y, H:i"  # 6 December 2026, 14:30
YEAR_MONTH_FORMAT = "F Y"  # December 2026
MONTH_DAY_FORMAT = "j F"  # 6 December
SHORT_DATE_FORMAT = "d/m/Y"  # 06/12/2026
SHORT_DATETIME_FORMAT = "d/m/Y H:i"  # 06/12/2026 14:30
FIRST_DAY_OF_WEEK = 1  # Monday

# What a typed date may look like: ISO first (what a date input sends), then day/month/year.
# Never month/day/year: "06/12/2026" is the sixth of December.
DATE_INPUT_FORMATS = [
    "%Y-%m-%d",  # 2026-12-06
    "%d/%m/%Y",  # 06/12/2026
    "%d/%m/%y",  # 06/12/26
    "%d %B %Y",  # 6 December 2026
    "%d %b %Y",  # 6 Dec 2026
]
DATETIME_INPUT_FORMATS = [
    "%Y-%m-%d %H:%M:%S",  # 2026-12-06 14:30:59
    "%Y-%m-%d %H:%M",  # 2026-12-06 14:30
    "%d/%m/%Y %H:%M:%S",  # 06/12/2026 14:30:59
    "%d/%m/%Y %H:%M",  # 06/12/2026 14:30
]
TIME_INPUT_FORMATS = ["%H:%M:%S", "%H:%M"]

DECIMAL_SEPARATOR = "."
THOUSAND_SEPARATOR = ","
NUMBER_GROUPING = 3
