from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode

ALWAYS_ALLOWED_PREFIXES = ("/static/", "/healthz", "/i18n/")


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
