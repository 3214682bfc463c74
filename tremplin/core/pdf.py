"""PDF documents (certificates, data exports, reports) with fpdf2 and an embedded Unicode font."""

import datetime
from dataclasses import dataclass, field
from pathlib import Path

from django.utils import formats, timezone
from django.utils.translation import get_language
from fpdf import FPDF

FONTS = Path(__file__).resolve().parent / "fonts"
FONT = "DejaVu"


@dataclass(frozen=True)
class Section:
    """A titled part of a document, as plain lines of text: tests read these, not the PDF."""

    title: str
    lines: list[str] = field(default_factory=list)


def french_date(day: datetime.date | datetime.datetime) -> str:
    """« 1er décembre 2026 », « 26 novembre 2026 » (French writes the first of the month 1er)."""
    if isinstance(day, datetime.datetime):
        day = timezone.localtime(day).date() if timezone.is_aware(day) else day.date()
    text = formats.date_format(day, "j F Y")
    is_french = (get_language() or "fr").startswith("fr")
    return text.replace("1 ", "1er ", 1) if day.day == 1 and is_french else text


class TremplinPDF(FPDF):
    """A4 portrait document with the DejaVu Sans family loaded, so any French text renders."""

    def __init__(self, *, title: str, orientation: str = "P", lang: str = "fr"):
        super().__init__(orientation=orientation, unit="mm", format="A4")
        self.add_font(FONT, "", FONTS / "DejaVuSans.ttf")
        self.add_font(FONT, "B", FONTS / "DejaVuSans-Bold.ttf")
        self.set_title(title)
        self.set_lang(lang)
        self.set_creator("Tremplin")
        self.set_font(FONT, size=11)
        self.set_auto_page_break(auto=True, margin=15)

    def heading(self, text: str, size: int = 16) -> None:
        self.set_font(FONT, "B", size)
        self.multi_cell(0, size * 0.5, text, new_x="LMARGIN", new_y="NEXT")
        self.ln(2)
        self.set_font(FONT, "", 11)

    def paragraph(self, text: str) -> None:
        self.multi_cell(0, 6, text, new_x="LMARGIN", new_y="NEXT")
        self.ln(1)

    def sections(self, sections: list[Section]) -> None:
        for section in sections:
            self.heading(section.title, size=13)
            for line in section.lines:
                self.paragraph(line)
            self.ln(2)

    def to_bytes(self) -> bytes:
        return bytes(self.output())
