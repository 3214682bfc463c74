"""Staff pages: the referrals received at one's spaces (activity scope), and one referral to
receive, move forward, close, or attach to an earlier record of the same person (the duplicate
check). Reads in activity scope; writes under the ``receive_referral`` capability."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tremplin.core import submissions
from tremplin.partners import services
from tremplin.partners.forms import AdvanceForm, AttachForm, CloseForm
from tremplin.partners.models import Referral, Status
from tremplin.people.models import Person
from tremplin.people.search import find_duplicates
from tremplin.spaces.capabilities import Capability
from tremplin.spaces.permissions import can, is_space_staff

PAGE_SIZE = 50


def _staff_referral(request: HttpRequest, pk: int, *, capability: Capability | None = None):
    """The referral ``pk`` received at one of the user's spaces (else 404); with
    ``capability``, a user in scope who lacks it gets PermissionDenied."""
    if not is_space_staff(request.user):
        raise Http404
    rows = Referral.objects.visible_to(request.user).select_related(
        "person__home_space", "space", "partner", "adviser"
    )
    referral = get_object_or_404(rows, pk=pk)
    if capability is not None and not can(request.user, capability, referral.space):
        raise PermissionDenied
    return referral


def received_list(request: HttpRequest) -> HttpResponse:
    if not is_space_staff(request.user):
        raise Http404
    referrals = Referral.objects.visible_to(request.user)
    services.sync_referrals(referrals)
    wanted = request.GET.get("statut", "")
    if wanted in Status.values:
        referrals = referrals.filter(status=wanted)
    rows = referrals.select_related("person", "space", "partner")
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {"page": page, "statuses": Status.choices, "wanted": wanted}
    return render(request, "partners/received_list.html", context)


def _duplicates(request: HttpRequest, referral: Referral) -> list[Person]:
    if not referral.made_person or not referral.is_open:
        return []
    person = referral.person
    found = find_duplicates(
        request.user,
        first_name=person.first_name,
        last_name=person.last_name,
        birth_year=person.birth_year,
        phone=person.phone,
    )
    return [candidate for candidate in found if candidate.pk != person.pk]


def _manage(request: HttpRequest, referral: Referral, **forms) -> HttpResponse:
    duplicates = _duplicates(request, referral)
    may_act = can(request.user, Capability.RECEIVE_REFERRAL, referral.space)
    context = {
        "referral": referral,
        "events": referral.events.select_related("by"),
        "duplicates": duplicates,
        "may_act": may_act,
        "advance_form": forms.get("advance") or AdvanceForm(steps=referral.next_steps()),
        "close_form": forms.get("close") or CloseForm(),
        "attach_form": forms.get("attach") or AttachForm(people=duplicates),
        "can_receive": referral.status == Status.SENT,
    }
    status = 400 if forms else 200
    return render(request, "partners/referral_manage.html", context, status=status)


def referral_manage(request: HttpRequest, pk: int) -> HttpResponse:
    referral = _staff_referral(request, pk)
    if services.sync_referrals(Referral.objects.filter(pk=pk)):
        referral.refresh_from_db()
    return _manage(request, referral)


def _moved(request: HttpRequest, referral: Referral, **move) -> HttpResponse | None:
    """Runs ``move_referral``; a redirect after success, None (with the form's error) else."""
    try:
        with submissions.once(request):
            services.move_referral(referral, by=request.user, **move)
    except submissions.AlreadySubmitted:
        return redirect(referral.get_manage_url())
    except ValidationError as error:
        messages.error(request, error.messages[0])
        return redirect(referral.get_manage_url())
    messages.success(
        request,
        _("L'orientation est à l'étape « %(status)s ».")
        % {"status": referral.get_status_display()},
    )
    return redirect(referral.get_manage_url())


@require_POST
def referral_receive(request: HttpRequest, pk: int) -> HttpResponse:
    referral = _staff_referral(request, pk, capability=Capability.RECEIVE_REFERRAL)
    return _moved(request, referral, to=Status.RECEIVED)


@require_POST
def referral_advance(request: HttpRequest, pk: int) -> HttpResponse:
    referral = _staff_referral(request, pk, capability=Capability.RECEIVE_REFERRAL)
    form = AdvanceForm(request.POST, steps=referral.next_steps())
    if not form.is_valid():
        return _manage(request, referral, advance=form)
    return _moved(request, referral, to=form.cleaned_data["status"])


@require_POST
def referral_close(request: HttpRequest, pk: int) -> HttpResponse:
    referral = _staff_referral(request, pk, capability=Capability.RECEIVE_REFERRAL)
    form = CloseForm(request.POST)
    if not form.is_valid():
        return _manage(request, referral, close=form)
    return _moved(
        request, referral, to=Status.CLOSED, closed_reason=form.cleaned_data["closed_reason"]
    )


@require_POST
def referral_attach(request: HttpRequest, pk: int) -> HttpResponse:
    """The duplicate check: the referral is about an earlier record of the same person, in the
    user's record scope."""
    referral = _staff_referral(request, pk, capability=Capability.RECEIVE_REFERRAL)
    form = AttachForm(request.POST, people=_duplicates(request, referral))
    if not form.is_valid():
        return _manage(request, referral, attach=form)
    person = get_object_or_404(
        Person.objects.visible_to(request.user), pk=form.cleaned_data["person"]
    )
    try:
        with submissions.once(request):
            services.attach_to_person(referral, person=person, by=request.user)
    except submissions.AlreadySubmitted:
        return redirect(referral.get_manage_url())
    except ValidationError as error:
        form.add_error(None, error)
        return _manage(request, referral, attach=form)
    messages.success(request, _("L'orientation est rattachée à la fiche existante."))
    return redirect(referral.get_manage_url())
