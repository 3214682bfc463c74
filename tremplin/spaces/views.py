from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tremplin.accounts.services import reset_second_factor
from tremplin.core.page_cache import shared_page
from tremplin.spaces import activity, home
from tremplin.spaces.capabilities import Capability
from tremplin.spaces.forms import ClosureForm, DirectorySearchForm, SpaceForm
from tremplin.spaces.models import Closure, Membership, PartnerAdviser, Space
from tremplin.spaces.permissions import can, can_coordinate, is_space_staff
from tremplin.spaces.services import directory_search


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
    context = {
        "space": space,
        "team": team,
        "can_manage_team": can(request.user, Capability.MANAGE_TEAM, space),
        "can_manage_space": can(request.user, Capability.MANAGE_SPACE, space),
    }
    return render(request, "spaces/space_detail.html", context)


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
    if not PartnerAdviser.objects.filter(user=request.user).exists():
        raise Http404
    # Advisers' pages are the referrals app's (decision 0010); the old address stays.
    return redirect("partners:home")


def funder_home(request: HttpRequest) -> HttpResponse:
    access = getattr(request.user, "funder_access", None)
    if access is None:
        raise Http404
    # The network's figures moved to the impact app (decision 0013); the old address stays.
    return redirect("impact:home")


@login_not_required
@shared_page(depends_on=("spaces",))
def directory(request: HttpRequest) -> HttpResponse:
    form = DirectorySearchForm(request.GET or None)
    results, commune = None, None
    if form.is_valid():
        commune, results = directory_search(form.cleaned_data["where"])
    context = {"form": form, "results": results, "commune": commune}
    if request.headers.get("X-Tremplin-Fragment") == "1":
        return render(request, "spaces/directory.html#results", context)
    return render(request, "spaces/directory.html", context)


@login_not_required
def directory_space(request: HttpRequest, pk: int) -> HttpResponse:
    space = get_object_or_404(Space.objects.open_to_public(), pk=pk)
    now = timezone.now()
    context = {
        "space": space,
        "status": space.opening_status(now=now),
        "closures": space.closures.filter(ends_on__gte=timezone.localdate(now))[:3],
        "sessions": activity.public_sessions(space, now=now, limit=4),
    }
    return render(request, "spaces/directory_space.html", context)


def _space_to_manage(request: HttpRequest, pk: int) -> Space:
    space = get_object_or_404(Space.objects.visible_to(request.user), pk=pk)
    if not can(request.user, Capability.MANAGE_SPACE, space):
        raise PermissionDenied
    return space


def space_update(request: HttpRequest, pk: int) -> HttpResponse:
    """Hours, closures, services and access of a space, as the directory and open data show."""
    space = _space_to_manage(request, pk)
    form = SpaceForm(request.POST or None, instance=space)
    if request.method == "POST" and form.is_valid():
        form.instance.updated_at = timezone.now()
        form.save()
        messages.success(request, _("Les informations du lieu sont enregistrées."))
        return redirect("spaces:space_update", space.pk)
    context = {
        "space": space,
        "form": form,
        "closure_form": ClosureForm(),
        "closures": space.closures.filter(ends_on__gte=timezone.localdate()),
    }
    return render(request, "spaces/space_update.html", context)


@require_POST
def closure_create(request: HttpRequest, pk: int) -> HttpResponse:
    space = _space_to_manage(request, pk)
    form = ClosureForm(request.POST, instance=Closure(space=space))
    if form.is_valid():
        form.save()
        Space.objects.filter(pk=space.pk).update(updated_at=timezone.now())
        messages.success(request, _("La fermeture est ajoutée."))
        return redirect("spaces:space_update", space.pk)
    context = {
        "space": space,
        "form": SpaceForm(instance=space),
        "closure_form": form,
        "closures": space.closures.filter(ends_on__gte=timezone.localdate()),
    }
    return render(request, "spaces/space_update.html", context)


@require_POST
def closure_delete(request: HttpRequest, pk: int, closure_pk: int) -> HttpResponse:
    space = _space_to_manage(request, pk)
    get_object_or_404(space.closures, pk=closure_pk).delete()
    messages.success(request, _("La fermeture est retirée."))
    return redirect("spaces:space_update", space.pk)
