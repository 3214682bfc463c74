"""Solidarity services: assess a person, sell at the counter, cancel or refund, record a return or
an exchange under warranty. Stock operations live in ``stock.py``.

A sale locks, in this order: the person's row (two sales to the same person cannot both pass a
limit), the (space, offer) stock row, the device's row, the receipt counter of the organisation
and year. Everything the sale checks is read inside those locks; PostgreSQL tests prove it
(``tests/test_concurrency.py``). The price always comes from the catalogue, never from a form.
"""

import datetime
from decimal import Decimal

from dateutil.relativedelta import relativedelta
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tremplin.people.models import JournalEntry, Person
from tremplin.people.services import journal, touch
from tremplin.solidarity import eligibility
from tremplin.solidarity.models import (
    MAX_QUANTITY,
    Assessment,
    Item,
    Offer,
    ReceiptCounter,
    Sale,
    StockMovement,
    WarrantyClaim,
)
from tremplin.solidarity.stock import lock_level, move
from tremplin.spaces.capabilities import Capability
from tremplin.spaces.models import Space
from tremplin.spaces.permissions import can

MAX_ASSESSMENT_MONTHS = 12


def _moment(now: datetime.datetime | None) -> datetime.datetime:
    return now or timezone.now()


def _lock_person(person: Person) -> Person:
    person = Person.objects.select_for_update().get(pk=person.pk)
    if person.is_anonymised:
        raise ValidationError(_("Cette fiche a été effacée."), code="erased")
    return person


@transaction.atomic
def record_assessment(
    person: Person,
    *,
    space: Space,
    assessed_by,
    assessed_on: datetime.date,
    valid_until: datetime.date | None = None,
    now: datetime.datetime | None = None,
) -> Assessment:
    """Records that a mediator assessed the person as needing solidarity access, valid from
    ``assessed_on`` to ``valid_until`` (six months by default, at most twelve), and journals it.
    Raises PermissionDenied without the SELL capability at ``space``, ValidationError for a
    date to come, an end before the start or more than twelve months, or an erased record."""
    moment = _moment(now)
    if not can(assessed_by, Capability.SELL, space):
        raise PermissionDenied
    person = _lock_person(person)
    if space.organisation_id != person.organisation_id:
        raise ValidationError(_("Cet espace n'est pas celui de la personne."), code="space")
    if assessed_on > timezone.localdate(moment):
        raise ValidationError(_("La date de l'évaluation ne peut pas être à venir."), code="future")
    end = valid_until or Assessment.default_end(assessed_on)
    if end < assessed_on:
        raise ValidationError(_("La fin vient après la date de l'évaluation."), code="end")
    limit = assessed_on + relativedelta(months=MAX_ASSESSMENT_MONTHS)
    if end > limit:
        raise ValidationError(
            _("Une évaluation vaut au plus %(months)s mois.") % {"months": MAX_ASSESSMENT_MONTHS},
            code="too_long",
        )
    assessment = Assessment.objects.create(
        space=space,
        person=person,
        assessed_by=assessed_by,
        assessed_on=assessed_on,
        valid_until=end,
    )
    journal(
        person,
        actor=assessed_by,
        action=JournalEntry.Action.UPDATE,
        fields=["solidarity_assessment"],
        now=moment,
    )
    touch(person, now=moment)
    return assessment


def next_receipt_number(organisation_id: int, year: int) -> int:
    """The next receipt number of the organisation and year, inside the caller's transaction:
    the counter row is locked until it ends, so numbers have no gap and no duplicate (a sale
    that fails rolls its number back with it)."""
    ReceiptCounter.objects.get_or_create(organisation_id=organisation_id, year=year)
    counter = ReceiptCounter.objects.select_for_update().get(
        organisation_id=organisation_id, year=year
    )
    counter.last_number += 1
    counter.save(update_fields=["last_number"])
    return counter.last_number


def _check_sale_input(
    offer: Offer, *, space: Space, person: Person, quantity, item_id, payment
) -> None:
    if payment not in Sale.Payment.values:
        raise ValidationError(_("Choisissez le moyen de paiement."), code="payment")
    if (
        offer.organisation_id != space.organisation_id
        or person.organisation_id != space.organisation_id
    ):
        raise ValidationError(_("Cette offre n'est pas au catalogue de cet espace."), code="offer")
    if not offer.is_active:
        raise ValidationError(_("Cette offre n'est plus en vente."), code="inactive")
    if offer.is_serialised:
        if item_id is None:
            raise ValidationError(
                _("Choisissez l'appareil vendu (son numéro de série)."), code="item"
            )
        if quantity != 1:
            raise ValidationError(_("Un appareil se vend à l'unité."), code="quantity")
    elif quantity is None or not 1 <= quantity <= MAX_QUANTITY:
        raise ValidationError(
            _("La quantité va de 1 à %(max)s.") % {"max": MAX_QUANTITY}, code="quantity"
        )


