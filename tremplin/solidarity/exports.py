"""Sales and stock movements of a period as a spreadsheet (CSV, XLSX, ODS through tablib).

Neither names anyone: a sale is a receipt number, a place, an offer and amounts; stock lines are
goods. The person's own number stays out too, so the file can go to a funder.
"""

import datetime
from typing import TYPE_CHECKING

from django.utils import timezone
from django.utils.translation import gettext as _

from tremplin.solidarity.models import Sale, StockMovement

if TYPE_CHECKING:
    import tablib

CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "ods": "application/vnd.oasis.opendocument.spreadsheet",
}


def sales_dataset(sales) -> "tablib.Dataset":
    import tablib  # loaded by the first export, not by every worker

    data = tablib.Dataset(
        headers=[
            _("reçu"),
            _("date"),
            _("espace"),
            _("offre"),
            _("type"),
            _("quantité"),
            _("prix unitaire"),
            _("montant payé"),
            _("paiement"),
            _("état"),
        ],
        title=_("ventes"),
    )
    for sale in sales.select_related("space", "offer").order_by("sold_at", "pk"):
        data.append(
            [
                sale.receipt_label,
                sale.sold_on.isoformat(),
                sale.space.name,
                sale.offer.name,
                sale.offer.get_kind_display(),
                sale.quantity,
                float(sale.unit_price),
                float(sale.amount_paid),
                sale.get_payment_display(),
                sale.get_status_display(),
            ]
        )
    return data


def stock_dataset(movements) -> "tablib.Dataset":
    import tablib  # loaded by the first export, not by every worker

    data = tablib.Dataset(
        headers=[
            _("date"),
            _("espace"),
            _("offre"),
            _("mouvement"),
            _("quantité"),
            _("numéro de série"),
            _("transfert"),
        ],
        title=_("stock"),
    )
    for line in movements.select_related("space", "offer", "item").order_by("moved_at", "pk"):
        data.append(
            [
                timezone.localtime(line.moved_at).strftime("%Y-%m-%d %H:%M"),
                line.space.name,
                line.offer.name,
                line.get_kind_display(),
                line.quantity,
                line.item.serial_number if line.item_id else "",
                line.transfer_code[:8],
            ]
        )
    return data


def export(
    user, *, what: str, start: datetime.date, end: datetime.date, file_format: str, space_ids
) -> tuple[bytes, str, str]:
    """The file's bytes, content type and name, for the user's scope limited to ``space_ids``."""
    if what == "sales":
        rows = Sale.objects.visible_to(user).in_spaces(space_ids).in_period(start, end)
        data = sales_dataset(rows)
    else:
        rows = StockMovement.objects.visible_to(user).filter(
            space_id__in=list(space_ids),
            moved_at__date__gte=start,
            moved_at__date__lte=end,
        )
        data = stock_dataset(rows)
    content = data.export(file_format)
    if isinstance(content, str):
        content = content.encode("utf-8-sig")  # a BOM: Excel then reads the accents right
    name = f"{'ventes' if what == 'sales' else 'stock'}-{start:%Y%m%d}-{end:%Y%m%d}.{file_format}"
    return content, CONTENT_TYPES[file_format], name
