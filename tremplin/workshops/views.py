"""Workshop pages.

Public (``@login_not_required``): the agenda, a session's page, booking without an account, and
the booking's own page reached with its code (never cached: the code is its key). They show
seat counts, never who booked. Staff pages fetch sessions through ``Session.objects.visible_to``
(activity scope) and people through ``people.access.fetch_person``; writes check the capability
table (``TAKE_ATTENDANCE``, ``SCHEDULE``). Cohorts, the drop-in queue and the agendas have
their own modules (``cohort_views``, ``dropin_views``, ``calendar_views``), which reuse the
helpers here.
"""

import datetime
import re

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Exists, OuterRef, Prefetch, Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from tremplin.core import ratelimit, submissions
from tremplin.people.access import fetch_person
from tremplin.people.models import ConsentText
from tremplin.spaces.capabilities import Capability
from tremplin.spaces.permissions import can, holds_anywhere, is_space_staff, spaces_where
from tremplin.workshops import calendars, services
from tremplin.workshops.forms import (
    BookingForm,
    CodeForm,
    PersonBookingForm,
    SatisfactionForm,
    SessionChangeForm,
    SessionForm,
    WalkInForm,
)
from tremplin.workshops.models import (
    Booking,
    Cohort,
    Satisfaction,
    Series,
    Session,
    clean_code,
)

# Per address: a space's computers may share one, so the limits leave room for a whole group.
BOOKINGS_PER_HOUR = 60
CODE_LOOKUPS_PER_QUARTER = 120
# Staff book a person into the sessions of the next two months.
BOOKING_HORIZON = datetime.timedelta(days=61)


def bound_data(request: HttpRequest):
    return request.POST if request.method == "POST" else None


def typed_id(value: str) -> int | None:
    """An id typed in a form or an address (ASCII digits, at most nine), else None."""
    return int(value) if re.fullmatch(r"[0-9]{1,9}", value or "") else None


# Public ------------------------------------------------------------------------------------


@login_not_required
def agenda(request: HttpRequest) -> HttpResponse:
    """Upcoming sessions, by town and space; ``?town=`` or ``?space=`` narrows the list."""
    sessions = Session.objects.public().listed().with_seats().with_appointments()
    sessions = sessions.select_related("space")
    town = request.GET.get("town", "").strip()[:120]
    if town:
        sessions = sessions.filter(space__town__iexact=town)
    space_id = typed_id(request.GET.get("space", ""))
    if space_id is not None:
        sessions = sessions.filter(space_id=space_id)
    towns = (
        Session.objects.public()
        .order_by("space__town")
        .values_list("space__town", flat=True)
        .distinct()
    )
    page = Paginator(sessions.order_by("space__town", "space__name", "starts_at"), 40).get_page(
        request.GET.get("page")
    )
    context = {"page": page, "towns": list(towns), "town": town}
    return render(request, "workshops/session_agenda.html", context)


def _public_session(pk: int) -> Session:
    return get_object_or_404(
        Session.objects.filter(space__is_active=True).with_seats().select_related("space"), pk=pk
    )


@login_not_required
def session_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """A session's page; a drop-in on appointments lists the times still free."""
    session = _public_session(pk)
    seats_left = max(session.seats_left, 0)
    has_appointments = session.appointments.exists()
    context = {
        "session": session,
        "seats_left": seats_left,
        "appointments": session.appointments.free_appointments() if has_appointments else None,
        # An appointment has no waitlist; a drop-in on appointments is booked by its times.
        "can_book": not session.is_cancelled
        and not has_appointments
        and (seats_left or not session.is_appointment),
    }
    return render(request, "workshops/session_detail.html", context)


