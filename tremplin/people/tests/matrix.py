"""Permission-matrix rows of the people app (see ``tremplin.core.testing.matrix``)."""

from tremplin.core.testing.matrix import (
    ANY_STAFF,
    COORDINATORS_UP,
    MEDIATORS_UP,
    Row,
    cells,
    person_row,
)

ROWS = {
    "people:person_list": Row("/people/?q={name}", cells(ANY_STAFF)),
    "people:person_create": Row("/people/new/", cells(ANY_STAFF)),
    "people:journal_list": Row(
        "/people/journal/?person={person}",
        cells(COORDINATORS_UP | {"other_admin", "other_coordinator"}),
    ),
    "people:person_detail": person_row("/people/{person}/"),
    "people:person_update": person_row("/people/{person}/edit/"),
    "people:person_export": person_row(
        "/people/{person}/export.json", MEDIATORS_UP, forbidden={"volunteer"}
    ),
    "people:person_export_pdf": person_row(
        "/people/{person}/export.pdf", MEDIATORS_UP, forbidden={"volunteer"}
    ),
    "people:person_erase": person_row(
        "/people/{person}/erase/", COORDINATORS_UP, forbidden={"mediator", "volunteer"}
    ),
    "people:consent_withdraw": person_row(
        "/people/{person}/consent/withdraw/", COORDINATORS_UP, forbidden={"mediator", "volunteer"}
    ),
}


def targets(person, *, space, helper, found) -> dict:
    return {"person": person.pk, "name": "matrice"}
