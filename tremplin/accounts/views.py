from django.contrib.auth import views as auth_views
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from tremplin.accounts import services
from tremplin.accounts.forms import LoginForm, SecondFactorForm
from tremplin.accounts.models import User
from tremplin.core.page_cache import shared_page

# Each kind of account lands on the first of these pages that exists; later apps take over
# (the learner's learning home, the partner's referrals, the funder's impact dashboards).
HOME_BY_KIND = {
    User.Kind.LEARNER: ["learning:home", "core:home"],
    User.Kind.STAFF: ["spaces:staff_home"],
    User.Kind.PARTNER: ["partners:home", "spaces:partner_home"],
    User.Kind.FUNDER: ["impact:home", "spaces:funder_home"],
    User.Kind.ADMIN: ["spaces:staff_home"],
}

login = shared_page()(
    auth_views.LoginView.as_view(
        template_name="accounts/login.html",
        authentication_form=LoginForm,
        redirect_authenticated_user=True,
    )
)
logout = auth_views.LogoutView.as_view()


def home_url_for(user: User) -> str:
    kind = User.Kind.ADMIN if user.is_administrator else user.kind
    for url_name in HOME_BY_KIND[kind]:
        try:
            return reverse(url_name)
        except NoReverseMatch:
            continue
    return reverse("core:home")


def home(request: HttpRequest) -> HttpResponse:
    return redirect(home_url_for(request.user))


def second_factor(request: HttpRequest) -> HttpResponse:
    """Asks for the TOTP code (or a backup code); the first time, shows the QR code that enrols
    the phone app, then the backup codes, once, in the response (never stored in clear in the
    session, never cached)."""
    user = request.user
    if not user.requires_second_factor or user.is_verified():
        return redirect("accounts:home")
    device = TOTPDevice.objects.filter(user=user).order_by("-confirmed").first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="Application", confirmed=False)
    form = SecondFactorForm(request.POST or None, device=device)
    if request.method == "POST" and form.is_valid():
        otp_login(request, form.verified_device)
        if not device.confirmed:
            device.confirmed = True
            device.save(update_fields=["confirmed"])
            context = {
                "codes": services.issue_backup_codes(user),
                "next": _safe_next(request) or reverse("accounts:home"),
            }
            response = render(request, "accounts/backup_codes.html", context)
            response["Cache-Control"] = "no-store"
            return response
        return redirect(_safe_next(request) or "accounts:home")
    context = {"form": form, "device": device}
    if not device.confirmed:
        import segno  # loaded by the first QR code, not by every web worker at start

        qr = segno.make(device.config_url, error="m")
        context["qr_svg"] = qr.svg_inline(scale=4, title=_("QR code à scanner"))
        context["secret"] = device.config_url.split("secret=")[1].split("&")[0]
    return render(request, "accounts/second_factor.html", context)


def _safe_next(request: HttpRequest) -> str | None:
    target = request.GET.get("next", "")
    if url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        return target
    return None
