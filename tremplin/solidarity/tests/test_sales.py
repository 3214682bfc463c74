"""Selling, cancelling, refunding, warranty claims, receipts and the stock ledger."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from tremplin.people.models import JournalEntry
from tremplin.people.tests.factories import make_person
from tremplin.solidarity import documents, services, stock
from tremplin.solidarity.models import Item, Offer, Sale, StockLevel, StockMovement
from tremplin.solidarity.tests.factories import (
    at_noon,
    make_device,
    make_offer,
    make_sale,
    stock_up,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def person(personas):
    return make_person(personas.strasbourg, first_name="Awa")


@pytest.fixture
def recharge(personas):
    offer = make_offer(personas.organisation, name="Recharge 10 Go", solidarity_price=Decimal("3"))
    stock_up(personas.strasbourg, offer, 5)
    return offer


def level(space, offer) -> int:
    return StockLevel.objects.get(space=space, offer=offer).quantity


def test_a_sale_takes_the_catalogue_price_a_number_and_the_stock(personas, person, recharge):
    sale = make_sale(person, recharge, seller=personas.mediator, quantity=2)
    assert (sale.unit_price, sale.amount_paid, sale.receipt_number) == (3, 6, 1)
    assert (
        level(personas.strasbourg, recharge)
        == 3
        == stock.ledger_balance(personas.strasbourg, recharge)
    )
    assert sale.movements.get().kind == StockMovement.Kind.SOLD


def test_a_free_sale_records_nothing_paid(personas, person, recharge):
    sale = make_sale(person, recharge, seller=personas.mediator, payment=Sale.Payment.FREE)
    assert sale.amount_paid == 0


def test_receipt_numbers_follow_per_organisation_and_year(personas, person, recharge):
    numbers = [make_sale(person, recharge, seller=personas.mediator).receipt_number for _ in "ab"]
    nancy = make_person(personas.nancy)
    other = make_offer(personas.other_organisation)
    first_there = make_sale(nancy, other, seller=personas.other_coordinator)
    next_year = make_sale(
        person, recharge, seller=personas.mediator, now=at_noon(datetime.date(2099, 1, 2))
    )
    assert numbers == [1, 2]
    assert first_there.receipt_number == 1
    assert (next_year.receipt_year, next_year.receipt_number) == (2099, 1)


def test_a_volunteer_may_not_sell(personas, person, recharge):
    with pytest.raises(PermissionDenied):
        make_sale(person, recharge, seller=personas.volunteer)
    assert not Sale.objects.exists()


@pytest.mark.parametrize("quantity", [0, -1, 51, None])
def test_a_quantity_outside_one_to_fifty_is_refused(personas, person, recharge, quantity):
    with pytest.raises(ValidationError, match="La quantité va de 1 à 50"):
        services.sell_offer(
            person,
            offer=recharge,
            space=personas.strasbourg,
            quantity=quantity,
            payment="cash",
            sold_by=personas.mediator,
        )
    assert not Sale.objects.exists()
    assert level(personas.strasbourg, recharge) == 5


def test_more_than_the_stock_is_refused_and_nothing_is_kept(personas, person, recharge):
    with pytest.raises(ValidationError, match="Il n'en reste que 5"):
        services.sell_offer(
            person,
            offer=recharge,
            space=personas.strasbourg,
            quantity=6,
            payment="cash",
            sold_by=personas.mediator,
        )
    assert not Sale.objects.exists()
    assert level(personas.strasbourg, recharge) == 5


def test_a_refusal_lists_every_reason_and_gives_no_number(personas, person):
    offer = make_offer(
        personas.organisation,
        proof=Offer.Proof.REFERRAL,
        situations=[Offer.Situation.JOB_SEEKER],
    )
    stock_up(personas.strasbourg, offer)
    with pytest.raises(ValidationError) as refused:
        make_sale(person, offer, seller=personas.mediator)
    assert len(refused.value.messages) == 2
    sale = make_sale(
        make_person(personas.strasbourg, is_job_seeker=True),
        make_offer(personas.organisation),
        seller=personas.mediator,
    )
    assert sale.receipt_number == 1  # the refused sale took no number


def test_an_assessment_opens_an_offer_that_asks_for_one(personas, person):
    offer = make_offer(personas.organisation, proof=Offer.Proof.ASSESSMENT)
    with pytest.raises(ValidationError, match="évaluation"):
        make_sale(person, offer, seller=personas.mediator)
    services.record_assessment(
        person,
        space=personas.strasbourg,
        assessed_by=personas.mediator,
        assessed_on=datetime.date.today(),
    )
    assert make_sale(person, offer, seller=personas.mediator).is_completed
    assert JournalEntry.objects.filter(person=person, fields=["solidarity_assessment"]).exists()


def test_an_assessment_is_refused_from_a_volunteer_or_longer_than_a_year(personas, person):
    today = datetime.date.today()
    with pytest.raises(PermissionDenied):
        services.record_assessment(
            person, space=personas.strasbourg, assessed_by=personas.volunteer, assessed_on=today
        )
    with pytest.raises(ValidationError, match="au plus 12 mois"):
        services.record_assessment(
            person,
            space=personas.strasbourg,
            assessed_by=personas.mediator,
            assessed_on=today,
            valid_until=today + datetime.timedelta(days=400),
        )


def test_a_device_is_sold_by_its_serial_number_once(personas, person):
    phone = make_offer(personas.organisation, kind=Offer.Kind.SMARTPHONE)
    device = make_device(personas.strasbourg, phone)
    sale = make_sale(person, phone, seller=personas.mediator, item=device)
    device.refresh_from_db()
    assert (device.status, sale.item, level(personas.strasbourg, phone)) == ("sold", device, 0)
    with pytest.raises(ValidationError, match="n'est plus en stock"):
        make_sale(make_person(personas.strasbourg), phone, seller=personas.mediator, item=device)


def test_cancelling_puts_the_goods_back_and_keeps_the_number(personas, person, recharge):
    sale = make_sale(person, recharge, seller=personas.mediator, quantity=2)
    services.cancel_sale(sale, reason="Erreur de saisie", by=personas.mediator)
    sale.refresh_from_db()
    assert (sale.status, sale.receipt_number) == ("cancelled", 1)
    assert level(personas.strasbourg, recharge) == 5
    with pytest.raises(ValidationError, match="déjà annulée"):
        services.refund_sale(sale, reason="Deux fois", goods_back=False, by=personas.mediator)
    assert make_sale(person, recharge, seller=personas.mediator).receipt_number == 2


def test_a_refunded_device_waits_for_repair_then_goes_back_on_sale(personas, person):
    phone = make_offer(personas.organisation, kind=Offer.Kind.SMARTPHONE)
    sale = make_sale(person, phone, seller=personas.mediator)
    services.refund_sale(sale, reason="Écran noir", goods_back=True, by=personas.mediator)
    sale.item.refresh_from_db()
    assert (sale.item.status, level(personas.strasbourg, phone)) == ("in_repair", 0)
    stock.refurbish_item(sale.item, by=personas.coordinator)
    sale.item.refresh_from_db()
    assert (sale.item.status, level(personas.strasbourg, phone)) == ("in_stock", 1)


def test_an_exchange_under_warranty_hands_over_another_device(personas, person):
    phone = make_offer(personas.organisation, kind=Offer.Kind.SMARTPHONE, warranty_months=6)
    sale = make_sale(person, phone, seller=personas.mediator)
    first = sale.item
    spare = make_device(personas.strasbourg, phone)
    claim = services.record_warranty_claim(
        sale, kind="exchange", reason="Batterie HS", replacement_id=spare.pk, by=personas.mediator
    )
    sale.refresh_from_db()
    first.refresh_from_db()
    spare.refresh_from_db()
    assert (claim.returned_item, claim.replacement, sale.item) == (first, spare, spare)
    assert (first.status, spare.status, sale.status) == ("in_repair", "sold", "completed")
    assert level(personas.strasbourg, phone) == 0


def test_a_warranty_return_refunds_and_an_expired_warranty_is_refused(personas, person):
    phone = make_offer(personas.organisation, kind=Offer.Kind.SMARTPHONE, warranty_months=6)
    old = make_sale(person, phone, seller=personas.mediator, now=at_noon(datetime.date(2025, 1, 2)))
    with pytest.raises(ValidationError, match="La garantie a pris fin"):
        services.record_warranty_claim(old, kind="return", reason="Panne", by=personas.mediator)
    recent = make_sale(make_person(personas.strasbourg), phone, seller=personas.mediator)
    services.record_warranty_claim(recent, kind="return", reason="Panne", by=personas.mediator)
    recent.refresh_from_db()
    assert recent.status == "refunded"


def test_a_transfer_is_one_operation_of_two_lines(personas, recharge):
    code = stock.transfer_stock(
        recharge,
        source=personas.strasbourg,
        destination=personas.marseille,
        quantity=2,
        by=personas.coordinator,
    )
    lines = StockMovement.objects.filter(transfer_code=code)
    assert sorted(lines.values_list("quantity", flat=True)) == [-2, 2]
    assert (level(personas.strasbourg, recharge), level(personas.marseille, recharge)) == (3, 2)
    with pytest.raises(ValidationError, match="Il n'en reste que 3"):
        stock.transfer_stock(
            recharge,
            source=personas.strasbourg,
            destination=personas.marseille,
            quantity=4,
            by=personas.coordinator,
        )
    assert StockMovement.objects.filter(kind="transfer_out").count() == 1


def test_a_device_transfer_moves_the_device(personas):
    laptop = make_offer(personas.organisation, kind=Offer.Kind.LAPTOP)
    device = make_device(personas.strasbourg, laptop)
    stock.transfer_stock(
        laptop,
        source=personas.strasbourg,
        destination=personas.marseille,
        item_ids=[device.pk],
        by=personas.coordinator,
    )
    device.refresh_from_db()
    assert device.space == personas.marseille
    assert (level(personas.strasbourg, laptop), level(personas.marseille, laptop)) == (0, 1)


def test_a_write_off_needs_a_reason_and_never_goes_below_zero(personas, recharge):
    with pytest.raises(ValidationError, match="Écrivez pourquoi"):
        stock.write_off_stock(personas.strasbourg, offer=recharge, quantity=1, reason="", by=None)
    with pytest.raises(ValidationError, match="Il n'en reste que 5"):
        stock.write_off_stock(
            personas.strasbourg, offer=recharge, quantity=6, reason="Perdues", by=None
        )
    stock.write_off_stock(
        personas.strasbourg, offer=recharge, quantity=5, reason="Perdues", by=None
    )
    assert level(personas.strasbourg, recharge) == 0


@pytest.mark.parametrize(
    "text, message",
    [
        ("SN1 ; 352099001761482", "n'est pas valable"),  # wrong check digit
        ("SN100 ; 35209900176148", "doit avoir 15 chiffres"),  # 14 digits
        ("SN100", "écrivez l'IMEI"),
        ("SN100 ; 352099001761481\nSN100 ; 352099001761481", "déjà écrit plus haut"),
        ("", "au moins un appareil"),
    ],
)
def test_device_lines_are_checked_with_python_stdnum(text, message):
    with pytest.raises(ValidationError) as refused:
        stock.parse_device_lines(text, needs_imei=True)
    assert any(message.lower() in line.lower() for line in refused.value.messages)


def test_a_device_already_in_stock_is_refused_and_the_delivery_is_kept_whole(personas):
    phone = make_offer(personas.organisation, kind=Offer.Kind.SMARTPHONE)
    make_device(personas.strasbourg, phone, serial="SN1", imei="352099001761481")
    lines = stock.parse_device_lines(
        "SN2 ; 490154203237518\nSN1 ; 356938035643809", needs_imei=True
    )
    with pytest.raises(ValidationError, match="déjà dans le stock"):
        stock.receive_stock(personas.strasbourg, offer=phone, devices=lines, by=None)
    assert Item.objects.count() == 1


def test_the_receipt_names_the_number_prices_and_warranty(personas, person):
    phone = make_offer(
        personas.organisation,
        kind=Offer.Kind.SMARTPHONE,
        name="Smartphone reconditionné",
        solidarity_price=Decimal("39.90"),
        market_price=Decimal("149"),
    )
    sale = make_sale(person, phone, seller=personas.mediator)
    lines = [line for section in documents.receipt_sections(sale) for line in section.lines]
    titles = [section.title for section in documents.receipt_sections(sale)]
    assert titles[0] == f"Reçu n° {sale.receipt_label}"
    assert "Prix solidaire : 39,90 € l'unité (prix du marché : 149,00 €)" in lines
    assert "Garantie" in titles
    assert documents.receipt_pdf(sale, actor=personas.mediator).startswith(b"%PDF")


def test_the_queryset_helpers_that_impact_composes(personas, person, recharge):
    other = make_person(personas.strasbourg)
    make_sale(person, recharge, seller=personas.mediator, quantity=2)
    make_sale(other, recharge, seller=personas.mediator)
    cancelled = make_sale(other, recharge, seller=personas.mediator)
    services.cancel_sale(cancelled, reason="Erreur", by=personas.mediator)
    today = datetime.date.today()
    sales = Sale.objects.in_period(today, today).in_spaces([personas.strasbourg.pk])
    assert (sales.count_completed(), sales.people_count(), sales.revenue()) == (2, 2, 9)
    assert sales.units() == 3 and sales.by_family() == {"recharge": 3}
    assert Sale.objects.in_spaces([personas.marseille.pk]).revenue() == 0
