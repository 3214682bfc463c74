"""A staff role or an affiliation that is added, changed or removed makes the account's sessions
read their scope again (``User.access_version``, ``middleware.SessionScopeMiddleware``). A space
saved or deleted makes the public pages that list spaces render again (``core.page_cache``)."""

from django.db.models.signals import post_delete, post_save

from tremplin.accounts.models import User
from tremplin.core import page_cache
from tremplin.spaces.models import Affiliation, Membership, Space


def _scope_changed(sender, instance, **kwargs):
    User.note_access_change(instance.user_id)


def connect() -> None:
    page_cache.track(Space, "spaces")
    for model in (Membership, Affiliation):
        post_save.connect(_scope_changed, sender=model, dispatch_uid=f"scope-{model.__name__}")
        post_delete.connect(_scope_changed, sender=model, dispatch_uid=f"scope-{model.__name__}")
