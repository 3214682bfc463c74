"""What the workshops tell the spaces app (``tremplin.spaces.activity``), registered in
``WorkshopsConfig.ready()``: a place's next public sessions (the directory), the sessions a
helper helped at (their hours) and the drop-in slots with their helpers (uncovered slots)."""

import datetime

from django.urls import reverse

from tremplin.spaces import activity
from tremplin.workshops.models import Assignment, Kind, Session


def public_sessions(space, *, now: datetime.datetime, limit: int) -> list[activity.PublicSession]:
    # A drop-in on appointments shows once (its page lists the times), not once per appointment.
    sessions = Session.objects.public(now=now).listed().filter(space=space).with_seats()[:limit]
    return [
        activity.PublicSession(
            title=session.title,
            starts_at=session.starts_at,
            ends_at=session.ends_at,
            url=session.get_absolute_url(),
            seats_left=max(session.seats_left, 0),
        )
        for session in sessions
    ]


def helped_sessions(
    user_ids, *, since: datetime.datetime, until: datetime.datetime
) -> list[activity.HelpedSession]:
    """Sessions that took place (not cancelled, already ended) with these helpers."""
    assignments = Assignment.objects.filter(
        helper_id__in=user_ids,
        session__cancelled_at__isnull=True,
        session__starts_at__gte=since,
        session__starts_at__lt=until,
        session__ends_at__lte=until,
    ).select_related("session")
    return [
        activity.HelpedSession(
            user_id=assignment.helper_id,
            space_id=assignment.session.space_id,
            title=assignment.session.title,
            starts_at=assignment.session.starts_at,
            minutes=assignment.session.duration_minutes,
        )
        for assignment in assignments
    ]


def drop_in_slots(
    space_ids, *, since: datetime.datetime, until: datetime.datetime
) -> list[activity.Slot]:
    sessions = (
        Session.objects.not_cancelled()
        .filter(space_id__in=space_ids, kind=Kind.DROP_IN, starts_at__gte=since)
        .filter(starts_at__lt=until)
        .prefetch_related("assignments")
    )
    return [
        activity.Slot(
            space_id=session.space_id,
            title=session.title,
            starts_at=session.starts_at,
            ends_at=session.ends_at,
            url=reverse("workshops:session_manage", args=[session.pk]),
            helper_ids=tuple(a.helper_id for a in session.assignments.all()),
        )
        for session in sessions
    ]
