"""What learning tells the spaces app (``tremplin.spaces.activity``), registered in
``LearningConfig.ready()``: which helper-training modules a volunteer has completed (the
data-protection step of their onboarding checklist ticks itself)."""

import datetime

from tremplin.learning.models import ModuleProgress


def completed_modules(user_ids, slugs) -> dict[tuple[int, str], datetime.datetime]:
    rows = ModuleProgress.objects.filter(
        user_id__in=list(user_ids), module_slug__in=list(slugs), completed_at__isnull=False
    ).values_list("user_id", "module_slug", "completed_at")
    return {(user_id, slug): completed_at for user_id, slug, completed_at in rows}
