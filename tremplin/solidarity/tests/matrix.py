"""Permission-matrix rows of the solidarity app (see ``tremplin.core.testing.matrix``)."""

from tremplin.core.testing.matrix import (
    ANY_STAFF,
    COORDINATORS_UP,
    MEDIATORS_UP,
    REDIRECT,
    Row,
    cells,
    person_row,
)
from tremplin.solidarity import services
from tremplin.solidarity.models import Offer, OfferLimit
from tremplin.solidarity.tests.factories import make_offer, make_sale

SELLERS_EVERYWHERE = MEDIATORS_UP | {"other_admin", "other_coordinator"}
STOCK_KEEPERS = COORDINATORS_UP | {"other_admin", "other_coordinator"}
NOT_STOCK_KEEPERS = {"mediator", "volunteer", "outsider", "other_volunteer"}
CATALOGUE_STAFF = {"coordinator", "mediator", "volunteer", "outsider"}

ROWS = {
    "solidarity:sale_list": Row(
        "/solidarity/ventes/",
        cells(SELLERS_EVERYWHERE, forbidden={"volunteer", "outsider", "other_volunteer"}),
    ),
    "solidarity:sale_create": person_row(
        "/solidarity/personnes/{person}/vendre/", MEDIATORS_UP, forbidden={"volunteer"}
    ),
    "solidarity:assessment_create": person_row(
        "/solidarity/personnes/{person}/evaluation/", MEDIATORS_UP, forbidden={"volunteer"}
    ),
    "solidarity:sale_detail": person_row(
        "/solidarity/ventes/{sale}/", MEDIATORS_UP, forbidden={"volunteer"}
    ),
    "solidarity:sale_receipt": person_row(
        "/solidarity/ventes/{sale}/recu.pdf", MEDIATORS_UP, forbidden={"volunteer"}
    ),
    "solidarity:sale_cancel": person_row(
        "/solidarity/ventes/{sale}/annuler/",
        MEDIATORS_UP,
        REDIRECT,
        method="post",
        data={"reason": "Erreur de saisie"},
        forbidden={"volunteer"},
    ),
    "solidarity:sale_refund": person_row(
        "/solidarity/ventes/{sale}/rembourser/",
        MEDIATORS_UP,
        REDIRECT,
        method="post",
        data={"reason": "Ne s'allume plus", "goods_back": "on"},
        forbidden={"volunteer"},
    ),
    "solidarity:warranty_create": person_row(
        "/solidarity/ventes/{sale}/garantie/", MEDIATORS_UP, forbidden={"volunteer"}
    ),
    "solidarity:stock_list": Row("/solidarity/stock/", cells(ANY_STAFF)),
    "solidarity:movement_list": Row("/solidarity/stock/mouvements/", cells(ANY_STAFF)),
    "solidarity:stock_receive": Row(
        "/solidarity/stock/reception/", cells(STOCK_KEEPERS, forbidden=NOT_STOCK_KEEPERS)
    ),
    "solidarity:stock_transfer": Row(
        "/solidarity/stock/transfert/", cells(STOCK_KEEPERS, forbidden=NOT_STOCK_KEEPERS)
    ),
    "solidarity:stock_write_off": Row(
        "/solidarity/stock/sortie/", cells(STOCK_KEEPERS, forbidden=NOT_STOCK_KEEPERS)
    ),
    "solidarity:export": Row(
        "/solidarity/exports/", cells(STOCK_KEEPERS, forbidden=NOT_STOCK_KEEPERS)
    ),
    "solidarity:item_refurbish": person_row(
        "/solidarity/appareils/{repair_item}/remis-en-etat/",
        COORDINATORS_UP,
        REDIRECT,
        method="post",
        forbidden={"mediator", "volunteer"},
    ),
    "solidarity:offer_list": Row("/solidarity/catalogue/", cells(ANY_STAFF)),
    "solidarity:offer_create": Row(
        "/solidarity/catalogue/nouvelle/",
        cells(
            {"admin", "other_admin"},
            forbidden=CATALOGUE_STAFF | {"other_coordinator", "other_volunteer"},
        ),
    ),
    "solidarity:offer_update": person_row(
        "/solidarity/catalogue/{offer}/", {"admin"}, forbidden=CATALOGUE_STAFF
    ),
    "solidarity:limit_create": person_row(
        "/solidarity/catalogue/{offer}/limites/",
        {"admin"},
        REDIRECT,
        method="post",
        data={"max_units": "2", "months": "1", "counts": "offer"},
        forbidden=CATALOGUE_STAFF,
    ),
    "solidarity:limit_delete": person_row(
        "/solidarity/limites/{limit}/retirer/",
        {"admin"},
        REDIRECT,
        method="post",
        forbidden=CATALOGUE_STAFF,
    ),
}


def targets(person, *, space, helper, found) -> dict:
    phone = make_offer(
        space.organisation,
        kind=Offer.Kind.SMARTPHONE,
        name=f"Smartphone {space.town}",
        limits=[(1, 12, OfferLimit.Counts.FAMILY)],
    )
    sale = make_sale(person, phone, seller=helper)
    returned = make_sale(
        person, make_offer(space.organisation, kind=Offer.Kind.TABLET), seller=helper
    )
    services.refund_sale(returned, reason="Écran cassé", goods_back=True, by=helper)
    return {
        "sale": sale.pk,
        "offer": phone.pk,
        "limit": phone.limits.get().pk,
        "repair_item": returned.item_id,
    }
