"""Factory functions for solidarity: offers, stock, devices and sales, keyword overrides."""

import datetime
from decimal import Decimal

from stdnum import luhn

from tremplin.solidarity import services, stock
from tremplin.solidarity.models import Item, Offer, OfferLimit, Sale
from tremplin.spaces.models import Space


def valid_imei(number: int) -> str:
    """A well-formed IMEI (Luhn check digit), different for each ``number``."""
    base = f"35{number:012d}"
    return base + luhn.calc_check_digit(base)


def make_offer(organisation, *, kind=Offer.Kind.DATA_RECHARGE, limits=(), **fields) -> Offer:
    """An offer (a data recharge by default, no rule). ``limits``: (max_units, months, counts)."""
    fields.setdefault("name", f"{Offer.Kind(kind).label} {Offer.objects.count() + 1}")
    fields.setdefault("solidarity_price", Decimal("5.00"))
    fields.setdefault("market_price", Decimal("15.00"))
    if kind in (Offer.Kind.LAPTOP, Offer.Kind.SMARTPHONE, Offer.Kind.TABLET):
        fields.setdefault("grade", Offer.Grade.GOOD)
        fields.setdefault("warranty_months", 6)
    offer = Offer.objects.create(organisation=organisation, kind=kind, **fields)
    for max_units, months, counts in limits:
        OfferLimit.objects.create(offer=offer, max_units=max_units, months=months, counts=counts)
    return offer


def stock_up(space: Space, offer: Offer, quantity: int = 10, *, by=None) -> None:
    stock.receive_stock(space, offer=offer, quantity=quantity, by=by)


def make_device(space: Space, offer: Offer, *, serial: str | None = None, imei: str | None = None):
    number = Item.objects.count()
    line = stock.DeviceLine(
        serial_number=serial or f"SN{number + 1000}",
        imei=imei if imei is not None else (valid_imei(number + 1) if offer.needs_imei else ""),
    )
    [movement] = stock.receive_stock(space, offer=offer, devices=[line], by=None)
    return movement.item


def make_sale(person, offer: Offer, *, seller, space=None, quantity=1, now=None, **fields) -> Sale:
    """A completed sale, stock received first when there is none."""
    space = space or person.home_space
    item = None
    if offer.is_serialised:
        item = fields.pop("item", None) or make_device(space, offer)
    elif not offer.stock_levels.filter(space=space, quantity__gte=quantity).exists():
        stock_up(space, offer, quantity + 5)
    return services.sell_offer(
        person,
        offer=offer,
        space=space,
        quantity=quantity,
        payment=fields.pop("payment", Sale.Payment.CASH),
        sold_by=seller,
        item_id=item.pk if item else None,
        now=now,
    )


def at_noon(day: datetime.date) -> datetime.datetime:
    from django.utils import timezone

    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(12)))
