"""Adviser pages: their referrals, the referral form, what became of one person (within what they
agreed to share), the dashboard, their partner organisation and its advisers, e-mail
preferences, and the invitation link. Advisers never open a person's file: everything goes
through ``Referral.objects.visible_to`` and ``services.shared_view``."""

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.contrib.auth.forms import SetPasswordForm
from django.contrib.auth.tokens import default_token_generator
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.encoding import force_str
from django.utils.http import urlsafe_base64_decode
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from tremplin.accounts.models import User
from tremplin.core import submissions
from tremplin.partners import services
from tremplin.partners.forms import InviteForm, NotificationForm, ReferralForm
from tremplin.partners.models import NotificationPreference, Referral, adviser_of
from tremplin.people.models import ConsentText
from tremplin.spaces.models import PartnerAdviser, PartnerOrganisation, organisation_id_of
from tremplin.spaces.permissions import is_space_staff

PAGE_SIZE = 50


def require_adviser(request: HttpRequest) -> PartnerAdviser:
    """The adviser's link to their partner organisation; a 404 for anyone else."""
    link = adviser_of(request.user)
    if link is None:
        raise Http404
    return link


def bound_data(request: HttpRequest):
    return request.POST if request.method == "POST" else None


def home(request: HttpRequest) -> HttpResponse:
    """The adviser's referrals (their partner organisation's), newest first, with status."""
    link = require_adviser(request)
    referrals = Referral.objects.visible_to(request.user)
    services.sync_referrals(referrals)
    rows = referrals.select_related("person", "space", "adviser")
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "partners/referral_list.html", {"partner": link.partner, "page": page})


def _consent(partner: PartnerOrganisation) -> dict:
    text = ConsentText.current_for(partner.organisation)
    return {
        "consent_text": text.text_in(get_language()) if text else "",
        "consent_version": text.version if text else "",
    }


def referral_create(request: HttpRequest) -> HttpResponse:
    link = require_adviser(request)
    spaces = list(services.partner_spaces(link.partner))
    form = ReferralForm(bound_data(request), spaces=services.partner_spaces(link.partner))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            with submissions.once(request) as submission:
                referral = services.refer_person(
                    link.partner,
                    adviser=request.user,
                    space=data["space"],
                    person=form.person(),
                    reason=data["reason"],
                    goals=data["goals"],
                    sharing=data["sharing"],
                    has_consent=data["has_consent"],
                )
                submission.result_url = referral.get_absolute_url()
        except submissions.AlreadySubmitted as done:
            return redirect(done.url or "partners:home")
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("L'orientation est envoyée à l'espace."))
            return redirect(referral)
    context = {"form": form, "spaces": spaces, **_consent(link.partner)}
    return render(request, "partners/referral_create.html", context)


def referral_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """What became of one person referred: the status and its dates, and, with the person's
    consent, their profile, hours done and certificate. Nothing else about the person."""
    require_adviser(request)
    referrals = Referral.objects.visible_to(request.user)
    referral = get_object_or_404(referrals.select_related("person", "space", "adviser"), pk=pk)
    if services.sync_referrals(referrals.filter(pk=pk)):
        referral.refresh_from_db()
    context = {
        "referral": referral,
        "shared": services.shared_view(referral),
        "events": referral.events.all(),
    }
    return render(request, "partners/referral_detail.html", context)


def dashboard(request: HttpRequest) -> HttpResponse:
    """The partner's figures (their organisation only); counts under 5 are not shown."""
    link = require_adviser(request)
    referrals = Referral.objects.visible_to(request.user)
    services.sync_referrals(referrals)
    context = {"partner": link.partner, "figures": services.dashboard_figures(referrals)}
    return render(request, "partners/dashboard.html", context)


def partner_detail(request: HttpRequest) -> HttpResponse:
    """The adviser's partner organisation: its type, town, the spaces it refers to, its
    advisers; its administrators invite more."""
    link = require_adviser(request)
    partner = link.partner
    context = {
        "partner": partner,
        "spaces": services.partner_spaces(partner),
        "advisers": partner.advisers.select_related("user").order_by("user__last_name"),
        "is_partner_admin": link.is_partner_admin,
        "form": InviteForm() if link.is_partner_admin else None,
    }
    return render(request, "partners/partner_detail.html", context)


@require_POST
def adviser_invite(request: HttpRequest) -> HttpResponse:
    link = require_adviser(request)
    if not link.is_partner_admin:
        raise PermissionDenied
    form = InviteForm(request.POST)
    if form.is_valid():
        try:
            with submissions.once(request):
                services.invite_adviser(link.partner, by=request.user, **form.cleaned_data)
        except submissions.AlreadySubmitted:
            return redirect("partners:partner_detail")
        except ValidationError as error:
            form.add_error("email", error)
        else:
            messages.success(request, _("L'invitation est envoyée par e-mail."))
            return redirect("partners:partner_detail")
    context = {
        "partner": link.partner,
        "spaces": services.partner_spaces(link.partner),
        "advisers": link.partner.advisers.select_related("user").order_by("user__last_name"),
        "is_partner_admin": True,
        "form": form,
    }
    return render(request, "partners/partner_detail.html", context)


@login_not_required
@never_cache
def invitation_accept(request: HttpRequest, uid: str, token: str) -> HttpResponse:
    """An invited adviser chooses their password; the link works once (Django's password-reset
    tokens change with the password)."""
    try:
        user = User.objects.get(pk=int(force_str(urlsafe_base64_decode(uid))))
    except (ValueError, TypeError, OverflowError, User.DoesNotExist):
        user = None
    if user is None or not default_token_generator.check_token(user, token):
        return render(request, "partners/invitation_accept.html", {"form": None})
    form = SetPasswordForm(user, bound_data(request))
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Votre mot de passe est enregistré : connectez-vous."))
        return redirect("accounts:login")
    return render(request, "partners/invitation_accept.html", {"form": form, "invited": user})


def notification_update(request: HttpRequest) -> HttpResponse:
    require_adviser(request)
    preference = NotificationPreference(frequency=services.frequency_of(request.user))
    form = NotificationForm(bound_data(request), instance=preference)
    if request.method == "POST" and form.is_valid():
        try:
            services.set_frequency(request.user, frequency=form.cleaned_data["frequency"])
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Votre choix est enregistré."))
            return redirect("partners:home")
    return render(request, "partners/notification_update.html", {"form": form})


def partner_list(request: HttpRequest) -> HttpResponse:
    """Staff: the partner organisations of their network, their type, town and spaces."""
    if not is_space_staff(request.user):
        raise Http404
    partners = PartnerOrganisation.objects.filter(
        organisation_id=organisation_id_of(request.user)
    ).prefetch_related("spaces")
    return render(request, "partners/partner_list.html", {"partners": partners})
