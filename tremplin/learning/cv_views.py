"""The CV builder page: the form, and the PDF in the response (nothing stored)."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from tremplin.learning import cv
from tremplin.learning.views import learner_login_required


@learner_login_required
def cv_builder(request: HttpRequest) -> HttpResponse:
    form = cv.CVForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        response = HttpResponse(cv.cv_pdf(form.cleaned_data), content_type="application/pdf")
        response["Content-Disposition"] = (
            f'attachment; filename="{cv.file_name(form.cleaned_data)}"'
        )
        response["Cache-Control"] = "no-store"
        return response
    return render(request, "learning/cv_builder.html", {"form": form})
