"""Cohort pages (staff): the list, a new cohort, its follow-up, adding a person from their
page. Reads in activity scope, writes under the ``cohort`` capability."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from tremplin.core import submissions
from tremplin.people.access import fetch_person
from tremplin.spaces.capabilities import Capability
from tremplin.spaces.models import PartnerOrganisation
from tremplin.spaces.permissions import holds_anywhere, spaces_where
from tremplin.workshops import cohorts
from tremplin.workshops.forms import (
    CohortForm,
    PersonCohortForm,
)
from tremplin.workshops.models import (
    Cohort,
)
from tremplin.workshops.views import bound_data, require_space_staff


def cohort_list(request: HttpRequest) -> HttpResponse:
    require_space_staff(request)
    rows = (
        Cohort.objects.visible_to(request.user)
        .select_related("space", "partner")
        .annotate(member_count=Count("members", distinct=True))
    )
    context = {"cohorts": rows, "can_create": holds_anywhere(request.user, Capability.COHORT)}
    return render(request, "workshops/cohort_list.html", context)


def cohort_create(request: HttpRequest) -> HttpResponse:
    require_space_staff(request)
    spaces = spaces_where(request.user, Capability.COHORT)
    if not spaces.exists():
        raise PermissionDenied
    partners = PartnerOrganisation.objects.filter(organisation_id__in=spaces.values("organisation"))
    form = CohortForm(bound_data(request), spaces=spaces, partners=partners)
    if request.method == "POST" and form.is_valid():
        try:
            with submissions.once(request) as submission:
                cohort = cohorts.create_cohort(form.cleaned_data.pop("space"), **form.cleaned_data)
                submission.result_url = cohort.get_absolute_url()
        except submissions.AlreadySubmitted as done:
            return redirect(done.url or "workshops:cohort_list")
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("La cohorte est créée."))
            return redirect(cohort)
    return render(request, "workshops/cohort_create.html", {"form": form})


def cohort_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """The cohort's follow-up: hours done against those planned, per member, and who is at
    risk. Names are shown as on the attendance sheet: first name and initial."""
    require_space_staff(request)
    cohort = get_object_or_404(
        Cohort.objects.visible_to(request.user).select_related("space", "partner"), pk=pk
    )
    progress = cohorts.cohort_progress(cohort)
    context = {
        "cohort": cohort,
        "progress": progress,
        "at_risk": sum(row.is_at_risk for row in progress),
        "complete": sum(row.is_complete for row in progress),
        "sessions": cohort.sessions.not_cancelled().order_by("starts_at"),
    }
    return render(request, "workshops/cohort_detail.html", context)


def person_cohort_add(request: HttpRequest, pk: int) -> HttpResponse:
    """Adds a person to a cohort, from the person's page."""
    person = fetch_person(
        request, pk, capability=Capability.COHORT, journal_read=request.method == "GET"
    )
    open_cohorts = Cohort.objects.filter(
        space__in=spaces_where(request.user, Capability.COHORT),
        ends_on__gte=timezone.localdate(),
    ).order_by("starts_on")
    form = PersonCohortForm(bound_data(request), cohorts=open_cohorts)
    if request.method == "POST" and form.is_valid():
        try:
            with submissions.once(request):
                cohorts.add_cohort_member(
                    form.cleaned_data["cohort"], person=person, added_by=request.user
                )
        except submissions.AlreadySubmitted:
            return redirect(person)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("La personne fait partie de la cohorte."))
            return redirect(person)
    return render(request, "workshops/person_cohort_add.html", {"person": person, "form": form})
