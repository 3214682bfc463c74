from functools import cache

from django.apps import apps
from django.urls import reverse
from django.utils.translation import get_language


@cache
def _navigation(kind: str, language: str) -> tuple[dict, ...]:
    """Navigation entries contributed by the installed apps, in INSTALLED_APPS order.

    An app contributes by setting ``learner_nav`` or ``staff_nav`` on its AppConfig: a list of
    ``(url name, lazy label, icon name, order)``. Core never needs to know the apps.
    Built once per language and process: the menu is on every page.
    """
    entries = []
    for config in apps.get_app_configs():
        for url_name, label, icon, order in getattr(config, kind, []):
            entries.append(
                {"url": reverse(url_name), "label": str(label), "icon": icon, "order": order}
            )
    return tuple(sorted(entries, key=lambda entry: entry["order"]))


def site(request) -> dict:
    return {
        "learner_nav": _navigation("learner_nav", get_language()),
        "staff_nav": _navigation("staff_nav", get_language()),
    }