@login_not_required
@never_cache
def booking_create(request: HttpRequest, pk: int) -> HttpResponse:
    """The booking form. Never cached: its one-time token must not be shared by two visitors
    (the second would land on the first one's booking)."""
    session = _public_session(pk)
    if session.appointments.exists():  # one books one of its appointments
        return redirect(session)
    form = BookingForm(bound_data(request))
    if request.method == "POST":
        address = ratelimit.client_address(request)
        if not ratelimit.hit(f"booking:{address}", limit=BOOKINGS_PER_HOUR, window=3600):
            return ratelimit.too_many_requests(request)
        if form.is_valid():
            try:
                with submissions.once(request) as submission:
                    booking = services.book_online(session, **form.cleaned_data)
                    submission.result_url = booking.get_absolute_url()
            except submissions.AlreadySubmitted as done:
                return redirect(done.url or session.get_absolute_url())
            except ValidationError as error:
                form.add_error(None, error)
            else:
                return redirect(booking)
    consent = ConsentText.current_for(session.organisation_id)
    context = {
        "session": session,
        "seats_left": max(session.seats_left, 0),
        "form": form,
        "consent_text": consent.text_in(get_language()) if consent else "",
        "is_open": not session.is_cancelled and not session.has_started(),
        # An appointment has no waitlist: taken, it sends to the drop-in's other times.
        "is_taken": session.is_appointment and session.seats_left <= 0,
    }
    return render(request, "workshops/booking_create.html", context)


def _booking_by_code(request: HttpRequest, code: str) -> Booking:
    address = ratelimit.client_address(request)
    if not ratelimit.hit(f"booking-code:{address}", limit=CODE_LOOKUPS_PER_QUARTER, window=15 * 60):
        raise PermissionDenied
    code = clean_code(code)
    if not code:
        raise Http404
    return get_object_or_404(Booking.objects.select_related("session__space", "person"), code=code)


@login_not_required
def booking_find(request: HttpRequest) -> HttpResponse:
    """« I have a code »: opens the booking's page, to see or cancel it."""
    form = CodeForm(bound_data(request))
    if request.method == "POST" and form.is_valid():
        try:
            booking = _booking_by_code(request, form.cleaned_data["code"])
        except PermissionDenied:
            return ratelimit.too_many_requests(request)
        except Http404:
            form.add_error(
                "code",
                _(
                    "Ce code ne correspond à aucune réservation. Vérifiez les lettres et les chiffres."
                ),
            )
        else:
            return redirect(booking)
    return render(request, "workshops/booking_find.html", {"form": form})


@login_not_required
@never_cache
def booking_detail(request: HttpRequest, code: str) -> HttpResponse:
    try:
        booking = _booking_by_code(request, code)
    except PermissionDenied:
        return ratelimit.too_many_requests(request)
    can_change = booking.is_live and not booking.session.has_started()
    context = {
        "booking": booking,
        "session": booking.session,
        "can_cancel": can_change,
        "other_dates": services.other_dates(booking)[:6] if can_change else [],
        "can_answer": booking.status == Booking.Status.ATTENDED
        and not Satisfaction.objects.filter(booking=booking).exists(),
    }
    return render(request, "workshops/booking_detail.html", context)


@login_not_required
@never_cache
@require_POST
def booking_move(request: HttpRequest, code: str) -> HttpResponse:
    """Moves the booking to another date (``session`` in the POST), with the code as key."""
    try:
        booking = _booking_by_code(request, code)
    except PermissionDenied:
        return ratelimit.too_many_requests(request)
    session_id = typed_id(request.POST.get("session", ""))
    target = Session.objects.filter(pk=session_id).first() if session_id else None
    if target is None:
        messages.error(request, _("Choisissez une autre date de cet atelier."))
        return redirect(booking)
    try:
        moved = services.move_booking(booking, to=target)
    except ValidationError as error:
        messages.error(request, error.messages[0])
        return redirect(booking)
    messages.success(request, _("C'est changé. Voici votre nouveau code de réservation."))
    return redirect(moved)


@login_not_required
@never_cache
@require_POST
def booking_cancel(request: HttpRequest, code: str) -> HttpResponse:
    try:
        booking = _booking_by_code(request, code)
    except PermissionDenied:
        return ratelimit.too_many_requests(request)
    try:
        services.cancel_booking(booking)
    except ValidationError as error:
        messages.error(request, error.messages[0])
    else:
        messages.success(request, _("Votre réservation est annulée. Merci de nous avoir prévenus."))
    return redirect(booking)


