"""The stock ledger: receive, transfer, write off, refurbish. Every change of stock goes through
``move``, which appends a ``StockMovement`` and updates the (space, offer) ``StockLevel`` row it
holds locked (``select_for_update``): stock never goes negative, and two requests never take
the same last unit. Devices (serialised items) are locked by their own row as well.

Lock order, the same everywhere so that two operations never wait on each other: the person
(sales only), the stock rows by space id, the devices by id, the receipt counter.
"""

import datetime
import re
import uuid
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tremplin.solidarity.models import Item, Offer, StockLevel, StockMovement
from tremplin.spaces.models import Space

MAX_RECEIVED = 1000  # one delivery; more is a typing mistake
SERIAL_SHAPE = re.compile(r"[A-Za-z0-9][A-Za-z0-9./_-]{2,39}")


def _moment(now: datetime.datetime | None) -> datetime.datetime:
    return now or timezone.now()


def lock_level(space: Space, offer: Offer) -> StockLevel:
    """The (space, offer) stock row, created at zero the first time, locked until the end of
    the transaction."""
    StockLevel.objects.get_or_create(
        space=space, offer=offer, defaults={"organisation_id": offer.organisation_id}
    )
    return StockLevel.objects.select_for_update().get(space=space, offer=offer)


def move(
    level: StockLevel,
    *,
    kind: str,
    quantity: int,
    by,
    at: datetime.datetime,
    item: Item | None = None,
    sale=None,
    note: str = "",
    transfer_code: str = "",
) -> StockMovement:
    """Appends one line to the ledger and updates the locked ``level``. Raises ValidationError
    when the stock would go below zero (nothing is written)."""
    if level.quantity + quantity < 0:
        raise ValidationError(
            _("Il n'en reste que %(left)s en stock à %(space)s.")
            % {"left": level.quantity, "space": level.space.name},
            code="out_of_stock",
        )
    level.quantity += quantity
    level.save(update_fields=["quantity"])
    return StockMovement.objects.create(
        organisation_id=level.organisation_id,
        space_id=level.space_id,
        offer_id=level.offer_id,
        item=item,
        kind=kind,
        quantity=quantity,
        sale=sale,
        note=note[:200],
        transfer_code=transfer_code,
        moved_by=by if by is not None and by.is_authenticated else None,
        moved_at=at,
    )


def ledger_balance(space: Space, offer: Offer) -> int:
    """Stock as the sum of the ledger's lines (``StockLevel.quantity`` must equal it)."""
    from django.db.models import Sum

    total = StockMovement.objects.filter(space=space, offer=offer).aggregate(total=Sum("quantity"))
    return total["total"] or 0


# Devices ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class DeviceLine:
    serial_number: str
    imei: str = ""


def clean_imei(raw: str) -> str:
    """An IMEI as stored (15 digits, spaces and dashes removed), checked by python-stdnum (its
    length, digits and Luhn check digit). Raises ValidationError with a plain message."""
    # Imported here: python-stdnum's utilities load pydoc and ssl, about 5 MB in every worker
    # for the few pages that take a device into stock.
    from stdnum import imei as stdnum_imei
    from stdnum.exceptions import ValidationError as NumberError

    compact = stdnum_imei.compact(raw or "")
    try:
        stdnum_imei.validate(compact)
    except NumberError as error:
        raise ValidationError(
            _(
                "L'IMEI « %(imei)s » n'est pas valable : il a 15 chiffres et le dernier sert de "
                "contrôle. Relisez-le sous la batterie ou avec *#06#."
            )
            % {"imei": raw.strip()[:30]},
            code="imei",
        ) from error
    if len(compact) != 15:
        raise ValidationError(
            _("L'IMEI « %(imei)s » doit avoir 15 chiffres.") % {"imei": raw.strip()[:30]},
            code="imei",
        )
    return compact


