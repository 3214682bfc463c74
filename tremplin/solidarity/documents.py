"""The receipt of a sale, as a PDF to print or give: the organisation, the space, the number
(without gaps per organisation and year), what was sold at which solidarity price beside the
market price, how it was paid, the warranty. A cancelled or refunded sale prints with its state:
its number is never reused."""

import datetime

from django.utils.translation import gettext as _

from tremplin.core.pdf import Section, french_date, new_document
from tremplin.people.models import JournalEntry
from tremplin.people.services import journal
from tremplin.solidarity.models import Sale


def euros(amount) -> str:
    """« 12,50 € »."""
    return f"{amount:.2f} €".replace(".", ",")


def receipt_sections(sale: Sale) -> list[Section]:
    """The receipt, section by section (``receipt_pdf`` prints it; tests read it)."""
    space, offer = sale.space, sale.offer
    what = [f"{offer.name} × {sale.quantity}"]
    if sale.item_id:
        what.append(_("Numéro de série : %(serial)s") % {"serial": sale.item.serial_number})
        if sale.item.imei:
            what.append(_("IMEI : %(imei)s") % {"imei": sale.item.imei})
    if offer.grade:
        what.append(_("État : %(grade)s") % {"grade": offer.get_grade_display()})
    what += [
        _("Prix solidaire : %(price)s l'unité (prix du marché : %(market)s)")
        % {"price": euros(sale.unit_price), "market": euros(offer.market_price)},
        _("Payé : %(paid)s – %(payment)s")
        % {"paid": euros(sale.amount_paid), "payment": sale.get_payment_display()},
    ]
    sections = [
        Section(
            _("Reçu n° %(number)s") % {"number": sale.receipt_label},
            [
                f"{space.organisation.name} – {space.name}",
                f"{space.address}, {space.postcode} {space.town}".strip(", "),
                _("Le %(day)s") % {"day": french_date(sale.sold_at)},
                _("Pour : %(person)s") % {"person": sale.person},
            ],
        ),
        Section(_("Ce qui est vendu"), what),
    ]
    ends_on = sale.warranty_ends_on()
    if ends_on:
        sections.append(
            Section(
                _("Garantie"),
                [
                    _(
                        "Garanti jusqu'au %(day)s. En cas de panne, revenez avec ce reçu : "
                        "l'appareil est réparé ou échangé."
                    )
                    % {"day": french_date(ends_on)}
                ],
            )
        )
    if not sale.is_completed:
        sections.append(
            Section(
                sale.get_status_display(),
                [
                    _("Le %(day)s : %(reason)s")
                    % {"day": french_date(sale.ended_at), "reason": sale.end_reason}
                ],
            )
        )
    return sections


def receipt_pdf(sale: Sale, *, actor, now: datetime.datetime | None = None) -> bytes:
    """The receipt as a PDF. It names the person, so printing it is journaled like an export
    (``fields=["sale_receipt"]``)."""
    pdf = new_document(title=_("Reçu %(number)s") % {"number": sale.receipt_label})
    pdf.add_page()
    pdf.heading(_("Reçu d'achat solidaire"))
    pdf.sections(receipt_sections(sale))
    journal(
        sale.person,
        actor=actor,
        action=JournalEntry.Action.EXPORT,
        fields=["sale_receipt"],
        now=now,
    )
    return pdf.to_bytes()