def _satisfaction(request: HttpRequest, booking: Booking, *, done_url: str) -> HttpResponse:
    """The five smileys, on the person's phone or the space's tablet (one template)."""
    form = SatisfactionForm(bound_data(request))
    if request.method == "POST" and form.is_valid():
        try:
            services.record_satisfaction(booking, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Merci pour votre avis !"))
            return redirect(done_url)
    context = {
        "booking": booking,
        "session": booking.session,
        "form": form,
        "smileys": [
            (radio, Satisfaction.SMILEYS[int(radio.data["value"])]) for radio in form["score"]
        ],
        "action": request.path,
        "is_answered": Satisfaction.objects.filter(booking=booking).exists(),
    }
    return render(request, "workshops/satisfaction_create.html", context)


@login_not_required
@never_cache
def satisfaction_create(request: HttpRequest, code: str) -> HttpResponse:
    """After an attended session, on the person's own phone (the booking code is the key)."""
    try:
        booking = _booking_by_code(request, code)
    except PermissionDenied:
        return ratelimit.too_many_requests(request)
    return _satisfaction(request, booking, done_url=booking.get_absolute_url())


# Staff -------------------------------------------------------------------------------------


def require_space_staff(request: HttpRequest) -> None:
    if not is_space_staff(request.user):
        raise Http404


def staff_session(request: HttpRequest, pk: int, capability: Capability | None = None):
    """The session ``pk`` in the user's activity scope (else 404); with ``capability``, a user in
    scope who lacks it gets PermissionDenied."""
    require_space_staff(request)
    session = get_object_or_404(
        Session.objects.visible_to(request.user).select_related("space", "series"), pk=pk
    )
    if capability is not None and not can(request.user, capability, session.space):
        raise PermissionDenied
    return session


def session_list(request: HttpRequest) -> HttpResponse:
    require_space_staff(request)
    since = timezone.now() - datetime.timedelta(hours=12)
    sessions = (
        Session.objects.visible_to(request.user)
        .listed()
        .not_cancelled()
        .filter(starts_at__gte=since)
        .with_seats()
        .annotate(
            waiting_count=Count("bookings", filter=Q(bookings__status=Booking.Status.WAITLISTED))
        )
        .select_related("space")
        .order_by("starts_at", "pk")
    )
    page = Paginator(sessions, 40).get_page(request.GET.get("page"))
    context = {"page": page, "can_schedule": holds_anywhere(request.user, Capability.SCHEDULE)}
    return render(request, "workshops/session_list.html", context)


def session_create(request: HttpRequest) -> HttpResponse:
    require_space_staff(request)
    spaces = spaces_where(request.user, Capability.SCHEDULE)
    if not spaces.exists():
        raise PermissionDenied
    open_cohorts = Cohort.objects.filter(space__in=spaces, ends_on__gte=timezone.localdate())
    form = SessionForm(
        bound_data(request),
        spaces=spaces,
        cohorts=open_cohorts,
        initial=SessionForm.initial_from_guide(request.GET),
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        common = {
            "kind": data["kind"],
            "theme": data["theme"],
            "title": data["title"],
            "capacity": data["capacity"],
            "room": data["room"],
            "level": data["level"],
            "learning_modules": form.modules(),
            "cohort": data["cohort"],
            "appointment_minutes": data["appointment_minutes"],
            "guide": data["guide"],
        }
        try:
            with submissions.once(request) as submission:
                if form.rule():
                    services.schedule_series(
                        data["space"],
                        rule=form.rule(),
                        first_starts_at=form.starts_at(),
                        duration_minutes=data["duration_minutes"],
                        **common,
                    )
                else:
                    services.schedule_session(
                        data["space"],
                        starts_at=form.starts_at(),
                        ends_at=form.starts_at()
                        + datetime.timedelta(minutes=data["duration_minutes"]),
                        **common,
                    )
                submission.result_url = "/workshops/equipe/"
        except submissions.AlreadySubmitted:
            return redirect("workshops:session_list")
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("La séance est programmée."))
            return redirect("workshops:session_list")
    return render(request, "workshops/session_create.html", {"form": form})


def session_manage(request: HttpRequest, pk: int) -> HttpResponse:
    """The attendance sheet (a tablet at the door): first names and statuses, nothing more."""
    session = staff_session(request, pk)
    bookings = (
        session.bookings.active()
        .select_related("person")
        .annotate(has_answer=Exists(Satisfaction.objects.filter(booking=OuterRef("pk"))))
        .only("pk", "status", "channel", "attended_minutes", "session_id", "person__first_name")
        .order_by("status", "booked_at", "pk")
    )
    seated = [b for b in bookings if b.status in Booking.SEAT_TAKING]
    can_schedule = can(request.user, Capability.SCHEDULE, session.space)
    context = {
        "session": session,
        "seated": seated,
        "waiting": [b for b in bookings if b.status == Booking.Status.WAITLISTED],
        "can_take_attendance": can(request.user, Capability.TAKE_ATTENDANCE, session.space),
        "can_schedule": can_schedule,
        "is_started": session.has_started(),
        "statuses": Booking.Status,
        "helpers": [a.helper for a in session.assignments.select_related("helper")],
        "team": calendars.team_for(session) if can_schedule else [],
        "appointments": session.appointments.with_seats()
        .prefetch_related(_seated_first_names())
        .order_by("starts_at", "pk"),
        "guide_url": _guide_url(session.guide),
        "change_form": SessionChangeForm(
            initial={"room": session.room, "capacity": session.capacity}
        ),
    }
    return render(request, "workshops/session_manage.html", context)


def _guide_url(slug: str) -> str:
    """The facilitator guide's page, by its URL name (this app does not import learning)."""
    if not slug:
        return ""
    try:
        return reverse("learning:guide_detail", args=[slug])
    except NoReverseMatch:
        return ""


def _seated_first_names() -> Prefetch:
    """Each appointment's seat (``seated``: first name only), for the drop-in's sheet."""
    return Prefetch(
        "bookings",
        queryset=Booking.objects.filter(status__in=Booking.SEAT_TAKING)
        .select_related("person")
        .only("pk", "status", "session_id", "person__first_name"),
        to_attr="seated",
    )


@require_POST
def attendance_update(request: HttpRequest, pk: int) -> HttpResponse:
    """Saves the ticks of the sheet: ``presence-<booking id>`` is ``present`` or ``absent``."""
    session = staff_session(request, pk, Capability.TAKE_ATTENDANCE)
    saved, errors = 0, []
    for booking in session.bookings.filter(status__in=Booking.SEAT_TAKING):
        value = request.POST.get(f"presence-{booking.pk}")
        if value not in ("present", "absent"):
            continue
        try:
            services.record_attendance(booking, is_present=value == "present")
        except ValidationError as error:
            errors.append(error.messages[0])
        else:
            saved += 1
    if errors:
        messages.error(request, errors[0])
    elif saved:
        messages.success(request, _("L'appel est enregistré."))
    else:
        messages.warning(request, _("Cochez présent·e ou absent·e à côté d'un nom."))
    return redirect("workshops:session_manage", pk=session.pk)


def walk_in_create(request: HttpRequest, pk: int) -> HttpResponse:
    session = staff_session(request, pk, Capability.TAKE_ATTENDANCE)
    return walk_in_page(
        request,
        session,
        record=services.add_walk_in,
        back_to="workshops:session_manage",
        success=_("La personne est ajoutée, notée présente."),
        heading=_("Personne venue sans inscription"),
        submit=_("Ajouter, présent·e"),
    )


def walk_in_page(
    request: HttpRequest, session, *, record, back_to: str, success: str, heading: str, submit: str
) -> HttpResponse:
    """A person who arrives without a booking, found or recorded with their consent, then
    ``record(session, ...)``: the attendance sheet's walk-ins and the drop-in queue's arrivals."""
    form = WalkInForm(bound_data(request))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            with submissions.once(request):
                record(
                    session,
                    first_name=data["first_name"],
                    phone=data["phone"],
                    email=data["email"],
                    has_consent=data["has_consent"],
                    consent_channel=data["consent_channel"],
                    added_by=request.user,
                )
        except submissions.AlreadySubmitted:
            return redirect(back_to, pk=session.pk)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, success)
            return redirect(back_to, pk=session.pk)
    consent = ConsentText.current_for(session.organisation_id)
    context = {
        "session": session,
        "form": form,
        "consent_text": consent.text_in(get_language()) if consent else "",
        "action": request.path,
        "back_url": reverse(back_to, args=[session.pk]),
        "heading": heading,
        "submit": submit,
    }
    return render(request, "workshops/walk_in_create.html", context)