def parse_device_lines(text: str, *, needs_imei: bool) -> list[DeviceLine]:
    """One device per line: « serial number » or « serial number ; IMEI ». Raises one
    ValidationError listing every wrong line (line numbers from 1)."""
    devices, errors, serials, imeis = [], [], set(), set()
    for number, line in enumerate((text or "").splitlines(), start=1):
        if not line.strip():
            continue
        parts = [part.strip() for part in re.split(r"[;,\t]", line)]
        serial, raw_imei = parts[0], (parts[1] if len(parts) > 1 else "")
        if not SERIAL_SHAPE.fullmatch(serial):
            errors.append(
                _("Ligne %(n)s : le numéro de série a de 3 à 40 lettres ou chiffres.")
                % {"n": number}
            )
            continue
        imei = ""
        if needs_imei or raw_imei:
            if not raw_imei:
                errors.append(
                    _("Ligne %(n)s : écrivez l'IMEI après un point-virgule.") % {"n": number}
                )
                continue
            try:
                imei = clean_imei(raw_imei)
            except ValidationError as error:
                errors.append(
                    _("Ligne %(n)s : %(error)s") % {"n": number, "error": error.messages[0]}
                )
                continue
        if serial.upper() in serials or (imei and imei in imeis):
            errors.append(_("Ligne %(n)s : cet appareil est déjà écrit plus haut.") % {"n": number})
            continue
        serials.add(serial.upper())
        imeis.add(imei)
        devices.append(DeviceLine(serial_number=serial.upper(), imei=imei))
    if errors:
        raise ValidationError(errors, code="lines")
    if not devices:
        raise ValidationError(_("Écrivez au moins un appareil, un par ligne."), code="empty")
    return devices


def _check_place(space: Space, offer: Offer) -> None:
    if space.organisation_id != offer.organisation_id:
        raise ValidationError(_("Cette offre n'est pas au catalogue de cet espace."), code="offer")


def _check_quantity(quantity: int | None, *, maximum: int = MAX_RECEIVED) -> None:
    if quantity is None or not 1 <= quantity <= maximum:
        raise ValidationError(
            _("La quantité va de 1 à %(max)s.") % {"max": maximum}, code="quantity"
        )


# Operations ---------------------------------------------------------------------------------


@transaction.atomic
def receive_stock(
    space: Space,
    *,
    offer: Offer,
    quantity: int | None = None,
    devices: list[DeviceLine] = (),
    by,
    note: str = "",
    now: datetime.datetime | None = None,
) -> list[StockMovement]:
    """Records a delivery: ``quantity`` units, or one line per device for a serialised offer.
    Raises ValidationError, and records nothing, for a quantity outside 1–1000, a device
    without its serial number or a wrong IMEI, or a device already known."""
    moment = _moment(now)
    _check_place(space, offer)
    level = lock_level(space, offer)
    if not offer.is_serialised:
        _check_quantity(quantity)
        return [
            move(
                level,
                kind=StockMovement.Kind.RECEIVED,
                quantity=quantity,
                by=by,
                at=moment,
                note=note,
            )
        ]
    if not devices:
        raise ValidationError(_("Écrivez les appareils reçus, un par ligne."), code="empty")
    if offer.needs_imei and any(not device.imei for device in devices):
        raise ValidationError(_("Chaque téléphone ou tablette a son IMEI."), code="imei")
    movements = []
    for device in devices:
        try:
            with transaction.atomic():
                item = Item.objects.create(
                    space=space,
                    offer=offer,
                    serial_number=device.serial_number,
                    imei=device.imei,
                    received_at=moment,
                )
        except IntegrityError as error:
            raise ValidationError(
                _("L'appareil %(serial)s est déjà dans le stock (même numéro de série ou IMEI).")
                % {"serial": device.serial_number},
                code="duplicate",
            ) from error
        movements.append(
            move(
                level,
                kind=StockMovement.Kind.RECEIVED,
                quantity=1,
                by=by,
                at=moment,
                item=item,
                note=note,
            )
        )
    return movements


def _lock_items(item_ids, *, offer: Offer, space: Space, statuses) -> list[Item]:
    items = list(
        Item.objects.select_for_update().filter(pk__in=list(item_ids), offer=offer).order_by("pk")
    )
    if len(items) != len(set(item_ids)) or any(
        item.space_id != space.pk or item.status not in statuses for item in items
    ):
        raise ValidationError(
            _("Un des appareils choisis n'est plus disponible dans cet espace."), code="item"
        )
    return items


