from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tremplin.accounts.services import reset_second_factor
from tremplin.spaces import home
from tremplin.spaces.forms import DirectorySearchForm
from tremplin.spaces.models import Membership, PartnerAdviser, Space
from tremplin.spaces.permissions import can_coordinate, is_space_staff
from tremplin.spaces.services import find_spaces_near, network_figures


def staff_home(request: HttpRequest) -> HttpResponse:
    if not is_space_staff(request.user):
        raise Http404
    spaces = Space.objects.visible_to(request.user).select_related("organisation")
    roles = dict(Membership.objects.filter(user=request.user).values_list("space_id", "role"))
    cards = [
        {
            "space": space,
            "role": Membership.Role(roles[space.pk]).label if space.pk in roles else None,
        }
        for space in spaces
    ]
    context = {"cards": cards, "notices": home.notices_for(request.user)}
    return render(request, "spaces/staff_home.html", context)


def space_detail(request: HttpRequest, pk: int) -> HttpResponse:
    space = get_object_or_404(Space.objects.visible_to(request.user), pk=pk)
    team = None
    if can_coordinate(request.user, space):
        team = space.memberships.select_related("user").order_by("role", "user__last_name")
    return render(request, "spaces/space_detail.html", {"space": space, "team": team})


# A coordinator may reset the second factor of these roles, never of a peer coordinator.
SECOND_FACTOR_RESETTABLE = (Membership.Role.VOLUNTEER, Membership.Role.MEDIATOR)


@require_POST
def membership_second_factor_reset(request: HttpRequest, pk: int, membership_pk: int):
    """A coordinator resets the second factor of a team member who lost their phone (after
    checking, face to face, that it is them): at the next login they enrol a new phone.
    Journaled in ``accounts.SecurityEvent``."""
    space = get_object_or_404(Space.objects.visible_to(request.user), pk=pk)
    if not can_coordinate(request.user, space):
        raise PermissionDenied
    membership = get_object_or_404(
        space.memberships.select_related("user").filter(role__in=SECOND_FACTOR_RESETTABLE),
        pk=membership_pk,
    )
    if membership.user == request.user or membership.user.is_administrator:
        raise PermissionDenied
    reset_second_factor(membership.user, by=request.user, organisation=space.organisation)
    messages.success(
        request,
        _(
            "Le second facteur de %(name)s est réinitialisé : à sa prochaine connexion, "
            "la personne enregistre un nouveau téléphone."
        )
        % {"name": membership.user.get_full_name() or membership.user.username},
    )
    return redirect("spaces:space_detail", pk)


def partner_home(request: HttpRequest) -> HttpResponse:
    adviser = PartnerAdviser.objects.select_related("partner").filter(user=request.user).first()
    if adviser is None:
        raise Http404
    return render(request, "spaces/partner_home.html", {"partner": adviser.partner})


def funder_home(request: HttpRequest) -> HttpResponse:
    access = getattr(request.user, "funder_access", None)
    if access is None:
        raise Http404
    figures = network_figures(access.organisation)
    return render(request, "spaces/funder_home.html", {"access": access, "figures": figures})


@login_not_required
def directory(request: HttpRequest) -> HttpResponse:
    form = DirectorySearchForm(request.GET or None)
    results = None
    if form.is_valid():
        results = find_spaces_near(form.cleaned_data["where"])
    return render(request, "spaces/directory.html", {"form": form, "results": results})


@login_not_required
def directory_space(request: HttpRequest, pk: int) -> HttpResponse:
    space = get_object_or_404(Space.objects.open_to_public(), pk=pk)
    return render(request, "spaces/directory_space.html", {"space": space})
