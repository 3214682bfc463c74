"""Helpers assigned to sessions, their own agenda, and the iCalendar feeds of a helper's or a
space's agenda behind an unguessable, revocable address."""

import icalendar
import pytest
from django.core.exceptions import ValidationError

from tremplin.people.tests.factories import make_person
from tremplin.workshops import calendars, services
from tremplin.workshops.models import CalendarFeed
from tremplin.workshops.tests.factories import make_booking, make_session

pytestmark = pytest.mark.django_db


@pytest.fixture
def session(personas):
    return make_session(personas.strasbourg, title="Premiers e-mails")


def test_helpers_come_from_the_space_staff_only(personas, session):
    calendars.assign_helpers(session, helpers=[personas.volunteer, personas.mediator])
    calendars.assign_helpers(session, helpers=[personas.volunteer])
    assert [a.helper for a in session.assignments.all()] == [personas.volunteer]
    with pytest.raises(ValidationError, match="l'équipe de cet espace"):
        calendars.assign_helpers(session, helpers=[personas.outsider])


def test_a_helper_sees_their_own_agenda(client_for, personas, session):
    other = make_session(personas.strasbourg, title="Autre atelier")
    calendars.assign_helpers(session, helpers=[personas.volunteer])
    page = client_for("volunteer").get("/workshops/equipe/mon-agenda/").content.decode()
    assert "Premiers e-mails" in page and "Autre atelier" not in page
    assert (
        other.title
        not in client_for("mediator").get("/workshops/equipe/mon-agenda/").content.decode()
    )


def test_a_coordinator_chooses_the_team_of_a_session(client_for, personas, session):
    client = client_for("coordinator")
    sheet = client.get(f"/workshops/equipe/seances/{session.pk}/").content.decode()
    assert "Qui aide à cette séance" in sheet
    client.post(
        f"/workshops/equipe/seances/{session.pk}/aides/",
        {"helpers": [personas.volunteer.pk, personas.outsider.pk]},
    )
    # The outsider is not on this space's staff: left out of the choice.
    assert [a.helper for a in session.assignments.all()] == [personas.volunteer]


def test_the_feed_lists_the_sessions_without_names_and_cancelled_ones_as_cancelled(
    client, personas, session
):
    make_booking(session, make_person(personas.strasbourg, first_name="Zénobie"))
    calendars.assign_helpers(session, helpers=[personas.volunteer])
    cancelled = make_session(personas.strasbourg, title="Annulé")
    calendars.assign_helpers(cancelled, helpers=[personas.volunteer])
    services.cancel_session(cancelled)
    feed = calendars.renew_feed(created_by=personas.volunteer, helper=personas.volunteer)
    assert len(feed.token) >= 43
    response = client.get(f"/workshops/agenda/{feed.token}.ics")
    assert response["Content-Type"].startswith("text/calendar")
    assert "no-store" in response["Cache-Control"]
    assert "Zénobie" not in response.content.decode()
    events = {
        str(event["summary"]): event
        for event in icalendar.Calendar.from_ical(response.content).walk("VEVENT")
    }
    assert set(events) == {"Premiers e-mails", "Annulé"}
    assert str(events["Annulé"]["status"]) == "CANCELLED"
    assert "1 inscrits pour 8 places" in str(events["Premiers e-mails"]["description"])
    assert events["Premiers e-mails"].decoded("dtstart") == session.starts_at.replace(microsecond=0)


def test_a_new_address_revokes_the_old_one_and_a_revoked_one_answers_404(client, personas, session):
    old = calendars.renew_feed(created_by=personas.coordinator, space=personas.strasbourg)
    new = calendars.renew_feed(created_by=personas.coordinator, space=personas.strasbourg)
    assert client.get(f"/workshops/agenda/{old.token}.ics").status_code == 404
    ics = client.get(f"/workshops/agenda/{new.token}.ics").content.decode()
    assert "Premiers e-mails" in ics
    calendars.revoke_feed(new)
    assert client.get(f"/workshops/agenda/{new.token}.ics").status_code == 404
    with pytest.raises(ValidationError, match="ne marche déjà plus"):
        calendars.revoke_feed(new)
    assert client.get("/workshops/agenda/forged-token.ics").status_code == 404


def test_staff_renew_and_stop_addresses_from_their_agenda_page(client_for, personas):
    client = client_for("coordinator")
    client.post("/workshops/equipe/mon-agenda/adresse/")
    client.post("/workshops/equipe/mon-agenda/adresse/", {"space": personas.strasbourg.pk})
    mine = CalendarFeed.objects.get(helper=personas.coordinator, revoked_at=None)
    space_feed = CalendarFeed.objects.get(space=personas.strasbourg, revoked_at=None)
    page = client.get("/workshops/equipe/mon-agenda/").content.decode()
    assert mine.token in page and space_feed.token in page
    volunteer = client_for("volunteer")
    denied = volunteer.post(
        "/workshops/equipe/mon-agenda/adresse/", {"space": personas.strasbourg.pk}
    )
    assert denied.status_code == 404
    assert (
        volunteer.post(f"/workshops/equipe/mon-agenda/adresse/{mine.pk}/arreter/").status_code
        == 404
    )
    client.post(f"/workshops/equipe/mon-agenda/adresse/{mine.pk}/arreter/")
    mine.refresh_from_db()
    assert mine.revoked_at is not None


def test_the_team_shows_first_the_helpers_available_at_that_time(client_for, personas):
    import datetime as dt

    from django.utils import timezone

    from tremplin.spaces.team import add_availability

    start = timezone.localtime(timezone.now() + dt.timedelta(days=3)).replace(
        hour=14, minute=0, second=0, microsecond=0
    )
    session = make_session(personas.strasbourg, starts_at=start)
    add_availability(
        personas.volunteer,
        space=personas.strasbourg,
        weekday=start.weekday(),
        start_time=dt.time(13, 30),
        end_time=dt.time(17, 0),
    )
    add_availability(
        personas.mediator,
        space=personas.strasbourg,
        weekday=start.weekday(),
        start_time=dt.time(9, 0),
        end_time=dt.time(12, 0),
    )

    team = calendars.team_for(session)

    assert team[0] == (personas.volunteer, True)
    assert (personas.mediator, False) in team
    assert not any(available for member, available in team[1:])
    page = client_for("coordinator").get(f"/workshops/equipe/seances/{session.pk}/")
    text = page.content.decode()
    assert text.index(personas.volunteer.get_full_name()) < text.index(
        personas.mediator.get_full_name()
    )
    assert "pas disponible à cette heure" in text
