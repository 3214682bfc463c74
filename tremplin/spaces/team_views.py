"""The team pages: a coordinator's team of a space, invitations and sign-up, a helper's own
page (onboarding checklist, availability, hours). Split from ``views.py`` by sub-domain."""

import datetime

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tremplin.core import submissions
from tremplin.spaces import team
from tremplin.spaces.capabilities import Capability
from tremplin.spaces.forms import (
    AvailabilityForm,
    HelperProfileForm,
    HoursEntryForm,
    InvitationForm,
    OnboardingStepForm,
    RoleForm,
    SignUpForm,
)
from tremplin.spaces.models import Availability, HoursEntry, Membership, Space
from tremplin.spaces.permissions import can, is_space_staff


def _managed_space(request: HttpRequest, pk: int) -> Space:
    space = get_object_or_404(Space.objects.visible_to(request.user), pk=pk)
    if not can(request.user, Capability.MANAGE_TEAM, space):
        raise PermissionDenied
    return space


def _member(space: Space, membership_pk: int) -> Membership:
    return get_object_or_404(space.memberships.select_related("user"), pk=membership_pk)


def month_start(now: datetime.datetime) -> datetime.datetime:
    local = timezone.localtime(now)
    return local.replace(day=1, hour=0, minute=0, second=0, microsecond=0)


def team_list(request: HttpRequest, pk: int) -> HttpResponse:
    """The team of a space: roles, onboarding, hours of the month, contracts, open invitations
    and next week's drop-in slots without a helper."""
    space = _managed_space(request, pk)
    now = timezone.now()
    members = list(
        space.memberships.select_related("user", "user__helper_profile").order_by(
            "role", "user__last_name", "user__first_name"
        )
    )
    users = [membership.user for membership in members]
    checklists = team.checklists_of(users)
    hours = team.hours_of(users, since=month_start(now), until=now, space=space)
    roles = team.roles_given_by(request.user, space)
    coordinators = team.coordinator_ids(users)
    rows = [
        {
            "membership": membership,
            "profile": getattr(membership.user, "helper_profile", None),
            "checklist": checklists[membership.user_id],
            "hours": hours[membership.user_id],
            "may_change": team.may_change(membership, by=request.user, coordinators=coordinators),
            "role_form": RoleForm(roles=roles, initial={"role": membership.role}),
        }
        for membership in members
    ]
    invitations = space.invitations.filter(
        used_at__isnull=True, revoked_at__isnull=True, expires_at__gt=now
    )
    context = {
        "space": space,
        "rows": rows,
        "invitations": invitations,
        "uncovered": team.uncovered_slots([space], now=now),
        "step_form": OnboardingStepForm(),
    }
    return render(request, "spaces/team_list.html", context)


def invitation_create(request: HttpRequest, pk: int) -> HttpResponse:
    """Makes a single-use link; the page that shows it is the only place the link appears
    (like backup codes: never stored in clear, never cached)."""
    space = _managed_space(request, pk)
    form = InvitationForm(request.POST or None, roles=team.roles_given_by(request.user, space))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            with submissions.once(request) as submission:
                invitation, token = team.invite(space, by=request.user, **data)
                submission.result_url = reverse("spaces:team_list", args=[space.pk])
        except submissions.AlreadySubmitted as done:
            messages.info(request, _("Cette invitation est déjà faite."))
            return redirect(done.url)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            link = request.build_absolute_uri(reverse("spaces:invitation_accept", args=[token]))
            context = {"space": space, "invitation": invitation, "link": link}
            response = render(request, "spaces/invitation_link.html", context)
            response["Cache-Control"] = "no-store"
            return response
    return render(request, "spaces/invitation_create.html", {"space": space, "form": form})


INVITATION_PROBLEMS = {
    "unknown": _("Ce lien d'invitation n'existe pas. Vérifiez qu'il est recopié en entier."),
    "used": _("Ce lien d'invitation a déjà servi. Connectez-vous avec votre compte."),
    "revoked": _(
        "Ce lien d'invitation a été annulé. Demandez-en un nouveau à votre coordinateur·rice."
    ),
    "expired": _(
        "Ce lien d'invitation a plus de 7 jours : il ne marche plus. "
        "Demandez-en un nouveau à votre coordinateur·rice."
    ),
}


@login_not_required
def invitation_accept(request: HttpRequest, token: str) -> HttpResponse:
    """The invited person makes their account, then logs in: the second-factor page enrols
    their phone, gives their backup codes, and leads to their onboarding checklist."""
    try:
        invitation = team.find_invitation(token)
    except team.InvitationUnusable as problem:
        context = {"problem": INVITATION_PROBLEMS[problem.reason]}
        return render(request, "spaces/invitation_unusable.html", context, status=410)
    if request.user.is_authenticated:
        return render(request, "spaces/invitation_unusable.html", {"logged_in": True}, status=409)
    form = SignUpForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            user = team.accept_invitation(token, **form.cleaned_data)
        except team.InvitationUnusable as problem:
            context = {"problem": INVITATION_PROBLEMS[problem.reason]}
            return render(request, "spaces/invitation_unusable.html", context, status=410)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            login(request, user, backend="django.contrib.auth.backends.ModelBackend")
            target = urlencode({"next": reverse("spaces:helper_home")})
            return redirect(f"{reverse('accounts:second_factor')}?{target}")
    context = {"form": form, "invitation": invitation}
    response = render(request, "spaces/invitation_accept.html", context)
    response["Cache-Control"] = "no-store"
    return response


