"""The drop-in queue on the space's tablet (staff): arrivals, call next, help ended, left."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tremplin.core import submissions
from tremplin.people.models import ConsentText
from tremplin.spaces.capabilities import Capability
from tremplin.spaces.permissions import can
from tremplin.workshops import dropin
from tremplin.workshops.forms import (
    WalkInForm,
)
from tremplin.workshops.models import (
    Kind,
    QueueEntry,
)
from tremplin.workshops.views import bound_data, require_space_staff, staff_session


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
    form = WalkInForm(bound_data(request))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            with submissions.once(request):
                dropin.join_queue(
                    session,
                    first_name=data["first_name"],
                    phone=data["phone"],
                    email=data["email"],
                    has_consent=data["has_consent"],
                    consent_channel=data["consent_channel"],
                    added_by=request.user,
                )
        except submissions.AlreadySubmitted:
            return redirect("workshops:queue_detail", pk=session.pk)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("La personne est dans la file."))
            return redirect("workshops:queue_detail", pk=session.pk)
    consent = ConsentText.current_for(session.organisation_id)
    context = {
        "session": session,
        "form": form,
        "consent_text": consent.text_in(get_language()) if consent else "",
        "action": request.path,
        "back_url": reverse("workshops:queue_detail", args=[session.pk]),
        "heading": _("Arrivée à la permanence"),
        "submit": _("Mettre dans la file"),
    }
    return render(request, "workshops/walk_in_create.html", context)


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
