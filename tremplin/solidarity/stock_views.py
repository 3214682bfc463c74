"""Stock pages: what is in stock per space, the ledger, receiving, transferring and writing
off (MANAGE_STOCK: coordinators and the national team), a device back from repair, exports."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tremplin.core import submissions
from tremplin.solidarity import exports, stock
from tremplin.solidarity.forms import ExportForm, ReceiveForm, TransferForm, WriteOffForm
from tremplin.solidarity.models import Item, Offer, StockLevel, StockMovement
from tremplin.solidarity.views import bound_data, staff_only
from tremplin.spaces.capabilities import Capability
from tremplin.spaces.models import Space
from tremplin.spaces.permissions import can, holds_anywhere, spaces_where


def _space_filter(request: HttpRequest):
    value = request.GET.get("space", "")
    return int(value) if value.isascii() and value.isdigit() and len(value) <= 9 else None


def stock_list(request: HttpRequest) -> HttpResponse:
    staff_only(request)
    levels = StockLevel.objects.visible_to(request.user).select_related("space", "offer")
    repairs = Item.objects.visible_to(request.user).filter(status=Item.Status.IN_REPAIR)
    space_id = _space_filter(request)
    if space_id is not None:
        levels, repairs = levels.filter(space_id=space_id), repairs.filter(space_id=space_id)
    can_manage = holds_anywhere(request.user, Capability.MANAGE_STOCK)
    context = {
        "levels": levels.order_by("space__name", "offer__kind", "offer__name"),
        "repairs": repairs.select_related("offer", "space") if can_manage else [],
        "spaces": Space.objects.visible_to(request.user).order_by("name"),
        "space_id": space_id,
        "can_manage": can_manage,
        "can_sell": holds_anywhere(request.user, Capability.SELL),
    }
    return render(request, "solidarity/stock_list.html", context)


def movement_list(request: HttpRequest) -> HttpResponse:
    staff_only(request)
    lines = StockMovement.objects.visible_to(request.user).select_related(
        "space", "offer", "item", "moved_by"
    )
    space_id = _space_filter(request)
    if space_id is not None:
        lines = lines.filter(space_id=space_id)
    page = Paginator(lines, 50).get_page(request.GET.get("page"))
    return render(request, "solidarity/movement_list.html", {"page": page})


def _stock_keeper(request: HttpRequest):
    """The spaces where the user keeps the stock; 403 where there are none."""
    staff_only(request)
    if not holds_anywhere(request.user, Capability.MANAGE_STOCK):
        raise PermissionDenied
    return spaces_where(request.user, Capability.MANAGE_STOCK).order_by("name")


def _offers(request: HttpRequest):
    return Offer.objects.visible_to(request.user).order_by("kind", "name")


def _run(request: HttpRequest, form, operation, done: str, template: str) -> HttpResponse:
    """The shape every stock form shares: one submission, the service, a message."""
    if request.method == "POST" and form.is_valid():
        try:
            with submissions.once(request) as submission:
                operation(form.cleaned_data)
                submission.result_url = "/solidarity/stock/"
        except submissions.AlreadySubmitted:
            return redirect("solidarity:stock_list")
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, done)
            return redirect("solidarity:stock_list")
    return render(request, template, {"form": form})


def stock_receive(request: HttpRequest) -> HttpResponse:
    spaces = _stock_keeper(request)
    form = ReceiveForm(bound_data(request), spaces=spaces, offers=_offers(request))

    def operation(data):
        stock.receive_stock(
            data["space"],
            offer=data["offer"],
            quantity=data.get("quantity"),
            devices=data.get("device_lines", []),
            note=data.get("note", ""),
            by=request.user,
        )

    return _run(
        request, form, operation, _("La réception est notée."), "solidarity/stock_receive.html"
    )


def stock_transfer(request: HttpRequest) -> HttpResponse:
    """A transfer is one operation: out of one space, into another, in one transaction."""
    spaces = _stock_keeper(request)
    form = TransferForm(
        bound_data(request),
        spaces=spaces,
        destinations=Space.objects.in_organisation_of(request.user).order_by("name"),
        offers=_offers(request),
        items=Item.objects.visible_to(request.user)
        .filter(status=Item.Status.IN_STOCK, space__in=spaces)
        .select_related("offer", "space"),
    )

    def operation(data):
        stock.transfer_stock(
            data["offer"],
            source=data["source"],
            destination=data["destination"],
            quantity=data.get("quantity"),
            item_ids=[item.pk for item in data.get("items") or []],
            by=request.user,
        )

    return _run(
        request, form, operation, _("Le transfert est fait."), "solidarity/stock_transfer.html"
    )


def stock_write_off(request: HttpRequest) -> HttpResponse:
    spaces = _stock_keeper(request)
    form = WriteOffForm(
        bound_data(request),
        spaces=spaces,
        offers=_offers(request),
        items=Item.objects.visible_to(request.user)
        .filter(status__in=[Item.Status.IN_STOCK, Item.Status.IN_REPAIR], space__in=spaces)
        .select_related("offer", "space"),
    )

    def operation(data):
        stock.write_off_stock(
            data["space"],
            offer=data["offer"],
            quantity=data.get("quantity"),
            item_ids=[item.pk for item in data.get("items") or []],
            reason=data["reason"],
            by=request.user,
        )

    return _run(
        request,
        form,
        operation,
        _("La sortie de stock est notée."),
        "solidarity/stock_write_off.html",
    )


@require_POST
def item_refurbish(request: HttpRequest, pk: int) -> HttpResponse:
    staff_only(request)
    item = get_object_or_404(
        Item.objects.visible_to(request.user).select_related("space", "offer"), pk=pk
    )
    if not can(request.user, Capability.MANAGE_STOCK, item.space):
        raise PermissionDenied
    try:
        stock.refurbish_item(item, by=request.user)
    except ValidationError as error:
        messages.error(request, error.messages[0])
    else:
        messages.success(request, _("L'appareil est de nouveau en vente."))
    return redirect("solidarity:stock_list")


def export(request: HttpRequest) -> HttpResponse:
    """Sales or stock lines of a period, for the spaces where the user keeps the stock."""
    spaces = _stock_keeper(request)
    form = ExportForm(request.GET if "what" in request.GET else None)
    if form.is_bound and form.is_valid():
        content, content_type, name = exports.export(
            request.user, space_ids=spaces.values_list("pk", flat=True), **form.cleaned_data
        )
        response = HttpResponse(content, content_type=content_type)
        response["Content-Disposition"] = f'attachment; filename="{name}"'
        return response
    return render(request, "solidarity/export.html", {"form": form})
