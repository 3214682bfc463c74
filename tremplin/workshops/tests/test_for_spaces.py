"""What the workshops tell the spaces app (``workshops/for_spaces.py``): a place's next sessions
in the directory, the hours of the sessions a helper helped at, the drop-in slots without a
helper."""

import datetime

from django.utils import timezone

from tremplin.spaces import team
from tremplin.spaces.models import Membership
from tremplin.workshops.models import Assignment, Kind
from tremplin.workshops.tests.factories import make_session


def test_the_place_page_shows_its_next_workshops(client, personas):
    make_session(personas.strasbourg, title="Premiers pas sur la tablette")
    make_session(personas.strasbourg, title="Atelier annulé", cancelled_at=timezone.now())
    make_session(personas.marseille, title="Ailleurs")
    page = client.get(f"/places/{personas.strasbourg.pk}/").text
    assert "Premiers pas sur la tablette" in page
    assert "8 places libres" in page
    assert "Atelier annulé" not in page and "Ailleurs" not in page


def test_hours_count_the_sessions_a_helper_helped_at(personas):
    now = timezone.now()
    done = make_session(personas.strasbourg, starts_in=-datetime.timedelta(days=2))
    later = make_session(personas.strasbourg, starts_in=datetime.timedelta(days=2))
    cancelled = make_session(
        personas.strasbourg, starts_in=-datetime.timedelta(days=3), cancelled_at=now
    )
    for session in (done, later, cancelled):
        Assignment.objects.create(session=session, helper=personas.volunteer)
    hours = team.hours_of([personas.volunteer], since=now - datetime.timedelta(days=30), until=now)[
        personas.volunteer.pk
    ]
    assert (hours.sessions, hours.session_minutes) == (1, 90)


def test_drop_in_slots_without_a_helper_are_listed_with_who_is_available(personas, client_for):
    now = timezone.now()
    tomorrow = timezone.localtime(now + datetime.timedelta(days=1)).replace(
        hour=14, minute=0, second=0, microsecond=0
    )
    uncovered = make_session(
        personas.strasbourg, kind=Kind.DROP_IN, title="Permanence du mardi", starts_at=tomorrow
    )
    covered = make_session(
        personas.strasbourg,
        kind=Kind.DROP_IN,
        title="Permanence couverte",
        starts_at=tomorrow + datetime.timedelta(hours=2),
    )
    Assignment.objects.create(session=covered, helper=personas.mediator)
    make_session(personas.strasbourg, kind=Kind.WORKSHOP, title="Atelier", starts_at=tomorrow)
    make_session(
        personas.strasbourg,
        kind=Kind.DROP_IN,
        title="Dans dix jours",
        starts_at=tomorrow + datetime.timedelta(days=10),
    )
    team.add_availability(
        personas.volunteer,
        space=personas.strasbourg,
        weekday=tomorrow.weekday(),
        start_time=datetime.time(13),
        end_time=datetime.time(18),
    )
    found = team.uncovered_slots([personas.strasbourg], now=now)
    assert [item.slot.title for item in found] == ["Permanence du mardi"]
    assert found[0].candidates == [personas.volunteer]
    assert found[0].slot.url.endswith(f"/seances/{uncovered.pk}/")
    page = client_for("coordinator").get(f"/staff/spaces/{personas.strasbourg.pk}/team/").text
    assert "Permanence du mardi" in page and "Permanence couverte" not in page


def test_available_helpers_for_a_session_leave_out_other_spaces(personas):
    starts_at = timezone.localtime(timezone.now() + datetime.timedelta(days=3)).replace(hour=10)
    session = make_session(personas.strasbourg, kind=Kind.DROP_IN, starts_at=starts_at)
    start = timezone.localtime(session.starts_at)
    for user in (personas.volunteer, personas.outsider):
        space = Membership.objects.filter(user=user).first().space
        team.add_availability(
            user,
            space=space,
            weekday=start.weekday(),
            start_time=datetime.time(0),
            end_time=datetime.time(23, 59),
        )
    assert list(
        team.available_helpers(personas.strasbourg, session.starts_at, session.ends_at)
    ) == [personas.volunteer]