def satisfaction_tablet(request: HttpRequest, pk: int) -> HttpResponse:
    """The same question on the space's tablet, handed to the person after the session."""
    require_space_staff(request)
    booking = get_object_or_404(
        Booking.objects.visible_to(request.user).select_related("session__space"), pk=pk
    )
    if not can(request.user, Capability.TAKE_ATTENDANCE, booking.session.space):
        raise PermissionDenied
    done = reverse("workshops:session_manage", args=[booking.session_id])
    return _satisfaction(request, booking, done_url=done)


@require_POST
def session_change(request: HttpRequest, pk: int) -> HttpResponse:
    """Room and seats of a session to come; more seats go to the people waiting."""
    session = staff_session(request, pk, Capability.SCHEDULE)
    form = SessionChangeForm(request.POST)
    if not form.is_valid():
        messages.error(request, next(iter(form.errors.values()))[0])
        return redirect("workshops:session_manage", pk=session.pk)
    try:
        services.change_session(session, **form.cleaned_data)
    except ValidationError as error:
        messages.error(request, error.messages[0])
    else:
        messages.success(request, _("La séance est à jour."))
    return redirect("workshops:session_manage", pk=session.pk)


@require_POST
def session_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    session = staff_session(request, pk, Capability.SCHEDULE)
    try:
        services.cancel_session(session)
    except ValidationError as error:
        messages.error(request, error.messages[0])
    else:
        messages.success(
            request, _("La séance est annulée. Les personnes inscrites sont prévenues.")
        )
    return redirect("workshops:session_manage", pk=session.pk)


