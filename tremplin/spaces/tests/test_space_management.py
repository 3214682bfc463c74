"""Space management: hours with closures and public holidays, services, access."""

import datetime

import pytest
from django.utils import timezone

from tremplin.spaces.hours import opening_status, public_holidays
from tremplin.spaces.models import Closure, Space

HOURS = "Mo-Fr 09:00-12:00,14:00-18:00; Sa 09:00-12:00"


def _at(*args) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime(*args))


def test_public_holidays_follow_easter_and_alsace_moselle():
    days = public_holidays(2027)
    assert days[datetime.date(2027, 3, 29)] == "lundi de Pâques"
    assert datetime.date(2027, 5, 6) in days  # Ascension
    assert datetime.date(2027, 12, 26) not in days
    alsace = public_holidays(2027, department="67")
    assert datetime.date(2027, 3, 26) in alsace and datetime.date(2027, 12, 26) in alsace


@pytest.mark.parametrize(
    ("moment", "is_open", "text"),
    [
        ((2026, 12, 2, 10, 0), True, "18 h"),  # a Wednesday morning: until… the next range ends
        ((2026, 12, 2, 12, 30), False, "aujourd'hui à 14 h"),
        ((2026, 12, 5, 13, 0), False, "lundi à 9 h"),  # Saturday afternoon
        ((2026, 12, 24, 19, 0), False, "samedi à 9 h"),  # Christmas Eve, evening
    ],
)
def test_open_now_says_until_when_or_when_next(moment, is_open, text):
    now = datetime.datetime(*moment)
    status = opening_status(HOURS, now=now, closed_on=public_holidays(2026))
    assert status.is_open is is_open
    assert text in (status.closes_at if is_open else str(status.next_opening)) or (
        is_open and status.closes_at == "12 h"
    )


def test_a_public_holiday_or_a_closure_closes_the_space(db):
    from tremplin.spaces.tests.factories import make_space

    space = make_space(opening_hours=HOURS)
    assert not space.opening_status(now=_at(2026, 12, 25, 10, 0)).is_open
    assert space.opening_status(now=_at(2026, 12, 25, 10, 0)).reason == "Noël"
    Closure.objects.create(
        space=space,
        starts_on=datetime.date(2026, 12, 28),
        ends_on=datetime.date(2026, 12, 31),
        reason="Congés d'hiver",
    )
    status = space.opening_status(now=_at(2026, 12, 29, 10, 0))
    assert not status.is_open and status.reason == "Congés d'hiver"
    assert "samedi à 9 h" in str(status.next_opening)
    assert space.opening_status(now=_at(2027, 1, 4, 10, 0)).is_open


def test_the_place_page_says_open_now_and_accessibility(client, personas):
    space = personas.strasbourg
    space.is_step_free = True
    space.specific_support = [Space.Support.DEAFNESS]
    space.access_details = "Tram C, arrêt Étoile Polygone."
    space.save()
    page = client.get(f"/places/{space.pk}/").text
    assert "maintenant" in page
    assert "Accessible en fauteuil roulant" in page
    assert "Personnes sourdes ou malentendantes" in page
    assert "Tram C" in page


def test_a_coordinator_updates_hours_services_and_access(personas, client_for):
    client = client_for("coordinator")
    url = f"/staff/spaces/{personas.strasbourg.pk}/edit/"
    assert client.get(url).status_code == 200
    response = client.post(
        url,
        {
            "summary": "Accueil numérique",
            "phone": "+33388000001",
            "email": "neudorf@example.org",
            "opening_hours": "Tu-Sa 10:00-17:00",
            "services": [Space.Service.EQUIPMENT, Space.Service.PROCEDURES],
            "is_step_free": "on",
            "specific_support": [Space.Support.ENGLISH],
            "access_details": "Rez-de-chaussée",
            "accesslibre_url": "https://acceslibre.beta.gouv.fr/app/67-strasbourg/a/x/erp/y/",
        },
    )
    assert response.status_code == 302
    personas.strasbourg.refresh_from_db()
    assert personas.strasbourg.opening_hours == "Tu-Sa 10:00-17:00"
    assert (
        personas.strasbourg.services[0] == "Acquisition de matériel informatique à prix solidaire"
    )
    assert personas.strasbourg.is_step_free


def test_unreadable_hours_are_refused_and_kept_in_the_form(personas, client_for):
    url = f"/staff/spaces/{personas.strasbourg.pk}/edit/"
    response = client_for("coordinator").post(url, {"opening_hours": "Lundi 9h-12h"})
    assert response.status_code == 200
    assert "Horaires illisibles" in response.text and "Lundi 9h-12h" in response.text
    personas.strasbourg.refresh_from_db()
    assert personas.strasbourg.opening_hours != "Lundi 9h-12h"


def test_closures_are_added_and_removed(personas, client_for):
    client = client_for("coordinator")
    base = f"/staff/spaces/{personas.strasbourg.pk}/closures/"
    bad = client.post(base, {"starts_on": "2026-12-31", "ends_on": "2026-12-24"})
    assert bad.status_code == 200 and not Closure.objects.exists()
    assert (
        client.post(base, {"starts_on": "2026-12-24", "ends_on": "2026-12-31"}).status_code == 302
    )
    closure = Closure.objects.get()
    assert client.post(f"{base}{closure.pk}/delete/").status_code == 302
    assert not Closure.objects.exists()


def test_a_mediator_cannot_manage_the_space(personas, client_for):
    url = f"/staff/spaces/{personas.strasbourg.pk}/edit/"
    assert client_for("mediator").get(url).status_code == 403


def test_unreadable_stored_hours_do_not_break_open_now():
    status = opening_status("Lundi 9h-12h", now=datetime.datetime(2026, 12, 2, 10), closed_on={})
    assert not status.is_open and status.next_opening == ""


def test_a_place_with_unreadable_stored_hours_still_shows(client, personas):
    Space.objects.filter(pk=personas.strasbourg.pk).update(opening_hours="Lundi 9h-12h")
    assert client.get(f"/places/{personas.strasbourg.pk}/").status_code == 200
