"""What solidarity adds elsewhere: sales and assessments on the person's timeline, a button to
sell from the person's page, and the low-stock alert on the staff home."""

from django.urls import reverse
from django.utils.translation import gettext as _

from tremplin.people.timeline import Action, Entry, Source, at_noon
from tremplin.solidarity.models import StockLevel
from tremplin.spaces import home
from tremplin.spaces.capabilities import Capability
from tremplin.spaces.permissions import can, space_ids_where


def sale_entry(sale, person, user) -> Entry:
    title = _("Vente solidaire : %(offer)s") % {"offer": sale.offer.name}
    if sale.quantity > 1:
        title += f" × {sale.quantity}"
    detail = f"{sale.space.name} – {_('reçu')} {sale.receipt_label} – {sale.get_status_display()}"
    url = sale.get_absolute_url() if can(user, Capability.SELL, sale.space) else ""
    return Entry(at=sale.sold_at, kind="sale", title=title, detail=detail, url=url, icon="phone")


def assessment_entry(assessment, person, user) -> Entry:
    return Entry(
        at=at_noon(assessment.assessed_on),
        kind="assessment",
        title=_("Évaluation pour l'offre solidaire"),
        detail=_("Valable jusqu'au %(day)s") % {"day": assessment.valid_until.strftime("%d/%m/%Y")},
        icon="check",
    )


SOURCES = (
    Source(
        "sale",
        rows=lambda person, user: person.solidarity_sales.all(),
        fields=(
            "pk",
            "sold_at",
            "quantity",
            "status",
            "receipt_year",
            "receipt_number",
            "offer__name",
            "space__pk",
            "space__organisation_id",
            "space__name",
        ),
        entry=sale_entry,
    ),
    Source(
        "assessment",
        rows=lambda person, user: person.solidarity_assessments.all(),
        fields=("assessed_on", "valid_until"),
        entry=assessment_entry,
    ),
)


def sale_actions(person, user) -> list[Action]:
    if person.is_anonymised or not can(user, Capability.SELL, person.home_space):
        return []
    return [
        Action(
            _("Vendre une offre solidaire"),
            reverse("solidarity:sale_create", args=[person.pk]),
            "phone",
        ),
        Action(
            _("Noter une évaluation solidaire"),
            reverse("solidarity:assessment_create", args=[person.pk]),
            "check",
        ),
    ]


def low_stock_notices(user) -> list[home.Notice]:
    """One notice per space where the user keeps the stock and an offer on sale runs low."""
    levels = StockLevel.objects.visible_to(user).low()
    if not user.is_administrator:
        levels = levels.filter(space_id__in=space_ids_where(user, Capability.MANAGE_STOCK))
    by_space: dict[int, list] = {}
    for level in levels.select_related("space", "offer").order_by("space__name", "offer__name"):
        by_space.setdefault(level.space_id, []).append(level)
    return [
        home.Notice(
            title=_("Stock bas à %(space)s") % {"space": rows[0].space.name},
            detail=", ".join(f"{level.offer.name} : {level.quantity}" for level in rows),
            url=reverse("solidarity:stock_list") + f"?space={space_id}",
            icon="phone",
            is_urgent=any(level.quantity == 0 for level in rows),
        )
        for space_id, rows in by_space.items()
    ]
