import functools

from django.conf import settings
from django.contrib.auth import logout
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import SimpleLazyObject
from django.utils.http import urlencode
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.middleware import OTPMiddleware

ALWAYS_ALLOWED_PREFIXES = ("/static/", "/healthz", "/i18n/")
LAST_SEEN_SESSION_KEY = "tremplin_last_seen"
# The session is written again only when the stored time is older than this: one write a
# minute, not one a request.
LAST_SEEN_RESOLUTION = 60
VERIFIED_SESSION_KEY = "tremplin_verified_device"


class VerifiedDeviceMiddleware(OTPMiddleware):
    """django-otp's middleware without its query on every request: once the session's device is
    found valid (the account's, confirmed), the session keeps that finding with the account's
    ``access_version``, which any change to its devices moves on (``accounts.signals``). Until
    then the device itself is read only if something asks for it."""

    def _verify_user_sync(self, request, user):
        self._init_user_fields(user)
        persistent_id = (
            request.session.get(DEVICE_ID_SESSION_KEY) if user.is_authenticated else None
        )
        if not persistent_id:
            return user
        finding = [persistent_id, user.access_version]
        if request.session.get(VERIFIED_SESSION_KEY) == finding:
            user.otp_device = SimpleLazyObject(
                functools.partial(self._device_from_persistent_id, persistent_id)
            )
            return user
        device = self._device_from_persistent_id(persistent_id)
        user.otp_device = self._finalize_device(request, user, device)
        if user.otp_device is None:
            request.session.pop(VERIFIED_SESSION_KEY, None)
        else:
            request.session[VERIFIED_SESSION_KEY] = finding
        return user


class StaffIdleTimeoutMiddleware:
    """Logs out a staff, partner or national account idle longer than
    ``TREMPLIN_STAFF_IDLE_MINUTES`` (their session opens people's records, often on a shared
    computer); learners keep the normal session age. The time of the last request is kept in
    the session; the next middleware (``LoginRequiredMiddleware``) sends the logged-out user
    to the login page, with ``next`` to come back."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if user.is_authenticated and _has_idle_limit(user):
            now = int(timezone.now().timestamp())
            last_seen = request.session.get(LAST_SEEN_SESSION_KEY)
            if (
                last_seen is not None
                and now - last_seen > settings.TREMPLIN_STAFF_IDLE_MINUTES * 60
            ):
                logout(request)
            elif last_seen is None or now - last_seen >= LAST_SEEN_RESOLUTION:
                request.session[LAST_SEEN_SESSION_KEY] = now
        return self.get_response(request)


def _has_idle_limit(user) -> bool:
    return user.is_administrator or user.kind in {user.Kind.STAFF, user.Kind.PARTNER}


class SecondFactorMiddleware:
    """Sends a staff user who has not given a TOTP code this session to the second-factor page."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if (
            user.is_authenticated
            and user.requires_second_factor
            and not user.is_verified()
            and not self._is_allowed(request.path)
        ):
            target = urlencode({"next": request.get_full_path()})
            return redirect(f"{reverse('accounts:second_factor')}?{target}")
        return self.get_response(request)

    @staticmethod
    def _is_allowed(path: str) -> bool:
        allowed = (reverse("accounts:second_factor"), reverse("accounts:logout"))
        return path in allowed or path.startswith(ALWAYS_ALLOWED_PREFIXES)
