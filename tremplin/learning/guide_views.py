"""Staff pages of the facilitator guides: the list, one printable sheet, its PDF.

Guides are content (``guides.py``), the same for every organisation: any member of a space's
team (and the national team) reads them; learners, partners and funders get a 404, as on the
other staff pages. « Programmer cet atelier » opens the workshops app's form with the guide in
the query string (``guides.workshop_prefill``), shown to those who may schedule a session.
"""

from urllib.parse import urlencode

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import NoReverseMatch, reverse
from django.utils.translation import get_language

from tremplin.learning import content, guides, timing
from tremplin.spaces.capabilities import Capability
from tremplin.spaces.permissions import holds_anywhere, is_space_staff


def _lang() -> str:
    return (get_language() or "fr")[:2]


def _sheet(request: HttpRequest, slug: str) -> guides.Guide:
    if not is_space_staff(request.user):
        raise Http404
    sheet = guides.guide(slug, _lang())
    if sheet is None:
        raise Http404
    return sheet


def _module_titles(lang: str) -> dict[str, str]:
    return {slug: module.title for slug, module in content.catalogue(lang).modules.items()}


def _schedule_url(sheet: guides.Guide) -> str | None:
    try:
        base = reverse("workshops:session_create")
    except NoReverseMatch:
        return None
    return f"{base}?{urlencode(guides.workshop_prefill(sheet))}"


def guide_list(request: HttpRequest) -> HttpResponse:
    if not is_space_staff(request.user):
        raise Http404
    lang = _lang()
    course = guides.course(lang)
    pathway = content.catalogue(lang).pathways.get(course["pathway"])
    context = {
        "guides": guides.guides(lang),
        "pathway": pathway,
        **{
            name: timing.duration(course[f"{name}_minutes"])
            for name in ("online", "workshop", "total", "planned")
        },
    }
    return render(request, "learning/guide_list.html", context)


def guide_detail(request: HttpRequest, slug: str) -> HttpResponse:
    sheet = _sheet(request, slug)
    titles = _module_titles(_lang())
    context = {
        "guide": sheet,
        "modules": [{"slug": m, "title": titles.get(m, m)} for m in sheet.modules],
        "simulators": [
            {"title": guides.simulator_labels().get(s, s), "url": guides.simulator_url(s)}
            for s in sheet.simulators
        ],
        "material": [
            {"label": guides.material_labels()[m.key], "items": m.items} for m in sheet.material
        ],
        "schedule_url": _schedule_url(sheet)
        if holds_anywhere(request.user, Capability.SCHEDULE)
        else None,
    }
    return render(request, "learning/guide_detail.html", context)


def guide_pdf(request: HttpRequest, slug: str) -> HttpResponse:
    sheet = _sheet(request, slug)
    lang = _lang()
    response = HttpResponse(
        guides.guide_pdf(sheet, _module_titles(lang), lang), content_type="application/pdf"
    )
    response["Content-Disposition"] = f'inline; filename="atelier-{sheet.number:02d}-{slug}.pdf"'
    return response
