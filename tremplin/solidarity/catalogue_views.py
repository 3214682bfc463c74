"""The catalogue: every staff member reads it; the national team (MANAGE_CATALOGUE) keeps the
offers, their prices and their eligibility rules, without code."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tremplin.core import submissions
from tremplin.solidarity.forms import LimitForm, OfferForm
from tremplin.solidarity.models import Offer, OfferLimit
from tremplin.solidarity.views import bound_data, staff_only
from tremplin.spaces.capabilities import Capability
from tremplin.spaces.models import organisation_id_of
from tremplin.spaces.permissions import holds_anywhere


def _catalogue_keeper(request: HttpRequest) -> None:
    staff_only(request)
    if not holds_anywhere(request.user, Capability.MANAGE_CATALOGUE):
        raise PermissionDenied


def _offer(request: HttpRequest, pk: int) -> Offer:
    staff_only(request)
    offer = get_object_or_404(Offer.objects.visible_to(request.user), pk=pk)
    _catalogue_keeper(request)
    return offer


def offer_list(request: HttpRequest) -> HttpResponse:
    staff_only(request)
    offers = Offer.objects.visible_to(request.user).prefetch_related("limits")
    context = {
        "offers": offers,
        "can_manage": holds_anywhere(request.user, Capability.MANAGE_CATALOGUE),
    }
    return render(request, "solidarity/offer_list.html", context)


def offer_create(request: HttpRequest) -> HttpResponse:
    _catalogue_keeper(request)
    form = OfferForm(bound_data(request))
    if request.method == "POST" and form.is_valid():
        form.instance.organisation_id = organisation_id_of(request.user)
        try:
            with submissions.once(request) as submission:
                offer = form.save()
                submission.result_url = offer.get_absolute_url()
        except submissions.AlreadySubmitted as done:
            return redirect(done.url or "solidarity:offer_list")
        messages.success(request, _("L'offre est au catalogue. Ajoutez ses limites si besoin."))
        return redirect(offer)
    return render(request, "solidarity/offer_form.html", {"form": form, "offer": None})


def offer_update(request: HttpRequest, pk: int) -> HttpResponse:
    offer = _offer(request, pk)
    form = OfferForm(bound_data(request), instance=offer)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("L'offre est enregistrée."))
        return redirect(offer)
    context = {
        "form": form,
        "offer": offer,
        "limits": offer.limits.all(),
        "limit_form": LimitForm(),
    }
    return render(request, "solidarity/offer_form.html", context)


@require_POST
def limit_create(request: HttpRequest, pk: int) -> HttpResponse:
    offer = _offer(request, pk)
    form = LimitForm(request.POST)
    if form.is_valid():
        form.instance.offer = offer
        form.save()
        messages.success(request, _("La limite est ajoutée."))
    else:
        errors = [message for messages_ in form.errors.values() for message in messages_]
        messages.error(request, " ".join(errors))
    return redirect(offer)


@require_POST
def limit_delete(request: HttpRequest, pk: int) -> HttpResponse:
    staff_only(request)
    limit = get_object_or_404(
        OfferLimit.objects.filter(organisation_id=organisation_id_of(request.user)), pk=pk
    )
    _catalogue_keeper(request)
    offer = limit.offer
    limit.delete()
    messages.success(request, _("La limite est retirée."))
    return redirect(offer)
