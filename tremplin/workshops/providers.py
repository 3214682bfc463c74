"""What workshops add to the person's page: their bookings and attendance, and a button to book
them a seat."""

import datetime

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from tremplin.people.timeline import Action, Entry
from tremplin.spaces.capabilities import Capability
from tremplin.spaces.permissions import can
from tremplin.workshops.models import Booking


def booking_entries(person, user) -> list[Entry]:
    entries = []
    for booking in person.bookings.select_related("session__space"):
        session = booking.session
        detail = f"{session.space.name} – {booking.get_status_display()}"
        if booking.status == Booking.Status.ATTENDED and booking.attended_minutes:
            detail += " – " + _("%(minutes)s min") % {"minutes": booking.attended_minutes}
        entries.append(
            Entry(
                at=session.starts_at,
                kind="booking",
                title=_("%(kind)s : %(title)s")
                % {"kind": session.get_kind_display(), "title": session.title},
                detail=detail,
                icon="calendar",
            )
        )
    for membership in person.cohort_memberships.select_related("cohort"):
        entries.append(
            Entry(
                at=timezone.make_aware(
                    datetime.datetime.combine(membership.joined_on, datetime.time(12))
                ),
                kind="cohort",
                title=_("Cohorte : %(name)s") % {"name": membership.cohort.name},
                detail=_("%(hours)s heures prévues") % {"hours": membership.cohort.planned_hours},
                icon="people",
            )
        )
    return entries


def booking_actions(person, user) -> list[Action]:
    if person.is_anonymised or not can(user, Capability.TAKE_ATTENDANCE, person.home_space):
        return []
    actions = [
        Action(
            _("Inscrire à un atelier"),
            reverse("workshops:person_booking_create", args=[person.pk]),
            "calendar",
        )
    ]
    if can(user, Capability.COHORT, person.home_space):
        actions.append(
            Action(
                _("Ajouter à une cohorte"),
                reverse("workshops:person_cohort_add", args=[person.pk]),
                "people",
            )
        )
    return actions
