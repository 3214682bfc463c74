"""Diagnostic pages.

Public (``@login_not_required``): the test can be taken alone, without an account; an
unfinished sitting is reached by its resume code (unknown codes are counted per address), a
result by its unguessable share token only. A sitting a helper started for a person answers
only to staff who may diagnose in its space. Staff pages (a person's diagnostics, one result in
detail) are login-required and answer 404 outside the user's scope.
"""

from urllib.parse import urlsplit

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import Resolver404, resolve, reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from tremplin.core import ratelimit
from tremplin.core.addresses import client_address
from tremplin.core.page_cache import shared_page
from tremplin.diagnostic import next_steps, results, services
from tremplin.diagnostic.forms import (
    MultipleAnswerForm,
    ResultEmailForm,
    ResumeForm,
    ScreeningForm,
    TextAnswerForm,
)
from tremplin.diagnostic.models import DiagnosticSession
from tremplin.people.access import fetch_person
from tremplin.people.models import Person
from tremplin.spaces.capabilities import Capability
from tremplin.spaces.models import Space
from tremplin.spaces.permissions import can


def _language() -> str:
    return (get_language() or "fr")[:2]


class TooManyGuesses(Exception):
    """This address typed too many unknown codes: nothing is looked up for it for a while."""


def _session_by_code(request: HttpRequest, code: str) -> DiagnosticSession:
    """The sitting this code opens for this visitor. An unknown code, an expired or finished
    sitting, and a helper's sitting opened by someone else all answer 404 alike, and count as
    a wrong guess from the address; raises TooManyGuesses once the address has too many."""
    address = client_address(request)
    if services.is_guessing_blocked(address):
        raise TooManyGuesses
    # The space is read only for a helper's sitting (``_may_answer``): most are taken alone.
    session = DiagnosticSession.objects.resumable().filter(resume_code=code.upper()).first()
    if session is None or not _may_answer(request, session):
        services.note_wrong_code(address)
        raise Http404
    return session


def _may_answer(request: HttpRequest, session: DiagnosticSession) -> bool:
    """Anyone holding the code may answer a test taken alone; a test a helper started for a
    person is answered on the helper's device, with staff who may diagnose in its space."""
    if session.person_id is None and session.helper_id is None:
        return True
    if session.helper_id is None and request.user.is_authenticated:
        # A learner's own test, attached to their record: they answer it on their account.
        return session.person.account_id == request.user.pk
    return session.space is not None and can(request.user, Capability.DIAGNOSE, session.space)


def _too_many_guesses(request: HttpRequest, code: str) -> HttpResponse:
    form = ResumeForm({"code": code})
    form.is_valid()
    form.add_error(
        None, _("Trop de codes inconnus depuis cet appareil. Réessayez dans 15 minutes.")
    )
    return render(request, "diagnostic/session_start.html", {"resume_form": form}, status=429)


def _place(request: HttpRequest) -> Space | None:
    """The place the test is taken from: ``?lieu=<space>`` (carried by the start form), else
    the directory page of a space the visitor came from."""
    pk = _place_id(request)
    if pk is None:
        return None
    return Space.objects.open_to_public().select_related("organisation").filter(pk=pk).first()


def _place_id(request: HttpRequest) -> str | None:
    value = request.POST.get("lieu") or request.GET.get("lieu") or ""
    if value.isascii() and value.isdigit() and len(value) <= 18:
        return value
    referrer = urlsplit(request.META.get("HTTP_REFERER", ""))
    if referrer.netloc != request.get_host():
        return None
    try:
        match = resolve(referrer.path)
    except Resolver404:
        return None
    return str(match.kwargs["pk"]) if match.view_name == "spaces:directory_space" else None


def _continue(session: DiagnosticSession) -> HttpResponse:
    if session.is_finished and session.helper_id and session.person_id:
        # A test a helper ran with a person ends on that person's page, among the staff pages.
        return redirect("people:person_detail", pk=session.person_id)
    if session.is_finished:
        return redirect("diagnostic:session_result", token=session.share_token)
    if session.state == DiagnosticSession.State.SCREENING:
        return redirect("diagnostic:session_screening", code=session.resume_code)
    return redirect("diagnostic:session_question", code=session.resume_code)


