import pytest
from django.db.models import Count, F, Q
from django.utils import timezone

from tremplin.workshops.models import Booking, Satisfaction, Session

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("demo_network")]


def test_the_demo_has_a_season_of_workshops_with_bookings_and_attendance():
    assert Session.objects.count() >= 14 * 3 * 16
    assert Booking.objects.filter(status="attended").count() > 500
    assert Booking.objects.filter(status="waitlisted").exists()
    assert Satisfaction.objects.count() > 50
    assert Session.objects.filter(space__slug="strasbourg", starts_at__gt=timezone.now()).exists()


def test_the_demo_never_overbooks_and_takes_attendance_only_of_the_past():
    now = timezone.now()
    seats = Session.objects.annotate(
        taken=Count("bookings", filter=Q(bookings__status__in=Booking.SEAT_TAKING))
    )
    assert not [s for s in seats if s.taken > s.capacity]
    assert not Booking.objects.filter(
        status__in=["attended", "absent"], session__starts_at__gt=now
    ).exists()
    assert not Booking.objects.filter(person__created_at__gt=F("session__starts_at")).exists()


def test_the_demo_has_a_cohort_followed_up_and_helpers_on_every_session():
    from tremplin.workshops.cohorts import cohort_progress
    from tremplin.workshops.models import Cohort

    cohort = Cohort.objects.get(space__slug="strasbourg")
    progress = cohort_progress(cohort)
    assert len(progress) >= 5
    assert any(row.hours_done > 0 for row in progress)
    assert not Session.objects.filter(space__slug="strasbourg", assignments=None).exists()


def test_the_demo_has_a_drop_in_on_appointments_some_taken():
    drop_ins = Session.objects.filter(space__slug="strasbourg", appointments__isnull=False)
    assert drop_ins.distinct().count() == 4
    appointments = Session.objects.filter(parent__in=drop_ins)
    assert appointments.filter(bookings__status="booked").distinct().count() >= 4
    assert not appointments.filter(bookings__status="waitlisted").exists()
