from functools import cache

from django.apps import apps
from django.urls import reverse
from django.utils.translation import get_language


@cache
def _navigation(kind: str, language: str) -> tuple[dict, ...]:
    """Navigation entries contributed by the installed apps, in INSTALLED_APPS order.

    An app contributes by setting ``learner_nav`` or ``staff_nav`` on its AppConfig: a list of
    ``(url name, lazy label, icon name, order)``, optionally followed by the account kinds that
    see the entry (``{"staff", "admin"}``; every account when omitted). Core never needs to know
    the apps. Built once per language and process: the menu is on every page.
    """
    entries = []
    for config in apps.get_app_configs():
        for url_name, label, icon, order, *audience in getattr(config, kind, []):
            entries.append(
                {
                    "url": reverse(url_name),
                    "label": str(label),
                    "icon": icon,
                    "order": order,
                    "audience": frozenset(audience[0]) if audience else None,
                }
            )
    return tuple(sorted(entries, key=lambda entry: entry["order"]))


def _kind_of(user) -> str:
    if user is None or not user.is_authenticated:
        return ""
    return "admin" if getattr(user, "is_administrator", False) else getattr(user, "kind", "")


def _for_user(entries: tuple[dict, ...], kind: str) -> list[dict]:
    return [entry for entry in entries if entry["audience"] is None or kind in entry["audience"]]


def _menu_key(request, kind: str, entries: list[dict]) -> str:
    """What the learner menu depends on, for the rendered copy each process keeps
    (``layouts/learner.html``): the kind of visitor and the entry of the page shown, if any."""
    path = getattr(request, "path", "")
    current = path if any(entry["url"] == path for entry in entries) else ""
    return f"{kind or 'visitor'}:{current}"


def site(request) -> dict:
    language = get_language()
    # No user when a request fails before authentication (a bad Host header, a NUL byte): the
    # error page must still render.
    kind = _kind_of(getattr(request, "user", None))
    learner_nav = _for_user(_navigation("learner_nav", language), kind)
    return {
        "learner_nav": learner_nav,
        "learner_menu_key": _menu_key(request, kind, learner_nav),
        "staff_nav": _for_user(_navigation("staff_nav", language), kind),
    }
