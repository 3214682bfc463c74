"""What workshops add to the person's page: their bookings and attendance, and a button to book
them a seat."""

from django.urls import reverse
from django.utils.translation import gettext as _

from tremplin.people.timeline import Action, Entry, Source, at_noon
from tremplin.spaces.capabilities import Capability
from tremplin.spaces.permissions import can
from tremplin.workshops.models import Booking


def booking_entry(booking, person, user) -> Entry:
    session = booking.session
    detail = f"{session.space.name} – {booking.get_status_display()}"
    if booking.status == Booking.Status.ATTENDED and booking.attended_minutes:
        detail += " – " + _("%(minutes)s min") % {"minutes": booking.attended_minutes}
    return Entry(
        at=session.starts_at,
        kind="booking",
        title=_("%(kind)s : %(title)s")
        % {"kind": session.get_kind_display(), "title": session.title},
        detail=detail,
        icon="calendar",
    )


def cohort_entry(membership, person, user) -> Entry:
    return Entry(
        at=at_noon(membership.joined_on),
        kind="cohort",
        title=_("Cohorte : %(name)s") % {"name": membership.cohort.name},
        detail=_("%(hours)s heures prévues") % {"hours": membership.cohort.planned_hours},
        icon="people",
    )


SOURCES = (
    Source(
        "booking",
        rows=lambda person, user: person.bookings.all(),
        fields=(
            "status",
            "attended_minutes",
            "session__starts_at",
            "session__kind",
            "session__title",
            "session__space__name",
        ),
        entry=booking_entry,
    ),
    Source(
        "cohort_member",
        rows=lambda person, user: person.cohort_memberships.all(),
        fields=("joined_on", "cohort__name", "cohort__planned_hours"),
        entry=cohort_entry,
    ),
)


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
