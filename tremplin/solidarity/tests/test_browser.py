"""In Chromium: a mediator sells a data recharge to an eligible person from the person's page and
prints the receipt; a refused sale shows the reason. Every solidarity page passes axe-core and
stays within 100 KB."""

from decimal import Decimal

import pytest
from playwright.sync_api import expect

from tremplin.core.testing.browser import assert_staff_page
from tremplin.people.tests.factories import make_person
from tremplin.solidarity.models import Offer, Sale
from tremplin.solidarity.tests.factories import make_offer, make_sale, stock_up

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def catalogue(personas):
    recharge = make_offer(
        personas.organisation, name="Recharge 10 Go", solidarity_price=Decimal("3.00")
    )
    phone = make_offer(
        personas.organisation,
        kind=Offer.Kind.SMARTPHONE,
        name="Smartphone reconditionné",
        proof=Offer.Proof.REFERRAL,
    )
    stock_up(personas.strasbourg, recharge, 4)
    return recharge, phone


def test_a_mediator_sells_a_data_recharge_and_prints_the_receipt(page, personas, log_in, catalogue):
    awa = make_person(personas.strasbourg, first_name="Awa", last_name="Diallo")
    log_in(page, personas.mediator)
    page.goto(f"/people/{awa.pk}/")
    page.get_by_role("link", name="Vendre une offre solidaire").click()
    assert_staff_page(page, page.url)

    page.locator("select[name=offer]").select_option(label="Smartphone reconditionné")
    page.get_by_label("Carte bancaire").check()
    page.get_by_role("button", name="Vendre").click()
    expect(
        page.get_by_text("Cette offre demande une orientation par un partenaire").first
    ).to_be_visible()
    assert not Sale.objects.exists()

    page.locator("select[name=offer]").select_option(label="Recharge 10 Go")
    page.locator("input[name=quantity]").fill("2")
    page.get_by_label("Espèces").check()
    page.get_by_role("button", name="Vendre").click()
    expect(page.get_by_text("La vente est enregistrée. Imprimez le reçu.")).to_be_visible()
    assert_staff_page(page, page.url)
    sale = Sale.objects.get()
    assert (sale.quantity, sale.amount_paid) == (2, Decimal("6.00"))

    receipt = page.get_by_role("link", name="Imprimer le reçu").get_attribute("href")
    response = page.request.get(receipt)
    assert response.headers["content-type"] == "application/pdf"
    assert response.body().startswith(b"%PDF")


def test_every_solidarity_page_passes_axe_and_stays_within_100_kb(
    page, personas, log_in, catalogue
):
    recharge, phone = catalogue
    person = make_person(personas.strasbourg)
    sale = make_sale(person, recharge, seller=personas.mediator)
    device_sale = make_sale(
        make_person(personas.strasbourg, is_job_seeker=True),
        make_offer(personas.organisation, kind=Offer.Kind.TABLET, warranty_months=6),
        seller=personas.mediator,
    )
    log_in(page, personas.admin)
    for path in [
        "/solidarity/stock/",
        "/solidarity/stock/mouvements/",
        "/solidarity/stock/reception/",
        "/solidarity/stock/transfert/",
        "/solidarity/stock/sortie/",
        "/solidarity/exports/",
        "/solidarity/catalogue/",
        "/solidarity/catalogue/nouvelle/",
        f"/solidarity/catalogue/{recharge.pk}/",
        "/solidarity/ventes/",
        f"/solidarity/ventes/{sale.pk}/",
        f"/solidarity/ventes/{device_sale.pk}/",
        f"/solidarity/ventes/{device_sale.pk}/garantie/",
        f"/solidarity/personnes/{person.pk}/vendre/",
        f"/solidarity/personnes/{person.pk}/evaluation/",
    ]:
        assert_staff_page(page, path)
