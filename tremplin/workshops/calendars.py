"""Calendar services: helpers assigned to sessions, and the iCalendar feeds of a helper's or a
space's agenda behind an unguessable, revocable address. Split from ``services.py`` by
sub-domain. A feed shows sessions (title, times, place, seats taken), never who booked."""

import datetime

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tremplin.spaces.models import Membership, Space, organisation_id_of
from tremplin.spaces.team import available_helpers
from tremplin.workshops.models import Assignment, CalendarFeed, Session

# What a feed holds: a month back, six months ahead.
FEED_PAST = datetime.timedelta(days=31)
FEED_FUTURE = datetime.timedelta(days=183)


def helpers_of(space: Space):
    """The staff who may help at a session of ``space``: its members, by name."""
    member_ids = Membership.objects.filter(space=space).values("user_id")
    return get_user_model().objects.filter(pk__in=member_ids).order_by("first_name", "last_name")


def team_for(session: Session) -> list[tuple]:
    """The staff who may help at the session, as ``(member, is_available)``: first those whose
    weekly availability covers the session (``spaces.team.available_helpers``), then the
    others, each by name. A coordinator may still choose someone not available."""
    available = set(
        available_helpers(session.space, session.starts_at, session.ends_at).values_list(
            "pk", flat=True
        )
    )
    members = helpers_of(session.space)
    return sorted(
        ((member, member.pk in available) for member in members),
        key=lambda pair: not pair[1],
    )


@transaction.atomic
def assign_helpers(session: Session, *, helpers) -> list[Assignment]:
    """Sets who helps at the session (replacing the earlier choice). Raises ValidationError
    when one of them is not on the staff of the session's space."""
    allowed = set(helpers_of(session.space).values_list("pk", flat=True))
    wanted = {helper.pk for helper in helpers}
    if wanted - allowed:
        raise ValidationError(
            _("Choisissez des personnes de l'équipe de cet espace."), code="not_staff"
        )
    session.assignments.exclude(helper_id__in=wanted).delete()
    kept = set(session.assignments.values_list("helper_id", flat=True))
    for helper_id in sorted(wanted - kept):
        Assignment.objects.create(session=session, helper_id=helper_id)
    return list(session.assignments.all())


@transaction.atomic
def renew_feed(*, created_by, helper=None, space: Space | None = None) -> CalendarFeed:
    """A new secret address for the helper's or the space's agenda; the previous one stops
    working at once. Raises ValidationError without exactly one of ``helper`` and ``space``."""
    if (helper is None) == (space is None):
        raise ValidationError(_("Un agenda est celui d'une personne ou d'un espace."))
    target = {"helper": helper} if helper is not None else {"space": space}
    now = timezone.now()
    CalendarFeed.objects.filter(revoked_at__isnull=True, **target).update(revoked_at=now)
    organisation_id = space.organisation_id if space is not None else organisation_id_of(helper)
    return CalendarFeed.objects.create(
        organisation_id=organisation_id, created_by=created_by, created_at=now, **target
    )


def revoke_feed(feed: CalendarFeed) -> CalendarFeed:
    """Stops the address. Raises ValidationError when it is already revoked."""
    if feed.revoked_at is not None:
        raise ValidationError(_("Cette adresse ne marche déjà plus."))
    feed.revoked_at = timezone.now()
    feed.save(update_fields=["revoked_at"])
    return feed


def feed_sessions(feed: CalendarFeed, *, now: datetime.datetime | None = None):
    moment = now or timezone.now()
    sessions = Session.objects.filter(
        organisation_id=feed.organisation_id,
        starts_at__gte=moment - FEED_PAST,
        starts_at__lte=moment + FEED_FUTURE,
    )
    if feed.space_id:
        sessions = sessions.filter(space_id=feed.space_id)
    else:
        sessions = sessions.filter(assignments__helper_id=feed.helper_id)
    return sessions.with_seats().select_related("space").order_by("starts_at", "pk")


def calendar_of(feed: CalendarFeed, *, now: datetime.datetime | None = None) -> bytes:
    """The feed as an iCalendar file (RFC 5545). A cancelled session stays in it with
    ``STATUS:CANCELLED``, so that subscribed calendars remove it."""
    import icalendar  # loaded by the first feed, not by every web worker at start

    calendar = icalendar.Calendar()
    calendar.add("prodid", "-//Tremplin//Ateliers//FR")
    calendar.add("version", "2.0")
    name = feed.space.name if feed.space_id else _("Mes ateliers Tremplin")
    calendar.add("x-wr-calname", name)
    host = settings.TREMPLIN_PUBLIC_URL.split("://")[-1]
    for session in feed_sessions(feed, now=now):
        event = icalendar.Event()
        event.add("uid", f"session-{session.pk}@{host}")
        event.add("dtstamp", now or timezone.now())
        event.add("dtstart", session.starts_at)
        event.add("dtend", session.ends_at)
        event.add("summary", session.title)
        space = session.space
        event.add("location", f"{space.name}, {space.address}, {space.postcode} {space.town}")
        details = _("%(taken)s inscrits pour %(capacity)s places") % {
            "taken": session.booked_count,
            "capacity": session.capacity,
        }
        if session.room:
            details = f"{session.room} – {details}"
        event.add("description", details)
        event.add("status", "CANCELLED" if session.is_cancelled else "CONFIRMED")
        calendar.add_component(event)
    return calendar.to_ical()


def live_feed(token: str) -> CalendarFeed | None:
    return (
        CalendarFeed.objects.filter(token=token, revoked_at__isnull=True)
        .select_related("space")
        .first()
    )
