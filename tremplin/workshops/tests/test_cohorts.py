"""Cohorts: members booked into the cohort's sessions, hours done against those planned,
sessions missed, at risk (two absences in a row, or under half the hours at mid-course), and
completion; the cohort page."""

import datetime
import zoneinfo

import pytest
from django.core.exceptions import ValidationError

from tremplin.people.tests.factories import make_person
from tremplin.spaces.tests.factories import make_partner
from tremplin.workshops import cohorts, services
from tremplin.workshops.models import Booking, Cohort, CohortMember, Kind, Theme
from tremplin.workshops.tests.factories import make_cohort, make_session

pytestmark = pytest.mark.django_db
PARIS = zoneinfo.ZoneInfo("Europe/Paris")


@pytest.fixture
def cohort(personas):
    return cohorts.create_cohort(
        personas.strasbourg,
        name="Parcours emploi",
        starts_on=datetime.date(2027, 3, 1),
        ends_on=datetime.date(2027, 3, 28),
        planned_hours=8,
        partner=personas.partner.partner_adviser.partner,
        pathway="premiers-pas",
    )


def held(cohort, day: int, marks: dict, *, minutes=120):
    """A two-hour cohort session on 2027-03-``day``, with each person's status."""
    start = datetime.datetime(2027, 3, day, 14, 0, tzinfo=PARIS)
    session = make_session(
        cohort.space,
        starts_at=start,
        ends_at=start + datetime.timedelta(minutes=minutes),
        cohort=cohort,
    )
    for person, status in marks.items():
        Booking.objects.create(
            session=session,
            person=person,
            status=status,
            channel="staff",
            attended_minutes=minutes if status == "attended" else None,
        )
    return session


def member(cohort, person, joined=datetime.date(2027, 3, 1)):
    return CohortMember.objects.create(cohort=cohort, person=person, joined_on=joined)


@pytest.mark.parametrize(
    "overrides, message",
    [
        ({"name": " "}, "Écrivez le nom"),
        ({"ends_on": datetime.date(2027, 2, 1)}, "La fin doit venir après le début"),
        ({"planned_hours": 0}, "Les heures prévues vont de 1 à 1000"),
    ],
)
def test_a_bad_cohort_is_refused_and_nothing_stored(personas, overrides, message):
    fields = {
        "name": "Parcours",
        "starts_on": datetime.date(2027, 3, 1),
        "ends_on": datetime.date(2027, 3, 28),
        "planned_hours": 32,
    }
    with pytest.raises(ValidationError, match=message):
        cohorts.create_cohort(personas.strasbourg, **{**fields, **overrides})
    assert not Cohort.objects.exists()


def test_a_partner_of_another_organisation_is_refused(personas):
    with pytest.raises(ValidationError, match="pas de votre réseau"):
        cohorts.create_cohort(
            personas.strasbourg,
            name="Parcours",
            starts_on=datetime.date(2027, 3, 1),
            ends_on=datetime.date(2027, 3, 28),
            planned_hours=32,
            partner=make_partner(personas.other_organisation),
        )


def test_hours_missed_sessions_at_risk_and_completion(personas, cohort):
    steady, absent_twice, late = (make_person(personas.strasbourg) for _ in range(3))
    for person in (steady, absent_twice, late):
        member(cohort, person)
    held(cohort, 2, {steady: "attended", absent_twice: "attended", late: "attended"})
    held(cohort, 5, {steady: "attended", absent_twice: "absent"})  # late: not even booked
    held(cohort, 9, {steady: "attended", absent_twice: "absent", late: "booked"})  # not taken
    before_mid = datetime.datetime(2027, 3, 12, 9, 0, tzinfo=PARIS)

    rows = {row.member.person: row for row in cohorts.cohort_progress(cohort, now=before_mid)}

    assert (rows[steady].hours_done, rows[steady].sessions_missed) == (6, 0)
    assert rows[steady].percent == 75 and not rows[steady].is_at_risk
    assert (rows[absent_twice].missed_in_a_row, rows[absent_twice].is_at_risk) == (2, True)
    assert (rows[late].sessions_missed, rows[late].missed_in_a_row) == (1, 1)
    assert not rows[late].is_at_risk  # one missed; attendance of the 9th was not taken

    after_mid = datetime.datetime(2027, 3, 16, 9, 0, tzinfo=PARIS)
    held(cohort, 15, {steady: "attended", absent_twice: "attended", late: "attended"})
    rows = {row.member.person: row for row in cohorts.cohort_progress(cohort, now=after_mid)}
    assert rows[steady].is_complete and not rows[steady].is_at_risk
    assert rows[absent_twice].missed_in_a_row == 0
    assert rows[absent_twice].hours_done == 4 and not rows[absent_twice].is_at_risk
    assert rows[late].hours_done == 4 and not rows[late].is_behind_at_mid_course
    # Under half of the 8 hours at mid-course: at risk.
    cohort.planned_hours = 10
    rows = {row.member.person: row for row in cohorts.cohort_progress(cohort, now=after_mid)}
    assert rows[late].is_behind_at_mid_course and rows[late].is_at_risk


