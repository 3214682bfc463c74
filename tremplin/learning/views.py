"""Learning pages. Learner pages work without JavaScript; ``exercise.js`` only saves a reload.

Public views (allowlisted for the ``learning`` namespace in the consistency test): the code login
and the card login (learners have no password), the certificate check (an employer checks a
certificate without an account), and the module pictures (content, no personal data).
"""

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_not_required, login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.cache import cache_control, never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_GET, require_POST

from tremplin.core.addresses import client_address
from tremplin.core.page_cache import shared_page
from tremplin.learning import content, documents, guest, next_workshops, services
from tremplin.learning.exercises import learner_seed, shuffled
from tremplin.learning.forms import CertificateCodeForm, CodeLoginForm, ExerciseForm
from tremplin.learning.models import Certificate, LearnerProfile, LoginCard
from tremplin.learning.recommendation import recommend
from tremplin.people import services as people_services
from tremplin.people.access import fetch_person
from tremplin.people.models import JournalEntry, Person
from tremplin.spaces.capabilities import Capability
from tremplin.spaces.permissions import can

MODEL_BACKEND = "django.contrib.auth.backends.ModelBackend"
FRAGMENT_HEADER = "X-Tremplin-Fragment"
# Someone who is not logged in reaches learning pages as a learner would: the code login page
# (which links to the staff login).
learner_login_required = login_required(login_url="learning:code_login")


def _catalogue() -> content.Catalogue:
    return content.catalogue(get_language() or "fr")


def _person_of(user) -> Person | None:
    """The learner's person, with what the learning pages read of it (recommendations and
    workshops near their space): a whole person and space cost more to build than to fetch."""
    return (
        Person.objects.filter(account=user)
        .select_related("home_space")
        .only("is_job_seeker", "home_space__postcode")
        .first()
    )


# ---------------------------------------------------------------------------------------------
# Learner pages


@learner_login_required
def home(request: HttpRequest) -> HttpResponse:
    catalogue = _catalogue()
    user = request.user
    is_learner = user.kind == user.Kind.LEARNER
    person = _person_of(user) if is_learner else None
    advice = recommend(person, catalogue) if is_learner else None
    pathways = [
        p for p in catalogue.pathways.values() if not is_learner or p.audience == "learners"
    ]
    pathways.sort(key=lambda p: (advice is None or p != advice.pathway, p.audience != "helpers"))
    # One reading of the learner's progress for every pathway shown (modules are shared).
    progress = services.AccountProgress(user)
    next_page = progress.continue_point(catalogue)
    modules = list({m.slug: m for p in pathways for m in p.modules}.values())
    state_of = {state.module.slug: state for state in progress.module_states(modules)}
    cards = []
    for pathway in pathways:
        states = [state_of[module.slug] for module in pathway.modules]
        cards.append(
            {
                "pathway": pathway,
                "done": sum(state.is_completed for state in states),
                "total": len(states),
                "is_recommended": advice is not None and pathway == advice.pathway,
            }
        )
    context = {
        "next_page": next_page,
        "next_module": catalogue.modules[next_page.module_slug] if next_page else None,
        "cards": cards,
        "certificates": Certificate.objects.filter(user=user),
        "workshops": next_workshops.workshops_for(person, modules=_topics(cards)),
    }
    return render(request, "learning/home.html", context)


def _topics(cards: list[dict]) -> list:
    """The learner's topics: the modules of the pathway advised to them and of those begun."""
    return [
        module
        for card in cards
        if card["is_recommended"] or card["done"]
        for module in card["pathway"].modules
    ]


@learner_login_required
def pathway_detail(request: HttpRequest, slug: str) -> HttpResponse:
    catalogue = _catalogue()
    pathway = catalogue.pathways.get(slug) or _not_found()
    progress = services.AccountProgress(request.user)
    if request.method == "POST":
        services.enrol(request.user, pathway)
        states = progress.module_states(pathway.modules)
        module = next((s.module for s in states if not s.is_completed), pathway.modules[0])
        page = progress.first_page_to_do(module)
        return redirect("learning:page_detail", module.slug, page.stem)
    advice = recommend(_person_of(request.user), catalogue, audience=pathway.audience)
    states = progress.module_states(pathway.modules, mastered=advice.mastered)
    context = {
        "pathway": pathway,
        "states": states,
        "has_started": any(state.done for state in states),
        "certificate": Certificate.objects.filter(
            user=request.user, pathway_slug=pathway.slug
        ).first(),
    }
    return render(request, "learning/pathway_detail.html", context)


