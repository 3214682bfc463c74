"""Cohort referral (advisers): the template, the upload with its preview of every error by line,
and the all-or-nothing import. Between the preview and the import nothing is stored: the
checked lines travel in a signed, compressed hidden field that expires after an hour."""

from django.contrib import messages
from django.core import signing
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tremplin.core import submissions
from tremplin.partners import imports, services
from tremplin.partners.forms import CohortFileForm, cohort_from_data
from tremplin.partners.views import _consent, bound_data, require_adviser

PREVIEW_MAX_AGE = 3600


def _salt(request: HttpRequest) -> str:
    return f"partners.cohort-import.{request.user.pk}"


def import_template(request: HttpRequest, extension: str) -> HttpResponse:
    require_adviser(request)
    dataset = imports.template_dataset()
    if extension == "csv":
        content, kind = "\ufeff" + dataset.export("csv"), "text/csv; charset=utf-8"
    elif extension == "xlsx":
        content = dataset.export("xlsx")
        kind = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    else:
        raise Http404
    response = HttpResponse(content, content_type=kind)
    response["Content-Disposition"] = f'attachment; filename="modele-cohorte.{extension}"'
    return response


def import_create(request: HttpRequest) -> HttpResponse:
    """Upload and preview: the file is read and checked, nothing is stored. A file with errors
    lists every one with its line number; a valid one shows its lines and the button that
    imports them."""
    link = require_adviser(request)
    spaces = services.partner_spaces(link.partner)
    form = CohortFileForm(bound_data(request), request.FILES or None, spaces=spaces)
    context = {"form": form, **_consent(link.partner)}
    if request.method == "POST" and form.is_valid():
        try:
            lines = imports.read_file(form.cleaned_data["file"])
        except imports.FileRefused as refused:
            form.add_error("file", refused.message)
        else:
            errors = imports.check_lines(lines)
            context.update(lines=lines, errors=errors)
            if not errors:
                payload = {
                    "cohort": form.cohort_data(),
                    "lines": [line.as_data() for line in lines],
                }
                context["signed"] = signing.dumps(payload, salt=_salt(request), compress=True)
            return render(request, "partners/import_preview.html", context)
    return render(request, "partners/import_create.html", context)


@require_POST
def import_confirm(request: HttpRequest) -> HttpResponse:
    link = require_adviser(request)
    spaces = services.partner_spaces(link.partner)
    try:
        payload = signing.loads(
            request.POST.get("signed", ""), salt=_salt(request), max_age=PREVIEW_MAX_AGE
        )
        cohort = cohort_from_data(payload["cohort"], spaces)
        lines = [imports.Line.from_data(data) for data in payload["lines"]]
    except (signing.BadSignature, KeyError, TypeError, ValueError, spaces.model.DoesNotExist):
        messages.error(
            request, _("Cet aperçu a expiré ou a été modifié : envoyez le fichier à nouveau.")
        )
        return redirect("partners:import_create")
    try:
        with submissions.once(request) as submission:
            batch = imports.import_cohort(link.partner, adviser=request.user, lines=lines, **cohort)
            submission.result_url = "/partners/"
    except submissions.AlreadySubmitted:
        return redirect("partners:home")
    except ValidationError as error:
        messages.error(request, error.messages[0])
        return redirect("partners:import_create")
    messages.success(
        request,
        _("La cohorte « %(name)s » est créée : %(count)s personnes orientées.")
        % {"name": batch.cohort.name, "count": batch.line_count},
    )
    return redirect("partners:home")
