from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from tremplin.accounts.models import User
from tremplin.core import submissions
from tremplin.people import services, timeline
from tremplin.people.access import fetch_person
from tremplin.people.forms import (
    EraseForm,
    IntakeForm,
    JournalFilterForm,
    PersonForm,
    SearchForm,
    WithdrawConsentForm,
)
from tremplin.people.models import ConsentText, JournalEntry, Person
from tremplin.people.permissions import (
    can_edit_person,
    can_erase_person,
    can_export_person,
    can_read_journal,
    intake_spaces,
)
from tremplin.people.search import find_duplicates, search_people
from tremplin.spaces.capabilities import Capability
from tremplin.spaces.permissions import is_space_staff

PAGE_SIZE = 25


def _staff_only(request: HttpRequest) -> None:
    """People pages exist only for space staff and the national team; others get a 404."""
    if not is_space_staff(request.user):
        raise Http404


def person_list(request: HttpRequest) -> HttpResponse:
    _staff_only(request)
    form = SearchForm(request.GET or None)
    query = form.cleaned_data["q"] if form.is_valid() else ""
    if query:
        people = search_people(request.user, query)
    else:
        people = (
            Person.objects.visible_to(request.user)
            .active()
            .select_related("home_space")
            .order_by("-last_activity_at", "pk")
        )
    page = Paginator(people, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "form": form,
        "query": query,
        "page": page,
        "can_read_journal": can_read_journal(request.user),
    }
    return render(request, "people/person_list.html", context)


def person_create(request: HttpRequest) -> HttpResponse:
    _staff_only(request)
    spaces = list(intake_spaces(request.user))
    if not spaces:
        raise Http404
    consent_text = ConsentText.current_for(spaces[0].organisation)
    form = IntakeForm(
        request.POST if request.method == "POST" else None, spaces=intake_spaces(request.user)
    )
    duplicates = []
    if request.method == "POST" and (earlier := submissions.earlier_result(request)) is not None:
        return redirect(earlier or "people:person_list")  # a second click on « Créer »
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        duplicates = find_duplicates(
            request.user,
            first_name=data["first_name"],
            last_name=data["last_name"],
            birth_year=data["birth_year"],
            phone=data["phone"],
        )
        if not duplicates or data["is_new_person"]:
            try:
                with submissions.once(request) as submission:
                    person = services.record_intake(
                        form.save(commit=False),
                        recorded_by=request.user,
                        consent_text=consent_text,
                        consent_channel=data["consent_channel"],
                        has_consent=data["has_consent"],
                    )
                    submission.result_url = person.get_absolute_url()
            except submissions.AlreadySubmitted as done:
                return redirect(done.url or "people:person_list")
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("La fiche est créée."))
                return redirect(person)
        else:
            form = IntakeForm(
                request.POST, spaces=intake_spaces(request.user), show_duplicate_choice=True
            )
    context = {
        "form": form,
        "duplicates": duplicates,
        "consent_text": consent_text.text_in(get_language()) if consent_text else "",
        "consent_version": consent_text.version if consent_text else "",
    }
    return render(request, "people/person_create.html", context)


def person_detail(request: HttpRequest, pk: int) -> HttpResponse:
    person = fetch_person(request, pk)
    context = {
        "person": person,
        "entries": timeline.entries_for(person, request.user),
        "actions": [] if person.is_anonymised else timeline.actions_for(person, request.user),
        "can_edit": can_edit_person(request.user, person),
        "can_export": can_export_person(request.user, person),
        "can_erase": can_erase_person(request.user, person),
    }
    return render(request, "people/person_detail.html", context)


def person_update(request: HttpRequest, pk: int) -> HttpResponse:
    person = fetch_person(request, pk, journal_read=request.method == "GET")
    if not can_edit_person(request.user, person):
        raise PermissionDenied
    form = PersonForm(
        request.POST if request.method == "POST" else None,
        instance=person,
        spaces=intake_spaces(request.user),
    )
    if request.method == "POST" and form.is_valid():
        services.update_person(
            form.save(commit=False), changed_fields=form.changed_data, actor=request.user
        )
        messages.success(request, _("La fiche est à jour."))
        return redirect(person)
    return render(request, "people/person_update.html", {"person": person, "form": form})


def person_export(request: HttpRequest, pk: int) -> HttpResponse:
    # The export journals itself, with its format.
    person = fetch_person(request, pk, capability=Capability.EXPORT_PERSON, journal_read=False)
    data = services.export_person(person, actor=request.user)
    response = JsonResponse(data, json_dumps_params={"ensure_ascii": False, "indent": 2})
    response["Content-Disposition"] = f'attachment; filename="tremplin-personne-{person.pk}.json"'
    return response


def person_export_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    person = fetch_person(request, pk, capability=Capability.EXPORT_PERSON, journal_read=False)
    pdf = services.export_person_pdf(person, actor=request.user)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="tremplin-personne-{person.pk}.pdf"'
    return response


def person_erase(request: HttpRequest, pk: int) -> HttpResponse:
    person = fetch_person(request, pk)
    if not can_erase_person(request.user, person):
        raise PermissionDenied
    form = EraseForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            with submissions.once(request):
                services.erase_person(person, actor=request.user)
        except (submissions.AlreadySubmitted, ValidationError):
            return redirect(person)  # erased by an earlier click: the page says so
        messages.success(request, _("La fiche est effacée."))
        return redirect(person)
    return render(request, "people/person_erase.html", {"person": person, "form": form})


def consent_withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    person = fetch_person(request, pk)
    if not can_erase_person(request.user, person):
        raise PermissionDenied
    form = WithdrawConsentForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            with submissions.once(request):
                services.withdraw_consent(
                    person, recorded_by=request.user, channel=form.cleaned_data["channel"]
                )
        except (submissions.AlreadySubmitted, ValidationError):
            return redirect(person)  # withdrawn by an earlier click: the page says so
        messages.success(request, _("Le retrait du consentement est noté et la fiche effacée."))
        return redirect(person)
    return render(request, "people/consent_withdraw.html", {"person": person, "form": form})


def journal_list(request: HttpRequest) -> HttpResponse:
    if not can_read_journal(request.user):
        raise Http404
    visible = JournalEntry.objects.visible_to(request.user)
    actors = User.objects.filter(pk__in=visible.values("actor_id")).order_by(
        "last_name", "first_name", "pk"
    )
    # A bound form: "²" or 25 digits for a person are explained, never passed to int() or SQL.
    form = JournalFilterForm(request.GET or None, actors=[(user.pk, str(user)) for user in actors])
    form.is_valid()
    entries = form.filter(visible).select_related("actor", "person", "space")
    page = Paginator(entries.order_by("-at", "-pk"), 50).get_page(request.GET.get("page"))
    context = {"page": page, "form": form, "is_filtered": bool(request.GET.keys() - {"page"})}
    return render(request, "people/journal_list.html", context)
