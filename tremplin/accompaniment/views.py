from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from tremplin.accompaniment import documents, services
from tremplin.accompaniment.forms import (
    AccompanimentForm,
    GoalForm,
    MandateForm,
    StepForm,
    StepStatusForm,
)
from tremplin.accompaniment.models import Accompaniment, Mandate, SupportGoal, SupportStep
from tremplin.accompaniment.permissions import (
    can_accompany,
    can_plan_support,
    can_record_mandate,
)
from tremplin.core import submissions
from tremplin.people.access import fetch_person
from tremplin.people.models import Person
from tremplin.people.services import record_read
from tremplin.spaces.permissions import is_space_staff


def _staff_only(request: HttpRequest) -> None:
    if not is_space_staff(request.user):
        raise Http404


def _writable_person(request: HttpRequest, pk: int) -> Person:
    person = fetch_person(request, pk, journal_read=request.method == "GET")
    if not can_accompany(request.user, person):
        raise PermissionDenied
    return person


def _bound(request: HttpRequest):
    return request.POST if request.method == "POST" else None


def accompaniment_list(request: HttpRequest) -> HttpResponse:
    _staff_only(request)
    rows = (
        Accompaniment.objects.visible_to(request.user)
        .select_related("person", "helper", "space")
        .order_by("-happened_on", "-pk")
    )
    page = Paginator(rows, 30).get_page(request.GET.get("page"))
    return render(request, "accompaniment/accompaniment_list.html", {"page": page})


def accompaniment_create(request: HttpRequest, pk: int) -> HttpResponse:
    person = _writable_person(request, pk)
    form = AccompanimentForm(_bound(request))
    if request.method == "POST" and form.is_valid():
        try:
            with submissions.once(request) as submission:
                services.log_accompaniment(
                    person, helper=request.user, space=person.home_space, **form.cleaned_data
                )
                submission.result_url = person.get_absolute_url()
        except submissions.AlreadySubmitted:
            return redirect(person)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("L'aide est notée."))
            return redirect(person)
    return render(
        request, "accompaniment/accompaniment_create.html", {"person": person, "form": form}
    )


def mandate_list(request: HttpRequest, pk: int) -> HttpResponse:
    person = fetch_person(request, pk, journal_read=request.method == "GET")
    form = MandateForm(_bound(request))
    if request.method == "POST":
        if not can_record_mandate(request.user, person):
            raise PermissionDenied
        if form.is_valid():
            try:
                with submissions.once(request):
                    services.grant_mandate(
                        person,
                        recorded_by=request.user,
                        space=person.home_space,
                        **form.cleaned_data,
                    )
            except submissions.AlreadySubmitted:
                return redirect("accompaniment:mandate_list", pk=person.pk)
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("Le mandat est enregistré."))
                return redirect("accompaniment:mandate_list", pk=person.pk)
    mandates = person.mandates.select_related("recorded_by", "revoked_by")
    context = {
        "person": person,
        "form": form,
        "mandates": mandates,
        "can_record": can_record_mandate(request.user, person),
    }
    return render(request, "accompaniment/mandate_list.html", context)


@require_http_methods(["GET", "POST"])
def mandate_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    """GET asks « Révoquer ce mandat ? » with what it covers; POST revokes it."""
    _staff_only(request)
    mandate = get_object_or_404(
        Mandate.objects.visible_to(request.user).select_related("person__home_space"), pk=pk
    )
    if not can_record_mandate(request.user, mandate.person):
        raise PermissionDenied
    if request.method == "GET":
        record_read(mandate.person, actor=request.user)
        context = {"mandate": mandate, "person": mandate.person}
        return render(request, "accompaniment/mandate_revoke.html", context)
    try:
        services.revoke_mandate(mandate, revoked_by=request.user)
    except ValidationError as error:
        messages.error(request, error.messages[0])
    else:
        messages.success(request, _("Le mandat est révoqué."))
    return redirect("accompaniment:mandate_list", pk=mandate.person_id)


@require_GET
@never_cache
def mandate_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    """The mandate to print and sign, for every staff member who may see it."""
    _staff_only(request)
    mandate = get_object_or_404(
        Mandate.objects.visible_to(request.user).select_related(
            "person__organisation", "space", "recorded_by"
        ),
        pk=pk,
    )
    pdf = documents.mandate_pdf(mandate, actor=request.user)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="mandat-{mandate.pk}.pdf"'
    return response


def plan_detail(request: HttpRequest, pk: int) -> HttpResponse:
    person = fetch_person(request, pk, journal_read=request.method == "GET")
    goal_form = GoalForm(_bound(request))
    if request.method == "POST":
        if not can_plan_support(request.user, person):
            raise PermissionDenied
        if goal_form.is_valid():
            try:
                with submissions.once(request):
                    services.add_goal(person, created_by=request.user, **goal_form.cleaned_data)
            except submissions.AlreadySubmitted:
                return redirect("accompaniment:plan_detail", pk=person.pk)
            messages.success(request, _("L'objectif est ajouté."))
            return redirect("accompaniment:plan_detail", pk=person.pk)
    goals = [
        {
            "goal": goal,
            "steps": list(goal.steps.all()),
            "step_form": StepForm(prefix=f"goal-{goal.pk}"),
        }
        for goal in person.support_goals.prefetch_related("steps")
    ]
    context = {
        "person": person,
        "goal_form": goal_form,
        "goals": goals,
        "step_statuses": SupportStep.Status.choices,
        "can_plan": can_plan_support(request.user, person),
    }
    return render(request, "accompaniment/plan_detail.html", context)


@require_POST
def step_create(request: HttpRequest, pk: int) -> HttpResponse:
    _staff_only(request)
    goal = get_object_or_404(
        SupportGoal.objects.visible_to(request.user).select_related("person__home_space"), pk=pk
    )
    if not can_plan_support(request.user, goal.person):
        raise PermissionDenied
    form = StepForm(request.POST, prefix=f"goal-{goal.pk}")
    if form.is_valid():
        try:
            with submissions.once(request):
                services.add_step(goal, **form.cleaned_data)
        except submissions.AlreadySubmitted:
            pass  # added by an earlier click
        else:
            messages.success(request, _("L'étape est ajoutée."))
    else:
        messages.error(request, _("Écrivez l'étape avant de l'ajouter."))
    return redirect("accompaniment:plan_detail", pk=goal.person_id)


@require_POST
def step_update(request: HttpRequest, pk: int) -> HttpResponse:
    _staff_only(request)
    step = get_object_or_404(
        SupportStep.objects.visible_to(request.user).select_related("person__home_space"), pk=pk
    )
    if not can_plan_support(request.user, step.person):
        raise PermissionDenied
    form = StepStatusForm(request.POST)
    if form.is_valid():
        services.set_step_status(step, status=form.cleaned_data["status"])
        messages.success(request, _("L'étape est à jour."))
    return redirect("accompaniment:plan_detail", pk=step.person_id)
