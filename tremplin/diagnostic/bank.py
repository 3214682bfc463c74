"""The item bank of this process: content files, with calibrated parameters laid over them.

Loaded once per process (the files do not change while it runs). ``calibrate_items`` clears the
cache of its own process; web processes pick new parameters up when they restart.
"""

import hashlib
from dataclasses import dataclass, replace
from functools import cache
from pathlib import Path

from django.conf import settings

from tremplin.diagnostic.content import Content, load_content
from tremplin.diagnostic.engine import Bank


@dataclass(frozen=True)
class LoadedBank:
    content: Content
    engine: Bank
    # Changes with any item's parameters, with an item added or removed: a question chosen under
    # another version is chosen again (``services.next_question``).
    version: str = ""


def content_directory() -> Path:
    return Path(
        getattr(
            settings, "TREMPLIN_DIAGNOSTIC_CONTENT", settings.BASE_DIR / "content" / "diagnostic"
        )
    )


@cache
def current() -> LoadedBank:
    """The bank in use. Structure is checked here; bank-level quotas (80 items, a quarter
    interactive) are checked by ``check_diagnostic_content`` and the tests. Three queries."""
    from django.db.models import Count

    from tremplin.diagnostic.models import ItemCalibration, ItemExposure, Response

    content = load_content(content_directory(), min_items=1, min_interactive=0.0)
    overrides = {c.item_id: c for c in ItemCalibration.objects.all()}
    items = {}
    for item_id, item in content.items.items():
        calibration = overrides.get(item_id)
        if calibration is not None:
            item = replace(
                item,
                discrimination=calibration.discrimination,
                difficulty=calibration.difficulty,
            )
        items[item_id] = item
    content = Content(areas=content.areas, items=items)
    # The pretest slots favour the items with few answers; the exposure control is the one the
    # last calibration set (stable between two calibrations: every process asks the same).
    answered = dict(
        Response.objects.values("item_id").annotate(n=Count("pk")).values_list("item_id", "n")
    )
    keep = dict(ItemExposure.objects.values_list("item_id", "keep"))
    parameters = content.parameters()
    return LoadedBank(
        content=content,
        engine=Bank(parameters, answered=answered, keep=keep),
        version=hashlib.blake2b(repr(parameters).encode(), digest_size=8).hexdigest(),
    )


def reload() -> None:
    current.cache_clear()