@transaction.atomic
def sell_offer(
    person: Person,
    *,
    offer: Offer,
    space: Space,
    quantity: int | None,
    payment: str,
    sold_by,
    item_id: int | None = None,
    now: datetime.datetime | None = None,
) -> Sale:
    """Sells ``quantity`` of ``offer`` (or the device ``item_id``) to the person at ``space``,
    at the catalogue's solidarity price, and gives the sale the next receipt number.

    Raises PermissionDenied when ``sold_by`` may not sell at ``space`` (volunteers), and
    ValidationError, saving nothing, for a quantity outside 1–50, an offer no longer on sale or
    of another organisation, an erased record, a person who is not eligible (the message lists
    every reason), stock too low, or a device that is not in stock at the space."""
    moment = _moment(now)
    if not can(sold_by, Capability.SELL, space):
        raise PermissionDenied
    _check_sale_input(
        offer, space=space, person=person, quantity=quantity, item_id=item_id, payment=payment
    )
    person = _lock_person(person)
    today = timezone.localdate(moment)
    reasons = eligibility.check(person, offer, quantity=quantity, on=today)
    if reasons:
        raise ValidationError(reasons, code="not_eligible")
    level = lock_level(space, offer)
    item = None
    if offer.is_serialised:
        item = Item.objects.select_for_update().filter(pk=item_id, offer=offer).first()
        if item is None or item.space_id != space.pk or item.status != Item.Status.IN_STOCK:
            raise ValidationError(
                _("Cet appareil n'est plus en stock ici : il vient peut-être d'être vendu."),
                code="item",
            )
    unit_price = offer.solidarity_price
    paid = Decimal("0") if payment == Sale.Payment.FREE else unit_price * quantity
    sale = Sale.objects.create(
        organisation_id=space.organisation_id,
        space=space,
        person=person,
        offer=offer,
        item=item,
        quantity=quantity,
        unit_price=unit_price,
        amount_paid=paid,
        payment=payment,
        receipt_year=today.year,
        receipt_number=next_receipt_number(space.organisation_id, today.year),
        sold_by=sold_by,
        sold_at=moment,
        sold_on=today,
    )
    move(
        level,
        kind=StockMovement.Kind.SOLD,
        quantity=-quantity,
        by=sold_by,
        at=moment,
        item=item,
        sale=sale,
    )
    if item is not None:
        item.status = Item.Status.SOLD
        item.save(update_fields=["status"])
    touch(person, now=moment)
    return sale


def _lock_live_sale(sale: Sale, *, by) -> Sale:
    sale = (
        Sale.objects.select_for_update().select_related("space", "offer", "person").get(pk=sale.pk)
    )
    if not can(by, Capability.SELL, sale.space):
        raise PermissionDenied
    if not sale.is_completed:
        raise ValidationError(_("Cette vente est déjà annulée ou remboursée."), code="ended")
    return sale


def _clean_reason(reason: str) -> str:
    reason = (reason or "").strip()
    if len(reason) < 3:
        raise ValidationError(_("Écrivez la raison, en quelques mots."), code="reason")
    return reason[:300]


def _end_sale(sale: Sale, *, status: str, reason: str, by, moment) -> None:
    sale.status = status
    sale.end_reason = reason
    sale.ended_by = by
    sale.ended_at = moment
    sale.save(update_fields=["status", "end_reason", "ended_by", "ended_at"])


@transaction.atomic
def cancel_sale(sale: Sale, *, reason: str, by, now: datetime.datetime | None = None) -> Sale:
    """Cancels a sale made by mistake: what was sold goes back on sale at the space (a device
    too). The receipt keeps its number, marked cancelled. Raises PermissionDenied without the
    SELL capability at the sale's space, ValidationError without a reason or for a sale already
    ended."""
    moment = _moment(now)
    reason = _clean_reason(reason)
    sale = _lock_live_sale(sale, by=by)
    level = lock_level(sale.space, sale.offer)
    if sale.item_id:
        item = Item.objects.select_for_update().get(pk=sale.item_id)
        item.status, item.space_id = Item.Status.IN_STOCK, sale.space_id
        item.save(update_fields=["status", "space"])
    move(
        level,
        kind=StockMovement.Kind.RETURNED,
        quantity=sale.quantity,
        by=by,
        at=moment,
        item=sale.item,
        sale=sale,
        note=reason,
    )
    _end_sale(sale, status=Sale.Status.CANCELLED, reason=reason, by=by, moment=moment)
    touch(sale.person, now=moment)
    return sale