@require_POST
def series_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    require_space_staff(request)
    series = get_object_or_404(
        Series.objects.visible_to(request.user).select_related("space"), pk=pk
    )
    if not can(request.user, Capability.SCHEDULE, series.space):
        raise PermissionDenied
    try:
        services.cancel_series(series)
    except ValidationError as error:
        messages.error(request, error.messages[0])
    else:
        messages.success(request, _("Toutes les dates à venir de la série sont annulées."))
    return redirect("workshops:session_list")


def person_booking_create(request: HttpRequest, pk: int) -> HttpResponse:
    """Staff book a seat for a person, from the person's page."""
    person = fetch_person(
        request, pk, capability=Capability.TAKE_ATTENDANCE, journal_read=request.method == "GET"
    )
    now = timezone.now()
    sessions = (
        Session.objects.visible_to(request.user)
        .upcoming(now=now)
        .filter(starts_at__lt=now + BOOKING_HORIZON)
        .exclude(Exists(Session.objects.filter(parent=OuterRef("pk"))))
        .select_related("space")
        .order_by("starts_at", "pk")
    )
    form = PersonBookingForm(bound_data(request), sessions=sessions)
    if request.method == "POST" and form.is_valid():
        try:
            with submissions.once(request):
                booking = services.book_seat(
                    form.cleaned_data["session"],
                    person=person,
                    channel=Booking.Channel.STAFF,
                    booked_by=request.user,
                )
        except submissions.AlreadySubmitted:
            return redirect(person)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            if booking.status == Booking.Status.WAITLISTED:
                messages.warning(
                    request, _("La séance est complète : la personne est sur la liste d'attente.")
                )
            else:
                messages.success(request, _("La personne est inscrite."))
            return redirect(person)
    context = {"person": person, "form": form, "hours": services.hours_attended(person)}
    return render(request, "workshops/person_booking_create.html", context)
