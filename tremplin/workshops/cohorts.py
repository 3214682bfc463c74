"""Cohort services: a programme run for a group (often with a partner), its members, and each
member's follow-up (hours done against those planned, sessions missed, at risk, completion).
Split from ``services.py`` by sub-domain; seats are still taken by ``services.book_seat``."""

import datetime
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tremplin.people.models import Person
from tremplin.people.services import touch
from tremplin.spaces.models import PartnerOrganisation, Space
from tremplin.workshops.models import Booking, Cohort, CohortMember
from tremplin.workshops.services import book_seat

# At risk (the programme's follow-up rule): two sessions missed in a row, or, from mid-course
# on, less than half of the planned hours done.
MISSED_IN_A_ROW = 2
MID_COURSE_SHARE = 0.5


@transaction.atomic
def create_cohort(
    space: Space,
    *,
    name: str,
    starts_on: datetime.date,
    ends_on: datetime.date,
    planned_hours: int,
    partner: PartnerOrganisation | None = None,
    pathway: str = "",
) -> Cohort:
    """Creates a cohort at ``space``. Raises ValidationError, and saves nothing, without a name,
    when it ends before it starts, for planned hours outside 1–1000, or a partner of another
    organisation."""
    if not name.strip():
        raise ValidationError(_("Écrivez le nom de la cohorte."))
    if ends_on < starts_on:
        raise ValidationError(_("La fin doit venir après le début."), code="ends_before_start")
    if planned_hours is None or not 1 <= planned_hours <= 1000:
        raise ValidationError(_("Les heures prévues vont de 1 à 1000."), code="hours")
    if partner is not None and partner.organisation_id != space.organisation_id:
        raise ValidationError(_("Ce partenaire n'est pas de votre réseau."), code="partner")
    return Cohort.objects.create(
        space=space,
        name=name.strip(),
        starts_on=starts_on,
        ends_on=ends_on,
        planned_hours=planned_hours,
        partner=partner,
        pathway=pathway.strip(),
    )


@transaction.atomic
def add_cohort_member(
    cohort: Cohort, *, person: Person, added_by, now: datetime.datetime | None = None
) -> CohortMember:
    """Adds the person to the cohort and books them a seat (or a waitlist place) in each of its
    sessions to come. Raises ValidationError, and saves nothing, for an erased record, a person
    of another organisation, a cohort already over, or a person already in it."""
    moment = now or timezone.now()
    if person.is_anonymised:
        raise ValidationError(_("Cette fiche a été effacée."))
    if person.organisation_id != cohort.organisation_id:
        raise ValidationError(_("Cette personne n'est pas suivie par votre réseau."))
    if cohort.ends_on < timezone.localdate(moment):
        raise ValidationError(_("Cette cohorte est terminée."), code="over")
    if cohort.members.filter(person=person).exists():
        raise ValidationError(_("Cette personne fait déjà partie de la cohorte."), code="duplicate")
    member = CohortMember.objects.create(
        cohort=cohort, person=person, joined_on=timezone.localdate(moment), added_by=added_by
    )
    for session in cohort.sessions.upcoming(now=moment):
        if not Booking.objects.active().filter(session=session, person=person).exists():
            book_seat(
                session, person=person, channel=Booking.Channel.STAFF, booked_by=added_by, now=now
            )
    touch(person, now=moment)
    return member


@dataclass(frozen=True)
class MemberProgress:
    member: CohortMember
    hours_done: float
    planned_hours: int
    sessions_attended: int
    sessions_missed: int
    missed_in_a_row: int
    is_behind_at_mid_course: bool

    @property
    def is_at_risk(self) -> bool:
        return not self.is_complete and (
            self.missed_in_a_row >= MISSED_IN_A_ROW or self.is_behind_at_mid_course
        )

    @property
    def is_complete(self) -> bool:
        return self.hours_done >= self.planned_hours

    @property
    def percent(self) -> int:
        return min(100, round(100 * self.hours_done / self.planned_hours))


def cohort_progress(
    cohort: Cohort, *, now: datetime.datetime | None = None
) -> list[MemberProgress]:
    """Each member's hours done against those planned, the sessions attended and missed (absent,
    cancelled, or not booked, among the cohort's sessions over since they joined; a session
    whose attendance was not taken counts as neither), the current run of sessions missed, and
    whether they are behind at mid-course. Three queries, whatever the cohort's size."""
    moment = now or timezone.now()
    over = list(
        cohort.sessions.not_cancelled().filter(ends_at__lte=moment).order_by("starts_at", "pk")
    )
    members = list(cohort.members.select_related("person").order_by("person__first_name", "pk"))
    rows = Booking.objects.filter(
        session__cohort=cohort, person__in=[member.person_id for member in members]
    ).values_list("person_id", "session_id", "status", "attended_minutes")
    found = {(person, session): (status, minutes) for person, session, status, minutes in rows}
    is_past_midpoint = timezone.localdate(moment) >= cohort.midpoint
    progress = []
    for member in members:
        attended = missed = run = 0
        minutes_done = 0
        for session in over:
            if timezone.localdate(session.starts_at) < member.joined_on:
                continue
            status, minutes = found.get((member.person_id, session.pk), (None, None))
            if status == Booking.Status.ATTENDED:
                attended, run, minutes_done = attended + 1, 0, minutes_done + (minutes or 0)
            elif status in (None, Booking.Status.ABSENT, Booking.Status.CANCELLED):
                missed, run = missed + 1, run + 1
        hours = round(minutes_done / 60, 1)
        progress.append(
            MemberProgress(
                member=member,
                hours_done=hours,
                planned_hours=cohort.planned_hours,
                sessions_attended=attended,
                sessions_missed=missed,
                missed_in_a_row=run,
                is_behind_at_mid_course=is_past_midpoint
                and hours < MID_COURSE_SHARE * cohort.planned_hours,
            )
        )
    return progress