@login_not_required
@never_cache
@require_http_methods(["GET", "POST"])
@shared_page(when=lambda request: _place_id(request) is None)  # a place's page names it
def start(request: HttpRequest) -> HttpResponse:
    """Explains the test and starts a sitting (POST), or resumes one from its code. The sitting
    belongs to the organisation of the place it is started from (``services.public_organisation``)."""
    place = _place(request)
    if request.method == "POST":
        address = ratelimit.client_address(request)
        if not ratelimit.hit(
            f"diagnostic-start:{address}", settings.TREMPLIN_DIAGNOSTIC_STARTS_PER_HOUR, 3600
        ):
            return ratelimit.too_many_requests(request)
        learner = _learner_person(request)
        if learner is not None:  # a learner's own test goes on their record
            session = services.start_session(
                learner.organisation,
                language=_language(),
                person=learner,
                space=place if place and place.organisation_id == learner.organisation_id else None,
            )
            return _continue(session)
        organisation = services.public_organisation(place)
        if organisation is None:
            # Several networks share this server: the person says where they take the test.
            return _render_start(request, place, ask_place=True)
        session = services.start_session(organisation, language=_language(), space=place)
        return _continue(session)
    return _render_start(request, place)


def _learner_person(request: HttpRequest) -> Person | None:
    """The record of the logged-in learner (an account attached to a person), if any."""
    if not request.user.is_authenticated:
        return None
    return Person.objects.filter(account=request.user).select_related("organisation").first()


def _render_start(request: HttpRequest, place, *, ask_place: bool = False) -> HttpResponse:
    context = {"resume_form": ResumeForm(), "place": place}
    if ask_place:
        context["places"] = Space.objects.open_to_public().order_by("town", "name")
    return render(request, "diagnostic/session_start.html", context)


@login_not_required
@never_cache
@require_POST
def session_resume(request: HttpRequest) -> HttpResponse:
    form = ResumeForm(request.POST)
    if not form.is_valid():
        return render(request, "diagnostic/session_start.html", {"resume_form": form})
    try:
        session = _session_by_code(request, form.cleaned_data["code"])
    except TooManyGuesses:
        return _too_many_guesses(request, form.cleaned_data["code"])
    except Http404:
        form.add_error("code", _("Nous ne trouvons pas ce code. Vérifiez chaque lettre."))
        return render(request, "diagnostic/session_start.html", {"resume_form": form})
    return _continue(session)


@login_not_required
@never_cache
@require_http_methods(["GET", "POST"])
def session_screening(request: HttpRequest, code: str) -> HttpResponse:
    try:
        session = _session_by_code(request, code)
    except TooManyGuesses:
        return _too_many_guesses(request, code)
    if session.state != DiagnosticSession.State.SCREENING:
        return _continue(session)
    form = ScreeningForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.record_screening(session, **form.cleaned_data)
        return _continue(session)
    return render(request, "diagnostic/session_screening.html", {"session": session, "form": form})


@login_not_required
@never_cache
@require_http_methods(["GET", "POST"])
def session_question(request: HttpRequest, code: str) -> HttpResponse:
    """One question per screen; the answer is checked on the server, then the next one comes.
    The last answer leads to the result (its share link); the code never opens it again."""
    try:
        session = _session_by_code(request, code)
    except TooManyGuesses:
        return _too_many_guesses(request, code)
    if session.state != DiagnosticSession.State.IN_PROGRESS:
        return _continue(session)
    item, number = services.next_question(session)
    if item is None:  # the bank changed since the last answer, and the sitting is decided
        return _continue(services.finish_if_decided(session))
    text = item.text(_language())
    form = _answer_form(item, text, request.POST if request.method == "POST" else None)
    if request.method == "POST":
        answer = _submitted_answer(request, item, form)
        if answer is not None:
            try:
                session = services.record_answer(
                    session, item_id=request.POST.get("item_id", ""), answer=answer
                )
            except ValidationError as error:
                messages.warning(request, error.messages[0])
            return _continue(session)
    context = {
        "session": session,
        "item": item,
        "text": text,
        "form": form,
        "number": number,
        "option_error": request.method == "POST" and form is None,
    }
    return render(request, "diagnostic/session_question.html", context)


def _answer_form(item, text: dict, data) -> TextAnswerForm | MultipleAnswerForm | None:
    if item.type == "text":
        return TextAnswerForm(
            data,
            label=text.get("label") or _("Votre réponse"),
            placeholder=text.get("placeholder", ""),
        )
    if item.type == "multiple":
        choices = [(option["key"], option["text"]) for option in text["options"]]
        return MultipleAnswerForm(data, label=_("Cochez les bonnes réponses"), choices=choices)
    return None


