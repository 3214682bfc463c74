"""Impact pages: the dashboards (coordinator, national team, funder: one page, scoped by role),
their exports and the funder report; the 3- and 6-month follow-ups (staff) and the person's
own answer form (public, behind a secret link)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tremplin.impact import metrics, services, summary
from tremplin.impact.charts import chart_data_url
from tremplin.impact.exports import FORMATS, export, export_book
from tremplin.impact.figures import publish
from tremplin.impact.forms import DashboardFilterForm, FollowUpAnswerForm, FollowUpForm
from tremplin.impact.models import FollowUp
from tremplin.impact.scope import Period, scope_for
from tremplin.people.access import fetch_person
from tremplin.simulators import services as simulator_services
from tremplin.spaces.capabilities import Capability
from tremplin.spaces.models import Organisation
from tremplin.spaces.permissions import can, holds_anywhere, is_space_staff, space_ids_where
from tremplin.workshops.models import Cohort


def _filtered(request: HttpRequest):
    """The user's scope with the filters of the query string (404 without any figures)."""
    scope = scope_for(request.user, period=Period.last_twelve_months())
    form = DashboardFilterForm(request.GET or None, scope=scope)
    return form, form.filtered_scope()


def dashboard(request: HttpRequest) -> HttpResponse:
    form, scope = _filtered(request)
    scope = summary.with_refresh(scope)
    tables = [publish(table) for table in metrics.dashboard_tables(scope)]
    context = {
        "form": form,
        "scope": scope,
        "organisation": Organisation.objects.get(pk=scope.organisation_id),
        "tables": [(table, chart_data_url(table)) for table in tables],
        "summary": summary.covers(scope),
        "query": request.GET.urlencode(),
        "formats": list(FORMATS),
    }
    return render(request, "impact/dashboard.html", context)


def table_export(request: HttpRequest, key: str, fmt: str) -> HttpResponse:
    """One table (or ``all`` of them, XLSX and ODS) of the dashboard, with the same filters."""
    if fmt not in FORMATS:
        raise Http404
    _form, scope = _filtered(request)
    tables = [publish(table) for table in metrics.dashboard_tables(scope)]
    if key == "all" and fmt != "csv":
        body = export_book(tables, fmt)
    else:
        table = next((table for table in tables if table.key == key), None)
        if table is None:
            raise Http404
        body = export(table, fmt)
    response = HttpResponse(body, content_type=FORMATS[fmt])
    name = f"impact-{key}-{scope.period.start:%Y%m%d}-{scope.period.end:%Y%m%d}.{fmt}"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


def report_pdf(request: HttpRequest) -> HttpResponse:
    from tremplin.impact.report import funder_report  # with fpdf2: loaded by the first report

    _form, scope = _filtered(request)
    tables = [publish(table) for table in metrics.dashboard_tables(scope)]
    cohort = Cohort.objects.filter(pk=scope.cohort_id).first() if scope.cohort_id else None
    body = funder_report(
        tables,
        scope=scope,
        organisation=Organisation.objects.get(pk=scope.organisation_id).name,
        programme=cohort.name if cohort else "",
    )
    response = HttpResponse(body, content_type="application/pdf")
    response["Content-Disposition"] = (
        f'attachment; filename="rapport-impact-{scope.period.start:%Y%m%d}.pdf"'
    )
    return response


# Follow-ups -------------------------------------------------------------------------------


def _require_follow_up(request: HttpRequest) -> None:
    if not is_space_staff(request.user):
        raise Http404
    if not holds_anywhere(request.user, Capability.FOLLOW_UP):
        raise PermissionDenied


def follow_up_list(request: HttpRequest) -> HttpResponse:
    _require_follow_up(request)
    due = FollowUp.objects.due().visible_to(request.user)
    if not request.user.is_administrator:
        due = due.filter(space_id__in=space_ids_where(request.user, Capability.FOLLOW_UP))
    due = due.select_related("person", "space", "cohort")[:200]
    return render(request, "impact/follow_up_list.html", {"follow_ups": due})


def _follow_up_for(request: HttpRequest, pk: int) -> FollowUp:
    """The follow-up in activity scope and its person in record scope (404), the read
    journaled; 403 without ``FOLLOW_UP`` at its space."""
    if not is_space_staff(request.user):
        raise Http404
    follow_up = get_object_or_404(
        FollowUp.objects.visible_to(request.user).select_related("space", "cohort"), pk=pk
    )
    if not can(request.user, Capability.FOLLOW_UP, follow_up.space):
        raise PermissionDenied
    follow_up.person = fetch_person(request, follow_up.person_id, active_only=True)
    return follow_up


def follow_up_record(request: HttpRequest, pk: int) -> HttpResponse:
    follow_up = _follow_up_for(request, pk)
    form = FollowUpForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.record_follow_up(
                follow_up, situation=form.cleaned_data["situation"], by=request.user
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("La situation est notée. Merci !"))
            return redirect("impact:follow_up_list")
    context = {"follow_up": follow_up, "form": form}
    return render(request, "impact/follow_up_record.html", context)


@require_POST
def follow_up_send(request: HttpRequest, pk: int) -> HttpResponse:
    follow_up = _follow_up_for(request, pk)
    try:
        channel = services.send_follow_up_link(follow_up, base_url=request.build_absolute_uri("/"))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        sent = _("par SMS") if channel == "sms" else _("par courriel")
        messages.success(request, _("Le lien est envoyé %(how)s.") % {"how": sent})
    return redirect("impact:follow_up_record", pk)


@login_not_required
def follow_up_answer(request: HttpRequest, token: str) -> HttpResponse:
    """The person's three-choice form, opened by the secret link of their SMS or e-mail; the
    link works once."""
    follow_up = services.follow_up_for_token(token)
    if follow_up is None:
        return render(request, "impact/follow_up_answer_gone.html", status=404)
    form = FollowUpAnswerForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.record_follow_up(follow_up, situation=form.cleaned_data["situation"])
        except ValidationError:
            return render(request, "impact/follow_up_answer_gone.html", status=404)
        return render(request, "impact/follow_up_answer_done.html")
    context = {"form": form, "follow_up": follow_up, "token": token}
    return render(request, "impact/follow_up_answer.html", context)


def cohort_simulators(request: HttpRequest, pk: int) -> HttpResponse:
    """Which simulators a cohort's members finished, and the steps they missed most often: a
    table of counts for the mediator who runs the cohort (no member is named)."""
    if not is_space_staff(request.user):
        raise Http404
    cohort = get_object_or_404(Cohort.objects.visible_to(request.user), pk=pk)
    member_ids = cohort.members.values_list("person_id", flat=True)
    context = {"cohort": cohort, "summaries": simulator_services.struggles(member_ids)}
    return render(request, "impact/cohort_simulators.html", context)
