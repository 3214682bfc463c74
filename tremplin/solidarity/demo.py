"""Demo network, solidarity: a catalogue per organisation, stock in each space received a year
ago, a few transfers, and a year of counter sales (through the services, so eligibility, stock
and receipt numbers hold), some cancelled or refunded. Only people active in the last ten months
buy, on dates before their last activity, so the count of people to anonymise does not move."""

import datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.utils import timezone
from stdnum import luhn

from tremplin.people.models import Person
from tremplin.solidarity import services, stock
from tremplin.solidarity.models import Item, Offer, OfferLimit, StockLevel
from tremplin.spaces.models import Membership

K, P, S, C = Offer.Kind, Offer.Proof, Offer.Situation, OfferLimit.Counts
CATALOGUE = [
    # kind, name, solidarity price, market price, grade, warranty, proof, situations, limits,
    # units received per space, description
    (
        K.LAPTOP,
        "Ordinateur portable 14 pouces",
        "79",
        "329",
        "B",
        12,
        P.EITHER,
        [],
        [(1, 12, C.FAMILY)],
        6,
        "Reconditionné, Linux ou Windows, chargeur fourni.",
    ),
    (
        K.SMARTPHONE,
        "Smartphone Android reconditionné",
        "39",
        "159",
        "B",
        6,
        P.EITHER,
        [],
        [(1, 12, C.FAMILY)],
        10,
        "Écran 6 pouces, 64 Go, chargeur fourni.",
    ),
    (
        K.TABLET,
        "Tablette 10 pouces",
        "49",
        "189",
        "C",
        6,
        P.ASSESSMENT,
        [],
        [(1, 12, C.FAMILY)],
        4,
        "Pour les démarches et la visio, avec une housse.",
    ),
    (
        K.SIM,
        "Carte SIM avec forfait solidaire 20 Go",
        "2",
        "10",
        "",
        0,
        P.NONE,
        [S.INCOME_SUPPORT, S.JOB_SEEKER],
        [(1, 12, C.OFFER)],
        60,
        "Forfait prépayé du partenaire télécom, sans engagement.",
    ),
    (
        K.DATA_RECHARGE,
        "Recharge de données 10 Go",
        "3",
        "10",
        "",
        0,
        P.NONE,
        [],
        [(4, 1, C.FAMILY)],
        400,
        "Valable 30 jours.",
    ),
    (
        K.CALL_RECHARGE,
        "Recharge d'appels 2 heures",
        "2",
        "5",
        "",
        0,
        P.NONE,
        [],
        [(4, 1, C.FAMILY)],
        200,
        "Appels et SMS en France, valable 30 jours.",
    ),
    (K.ACCESSORY, "Chargeur et câble USB-C", "3", "15", "", 0, P.NONE, [], [], 30, ""),
]
# How often each offer is asked for at the counter (recharges most).
WEIGHTS = [1, 3, 1, 4, 12, 6, 2]
SALES_PER_SPACE = 160


def seed(network) -> None:
    organisations = [network.organisation, network.second_organisation]
    if Offer.objects.filter(organisation__in=organisations).exists():
        network.stdout.write("  solidarity: already there")
        return
    rng, now = network.rng, timezone.now()
    year_ago = now - datetime.timedelta(days=365)
    sellers = _sellers(network)
    serials = iter(range(1, 100000))
    made = refunds = 0
    for organisation in organisations:
        offers = [_offer(organisation, row) for row in CATALOGUE]
        spaces = [
            space
            for space in [*network.spaces.values(), *network.second_spaces.values()]
            if space.organisation_id == organisation.pk
        ]
        for space in spaces:
            for offer, row in zip(offers, CATALOGUE, strict=True):
                _receive(space, offer, row[9], next_serial=serials, at=year_ago)
        if len(spaces) > 1:  # a few devices and recharges moved where they were wanted
            for offer in offers[1::3]:
                _transfer(
                    offer, spaces[0], spaces[1], sellers, at=year_ago + datetime.timedelta(days=90)
                )
        for space in spaces:
            made_here, refunded_here = _sales(space, offers, sellers, rng=rng, now=now)
            made, refunds = made + made_here, refunds + refunded_here
    _damaged_chargers(network, sellers, at=now - datetime.timedelta(days=3))
    network.stdout.write(f"  solidarity: {made} sales, {refunds} cancelled or refunded")


def _damaged_chargers(network, sellers, *, at) -> None:
    """Strasbourg's chargers run low (a damaged box written off), so that its coordinator's home
    shows the low-stock notice."""
    space = network.spaces["strasbourg"]
    offer = Offer.objects.get(organisation=space.organisation, kind=Offer.Kind.ACCESSORY)
    level = StockLevel.objects.get(space=space, offer=offer)
    left = offer.low_stock_below // 2
    if level.quantity > left:
        stock.write_off_stock(
            space,
            offer=offer,
            reason="Carton abîmé par un dégât des eaux",
            quantity=level.quantity - left,
            by=sellers[space.pk],
            now=at,
        )