def test_a_session_before_a_member_joined_is_not_missed(personas, cohort):
    newcomer = make_person(personas.strasbourg)
    member(cohort, newcomer, joined=datetime.date(2027, 3, 6))
    held(cohort, 2, {})
    [row] = cohorts.cohort_progress(cohort, now=datetime.datetime(2027, 3, 7, tzinfo=PARIS))
    assert row.sessions_missed == 0


def test_members_are_booked_into_the_cohort_sessions_to_come(personas):
    awa, ben = make_person(personas.strasbourg), make_person(personas.strasbourg)
    cohort = make_cohort(personas.strasbourg, members=[awa])
    session = make_session(personas.strasbourg, cohort=cohort)
    assert not session.bookings.exists()  # made directly; the service books members
    later = services.schedule_session(
        personas.strasbourg,
        kind=Kind.WORKSHOP,
        theme=Theme.JOB_SEARCH,
        title="CV en ligne",
        starts_at=session.starts_at + datetime.timedelta(days=1),
        ends_at=session.ends_at + datetime.timedelta(days=1),
        capacity=8,
        cohort=cohort,
    )
    assert list(later.bookings.values_list("person", flat=True)) == [awa.pk]
    cohorts.add_cohort_member(cohort, person=ben, added_by=personas.mediator)
    assert set(ben.bookings.values_list("session", flat=True)) == {session.pk, later.pk}
    with pytest.raises(ValidationError, match="fait déjà partie"):
        cohorts.add_cohort_member(cohort, person=ben, added_by=personas.mediator)


def test_a_cohort_of_another_space_cannot_hold_the_session(personas):
    cohort = make_cohort(personas.marseille)
    with pytest.raises(ValidationError, match="suit un autre espace"):
        services.schedule_session(
            personas.strasbourg,
            kind=Kind.WORKSHOP,
            theme=Theme.JOB_SEARCH,
            title="CV",
            starts_at=datetime.datetime(2030, 1, 1, 14, tzinfo=PARIS),
            ends_at=datetime.datetime(2030, 1, 1, 16, tzinfo=PARIS),
            capacity=8,
            cohort=cohort,
        )


def test_the_cohort_page_shows_hours_and_who_is_at_risk(client_for, personas):
    person = make_person(personas.strasbourg, first_name="Awa", last_name="Diallo")
    cohort = make_cohort(personas.strasbourg, members=[person])
    page = client_for("volunteer").get(f"/workshops/equipe/cohortes/{cohort.pk}/").content.decode()
    assert "Awa D" in page and "Diallo" not in page
    assert "0.0 / 32 h" in page or "0 / 32 h" in page
    assert client_for("outsider").get(f"/workshops/equipe/cohortes/{cohort.pk}/").status_code == 404


def test_a_mediator_creates_a_cohort_and_adds_a_person_from_their_page(client_for, personas):
    client = client_for("mediator")
    data = {
        "space": personas.strasbourg.pk,
        "name": "Parcours emploi",
        "starts_on": "2030-03-01",
        "ends_on": "2030-02-01",
        "planned_hours": "32",
    }
    refused = client.post("/workshops/equipe/cohortes/nouvelle/", data)
    assert "La fin doit venir après le début" in refused.content.decode()
    response = client.post(
        "/workshops/equipe/cohortes/nouvelle/", {**data, "ends_on": "2030-06-30"}
    )
    cohort = Cohort.objects.get()
    assert response["Location"] == cohort.get_absolute_url()
    person = make_person(personas.strasbourg)
    assert "Ajouter à une cohorte" in client.get(f"/people/{person.pk}/").content.decode()
    response = client.post(
        f"/workshops/equipe/personnes/{person.pk}/cohorte/", {"cohort": cohort.pk}
    )
    assert response["Location"] == f"/people/{person.pk}/"
    assert cohort.members.get().person == person
    assert "Cohorte : Parcours emploi" in client.get(f"/people/{person.pk}/").content.decode()
    volunteer = client_for("volunteer")
    assert "Ajouter à une cohorte" not in volunteer.get(f"/people/{person.pk}/").content.decode()
