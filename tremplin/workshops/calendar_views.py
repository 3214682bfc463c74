"""Helpers of a session, a helper's own agenda, and the iCalendar feeds (public by their secret
address only)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from tremplin.core import ratelimit
from tremplin.spaces.capabilities import Capability
from tremplin.spaces.permissions import can, spaces_where
from tremplin.workshops import calendars
from tremplin.workshops.models import (
    CalendarFeed,
    Session,
)
from tremplin.workshops.views import (
    CODE_LOOKUPS_PER_QUARTER,
    require_space_staff,
    staff_session,
    typed_id,
)


@require_POST
def session_helpers(request: HttpRequest, pk: int) -> HttpResponse:
    """Who helps at the session: checkboxes ``helpers`` among the space's staff."""
    session = staff_session(request, pk, Capability.SCHEDULE)
    ids = [typed_id(value) for value in request.POST.getlist("helpers") if typed_id(value)]
    chosen = calendars.helpers_of(session.space).filter(pk__in=ids)
    try:
        calendars.assign_helpers(session, helpers=list(chosen))
    except ValidationError as error:
        messages.error(request, error.messages[0])
    else:
        messages.success(request, _("L'équipe de la séance est à jour."))
    return redirect("workshops:session_manage", pk=session.pk)


def my_agenda(request: HttpRequest) -> HttpResponse:
    """A helper's own agenda, and the secret addresses of the agendas they may subscribe to."""
    require_space_staff(request)
    sessions = (
        Session.objects.visible_to(request.user)
        .filter(assignments__helper=request.user, ends_at__gte=timezone.now())
        .select_related("space")
        .order_by("starts_at")[:60]
    )
    feeds = CalendarFeed.objects.filter(revoked_at__isnull=True).select_related("space")
    context = {
        "sessions": sessions,
        "my_feed": feeds.filter(helper=request.user).first(),
        "space_feeds": {feed.space_id: feed for feed in feeds.filter(space__isnull=False)},
        "schedulable": list(spaces_where(request.user, Capability.SCHEDULE)),
        "public_url": request.build_absolute_uri("/").rstrip("/"),
    }
    return render(request, "workshops/my_agenda.html", context)


@require_POST
def feed_renew(request: HttpRequest) -> HttpResponse:
    """A new address for my agenda, or (``space`` in the POST) for a space I schedule."""
    require_space_staff(request)
    space_id = request.POST.get("space", "")
    if space_id:
        if typed_id(space_id) is None:
            raise Http404
        space = get_object_or_404(
            spaces_where(request.user, Capability.SCHEDULE), pk=typed_id(space_id)
        )
        calendars.renew_feed(created_by=request.user, space=space)
    else:
        calendars.renew_feed(created_by=request.user, helper=request.user)
    messages.success(request, _("Nouvelle adresse prête. L'ancienne ne marche plus."))
    return redirect("workshops:my_agenda")


@require_POST
def feed_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    require_space_staff(request)
    feed = get_object_or_404(CalendarFeed.objects.select_related("space"), pk=pk)
    mine = feed.helper_id == request.user.pk
    if not mine and not (feed.space and can(request.user, Capability.SCHEDULE, feed.space)):
        raise Http404
    try:
        calendars.revoke_feed(feed)
    except ValidationError as error:
        messages.error(request, error.messages[0])
    else:
        messages.success(request, _("Cette adresse ne marche plus."))
    return redirect("workshops:my_agenda")


@login_not_required
@never_cache
def calendar_feed(request: HttpRequest, token: str) -> HttpResponse:
    """The agenda in iCalendar for calendar applications: the secret address is the key."""
    address = ratelimit.client_address(request)
    if not ratelimit.hit(f"calendar-feed:{address}", limit=CODE_LOOKUPS_PER_QUARTER, window=900):
        return ratelimit.too_many_requests(request)
    feed = calendars.live_feed(token)
    if feed is None:
        raise Http404
    response = HttpResponse(
        calendars.calendar_of(feed), content_type="text/calendar; charset=utf-8"
    )
    response["Content-Disposition"] = 'inline; filename="agenda.ics"'
    return response
