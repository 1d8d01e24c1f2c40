"""How wide a text prints in the reports' one typeface, Liberation Sans (metric-compatible with
Arial), read from the font's own advance widths — so the PDF's and the Word document's columns
are set wide enough for their longest word and number, and nothing overprints or breaks mid-word.
"""

from __future__ import annotations

import functools
import subprocess
from pathlib import Path

FAMILY = "Liberation Sans"
#: Liberation Sans's average advance when the font is not installed (em per character)
FALLBACK_EM = 0.6


@functools.cache
def _advances(bold: bool) -> tuple[dict, int] | None:
    from fontTools.ttLib import TTFont

    style = "Bold" if bold else "Regular"
    try:
        found = subprocess.run(["fc-match", "-f", "%{file}", f"{FAMILY}:style={style}"], capture_output=True, text=True,
                               timeout=10, check=False).stdout
    except OSError:
        return None
    if not found or "Liberation" not in Path(found).name:
        return None
    font = TTFont(found, lazy=True)
    metrics, cmap = font["hmtx"].metrics, font.getBestCmap()
    return {code: metrics[glyph][0] for code, glyph in cmap.items()}, font["head"].unitsPerEm


def text_em(text: str, *, bold: bool = False) -> float:
    """The width of ``text`` on one line, in em (multiply by the font size)."""
    advances = _advances(bold)
    if advances is None:
        return len(text) * FALLBACK_EM
    widths, per_em = advances
    default = widths.get(ord("0"), per_em * FALLBACK_EM)
    return sum(widths.get(ord(ch), default) for ch in text) / per_em


def longest_word_em(text: str, *, bold: bool = False) -> float:
    """The widest word of ``text`` (where a line may break), in em."""
    return max((text_em(word, bold=bold) for word in str(text).split()), default=0.0)


def digit_em(*, bold: bool = False) -> float:
    """The width of one figure (every figure is as wide: tabular figures), in em."""
    return text_em("0", bold=bold)