@login_not_required
def module_detail(request: HttpRequest, slug: str) -> HttpResponse:
    """A module's pages. Open without an account: a visitor's progress stays in their session
    (``guest.py``) until they log in."""
    catalogue = _catalogue()
    module = catalogue.modules.get(slug) or _not_found()
    progress = guest.tracker(request)
    done = progress.done_stems(module)
    state = progress.module_states([module])[0]
    pathway_slugs = [p.slug for p in catalogue.pathways_with(slug)]
    completed = progress.completed_module_slugs(catalogue) if state.is_completed else set()
    following = [
        m for p in catalogue.pathways_with(slug) for m in p.modules if m.slug not in completed
    ]
    context = {
        "module": module,
        "state": state,
        "following_module": following[0] if following else None,
        "pages": [{"page": page, "is_done": page.stem in done} for page in module.pages],
        "next_page": progress.first_page_to_do(module),
        "certificates": Certificate.objects.none()
        if progress.is_guest
        else Certificate.objects.filter(user=request.user, pathway_slug__in=pathway_slugs),
        "is_guest": progress.is_guest,
    }
    return render(request, "learning/module_detail.html", context)


@login_not_required
def page_detail(request: HttpRequest, slug: str, stem: str) -> HttpResponse:
    """A lesson or an exercise, with or without an account (see ``module_detail``)."""
    catalogue = _catalogue()
    progress = guest.tracker(request)
    module = catalogue.modules.get(slug) or _not_found()
    page = module.page(stem) or _not_found()
    next_page = module.page_after(page)
    next_url = (
        reverse("learning:page_detail", args=[slug, next_page.stem])
        if next_page
        else reverse("learning:module_detail", args=[slug])
    )
    if not page.is_exercise:
        if request.method == "POST":
            outcome = progress.record_page(page, catalogue=catalogue)
            _announce(request, outcome, module)
            return redirect(next_url)
        return render(request, "learning/page_detail.html", page_context(page, module, next_url))
    is_done = progress.is_page_done(page) and "again" not in request.GET
    seed = learner_seed(request)
    form = ExerciseForm(request.POST or None, page=page, seed=seed)
    feedback = None
    if request.method == "POST" and form.is_valid():
        outcome = progress.record_page(page, catalogue=catalogue, is_right=form.is_right)
        if form.is_right and not request.headers.get(FRAGMENT_HEADER):
            _announce(request, outcome, module)
            return redirect(request.path)
        is_done = form.is_right
        feedback = "right" if form.is_right else "wrong"
    elif is_done:
        feedback = "right"
    context = page_context(
        page, module, next_url, form=form, feedback=feedback, is_done=is_done, seed=seed
    )
    template = "learning/page_detail.html"
    if request.headers.get(FRAGMENT_HEADER):
        template += "#exercise"
    return render(request, template, context)


def page_context(
    page, module, next_url: str, *, form=None, feedback=None, is_done=False, seed: str = ""
) -> dict:
    """What the page template shows; also used by ``check_content`` to weigh each page.

    A wrong answer opens on « Presque » only when part of it is right (``form.grade``), and
    lists what is wrong and why."""
    grade = getattr(form, "grade", None) if feedback == "wrong" else None
    fill_sentence = ""
    if page.type == "fill":
        parts = page.text_parts
        if len(parts) == 2:
            fill_sentence = f"{parts[0]}…{parts[1]}"
        else:
            fill_sentence = parts[0] + "".join(
                f"[{number}]{part}" for number, part in enumerate(parts[1:], start=1)
            )
    return {
        "page": page,
        "module": module,
        "page_count": len(module.pages),
        "next_url": next_url,
        "form": form
        if form is not None
        else (ExerciseForm(page=page, seed=seed) if page.is_exercise else None),
        "feedback": feedback,
        "is_partial": bool(grade and grade.is_partial),
        "feedback_notes": grade.notes if grade else (),
        "feedback_text": page.feedback_right if feedback == "right" else page.feedback_wrong,
        "is_done": is_done,
        "fill_sentence": fill_sentence,
        "order_items": shuffled(page, page.items, seed=seed) if page.type == "order" else [],
        "question_in_legend": page.type in {"single", "multiple"},
        "picture_url": reverse("learning:picture", args=[module.slug, page.illustration])
        if page.illustration
        else "",
    }


