"""The hand-built data set of the impact tests: a few people whose every figure is known.

Period: the first half of 2026 (1 January – 30 June, Paris time). What each person did:

======  ============================  ==================================================
person  intake                        in the period (and around it)
======  ============================  ==================================================
anne    31/12/2025 23:30, Strasbourg  help on 1/1 (Strasbourg); workshop 1/1 (60 min,
                                      answer 3/5); cohort member, not complete; diagnostic
                                      on 1/8 (after); follow-up at 3 months due 30/6
bruno   1/1/2026 00:00, Strasbourg    nothing else; a learner account: module and pathway
                                      completed in March and May
chloe   30/6/2026 23:59, Marseille    cohort session in Strasbourg on 10/3 (90 min, answer
                                      5/5): complete; counted once across the two spaces
david   1/7/2026 00:00, Strasbourg    nothing: intake after the period
emma    1/5/2025, Strasbourg          help on 30/6 at Marseille, and on 1/7 (after);
                                      follow-ups due 1/3 (job) and 1/6 (no answer)
farid   1/1/2025, Strasbourg          retest on 1/2 (beginner; device 1 → 2, information
                                      2 → 2), erased afterwards
gaelle  1/2/2025, Strasbourg          a help on 1/3/2025 only: not in the period
======  ============================  ==================================================
"""

import datetime
from types import SimpleNamespace

from django.utils import timezone

from tremplin.accompaniment.models import Accompaniment
from tremplin.diagnostic.models import DiagnosticSession, new_resume_code
from tremplin.impact.models import FollowUp
from tremplin.impact.scope import Period
from tremplin.learning import content as learning_content
from tremplin.learning.models import Enrolment, LearnerProfile, ModuleProgress
from tremplin.people.tests.factories import make_person
from tremplin.spaces.tests.factories import make_user
from tremplin.workshops.models import Booking, Cohort, CohortMember, Satisfaction
from tremplin.workshops.tests.factories import make_session

PERIOD = Period(datetime.date(2026, 1, 1), datetime.date(2026, 6, 30))
MODULE = "adresse-mail"
PATHWAY = "premiers-pas"


def module_minutes() -> int:
    """The stated time of ``MODULE`` (content may change it)."""
    return learning_content.catalogue().modules[MODULE].minutes


def at(year, month, day, hour=12, minute=0) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime(year, month, day, hour, minute))


def help_given(person, space, day: datetime.date, minutes: int = 30) -> Accompaniment:
    return Accompaniment.objects.create(
        person=person,
        space=space,
        kind=Accompaniment.Kind.INDIVIDUAL,
        happened_on=day,
        duration_minutes=minutes,
        themes=["email"],
        outcome=Accompaniment.Outcome.DONE,
    )


def attended(session, person, minutes: int, *, score: int | None = None) -> Booking:
    booking = Booking.objects.create(
        session=session,
        person=person,
        status=Booking.Status.ATTENDED,
        channel=Booking.Channel.STAFF,
        attended_minutes=minutes,
    )
    if score:
        Satisfaction.objects.create(booking=booking, score=score, answered_at=session.ends_at)
    return booking


def diagnostic(person, space, finished_at, *, profile, levels, previous=None):
    return DiagnosticSession.objects.create(
        organisation=space.organisation,
        space=space,
        person=person,
        resume_code=new_resume_code(),
        state=DiagnosticSession.State.FINISHED,
        profile=profile,
        area_levels=levels,
        started_at=finished_at - datetime.timedelta(minutes=20),
        finished_at=finished_at,
        previous=previous,
    )


def follow_up(person, space, *, due_on, months, situation="", cohort=None) -> FollowUp:
    return FollowUp.objects.create(
        person=person,
        space=space,
        source=FollowUp.Source.COHORT if cohort else FollowUp.Source.PATHWAY,
        cohort=cohort,
        pathway_slug="" if cohort else PATHWAY,
        ended_on=due_on - datetime.timedelta(days=30 * months),
        months=months,
        due_on=due_on,
        situation=situation,
    )


