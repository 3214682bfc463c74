"""Solidarity pages: counter sales, receipts, cancellations, refunds, warranty returns and
assessments. Stock and exports are in ``stock_views``, the catalogue in ``catalogue_views``.

People are fetched through ``people.access.fetch_person`` (404 outside record scope, 403
without SELL); sales through ``Sale.objects.visible_to`` (activity scope), then the SELL
capability at the sale's space. The sale form has no price: the service takes it from the
catalogue.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from tremplin.core import submissions
from tremplin.people.access import fetch_person
from tremplin.people.services import record_read
from tremplin.solidarity import documents, eligibility, services
from tremplin.solidarity.forms import AssessmentForm, ReasonForm, RefundForm, SaleForm, WarrantyForm
from tremplin.solidarity.models import Item, Offer, Sale, StockLevel
from tremplin.spaces.capabilities import Capability
from tremplin.spaces.permissions import can, holds_anywhere, is_space_staff, spaces_where


def bound_data(request: HttpRequest):
    return request.POST if request.method == "POST" else None


def staff_only(request: HttpRequest) -> None:
    if not is_space_staff(request.user):
        raise Http404


def _sale_for(request: HttpRequest, pk: int) -> Sale:
    """The sale in activity scope (else 404), when the user may sell at its space (else 403)."""
    staff_only(request)
    sale = get_object_or_404(
        Sale.objects.visible_to(request.user).select_related(
            "space__organisation", "offer", "item", "person", "sold_by"
        ),
        pk=pk,
    )
    if not can(request.user, Capability.SELL, sale.space):
        raise PermissionDenied
    return sale


def sale_list(request: HttpRequest) -> HttpResponse:
    staff_only(request)
    if not holds_anywhere(request.user, Capability.SELL):
        raise PermissionDenied
    sales = (
        Sale.objects.visible_to(request.user)
        .filter(space__in=spaces_where(request.user, Capability.SELL))
        .select_related("space", "offer", "person")
    )
    page = Paginator(sales, 40).get_page(request.GET.get("page"))
    return render(request, "solidarity/sale_list.html", {"page": page})


def _offer_rows(person, offers, levels) -> list[dict]:
    """Each offer with its stock in the selling spaces and why this person may not buy it."""
    today = timezone.localdate()
    applicant = eligibility.applicant_of(person, on=today)
    past = eligibility.past_sales_of(person)
    stock: dict[int, int] = {}
    for level in levels:
        stock[level.offer_id] = stock.get(level.offer_id, 0) + level.quantity
    return [
        {
            "offer": offer,
            "stock": stock.get(offer.pk, 0),
            "reasons": eligibility.reasons_against(
                applicant, eligibility.rules_of(offer), past, quantity=1, on=today
            ),
        }
        for offer in offers
    ]


def sale_create(request: HttpRequest, pk: int) -> HttpResponse:
    """Sell to a person: the offers with what stands in the way for this person, then the
    form. A refusal re-renders the form with every reason."""
    person = fetch_person(
        request, pk, capability=Capability.SELL, journal_read=request.method == "GET"
    )
    spaces = spaces_where(request.user, Capability.SELL)
    offers = Offer.objects.visible_to(request.user).on_sale().prefetch_related("limits")
    items = (
        Item.objects.visible_to(request.user)
        .filter(status=Item.Status.IN_STOCK, space__in=spaces)
        .select_related("offer", "space")
    )
    form = SaleForm(
        bound_data(request),
        spaces=spaces,
        offers=offers,
        items=items,
        initial={"space": person.home_space, "offer": request.GET.get("offer")},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            with submissions.once(request) as submission:
                sale = services.sell_offer(
                    person,
                    offer=data["offer"],
                    space=data["space"],
                    quantity=data["quantity"],
                    item_id=data["item"].pk if data["item"] else None,
                    payment=data["payment"],
                    sold_by=request.user,
                )
                submission.result_url = sale.get_absolute_url()
        except submissions.AlreadySubmitted as done:
            return redirect(done.url or person.get_absolute_url())
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("La vente est enregistrée. Imprimez le reçu."))
            return redirect(sale)
    levels = StockLevel.objects.visible_to(request.user).filter(space__in=spaces)
    context = {"person": person, "form": form, "rows": _offer_rows(person, offers, levels)}
    return render(request, "solidarity/sale_create.html", context)


def sale_detail(request: HttpRequest, pk: int) -> HttpResponse:
    sale = _sale_for(request, pk)
    record_read(sale.person, actor=request.user)
    replacements = Item.objects.filter(
        offer=sale.offer, space=sale.space, status=Item.Status.IN_STOCK
    ).exists()
    context = {
        "sale": sale,
        "cancel_form": ReasonForm(auto_id="cancel_%s"),
        "refund_form": RefundForm(auto_id="refund_%s"),
        "warranty_ends_on": sale.warranty_ends_on(),
        "can_claim_warranty": sale.is_completed
        and sale.item_id
        and sale.warranty_ends_on()
        and timezone.localdate() <= sale.warranty_ends_on(),
        "has_replacements": replacements,
        "claims": sale.warranty_claims.select_related("returned_item", "replacement"),
    }
    return render(request, "solidarity/sale_detail.html", context)


@require_GET
def sale_receipt(request: HttpRequest, pk: int) -> HttpResponse:
    sale = _sale_for(request, pk)
    response = HttpResponse(
        documents.receipt_pdf(sale, actor=request.user), content_type="application/pdf"
    )
    response["Content-Disposition"] = f'inline; filename="recu-{sale.receipt_label}.pdf"'
    return response


def _end(request: HttpRequest, pk: int, form_class, action, done: str) -> HttpResponse:
    sale = _sale_for(request, pk)
    prefix = "cancel_%s" if form_class is ReasonForm else "refund_%s"
    form = form_class(request.POST, auto_id=prefix)
    if not form.is_valid():
        messages.error(request, _("Écrivez la raison, en quelques mots."))
        return redirect(sale)
    try:
        action(sale, **form.cleaned_data, by=request.user)
    except ValidationError as error:
        messages.error(request, error.messages[0])
    else:
        messages.success(request, done)
    return redirect(sale)


@require_POST
def sale_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    return _end(request, pk, ReasonForm, services.cancel_sale, _("La vente est annulée."))


@require_POST
def sale_refund(request: HttpRequest, pk: int) -> HttpResponse:
    return _end(request, pk, RefundForm, services.refund_sale, _("La vente est remboursée."))


def warranty_create(request: HttpRequest, pk: int) -> HttpResponse:
    """A device brought back under warranty: returned (refunded) or exchanged."""
    sale = _sale_for(request, pk)
    replacements = Item.objects.filter(
        offer=sale.offer, space=sale.space, status=Item.Status.IN_STOCK
    ).select_related("offer", "space")
    form = WarrantyForm(bound_data(request), replacements=replacements)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            with submissions.once(request) as submission:
                services.record_warranty_claim(
                    sale,
                    kind=data["kind"],
                    reason=data["reason"],
                    replacement_id=data["replacement"].pk if data["replacement"] else None,
                    by=request.user,
                )
                submission.result_url = sale.get_absolute_url()
        except submissions.AlreadySubmitted:
            return redirect(sale)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Le retour sous garantie est noté."))
            return redirect(sale)
    if request.method == "GET":
        record_read(sale.person, actor=request.user)
    return render(request, "solidarity/warranty_create.html", {"sale": sale, "form": form})


def assessment_create(request: HttpRequest, pk: int) -> HttpResponse:
    person = fetch_person(
        request, pk, capability=Capability.SELL, journal_read=request.method == "GET"
    )
    form = AssessmentForm(bound_data(request))
    if request.method == "POST" and form.is_valid():
        try:
            with submissions.once(request) as submission:
                services.record_assessment(
                    person, space=person.home_space, assessed_by=request.user, **form.cleaned_data
                )
                submission.result_url = person.get_absolute_url()
        except submissions.AlreadySubmitted:
            return redirect(person)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("L'évaluation est notée."))
            return redirect(person)
    assessments = person.solidarity_assessments.all()[:5]
    context = {"person": person, "form": form, "assessments": assessments}
    return render(request, "solidarity/assessment_create.html", context)
