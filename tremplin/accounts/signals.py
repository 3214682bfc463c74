"""A second-factor device that is added, changed or removed makes the account's sessions check
their device again (``User.access_version``, ``middleware.VerifiedDeviceMiddleware``)."""

from django.db.models.signals import post_delete, post_save
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from tremplin.accounts.models import User


def _device_changed(sender, instance, **kwargs):
    User.note_access_change(instance.user_id)


def connect() -> None:
    for model in (TOTPDevice, StaticDevice):
        post_save.connect(_device_changed, sender=model, dispatch_uid=f"access-{model.__name__}")
        post_delete.connect(_device_changed, sender=model, dispatch_uid=f"access-{model.__name__}")