@transaction.atomic
def transfer_stock(
    offer: Offer,
    *,
    source: Space,
    destination: Space,
    quantity: int | None = None,
    item_ids=(),
    by,
    now: datetime.datetime | None = None,
) -> str:
    """Moves stock from one space to another in one operation: two ledger lines that share a
    transfer code, both rows locked in a fixed order. Returns the code. Raises ValidationError,
    and moves nothing, for the same space twice, spaces of two organisations, a quantity
    outside 1–1000 or above the stock, or a device that is not in stock at the source."""
    moment = _moment(now)
    if source.pk == destination.pk:
        raise ValidationError(_("Choisissez deux espaces différents."), code="same_space")
    _check_place(source, offer)
    _check_place(destination, offer)
    levels = {
        space.pk: lock_level(space, offer)
        for space in sorted([source, destination], key=lambda s: s.pk)
    }
    code = uuid.uuid4().hex
    out_level, in_level = levels[source.pk], levels[destination.pk]
    if not offer.is_serialised:
        _check_quantity(quantity)
        move(
            out_level,
            kind=StockMovement.Kind.TRANSFER_OUT,
            quantity=-quantity,
            by=by,
            at=moment,
            transfer_code=code,
        )
        move(
            in_level,
            kind=StockMovement.Kind.TRANSFER_IN,
            quantity=quantity,
            by=by,
            at=moment,
            transfer_code=code,
        )
        return code
    if not item_ids:
        raise ValidationError(_("Choisissez les appareils à transférer."), code="empty")
    for item in _lock_items(item_ids, offer=offer, space=source, statuses={Item.Status.IN_STOCK}):
        move(
            out_level,
            kind=StockMovement.Kind.TRANSFER_OUT,
            quantity=-1,
            by=by,
            at=moment,
            item=item,
            transfer_code=code,
        )
        item.space = destination
        item.save(update_fields=["space"])
        move(
            in_level,
            kind=StockMovement.Kind.TRANSFER_IN,
            quantity=1,
            by=by,
            at=moment,
            item=item,
            transfer_code=code,
        )
    return code


@transaction.atomic
def write_off_stock(
    space: Space,
    *,
    offer: Offer,
    reason: str,
    quantity: int | None = None,
    item_ids=(),
    by,
    now: datetime.datetime | None = None,
) -> list[StockMovement]:
    """Takes units out of the stock for good (broken, lost, given to a partner…), with the
    reason. A device waiting for repair leaves with a line of 0 (it was not counted as stock).
    Raises ValidationError, and changes nothing, without a reason, for a quantity above the
    stock, or a device that is not here."""
    moment = _moment(now)
    reason = (reason or "").strip()
    if len(reason) < 3:
        raise ValidationError(_("Écrivez pourquoi ces articles sortent du stock."), code="reason")
    _check_place(space, offer)
    level = lock_level(space, offer)
    if not offer.is_serialised:
        _check_quantity(quantity)
        return [
            move(
                level,
                kind=StockMovement.Kind.WRITTEN_OFF,
                quantity=-quantity,
                by=by,
                at=moment,
                note=reason,
            )
        ]
    if not item_ids:
        raise ValidationError(_("Choisissez les appareils qui sortent du stock."), code="empty")
    movements = []
    statuses = {Item.Status.IN_STOCK, Item.Status.IN_REPAIR}
    for item in _lock_items(item_ids, offer=offer, space=space, statuses=statuses):
        counted = -1 if item.status == Item.Status.IN_STOCK else 0
        item.status = Item.Status.WRITTEN_OFF
        item.save(update_fields=["status"])
        movements.append(
            move(
                level,
                kind=StockMovement.Kind.WRITTEN_OFF,
                quantity=counted,
                by=by,
                at=moment,
                item=item,
                note=reason,
            )
        )
    return movements


@transaction.atomic
def refurbish_item(item: Item, *, by, now: datetime.datetime | None = None) -> Item:
    """A device that came back (a return, a refund) is checked or repaired and goes back on
    sale at its space. Raises ValidationError when it is not waiting for repair."""
    moment = _moment(now)
    level = lock_level(item.space, item.offer)
    item = Item.objects.select_for_update().get(pk=item.pk)
    if item.status != Item.Status.IN_REPAIR:
        raise ValidationError(_("Cet appareil n'attend pas de remise en état."), code="status")
    item.status = Item.Status.IN_STOCK
    item.save(update_fields=["status"])
    move(level, kind=StockMovement.Kind.REFURBISHED, quantity=1, by=by, at=moment, item=item)
    return item