def _submitted_answer(request: HttpRequest, item, form) -> list[str] | None:
    """The answer as a list of keys or the typed text; [] for « je ne sais pas »; None when the
    submission is unusable (the page is shown again with its message)."""
    if "dont_know" in request.POST:
        return []
    if form is None:
        key = request.POST.get("answer", "")
        keys = {option["key"] for option in item.text("fr")["options"]}
        return [key] if key in keys else None
    if not form.is_valid():
        return None
    value = form.cleaned_data["answer"]
    return [value] if isinstance(value, str) else list(value)


@login_not_required
@never_cache
def session_result(request: HttpRequest, token: str) -> HttpResponse:
    """The result anyone with the link may read: no name on it, printable, sendable."""
    session = get_object_or_404(
        DiagnosticSession.objects.select_related("previous", "person"),
        share_token=token,
        state=DiagnosticSession.State.FINISHED,
    )
    return _render_result(request, session, ResultEmailForm())


def _render_result(request, session, email_form, status=200) -> HttpResponse:
    share_url = request.build_absolute_uri(
        reverse("diagnostic:session_result", args=[session.share_token])
    )
    summary = results.summary(session)
    context = {
        "session": session,
        "summary": summary,
        "next": next_steps.next_steps(
            session,
            area_rows=summary["areas"],
            levels=results.measured_levels(session),
            language=_language(),
        ),
        "share_url": share_url,
        "email_form": email_form,
    }
    return render(request, "diagnostic/session_result.html", context, status=status)


@login_not_required
@never_cache
@require_POST
def session_result_email(request: HttpRequest, token: str) -> HttpResponse:
    session = get_object_or_404(
        DiagnosticSession.objects.select_related("previous"),
        share_token=token,
        state=DiagnosticSession.State.FINISHED,
    )
    form = ResultEmailForm(request.POST)
    if not form.is_valid():
        return _render_result(request, session, form, status=400)
    if not _may_send_result(request, session):
        return ratelimit.too_many_requests(request)
    url = request.build_absolute_uri(reverse("diagnostic:session_result", args=[token]))
    services.send_result_by_email(session, email=form.cleaned_data["email"], result_url=url)
    messages.success(request, _("C'est envoyé. Regardez dans votre boîte e-mail."))
    return redirect("diagnostic:session_result", token=token)


def _may_send_result(request: HttpRequest, session: DiagnosticSession) -> bool:
    """An address sends a few results an hour, and one result goes out a few times a day: the
    form e-mails any address, so it must not become a way to send mail in bulk."""
    address = ratelimit.client_address(request)
    return ratelimit.hit(
        f"result-email:{address}", settings.TREMPLIN_RESULT_EMAILS_PER_HOUR, 3600
    ) and ratelimit.hit(
        f"result-email-of:{session.pk}", settings.TREMPLIN_RESULT_EMAILS_PER_RESULT, 86400
    )


@require_http_methods(["GET", "POST"])
def person_diagnostics(request: HttpRequest, person_id: int) -> HttpResponse:
    """A person's diagnostics, with progress per area, and the button to start a new one."""
    person = fetch_person(request, person_id, journal_read=request.method == "GET")
    if request.method == "POST":
        if not can(request.user, Capability.DIAGNOSE, person.home_space):
            raise PermissionDenied
        session = services.start_session(
            person.organisation, language=_language(), person=person, helper=request.user
        )
        return _continue(session)
    sessions = person.diagnostic_sessions.finished().select_related("previous", "helper")
    latest = sessions.first()
    context = {
        "person": person,
        "sessions": sessions,
        "latest": latest,
        "latest_summary": results.summary(latest) if latest else None,
    }
    return render(request, "diagnostic/person_diagnostics.html", context)


def session_detail(request: HttpRequest, pk: int) -> HttpResponse:
    session = get_object_or_404(
        DiagnosticSession.objects.visible_to(request.user)
        .finished()
        .select_related("previous", "helper"),
        pk=pk,
    )
    session.person = fetch_person(request, session.person_id)
    context = {
        "session": session,
        "summary": results.summary(session),
        **results.answer_counts(session),
    }
    return render(request, "diagnostic/session_detail.html", context)
