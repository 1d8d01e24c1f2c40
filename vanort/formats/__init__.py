"""Date and number formats per language (``FORMAT_MODULE_PATH``), where Django's own differ from ours.

English follows British conventions, not American ones: "6 December 2026", "06/12/2026", the
24-hour clock and weeks that start on Monday. Swedish keeps Django's formats ("6 december 2026",
"2026-12-06") but reads a typed date as ISO or day/month/year, never as the American month/day/year.
"""
