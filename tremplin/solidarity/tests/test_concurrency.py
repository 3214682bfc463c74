"""Sales under concurrent requests, on PostgreSQL (row locks): the last units, one device, the
receipt numbers. SQLite serialises every write, so there is no race to prove: skipped there."""

from tremplin.core.testing.clients import logged_in_client
from tremplin.core.testing.concurrency import ON_POSTGRESQL, run_together
from tremplin.people.tests.factories import make_person
from tremplin.solidarity.models import Offer, Sale, StockLevel
from tremplin.solidarity.tests.factories import make_device, make_offer, stock_up

pytestmark = ON_POSTGRESQL


def post_sale(client, person, data):
    return lambda: client.post(f"/solidarity/personnes/{person.pk}/vendre/", data).status_code


def test_ten_sales_of_the_last_two_units_sell_exactly_two(personas):
    offer = make_offer(personas.organisation)
    stock_up(personas.strasbourg, offer, 2)
    people = [make_person(personas.strasbourg) for _ in range(10)]
    data = {"space": personas.strasbourg.pk, "offer": offer.pk, "quantity": 1, "payment": "cash"}
    client = logged_in_client(personas.mediator)
    statuses = run_together([post_sale(client, person, data) for person in people])

    assert sorted(statuses) == [200] * 8 + [302] * 2  # eight forms say « none left »
    assert Sale.objects.count() == 2
    assert StockLevel.objects.get(space=personas.strasbourg, offer=offer).quantity == 0


def test_the_same_phone_from_two_tabs_is_sold_once(personas):
    phone = make_offer(personas.organisation, kind=Offer.Kind.SMARTPHONE)
    device = make_device(personas.strasbourg, phone)
    people = [make_person(personas.strasbourg) for _ in range(2)]
    data = {
        "space": personas.strasbourg.pk,
        "offer": phone.pk,
        "item": device.pk,
        "payment": "card",
    }
    client = logged_in_client(personas.mediator)
    statuses = run_together([post_sale(client, person, data) for person in people])

    assert sorted(statuses) == [200, 302]
    assert list(Sale.objects.values_list("item_id", flat=True)) == [device.pk]


def test_receipt_numbers_have_no_gap_and_no_duplicate_under_concurrency(personas):
    offer = make_offer(personas.organisation)
    stock_up(personas.strasbourg, offer, 30)
    people = [make_person(personas.strasbourg) for _ in range(20)]
    data = {"space": personas.strasbourg.pk, "offer": offer.pk, "quantity": 1, "payment": "cash"}
    client = logged_in_client(personas.mediator)
    statuses = run_together([post_sale(client, person, data) for person in people])

    assert statuses == [302] * 20
    numbers = sorted(Sale.objects.values_list("receipt_number", flat=True))
    assert numbers == list(range(1, 21))


def test_two_sales_to_one_person_cannot_both_pass_a_limit(personas):
    offer = make_offer(personas.organisation, limits=[(1, 1, "offer")])
    stock_up(personas.strasbourg, offer, 10)
    person = make_person(personas.strasbourg)
    data = {"space": personas.strasbourg.pk, "offer": offer.pk, "quantity": 1, "payment": "cash"}
    client = logged_in_client(personas.mediator)
    statuses = run_together([post_sale(client, person, data) for _ in range(5)])

    assert sorted(statuses) == [200] * 4 + [302]
    assert Sale.objects.filter(person=person).count() == 1
