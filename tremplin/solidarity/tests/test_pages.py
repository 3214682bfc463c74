"""The solidarity pages: success paths, bad input (a clear message, nothing stored), the
outsider, the forged price, the person's page and the staff home."""

import datetime
import html
from decimal import Decimal

import pytest

from tremplin.people.tests.factories import make_person
from tremplin.solidarity.models import Item, Offer, OfferLimit, Sale, StockLevel
from tremplin.solidarity.tests.factories import make_offer, make_sale, stock_up

pytestmark = pytest.mark.django_db


@pytest.fixture
def person(personas):
    return make_person(personas.strasbourg, first_name="Awa")


@pytest.fixture
def recharge(personas):
    offer = make_offer(personas.organisation, name="Recharge 10 Go", solidarity_price=Decimal("3"))
    stock_up(personas.strasbourg, offer, 5)
    return offer


def text(response) -> str:
    return html.unescape(response.content.decode())


def sell(client, person, **data):
    return client.post(f"/solidarity/personnes/{person.pk}/vendre/", data)


def sale_data(personas, offer, **fields):
    return {
        "space": personas.strasbourg.pk,
        "offer": offer.pk,
        "quantity": "1",
        "payment": "cash",
        **fields,
    }


def test_a_mediator_sells_and_lands_on_the_sale(client_for, personas, person, recharge):
    response = sell(client_for("mediator"), person, **sale_data(personas, recharge))
    sale = Sale.objects.get()
    assert response["Location"] == f"/solidarity/ventes/{sale.pk}/"
    page = client_for("mediator").get(response["Location"])
    assert "Imprimer le reçu" in page.content.decode()
    receipt = client_for("mediator").get(f"/solidarity/ventes/{sale.pk}/recu.pdf")
    assert receipt["Content-Type"] == "application/pdf"


def test_a_forged_price_is_ignored(client_for, personas, person, recharge):
    data = sale_data(personas, recharge, unit_price="0.01", amount_paid="0", price="0.01")
    sell(client_for("mediator"), person, **data)
    assert Sale.objects.get().unit_price == Decimal("3.00")