def _sellers(network) -> dict[int, object]:
    """A mediator or coordinator per space; the national team where there is none."""
    sellers = {}
    for membership in Membership.objects.filter(
        role__in=[Membership.Role.MEDIATOR, Membership.Role.COORDINATOR]
    ).select_related("user"):
        sellers.setdefault(membership.space_id, membership.user)
    admins = {
        network.organisation.pk: network.accounts["admin"],
        network.second_organisation.pk: network.accounts["admin-horizon"],
    }
    for space in [*network.spaces.values(), *network.second_spaces.values()]:
        sellers.setdefault(space.pk, admins[space.organisation_id])
    return sellers


def _offer(organisation, row) -> Offer:
    kind, name, price, market, grade, warranty, proof, situations, limits, _units, text = row
    offer = Offer.objects.create(
        organisation=organisation,
        kind=kind,
        name=name,
        description=text,
        solidarity_price=Decimal(price),
        market_price=Decimal(market),
        grade=grade,
        warranty_months=warranty,
        proof=proof,
        situations=situations,
        low_stock_below=2 if kind in (K.LAPTOP, K.SMARTPHONE, K.TABLET) else 10,
    )
    for max_units, months, counts in limits:
        OfferLimit.objects.create(offer=offer, max_units=max_units, months=months, counts=counts)
    return offer


def _receive(space, offer, units, *, next_serial, at) -> None:
    if not offer.is_serialised:
        stock.receive_stock(space, offer=offer, quantity=units, by=None, note="Livraison", now=at)
        return
    devices = []
    for _unit in range(units):
        number = next(next_serial)
        base = f"35{number:012d}"
        imei = base + luhn.calc_check_digit(base) if offer.needs_imei else ""
        devices.append(stock.DeviceLine(serial_number=f"TRP{number:06d}", imei=imei))
    stock.receive_stock(
        space, offer=offer, devices=devices, by=None, note="Atelier de reconditionnement", now=at
    )


def _transfer(offer, source, destination, sellers, *, at) -> None:
    by = sellers[source.pk]
    if offer.is_serialised:
        ids = list(
            Item.objects.filter(offer=offer, space=source, status=Item.Status.IN_STOCK).values_list(
                "pk", flat=True
            )[:2]
        )
        stock.transfer_stock(
            offer, source=source, destination=destination, item_ids=ids, by=by, now=at
        )
    else:
        stock.transfer_stock(
            offer, source=source, destination=destination, quantity=20, by=by, now=at
        )


def _sales(space, offers, sellers, *, rng, now) -> tuple[int, int]:
    recent = now - datetime.timedelta(days=300)
    people = list(
        Person.objects.active()
        .filter(home_space=space, last_activity_at__gte=recent)
        .order_by("pk")
    )
    if not people:
        return 0, 0
    seller = sellers[space.pk]
    for person in rng.sample(people, max(1, len(people) // 4)):  # assessed by a mediator
        day = timezone.localdate(min(person.last_activity_at, now)) - datetime.timedelta(days=30)
        if day >= timezone.localdate(person.created_at):
            services.record_assessment(
                person,
                space=space,
                assessed_by=seller,
                assessed_on=day,
                now=person.last_activity_at,
            )
    attempts = []
    for _attempt in range(SALES_PER_SPACE):
        person = rng.choice(people)
        start = max(person.created_at, now - datetime.timedelta(days=365))
        end = min(person.last_activity_at, now)
        if end <= start:
            continue
        moment = start + (end - start) * rng.random()
        attempts.append((moment, person, rng.choices(offers, weights=WEIGHTS)[0]))
    made, ended = 0, 0
    for moment, person, offer in sorted(attempts, key=lambda attempt: attempt[0]):
        item = None
        if offer.is_serialised:
            item = Item.objects.filter(
                offer=offer, space=space, status=Item.Status.IN_STOCK
            ).first()
            if item is None:
                continue
        quantity = 1 if offer.is_serialised else rng.choice([1, 1, 1, 2])
        try:
            sale = services.sell_offer(
                person,
                offer=offer,
                space=space,
                quantity=quantity,
                payment=rng.choice(["cash", "cash", "card", "cheque", "free"]),
                sold_by=seller,
                item_id=item.pk if item else None,
                now=moment,
            )
        except ValidationError:
            continue  # not eligible (a limit, no referral): the counter says no
        made += 1
        roll = rng.random()
        if roll < 0.03:
            services.cancel_sale(sale, reason="Erreur de saisie", by=seller, now=moment)
            ended += 1
        elif roll < 0.06 and moment + datetime.timedelta(days=3) < person.last_activity_at:
            services.refund_sale(
                sale,
                reason="Ne convient pas",
                goods_back=offer.is_serialised,
                by=seller,
                now=moment + datetime.timedelta(days=3),
            )
            ended += 1
    return made, ended
