"""What PDF documents share (certificates, data exports, reports): the font, the sections of
text and French dates, and ``new_document``. The document class is in ``pdf_writer``: fpdf2
weighs 30 MB in a worker (with fontTools and Pillow), so ``new_document`` imports it, when the
first document is made."""

import datetime
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from django.utils import formats, timezone
from django.utils.translation import get_language

if TYPE_CHECKING:
    from tremplin.core.pdf_writer import TremplinPDF

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


def new_document(*, title: str, orientation: str = "P", lang: str = "fr") -> "TremplinPDF":
    """A new A4 Tremplin PDF (``pdf_writer.TremplinPDF``)."""
    from tremplin.core.pdf_writer import TremplinPDF

    return TremplinPDF(title=title, orientation=orientation, lang=lang)
