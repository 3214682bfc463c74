"""The mandate to print and sign: what the person agrees to, in plain words, with two
signature boxes (the paper proof behind ``Mandate.Agreement.PAPER``)."""

import datetime
from typing import TYPE_CHECKING

from django.utils.translation import gettext as _

from tremplin.accompaniment.models import Mandate
from tremplin.core.pdf import FONT, Section, french_date, new_document
from tremplin.people.models import JournalEntry
from tremplin.people.services import journal

if TYPE_CHECKING:
    from tremplin.core.pdf_writer import TremplinPDF

BLANK_LINE = "…………………………………………"


def space_line(space) -> str:
    """« Tremplin Strasbourg, 3 rue des Lilas, 67100 Strasbourg »."""
    return f"{space.name}, {space.address}, {space.postcode} {space.town}"


def mandate_sections(mandate: Mandate) -> list[Section]:
    """The text of the mandate, section by section (``mandate_pdf`` prints it)."""
    space = mandate.space
    organisation = mandate.person.organisation
    helper = mandate.recorded_by.get_full_name() if mandate.recorded_by else ""
    contact = " – ".join(value for value in [space.phone, space.email] if value)
    stop_line = _(
        "Vous pouvez arrêter ce mandat quand vous voulez, sans donner de raison : dites-le à "
        "l'accueil de %(space)s. Il s'arrête le jour même."
    ) % {"space": space.name}
    if contact:
        stop_line += " " + _("Vous pouvez aussi appeler ou écrire : %(contact)s.") % {
            "contact": contact
        }
    return [
        Section(
            _("Qu'est-ce qu'un mandat ?"),
            [
                _(
                    "Avec ce mandat, vous permettez à une personne de l'espace %(space)s de faire "
                    "certaines démarches à votre place, en votre nom. Seulement les démarches "
                    "écrites ci-dessous, et seulement pendant la durée écrite ci-dessous."
                )
                % {"space": space.name},
                _(
                    "La personne qui vous aide vous dit ce qu'elle a fait. Elle ne garde ni vos "
                    "mots de passe ni vos papiers, et ne vous demande pas d'argent."
                ),
                stop_line,
            ],
        ),
        Section(
            _("Qui"),
            [
                _("Personne aidée : %(name)s") % {"name": mandate.person},
                _("Personne qui aide : %(name)s") % {"name": helper or BLANK_LINE},
                _("Pour : %(organisation)s, %(space)s")
                % {"organisation": organisation.name, "space": space_line(space)},
            ],
        ),
        Section(
            _("Les démarches que vous confiez"),
            [f"• {label}" for label in mandate.scope_labels()],
        ),
        Section(
            _("Pour combien de temps"),
            [
                _("Du %(start)s au %(end)s inclus.")
                % {"start": french_date(mandate.starts_on), "end": french_date(mandate.ends_on)},
                _("Après cette date, le mandat s'arrête tout seul."),
            ],
        ),
    ]


def mandate_pdf(mandate: Mandate, *, actor, now: datetime.datetime | None = None) -> bytes:
    """The mandate as a PDF to print and sign. It names the person, so it is journaled like
    an export of their data (``fields=["mandate_pdf"]``)."""
    pdf = new_document(title=_("Mandat"))
    pdf.add_page()
    pdf.heading(_("Mandat pour faire des démarches à votre place"))
    pdf.sections(mandate_sections(mandate))
    _signature_boxes(pdf, town=mandate.space.town)
    journal(
        mandate.person,
        actor=actor,
        action=JournalEntry.Action.EXPORT,
        fields=["mandate_pdf"],
        now=now,
    )
    return pdf.to_bytes()


def _signature_boxes(pdf: "TremplinPDF", *, town: str) -> None:
    pdf.paragraph(_("Fait à %(town)s, le %(blank)s") % {"town": town, "blank": BLANK_LINE})
    if pdf.get_y() > pdf.h - 70:
        pdf.add_page()
    top = pdf.get_y() + 2
    width = (pdf.w - pdf.l_margin - pdf.r_margin - 10) / 2
    for index, label in enumerate(
        [_("Signature de la personne aidée"), _("Signature de la personne qui aide")]
    ):
        left = pdf.l_margin + index * (width + 10)
        pdf.set_xy(left, top)
        pdf.set_font(FONT, "B", 11)
        pdf.multi_cell(width, 6, label)
        pdf.set_font(FONT, "", 11)
        pdf.rect(left, top + 8, width, 35)
    pdf.set_xy(pdf.l_margin, top + 48)
