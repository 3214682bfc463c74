"""The drop-in queue on the space's tablet (staff): arrivals, call next, help ended, left."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tremplin.spaces.capabilities import Capability
from tremplin.spaces.permissions import can
from tremplin.workshops import dropin
from tremplin.workshops.models import (
    Kind,
    QueueEntry,
)
from tremplin.workshops.views import (
    require_space_staff,
    staff_session,
    walk_in_page,
)


def queue_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """The drop-in's queue, on the space's tablet: who waits (first names), since when, who is
    being helped, and the times of the day."""
    session = staff_session(request, pk)
    if session.kind != Kind.DROP_IN:
        raise Http404
    entries = list(
        session.queue.select_related("person").only(
            "pk",
            "status",
            "arrived_at",
            "called_at",
            "finished_at",
            "session_id",
            "person__first_name",
        )
    )
    now = timezone.now()
    context = {
        "session": session,
        "waiting": [(e, e.waited_minutes(now=now)) for e in entries if e.status == "waiting"],
        "helping": [e for e in entries if e.status == QueueEntry.Status.HELPING],
        "done": [e for e in entries if e.status == QueueEntry.Status.DONE],
        "times": dropin.queue_times(session),
        "can_take_attendance": can(request.user, Capability.TAKE_ATTENDANCE, session.space),
    }
    return render(request, "workshops/queue_detail.html", context)


def queue_join(request: HttpRequest, pk: int) -> HttpResponse:
    session = staff_session(request, pk, Capability.TAKE_ATTENDANCE)
    if session.kind != Kind.DROP_IN:
        raise Http404
    return walk_in_page(
        request,
        session,
        record=dropin.join_queue,
        back_to="workshops:queue_detail",
        success=_("La personne est dans la file."),
        heading=_("Arrivée à la permanence"),
        submit=_("Mettre dans la file"),
    )


@require_POST
def queue_call(request: HttpRequest, pk: int) -> HttpResponse:
    session = staff_session(request, pk, Capability.TAKE_ATTENDANCE)
    try:
        entry = dropin.call_next(session, helper=request.user)
    except ValidationError as error:
        messages.warning(request, error.messages[0])
    else:
        messages.success(request, _("Au tour de %(name)s.") % {"name": entry.person.first_name})
    return redirect("workshops:queue_detail", pk=session.pk)


def _queue_entry(request: HttpRequest, pk: int) -> QueueEntry:
    require_space_staff(request)
    entry = get_object_or_404(
        QueueEntry.objects.visible_to(request.user).select_related("session__space"), pk=pk
    )
    if not can(request.user, Capability.TAKE_ATTENDANCE, entry.session.space):
        raise PermissionDenied
    return entry


@require_POST
def queue_finish(request: HttpRequest, pk: int) -> HttpResponse:
    entry = _queue_entry(request, pk)
    try:
        dropin.finish_help(entry)
    except ValidationError as error:
        messages.error(request, error.messages[0])
    return redirect("workshops:queue_detail", pk=entry.session_id)


@require_POST
def queue_leave(request: HttpRequest, pk: int) -> HttpResponse:
    entry = _queue_entry(request, pk)
    try:
        dropin.leave_queue(entry)
    except ValidationError as error:
        messages.error(request, error.messages[0])
    return redirect("workshops:queue_detail", pk=entry.session_id)
