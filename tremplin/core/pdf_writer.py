"""The PDF document of every Tremplin PDF, with fpdf2. Made by ``tremplin.core.pdf.new_document``;
import it at the top only of a module the web workers do not load at start (``impact.report``)."""

from fpdf import FPDF

from tremplin.core.pdf import FONT, FONTS, Section


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
