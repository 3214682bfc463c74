"""PDF documents of the learning app: the learner's login card and the certificate."""

import io

from django.utils import formats
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from tremplin.core.pdf import new_document
from tremplin.learning.models import Certificate, LearnerProfile


def _qr_png(url: str) -> io.BytesIO:
    import segno  # loaded by the first QR code, not by every web worker at start

    buffer = io.BytesIO()
    segno.make(url, error="m").save(buffer, kind="png", scale=8, border=2)
    buffer.seek(0)
    return buffer


def login_card_pdf(profile: LearnerProfile, *, card_url: str, code_login_url: str) -> bytes:
    """A card to cut out: the QR code that logs in, and the username for the code login."""
    pdf = new_document(title=_("Carte de connexion Tremplin"))
    pdf.add_page()
    pdf.set_draw_color(26, 79, 160)
    pdf.rect(15, 15, 120, 80)
    pdf.set_xy(20, 20)
    pdf.heading(_("Ma carte Tremplin"), size=14)
    pdf.set_x(20)
    pdf.paragraph(profile.user.get_full_name())
    pdf.image(_qr_png(card_url), x=95, y=35, w=36, h=36)
    pdf.set_xy(20, 40)
    pdf.multi_cell(70, 6, _("Pour entrer : scannez ce code avec l'appareil photo du téléphone."))
    pdf.set_xy(20, 62)
    pdf.multi_cell(
        70,
        6,
        _("Ou allez sur %(url)s avec votre identifiant :") % {"url": code_login_url},
    )
    pdf.set_xy(20, 80)
    pdf.set_font("DejaVu", "B", 14)
    pdf.cell(70, 8, profile.user.username)
    pdf.set_font("DejaVu", "", 11)
    pdf.set_xy(15, 100)
    pdf.paragraph(
        _(
            "Gardez cette carte pour vous. Si vous la perdez, dites-le à l'accueil : "
            "nous arrêtons l'ancienne carte et vous en donnons une nouvelle."
        )
    )
    return pdf.to_bytes()


def certificate_pdf(certificate: Certificate, *, verify_url: str) -> bytes:
    hours = max(1, round(certificate.minutes / 60))
    pdf = new_document(title=_("Attestation Tremplin"), orientation="L")
    pdf.add_page()
    pdf.set_draw_color(26, 79, 160)
    pdf.set_line_width(1)
    pdf.rect(10, 10, 277, 190)
    pdf.set_y(25)
    pdf.set_font("DejaVu", "B", 26)
    pdf.cell(0, 14, _("Attestation de formation"), align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("DejaVu", "", 14)
    pdf.ln(6)
    pdf.cell(0, 8, _("Tremplin atteste que"), align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("DejaVu", "B", 20)
    pdf.cell(0, 12, certificate.learner_name, align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("DejaVu", "", 14)
    pdf.cell(0, 8, _("a suivi le parcours"), align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("DejaVu", "B", 18)
    pdf.cell(0, 12, certificate.pathway_title, align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("DejaVu", "", 12)
    pdf.cell(
        0,
        8,
        ngettext(
            "le %(date)s, environ %(hours)s heure de formation",
            "le %(date)s, environ %(hours)s heures de formation",
            hours,
        )
        % {"date": formats.date_format(certificate.issued_at, "DATE_FORMAT"), "hours": hours},
        align="C",
        new_x="LMARGIN",
        new_y="NEXT",
    )
    pdf.ln(4)
    pdf.set_x(30)
    pdf.multi_cell(170, 7, _("Modules : %(modules)s") % {"modules": ", ".join(certificate.modules)})
    pdf.image(_qr_png(verify_url), x=230, y=140, w=40, h=40)
    pdf.set_xy(30, 165)
    pdf.multi_cell(
        190,
        6,
        _("Code de vérification : %(code)s\nVérifiez cette attestation sur %(url)s")
        % {"code": certificate.display_code, "url": verify_url},
    )
    return pdf.to_bytes()
