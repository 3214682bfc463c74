"""The funder report in PDF (fpdf2): key figures, a chart per table drawn as bars, the tables
per space, for a period and a programme. Built only from published tables, so what is hidden
on the pages is hidden in the report too. Imported by the view that makes the report only (fpdf2
weighs 30 MB in a worker: ``tremplin.core.pdf``)."""

from django.utils.translation import gettext as _

from tremplin.core.pdf import FONT, french_date
from tremplin.core.pdf_writer import TremplinPDF
from tremplin.impact.figures import Published
from tremplin.impact.scope import ImpactScope

BAR_COLOUR = (29, 90, 133)


class ReportPDF(TremplinPDF):
    """Keeps the text of each page as written (``lines``, ``page_lines``): tests read these
    and the rendered pages, not the compressed PDF."""

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.page_lines: dict[int, list[str]] = {}

    def cell(self, w=None, h=None, text="", *args, **kwargs):
        if text:
            self.page_lines.setdefault(self.page_no(), []).append(str(text))
        return super().cell(w, h, text, *args, **kwargs)

    def multi_cell(self, w, h=None, text="", *args, **kwargs):
        if text:
            self.page_lines.setdefault(self.page_no(), []).append(str(text))
        return super().multi_cell(w, h, text, *args, **kwargs)


def funder_report(tables: list[Published], **kwargs) -> bytes:
    return build_funder_report(tables, **kwargs).to_bytes()


def build_funder_report(
    tables: list[Published], *, scope: ImpactScope, organisation: str, programme: str = ""
) -> ReportPDF:
    period = scope.period
    pdf = ReportPDF(title=_("Rapport d'impact – %(name)s") % {"name": organisation})
    pdf.add_page()
    pdf.heading(_("Rapport d'impact – %(name)s") % {"name": organisation})
    pdf.paragraph(
        _("Du %(start)s au %(end)s")
        % {"start": french_date(period.start), "end": french_date(period.end)}
    )
    if programme:
        pdf.paragraph(_("Programme : %(name)s") % {"name": programme})
    pdf.paragraph(
        _(
            "Chiffres d'ensemble : aucune personne n'y est nommée. Un nombre de moins de 5 "
            "personnes est remplacé par « < 5 », et une case qui permettrait de le retrouver "
            "est masquée aussi."
        )
    )
    for table in tables:
        _table(pdf, table)
    return pdf


def _table(pdf: TremplinPDF, table: Published) -> None:
    if pdf.get_y() > 230:
        pdf.add_page()
    pdf.heading(table.title, size=13)
    if table.chart:
        _bars(pdf, table)
    widths = _widths(pdf, len(table.columns))
    pdf.set_font(FONT, "B", 9)
    for width, text in zip(widths, ["", *table.columns], strict=True):
        pdf.cell(width, 6, text[:38], border=1)
    pdf.ln()
    pdf.set_font(FONT, "", 9)
    for label, cells in table.all_rows():
        pdf.cell(widths[0], 6, label[:48], border=1)
        for width, cell in zip(widths[1:], cells, strict=True):
            pdf.cell(width, 6, cell.text, border=1, align="R")
        pdf.ln()
    if table.note:
        pdf.set_font(FONT, "", 8)
        pdf.multi_cell(0, 5, table.note, new_x="LMARGIN", new_y="NEXT")
    pdf.set_font(FONT, "", 11)
    pdf.ln(4)


def _widths(pdf: TremplinPDF, columns: int) -> list[float]:
    usable = pdf.w - pdf.l_margin - pdf.r_margin
    first = usable * (0.4 if columns > 1 else 0.6)
    return [first] + [(usable - first) / columns] * columns


def _bars(pdf: TremplinPDF, table: Published) -> None:
    """Horizontal bars of the first column; a hidden cell has no bar, only « < 5 »."""
    values = [(label, cells[0]) for label, cells in table.rows]
    largest = max((float(cell.value) for _l, cell in values if cell.value is not None), default=0)
    if not largest:
        return
    usable = pdf.w - pdf.l_margin - pdf.r_margin
    label_width, bar_space = usable * 0.4, usable * 0.45
    pdf.set_font(FONT, "", 8)
    for label, cell in values:
        y = pdf.get_y()
        pdf.cell(label_width, 5, label[:48])
        if cell.value is not None:
            pdf.set_fill_color(*BAR_COLOUR)
            pdf.rect(
                pdf.l_margin + label_width, y + 1, bar_space * float(cell.value) / largest, 3.5, "F"
            )
        pdf.set_x(pdf.l_margin + label_width + bar_space + 2)
        pdf.cell(0, 5, cell.text, new_x="LMARGIN", new_y="NEXT")
    pdf.ln(2)
