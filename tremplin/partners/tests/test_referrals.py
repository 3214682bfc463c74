"""Referral services: refer with consent, the lifecycle, the duplicate check, the steps that
follow from records of the activity apps."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from tremplin.partners import services
from tremplin.partners.models import Referral, ReferralEvent, Sharing, Status
from tremplin.partners.tests.factories import finish_diagnostic, issue_certificate, make_referral
from tremplin.people.models import ConsentEntry, JournalEntry, Person
from tremplin.people.tests.factories import make_person
from tremplin.workshops import services as workshop_services
from tremplin.workshops.tests.factories import make_booking, make_cohort, make_ongoing_session

pytestmark = pytest.mark.django_db


def refer(personas, **overrides):
    fields = {
        "adviser": personas.partner,
        "space": personas.strasbourg,
        "person": Person(first_name="Awa", last_name="Diallo", phone="+33612345678"),
        "reason": "Besoin d'aide pour son espace France Travail",
        "goals": [Person.Goal.JOB],
        "sharing": Sharing.STATUS,
        "has_consent": True,
    }
    fields.update(overrides)
    return services.refer_person(personas.partner.partner_adviser.partner, **fields)


def test_referring_makes_a_referred_person_with_the_consent_the_adviser_collected(
    personas, consent
):
    referral = refer(personas)
    person = referral.person
    assert referral.status == Status.SENT and referral.made_person
    assert person.home_space == personas.strasbourg
    assert person.came_through == Person.Channel.PARTNER_REFERRAL
    assert person.referred_by == referral.partner
    assert person.referred_on == timezone.localdate()
    entry = person.consents.get()
    assert (entry.channel, entry.text, entry.recorded_by) == (
        ConsentEntry.Channel.REFERRAL,
        consent,
        personas.partner,
    )
    assert person.journal.filter(action=JournalEntry.Action.CREATE).exists()
    assert list(referral.events.values_list("status", "source")) == [("sent", "adviser")]


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"has_consent": False}, "Sans l'accord"),
        ({"sharing": ""}, "ce que la personne accepte"),
        ({"reason": "x" * 1001}, "plus de 1000"),
        ({"goals": ["astronaut"]}, "objectifs"),
    ],
)
def test_a_bad_referral_saves_nothing(personas, consent, overrides, message):
    with pytest.raises(ValidationError, match=message):
        refer(personas, **overrides)
    assert not Person.objects.exists() and not Referral.objects.exists()


def test_an_adviser_refers_only_for_their_own_partner_and_its_spaces(personas, consent):
    with pytest.raises(ValidationError):
        refer(personas, adviser=personas.partner_b)
    with pytest.raises(ValidationError, match="n'oriente pas"):
        refer(personas, space=personas.nancy)
    personas.partner.partner_adviser.partner.spaces.set([personas.marseille])
    with pytest.raises(ValidationError, match="n'oriente pas"):
        refer(personas)
    assert not Referral.objects.exists()


def test_without_a_consent_text_nothing_is_saved(personas):
    with pytest.raises(ValidationError, match="texte de consentement"):
        refer(personas)
    assert not Person.objects.exists()


def test_a_referral_moves_forward_dated_and_journaled(personas, consent):
    referral = refer(personas)
    services.move_referral(referral, to=Status.RECEIVED, by=personas.mediator)
    services.move_referral(referral, to=Status.IN_TRAINING, by=personas.mediator)
    referral.refresh_from_db()
    assert referral.status == Status.IN_TRAINING and referral.reached_rank == 3
    events = list(referral.events.values_list("from_status", "status", "by"))
    assert events == [
        ("", "sent", personas.partner.pk),
        ("sent", "received", personas.mediator.pk),
        ("received", "in_training", personas.mediator.pk),
    ]
    assert (
        referral.person.journal.filter(
            action=JournalEntry.Action.UPDATE, fields=["referral"], actor=personas.mediator
        ).count()
        == 2
    )


def test_a_referral_never_goes_back_nor_moves_twice_to_the_same_step(personas, consent):
    referral = refer(personas)
    services.move_referral(referral, to=Status.DIAGNOSED, by=personas.mediator)
    for step in (Status.SENT, Status.RECEIVED, Status.DIAGNOSED, "flying"):
        with pytest.raises(ValidationError):
            services.move_referral(referral, to=step, by=personas.mediator)
    assert referral.events.count() == 2


def test_closing_needs_a_reason_and_keeps_the_furthest_step(personas, consent):
    referral = refer(personas)
    services.move_referral(referral, to=Status.RECEIVED, by=personas.mediator)
    with pytest.raises(ValidationError, match="raison"):
        services.move_referral(referral, to=Status.CLOSED, by=personas.mediator)
    services.move_referral(
        referral, to=Status.CLOSED, by=personas.mediator, closed_reason="not_reachable"
    )
    referral.refresh_from_db()
    assert (referral.status, referral.closed_reason, referral.reached_rank) == (
        "closed",
        "not_reachable",
        1,
    )
    with pytest.raises(ValidationError):
        services.move_referral(referral, to=Status.COMPLETED, by=personas.mediator)


def test_attaching_to_an_earlier_record_moves_the_referral_and_erases_the_one_made(
    personas, consent
):
    earlier = make_person(personas.strasbourg, first_name="Awa", last_name="Diallo")
    referral = refer(personas)
    made = referral.person
    services.attach_to_person(referral, person=earlier, by=personas.mediator)
    referral.refresh_from_db()
    made.refresh_from_db()
    earlier.refresh_from_db()
    assert referral.person == earlier and not referral.made_person
    assert made.is_anonymised
    assert earlier.referred_by == referral.partner
    assert earlier.consents.filter(channel=ConsentEntry.Channel.REFERRAL).exists()
    with pytest.raises(ValidationError):
        services.attach_to_person(referral, person=earlier, by=personas.mediator)


def test_attaching_refuses_a_record_of_another_organisation(personas, consent):
    nancy_person = make_person(personas.nancy)
    referral = refer(personas)
    with pytest.raises(ValidationError):
        services.attach_to_person(referral, person=nancy_person, by=personas.mediator)
    referral.refresh_from_db()
    assert referral.made_person and not referral.person.is_anonymised


# Steps that follow from records elsewhere ---------------------------------------------------


def test_a_diagnostic_recorded_after_the_referral_makes_it_diagnosed(personas, consent):
    referral = make_referral(personas.partner, personas.strasbourg)
    finish_diagnostic(referral.person, at=referral.sent_at - datetime.timedelta(days=1))
    assert services.sync_referrals(Referral.objects.all()) == 0
    finish_diagnostic(referral.person)
    assert services.sync_referrals(Referral.objects.all()) == 1
    referral.refresh_from_db()
    assert referral.status == Status.DIAGNOSED
    event = referral.events.last()
    assert (event.source, event.by) == (ReferralEvent.Source.DIAGNOSTIC, None)
    assert services.sync_referrals(Referral.objects.all()) == 0


def test_a_first_attendance_makes_it_in_training(personas, consent):
    referral = make_referral(personas.partner, personas.strasbourg)
    session, [booking] = make_ongoing_session(personas.strasbourg, referral.person)
    workshop_services.record_attendance(booking, is_present=True)
    services.sync_referrals(Referral.objects.all())
    referral.refresh_from_db()
    assert referral.status == Status.IN_TRAINING


def test_a_certificate_makes_it_completed(personas, consent):
    referral = make_referral(personas.partner, personas.strasbourg)
    issue_certificate(referral.person)
    services.sync_referrals(Referral.objects.all())
    referral.refresh_from_db()
    assert (referral.status, referral.reached_rank) == (Status.COMPLETED, 4)


def test_the_cohort_hours_done_make_it_completed(personas, consent):
    referral = make_referral(personas.partner, personas.strasbourg)
    cohort = make_cohort(personas.strasbourg, members=[referral.person], planned_hours=1)
    session, [booking] = make_ongoing_session(personas.strasbourg, referral.person)
    session.cohort = cohort
    session.save()
    workshop_services.record_attendance(booking, is_present=True, minutes=45)
    services.sync_referrals(Referral.objects.all())
    referral.refresh_from_db()
    assert referral.status == Status.IN_TRAINING
    booking.refresh_from_db()
    workshop_services.record_attendance(booking, is_present=True, minutes=60)
    services.sync_referrals(Referral.objects.all())
    referral.refresh_from_db()
    assert referral.status == Status.COMPLETED


def test_a_closed_referral_does_not_follow_records(personas, consent):
    referral = make_referral(personas.partner, personas.strasbourg)
    services.move_referral(
        referral, to=Status.CLOSED, by=personas.mediator, closed_reason="declined"
    )
    finish_diagnostic(referral.person)
    assert services.sync_referrals(Referral.objects.all()) == 0


def test_syncing_many_referrals_takes_a_handful_of_queries(
    personas, consent, django_assert_max_num_queries
):
    for _number in range(12):
        make_referral(personas.partner, personas.strasbourg)
    with django_assert_max_num_queries(5):
        assert services.sync_referrals(Referral.objects.all()) == 0


def test_an_unused_booking_does_not_count(personas, consent):
    referral = make_referral(personas.partner, personas.strasbourg)
    from tremplin.workshops.tests.factories import make_session

    make_booking(make_session(personas.strasbourg), referral.person)
    assert services.sync_referrals(Referral.objects.all()) == 0


# Queryset the impact app composes -----------------------------------------------------------


def test_counts_by_status_in_a_period_and_spaces(personas, consent):
    first = make_referral(personas.partner, personas.strasbourg)
    make_referral(personas.partner, personas.strasbourg)
    services.move_referral(first, to=Status.DIAGNOSED, by=personas.mediator)
    today = timezone.localdate()
    rows = Referral.objects.in_period(today, today).in_spaces([personas.strasbourg.pk])
    counts = rows.counts_by_status()
    assert (counts["sent"], counts["diagnosed"], counts["closed"]) == (1, 1, 0)
    assert rows.counts_reaching() == {
        "sent": 2,
        "received": 1,
        "diagnosed": 1,
        "in_training": 0,
        "completed": 0,
    }
    yesterday = today - datetime.timedelta(days=1)
    assert not Referral.objects.in_period(yesterday, yesterday).exists()
    assert not Referral.objects.in_spaces([personas.marseille.pk]).exists()