@pytest.mark.parametrize("quantity", ["0", "-2", "abc", "51"])
def test_a_zero_negative_or_unreadable_quantity_is_explained(
    client_for, personas, person, recharge, quantity
):
    response = sell(
        client_for("mediator"), person, **sale_data(personas, recharge, quantity=quantity)
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert "La quantité va de 1 à 50." in body or "Écrivez la quantité en chiffres" in body
    assert not Sale.objects.exists()


def test_a_refused_sale_shows_every_reason(client_for, personas, person):
    offer = make_offer(
        personas.organisation,
        proof=Offer.Proof.REFERRAL,
        limits=[(1, 12, OfferLimit.Counts.FAMILY)],
    )
    stock_up(personas.strasbourg, offer)
    response = sell(client_for("mediator"), person, **sale_data(personas, offer))
    assert response.status_code == 200
    assert "Cette offre demande une orientation par un partenaire" in response.content.decode()
    assert not Sale.objects.exists()


def test_a_volunteer_may_not_sell_and_an_outsider_finds_no_one(
    client_for, personas, person, recharge
):
    assert sell(client_for("volunteer"), person, **sale_data(personas, recharge)).status_code == 403
    assert sell(client_for("outsider"), person, **sale_data(personas, recharge)).status_code == 404
    assert not Sale.objects.exists()


def test_a_space_outside_ones_own_is_an_invalid_choice(client_for, personas, person, recharge):
    stock_up(personas.marseille, recharge)
    data = sale_data(personas, recharge, space=personas.marseille.pk)
    response = sell(client_for("mediator"), person, **data)
    assert response.status_code == 200 and not Sale.objects.exists()


def test_a_device_sale_without_its_serial_number_is_explained(client_for, personas, person):
    phone = make_offer(personas.organisation, kind=Offer.Kind.SMARTPHONE)
    response = sell(client_for("mediator"), person, **sale_data(personas, phone))
    assert "Choisissez l'appareil vendu" in text(response)


def test_receiving_a_phone_with_a_wrong_imei_stores_nothing(client_for, personas):
    phone = make_offer(personas.organisation, kind=Offer.Kind.SMARTPHONE)
    data = {
        "space": personas.strasbourg.pk,
        "offer": phone.pk,
        "devices": "SN1 ; 352099001761481\nSN2 ; 352099001761482",
    }
    response = client_for("coordinator").post("/solidarity/stock/reception/", data)
    assert response.status_code == 200
    assert "Ligne 2 : L'IMEI « 352099001761482 » n'est pas valable" in text(response)
    assert not Item.objects.exists() and not StockLevel.objects.exists()
    data["devices"] = "SN1 ; 35 209900 176148 1"
    assert client_for("coordinator").post("/solidarity/stock/reception/", data).status_code == 302
    assert Item.objects.get().imei == "352099001761481"


@pytest.mark.parametrize("quantity", ["0", "-3"])
def test_receiving_zero_or_less_is_explained(client_for, personas, recharge, quantity):
    data = {"space": personas.strasbourg.pk, "offer": recharge.pk, "quantity": quantity}
    response = client_for("coordinator").post("/solidarity/stock/reception/", data)
    assert "La quantité va de 1 à 1000." in response.content.decode()
    assert StockLevel.objects.get(space=personas.strasbourg, offer=recharge).quantity == 5


def test_a_transfer_from_the_page(client_for, personas, recharge):
    data = {
        "source": personas.strasbourg.pk,
        "destination": personas.marseille.pk,
        "offer": recharge.pk,
        "quantity": "2",
    }
    assert client_for("coordinator").post("/solidarity/stock/transfert/", data).status_code == 302
    assert StockLevel.objects.get(space=personas.marseille, offer=recharge).quantity == 2


def test_cancel_and_refund_need_a_reason(client_for, personas, person, recharge):
    sale = make_sale(person, recharge, seller=personas.mediator)
    client = client_for("mediator")
    client.post(f"/solidarity/ventes/{sale.pk}/annuler/", {"reason": ""})
    sale.refresh_from_db()
    assert sale.status == "completed"
    client.post(f"/solidarity/ventes/{sale.pk}/rembourser/", {"reason": "Ne marche pas"})
    sale.refresh_from_db()
    assert (sale.status, sale.end_reason) == ("refunded", "Ne marche pas")


def test_the_national_team_keeps_the_catalogue_and_its_rules(client_for, personas):
    data = {
        "kind": "smartphone",
        "name": "Smartphone A",
        "description": "Reconditionné, chargeur fourni",
        "solidarity_price": "-1",
        "market_price": "150",
        "grade": "B",
        "warranty_months": "6",
        "low_stock_below": "2",
        "is_active": "on",
        "proof": "either",
        "situations": ["income_support", "job_seeker"],
        "situations_match": "any",
    }
    admin = client_for("admin")
    assert admin.post("/solidarity/catalogue/nouvelle/", data).status_code == 200
    assert not Offer.objects.exists()
    data["solidarity_price"] = "39.90"
    assert admin.post("/solidarity/catalogue/nouvelle/", data).status_code == 302
    offer = Offer.objects.get()
    limit = {"max_units": "1", "months": "12", "counts": "family"}
    admin.post(f"/solidarity/catalogue/{offer.pk}/limites/", limit)
    assert offer.limits.get().months == 12
    assert client_for("coordinator").get(f"/solidarity/catalogue/{offer.pk}/").status_code == 403


def test_exports_in_three_formats(client_for, personas, person, recharge):
    make_sale(person, recharge, seller=personas.mediator)
    today = datetime.date.today().isoformat()
    for file_format in ["csv", "xlsx", "ods"]:
        for what in ["sales", "stock"]:
            response = client_for("coordinator").get(
                "/solidarity/exports/",
                {"what": what, "start": today, "end": today, "file_format": file_format},
            )
            assert response.status_code == 200, (what, file_format)
            assert "attachment" in response["Content-Disposition"]
    csv = client_for("coordinator").get(
        "/solidarity/exports/",
        {"what": "sales", "start": today, "end": today, "file_format": "csv"},
    )
    text = csv.content.decode("utf-8-sig")
    assert "Recharge 10 Go" in text and "Awa" not in text


def test_the_person_page_offers_to_sell_and_shows_the_sale(client_for, personas, person, recharge):
    make_sale(person, recharge, seller=personas.mediator)
    page = client_for("mediator").get(f"/people/{person.pk}/").content.decode()
    assert "Vendre une offre solidaire" in page
    assert "Vente solidaire : Recharge 10 Go" in page
    volunteer_page = client_for("volunteer").get(f"/people/{person.pk}/").content.decode()
    assert "Vendre une offre solidaire" not in volunteer_page


def test_the_coordinator_home_warns_of_low_stock(client_for, personas, recharge):
    from tremplin.spaces import home

    titles = [notice.title for notice in home.notices_for(personas.coordinator)]
    assert "Stock bas à Tremplin Strasbourg" not in titles
    recharge.low_stock_below = 6
    recharge.save()
    titles = [notice.title for notice in home.notices_for(personas.coordinator)]
    assert "Stock bas à Tremplin Strasbourg" in titles
    assert home.notices_for(personas.mediator) == [] or all(
        "Stock bas" not in str(notice.title) for notice in home.notices_for(personas.mediator)
    )


def test_staff_lists_stay_within_a_few_queries(
    client_for, personas, person, recharge, django_assert_max_num_queries
):
    for _ in range(5):
        make_sale(person, recharge, seller=personas.mediator)
    client = client_for("coordinator")
    for path in ["/solidarity/ventes/", "/solidarity/stock/", "/solidarity/stock/mouvements/"]:
        with django_assert_max_num_queries(14):
            assert client.get(path).status_code == 200