def _announce(request: HttpRequest, outcome: services.Outcome, module) -> None:
    if outcome.module_completed:
        messages.success(
            request, _("Bravo ! Vous avez fini le module « %(title)s ».") % {"title": module.title}
        )
    for certificate in outcome.certificates:
        messages.success(
            request,
            _("Vous avez fini le parcours « %(title)s ». Votre attestation est prête.")
            % {"title": certificate.pathway_title},
        )


def _not_found():
    raise Http404


@login_not_required
@require_GET
@cache_control(max_age=86400, public=True)
def picture(request: HttpRequest, slug: str, name: str) -> FileResponse:
    path = content.picture_path(slug, name)
    if path is None or not path.is_file():
        raise Http404
    response = FileResponse(path.open("rb"), content_type="image/svg+xml")
    response["Content-Security-Policy"] = "default-src 'none'"
    return response


@learner_login_required
def certificate_pdf(request: HttpRequest, code: str) -> HttpResponse:
    certificate = get_object_or_404(Certificate.objects.visible_to(request.user), code=code)
    verify_url = request.build_absolute_uri(
        reverse("learning:certificate_verify") + f"?code={certificate.code}"
    )
    response = HttpResponse(
        documents.certificate_pdf(certificate, verify_url=verify_url),
        content_type="application/pdf",
    )
    response["Content-Disposition"] = f'inline; filename="attestation-{certificate.code}.pdf"'
    return response


@login_not_required
@never_cache  # shows the holder's name
@require_GET
@shared_page(when=lambda request: not request.GET)  # only the empty form: no holder's name
def certificate_verify(request: HttpRequest) -> HttpResponse:
    """Anyone (an employer, a training body) checks a certificate by its code."""
    form = CertificateCodeForm(request.GET or None)
    certificate, checked = None, False
    if form.is_valid():
        checked = True
        certificate = services.find_certificate(form.cleaned_data["code"])
    context = {"form": form, "certificate": certificate, "checked": checked}
    return render(request, "learning/certificate_verify.html", context)


@login_not_required
@never_cache
@sensitive_post_parameters("code")
@shared_page()
def code_login(request: HttpRequest) -> HttpResponse:
    """Learners log in with their username and 6-digit code (no email, no password)."""
    if request.user.is_authenticated:
        return redirect("learning:home")
    form = CodeLoginForm(request.POST or None)
    address = client_address(request)
    if request.method == "POST" and form.is_valid():
        username = form.cleaned_data["username"]
        try:
            if services.is_address_blocked(address):
                raise services.locked_error()
            user = services.log_in_with_code(username, form.cleaned_data["code"])
        except ValidationError as error:
            services.note_failure_from(address, username=username)
            form.add_error(None, error)
        else:
            _log_in(request, user)
            return redirect(_safe_next(request) or "learning:home")
    return render(request, "learning/code_login.html", {"form": form})


def _log_in(request: HttpRequest, user) -> None:
    """Logs the learner in; what they did on this device before, without an account, goes to
    their account (``guest.py``)."""
    login(request, user, backend=MODEL_BACKEND)
    if guest.attach_to_account(request.session, user, catalogue=_catalogue()):
        messages.success(request, _("Ce que vous avez fait avant de vous connecter est gardé."))


def _safe_next(request: HttpRequest) -> str | None:
    target = request.GET.get("next", "")
    if target and url_has_allowed_host_and_scheme(
        target, {request.get_host()}, request.is_secure()
    ):
        return target
    return None


@login_not_required
@never_cache
def card_login(request: HttpRequest, token: str) -> HttpResponse:
    """The QR code of the card opens this page; the learner touches « Entrer » (a POST, so that
    link previews and prefetching never log anyone in)."""
    card = services.card_for_token(token)
    if request.method == "POST" and card is not None:
        try:
            user = services.log_in_with_card(token)
        except ValidationError:
            card = None
        else:
            _log_in(request, user)
            return redirect("learning:home")
    status = 200 if card else 404
    return render(request, "learning/card_login.html", {"card": card}, status=status)