@require_POST
def invitation_revoke(request: HttpRequest, pk: int, invitation_pk: int) -> HttpResponse:
    space = _managed_space(request, pk)
    invitation = get_object_or_404(space.invitations, pk=invitation_pk)
    try:
        team.revoke_invitation(invitation, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("L'invitation est annulée : son lien ne marche plus."))
    return redirect("spaces:team_list", space.pk)


@require_POST
def membership_role_update(request: HttpRequest, pk: int, membership_pk: int) -> HttpResponse:
    space = _managed_space(request, pk)
    membership = _member(space, membership_pk)
    form = RoleForm(request.POST, roles=team.roles_given_by(request.user, space))
    if not form.is_valid():
        messages.error(request, _("Choisissez un rôle de la liste."))
        return redirect("spaces:team_list", space.pk)
    try:
        team.change_role(membership, role=form.cleaned_data["role"], by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Le rôle est changé."))
    return redirect("spaces:team_list", space.pk)


@require_POST
def membership_deactivate(request: HttpRequest, pk: int, membership_pk: int) -> HttpResponse:
    space = _managed_space(request, pk)
    membership = _member(space, membership_pk)
    user = team.deactivate(membership, by=request.user)
    messages.success(
        request,
        _("Le compte de %(name)s est désactivé : la personne ne peut plus se connecter.")
        % {"name": user.get_full_name() or user.username},
    )
    return redirect("spaces:team_list", space.pk)


@require_POST
def onboarding_step_create(request: HttpRequest, pk: int, membership_pk: int) -> HttpResponse:
    space = _managed_space(request, pk)
    membership = _member(space, membership_pk)
    form = OnboardingStepForm(request.POST)
    if form.is_valid():
        team.record_step(
            membership.user, step=form.cleaned_data["step"], by=request.user, space=space
        )
        messages.success(request, _("L'étape est notée."))
    else:
        messages.error(request, _("Choisissez une étape de la liste."))
    return redirect("spaces:team_list", space.pk)


# The helper's own page ----------------------------------------------------------------------


def _my_spaces(request: HttpRequest):
    if not is_space_staff(request.user):
        raise Http404
    return Space.objects.filter(memberships__user=request.user)


def helper_home(request: HttpRequest, *, forms: dict | None = None) -> HttpResponse:
    """A helper's checklist, weekly availability, topics and languages, and hours."""
    spaces = _my_spaces(request)
    now = timezone.now()
    user = request.user
    year_start = month_start(now).replace(month=1)
    forms = forms or {}
    context = {
        "checklist": team.checklists_of([user])[user.pk],
        "availabilities": Availability.objects.filter(user=user).select_related("space"),
        "entries": HoursEntry.objects.filter(user=user).select_related("space")[:10],
        "month": team.hours_of([user], since=month_start(now), until=now)[user.pk],
        "year": team.hours_of([user], since=year_start, until=now)[user.pk],
        "availability_form": forms.get("availability") or AvailabilityForm(spaces=spaces),
        "profile_form": forms.get("profile")
        or HelperProfileForm(instance=team.helper_profile_of(user)),
        "hours_form": forms.get("hours") or HoursEntryForm(spaces=spaces),
        "has_spaces": spaces.exists(),
    }
    return render(request, "spaces/helper_home.html", context)


@require_POST
def charter_sign(request: HttpRequest) -> HttpResponse:
    spaces = _my_spaces(request)
    space = spaces.first()
    if space is None:
        raise PermissionDenied
    team.record_step(request.user, step="charter", by=request.user, space=space)
    messages.success(request, _("Merci : la charte est signée."))
    return redirect("spaces:helper_home")


@require_POST
def availability_create(request: HttpRequest) -> HttpResponse:
    form = AvailabilityForm(request.POST, spaces=_my_spaces(request))
    if form.is_valid():
        try:
            team.add_availability(request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Le créneau est ajouté."))
            return redirect("spaces:helper_home")
    return helper_home(request, forms={"availability": form})


@require_POST
def availability_delete(request: HttpRequest, availability_pk: int) -> HttpResponse:
    _my_spaces(request)
    get_object_or_404(Availability, pk=availability_pk, user=request.user).delete()
    messages.success(request, _("Le créneau est retiré."))
    return redirect("spaces:helper_home")


@require_POST
def helper_profile_update(request: HttpRequest) -> HttpResponse:
    _my_spaces(request)
    form = HelperProfileForm(request.POST, instance=team.helper_profile_of(request.user))
    if form.is_valid():
        form.save()
        messages.success(request, _("Vos thèmes et langues sont enregistrés."))
        return redirect("spaces:helper_home")
    return helper_home(request, forms={"profile": form})


@require_POST
def hours_entry_create(request: HttpRequest) -> HttpResponse:
    form = HoursEntryForm(request.POST, spaces=_my_spaces(request))
    if form.is_valid():
        try:
            with submissions.once(request) as submission:
                team.record_hours(request.user, by=request.user, **form.cleaned_data)
                submission.result_url = reverse("spaces:helper_home")
        except submissions.AlreadySubmitted as done:
            return redirect(done.url)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Vos heures sont notées."))
            return redirect("spaces:helper_home")
    return helper_home(request, forms={"hours": form})