def build(personas) -> SimpleNamespace:
    strasbourg, marseille = personas.strasbourg, personas.marseille
    p = SimpleNamespace(strasbourg=strasbourg, marseille=marseille)
    p.anne = make_person(strasbourg, first_name="Anne", now=at(2025, 12, 31, 23, 30))
    p.bruno = make_person(strasbourg, first_name="Bruno", now=at(2026, 1, 1, 0, 0))
    p.chloe = make_person(marseille, first_name="Chloé", now=at(2026, 6, 30, 23, 59))
    p.david = make_person(strasbourg, first_name="David", now=at(2026, 7, 1, 0, 0))
    p.emma = make_person(strasbourg, first_name="Emma", now=at(2025, 5, 1))
    p.farid = make_person(strasbourg, first_name="Farid", now=at(2025, 1, 1))
    p.gaelle = make_person(strasbourg, first_name="Gaëlle", now=at(2025, 2, 1))

    help_given(p.anne, strasbourg, datetime.date(2026, 1, 1))
    help_given(p.emma, marseille, datetime.date(2026, 6, 30))
    help_given(p.emma, marseille, datetime.date(2026, 7, 1))
    help_given(p.gaelle, strasbourg, datetime.date(2025, 3, 1))

    p.cohort = Cohort.objects.create(
        space=strasbourg,
        name="Emploi 2026",
        starts_on=datetime.date(2026, 3, 1),
        ends_on=datetime.date(2026, 4, 30),
        planned_hours=1,
    )
    for person in (p.anne, p.chloe):
        CohortMember.objects.create(
            cohort=p.cohort, person=person, joined_on=datetime.date(2026, 3, 1)
        )
    workshop = make_session(strasbourg, starts_at=at(2026, 1, 1, 10))
    cohort_session = make_session(strasbourg, starts_at=at(2026, 3, 10, 14), cohort=p.cohort)
    attended(workshop, p.anne, 60, score=3)
    attended(cohort_session, p.chloe, 90, score=5)
    Booking.objects.create(
        session=cohort_session,
        person=p.anne,
        status=Booking.Status.ABSENT,
        channel=Booking.Channel.STAFF,
    )

    diagnostic(p.anne, strasbourg, at(2026, 8, 1), profile="excluded", levels={"device": 1})
    before = diagnostic(
        p.farid,
        strasbourg,
        at(2025, 6, 1),
        profile="excluded",
        levels={"device": 1, "information": 2},
    )
    diagnostic(
        p.farid,
        strasbourg,
        at(2026, 2, 1),
        profile="beginner",
        levels={"device": 2, "information": 2},
        previous=before,
    )

    account = make_user(username="bruno-apprend")
    LearnerProfile.objects.create(
        organisation=strasbourg.organisation, user=account, person=p.bruno, code_hash="x"
    )
    p.bruno.account = account
    p.bruno.save()
    ModuleProgress.objects.create(
        organisation=strasbourg.organisation,
        user=account,
        module_slug=MODULE,
        started_at=at(2026, 2, 20),
        completed_at=at(2026, 3, 1),
    )
    Enrolment.objects.create(
        organisation=strasbourg.organisation,
        user=account,
        pathway_slug=PATHWAY,
        enrolled_at=at(2026, 2, 1),
        completed_at=at(2026, 5, 1),
    )

    follow_up(p.emma, strasbourg, due_on=datetime.date(2026, 3, 1), months=3, situation="job")
    follow_up(p.emma, strasbourg, due_on=datetime.date(2026, 6, 1), months=6)
    follow_up(
        p.anne,
        strasbourg,
        due_on=datetime.date(2026, 6, 30),
        months=3,
        situation="training",
        cohort=p.cohort,
    )
    follow_up(p.chloe, strasbourg, due_on=datetime.date(2026, 7, 1), months=3, cohort=p.cohort)
    return p