# ---------------------------------------------------------------------------------------------
# Helper pages: the learning of a person of their spaces


def person_learning(request: HttpRequest, pk: int) -> HttpResponse:
    return _learning_page(request, fetch_person(request, pk, active_only=True))


def _learning_page(request: HttpRequest, person: Person, *, new_code: str = "") -> HttpResponse:
    """The person's learning page; ``new_code`` is shown once, in this response only."""
    profile = _profile_of(person)
    catalogue = _catalogue()
    context = {
        "person": person,
        "profile": profile,
        "can_act": can(request.user, Capability.LEARNER_ACCOUNT, person.home_space),
        "card": LoginCard.objects.filter(profile=profile, revoked_at__isnull=True).first()
        if profile
        else None,
    }
    if profile:
        modules = list(catalogue.modules.values())
        context["states"] = [
            s for s in services.module_states(profile.user, modules) if s.done or s.is_completed
        ]
        context["certificates"] = Certificate.objects.filter(user=profile.user)
        context["lock"] = services.lock_of(profile)
        context["new_code"] = new_code
    response = render(request, "learning/person_learning.html", context)
    if new_code:
        response["Cache-Control"] = "no-store"
    return response


def _acting_on(request: HttpRequest, pk: int) -> tuple[Person, LearnerProfile | None]:
    person = fetch_person(
        request, pk, capability=Capability.LEARNER_ACCOUNT, journal_read=False, active_only=True
    )
    return person, _profile_of(person)


def _profile_of(person: Person) -> LearnerProfile | None:
    if person.account_id is None:
        return None
    return LearnerProfile.objects.filter(user_id=person.account_id).select_related("user").first()


@require_POST
def person_account_create(request: HttpRequest, pk: int) -> HttpResponse:
    person, _profile = _acting_on(request, pk)
    try:
        profile, code = services.create_learner_account(person, by=request.user)
    except ValidationError as error:
        messages.error(request, error.messages[0])
    else:
        if code is None:  # a double click or a retried request: the account exists already
            messages.info(request, _("Cette personne a déjà un compte pour apprendre."))
            return redirect("learning:person_learning", pk)
        people_services.journal(
            person, actor=request.user, action=JournalEntry.Action.UPDATE, fields=["account"]
        )
        # The code is shown in this response, once: never kept in the session or a message.
        return _learning_page(request, person, new_code=code)
    return redirect("learning:person_learning", pk)


@require_POST
def person_code_reset(request: HttpRequest, pk: int) -> HttpResponse:
    """A new code, shown in this response only (not a redirect carrying it in the session)."""
    person, profile = _acting_on(request, pk)
    if profile is None:
        raise Http404
    code = services.reset_learner_code(profile, by=request.user)
    people_services.journal(
        person, actor=request.user, action=JournalEntry.Action.UPDATE, fields=["code_hash"]
    )
    return _learning_page(request, person, new_code=code)


@require_POST
def person_code_unlock(request: HttpRequest, pk: int) -> HttpResponse:
    """Lifts the lock that wrong codes put on the learner's username (journaled)."""
    person, profile = _acting_on(request, pk)
    if profile is None:
        raise Http404
    if services.unlock_learner(profile, by=request.user):
        people_services.journal(
            person, actor=request.user, action=JournalEntry.Action.UPDATE, fields=["code_lock"]
        )
    messages.success(request, _("Le compte est débloqué : la personne peut réessayer son code."))
    return redirect("learning:person_learning", pk)


@require_POST
def person_card_print(request: HttpRequest, pk: int) -> HttpResponse:
    _person_, profile = _acting_on(request, pk)
    if profile is None:
        raise Http404
    token = services.issue_login_card(profile, by=request.user)
    pdf = documents.login_card_pdf(
        profile,
        card_url=request.build_absolute_uri(reverse("learning:card_login", args=[token])),
        code_login_url=request.build_absolute_uri(reverse("learning:code_login")),
    )
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="carte-{profile.user.username}.pdf"'
    return response


@require_POST
def person_card_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    _person_, profile = _acting_on(request, pk)
    if profile is None:
        raise Http404
    services.revoke_login_cards(profile, by=request.user)
    messages.success(request, _("La carte ne marche plus. Vous pouvez en imprimer une nouvelle."))
    return redirect("learning:person_learning", pk)