@transaction.atomic
def refund_sale(
    sale: Sale, *, reason: str, goods_back: bool, by, now: datetime.datetime | None = None
) -> Sale:
    """Refunds a sale. When the goods come back, a device waits for a check (``in repair``,
    not counted as stock until ``refurbish_item``), other goods go back on sale; a used
    recharge does not come back. The receipt keeps its number, marked refunded. Raises as
    ``cancel_sale``."""
    moment = _moment(now)
    reason = _clean_reason(reason)
    sale = _lock_live_sale(sale, by=by)
    if goods_back:
        _take_back(sale, by=by, moment=moment, note=reason)
    _end_sale(sale, status=Sale.Status.REFUNDED, reason=reason, by=by, moment=moment)
    touch(sale.person, now=moment)
    return sale


def _take_back(sale: Sale, *, by, moment, note: str, item: Item | None = None) -> None:
    """Inside the locks of a refund or a warranty claim: the goods come back to the space."""
    level = lock_level(sale.space, sale.offer)
    item = item or (Item.objects.select_for_update().get(pk=sale.item_id) if sale.item_id else None)
    if item is not None:
        item.status, item.space_id = Item.Status.IN_REPAIR, sale.space_id
        item.save(update_fields=["status", "space"])
        move(
            level,
            kind=StockMovement.Kind.RETURNED,
            quantity=0,
            by=by,
            at=moment,
            item=item,
            sale=sale,
            note=note,
        )
    else:
        move(
            level,
            kind=StockMovement.Kind.RETURNED,
            quantity=sale.quantity,
            by=by,
            at=moment,
            sale=sale,
            note=note,
        )


@transaction.atomic
def record_warranty_claim(
    sale: Sale,
    *,
    kind: str,
    reason: str,
    by,
    replacement_id: int | None = None,
    now: datetime.datetime | None = None,
) -> WarrantyClaim:
    """A device brought back under warranty. A return refunds the sale and sends the device to
    repair; an exchange sends it to repair and hands over ``replacement_id``, another device of
    the same offer in stock at the space (the sale then names it). Raises PermissionDenied
    without the SELL capability, ValidationError for a sale without a device, ended, or past
    its warranty, without a reason, or a replacement that is not in stock here."""
    moment = _moment(now)
    reason = _clean_reason(reason)
    if kind not in WarrantyClaim.Kind.values:
        raise ValidationError(_("Choisissez un retour ou un échange."), code="kind")
    sale = _lock_live_sale(sale, by=by)
    ends_on = sale.warranty_ends_on()
    if sale.item_id is None or ends_on is None:
        raise ValidationError(
            _("Cette vente n'a pas d'appareil sous garantie."), code="no_warranty"
        )
    if timezone.localdate(moment) > ends_on:
        raise ValidationError(
            _("La garantie a pris fin le %(day)s.") % {"day": ends_on.strftime("%d/%m/%Y")},
            code="expired",
        )
    level = lock_level(sale.space, sale.offer)
    returned = Item.objects.select_for_update().get(pk=sale.item_id)
    replacement = None
    if kind == WarrantyClaim.Kind.EXCHANGE:
        replacement = (
            Item.objects.select_for_update().filter(pk=replacement_id, offer=sale.offer).first()
        )
        if (
            replacement is None
            or replacement.space_id != sale.space_id
            or replacement.status != Item.Status.IN_STOCK
        ):
            raise ValidationError(
                _("Choisissez un appareil de remplacement en stock dans cet espace."),
                code="replacement",
            )
    _take_back(sale, by=by, moment=moment, note=reason, item=returned)
    if replacement is None:
        _end_sale(sale, status=Sale.Status.REFUNDED, reason=reason, by=by, moment=moment)
    else:
        replacement.status = Item.Status.SOLD
        replacement.save(update_fields=["status"])
        sale.item = replacement
        sale.save(update_fields=["item"])
        move(
            level,
            kind=StockMovement.Kind.SOLD,
            quantity=-1,
            by=by,
            at=moment,
            item=replacement,
            sale=sale,
            note=reason,
        )
    claim = WarrantyClaim.objects.create(
        space=sale.space,
        sale=sale,
        kind=kind,
        reason=reason,
        returned_item=returned,
        replacement=replacement,
        recorded_by=by,
        recorded_at=moment,
    )
    touch(sale.person, now=moment)
    return claim
