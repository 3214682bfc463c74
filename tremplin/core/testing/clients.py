"""Logged-in test clients, with the second factor already given for staff who need it."""

from django.test import Client
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice


def verify_second_factor(session, user) -> None:
    """Marks the session as having passed TOTP, as the second-factor page would."""
    device, _ = TOTPDevice.objects.get_or_create(user=user, defaults={"name": "test"})
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()


def logged_in_client(user) -> Client:
    client = Client()
    client.force_login(user)
    if user.requires_second_factor:
        session = client.session
        verify_second_factor(session, user)
    return client
