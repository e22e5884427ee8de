"""DejaVu Serif registered once for reportlab (it covers every Vietnamese precomposed letter)."""

from __future__ import annotations

from functools import cache
from pathlib import Path

from reportlab.lib.fonts import addMapping
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

FONT_DIR = Path("/usr/share/fonts/truetype/dejavu")
SERIF = "DejaVuSerif"
SERIF_BOLD = "DejaVuSerif-Bold"
SERIF_ITALIC = "DejaVuSerif-Italic"
SERIF_BOLD_ITALIC = "DejaVuSerif-BoldItalic"


@cache
def register() -> str:
    """Register the four DejaVu Serif faces as one family; returns the family name."""
    for name in (SERIF, SERIF_BOLD, SERIF_ITALIC, SERIF_BOLD_ITALIC):
        path = FONT_DIR / f"{name}.ttf"
        if not path.is_file():
            raise FileNotFoundError(f"DejaVu font missing: {path} (apt-get install fonts-dejavu-core)")
        pdfmetrics.registerFont(TTFont(name, str(path)))
    addMapping(SERIF, 0, 0, SERIF)
    addMapping(SERIF, 1, 0, SERIF_BOLD)
    addMapping(SERIF, 0, 1, SERIF_ITALIC)
    addMapping(SERIF, 1, 1, SERIF_BOLD_ITALIC)
    return SERIF


def pil_font_path(bold: bool = False) -> str:
    return str(FONT_DIR / (f"{SERIF_BOLD}.ttf" if bold else f"{SERIF}.ttf"))
