"""Pluggable SMS senders. Email goes through Django's own EMAIL_BACKEND.

A sender is a class with ``send(phone: str, text: str) -> None``; settings.SMS_SENDER names it.
Production plugs a provider's class here without touching the apps that send reminders.
"""

import sys

from django.conf import settings
from django.utils.module_loading import import_string


class ConsoleSmsSender:
    """Writes the message to standard output: development and demonstration."""

    def send(self, phone: str, text: str) -> None:
        sys.stdout.write(f"SMS to {phone}: {text}\n")


class MemorySmsSender:
    """Keeps the messages in ``outbox``, like Django's locmem email backend, for tests."""

    outbox: list[tuple[str, str]] = []

    def send(self, phone: str, text: str) -> None:
        self.outbox.append((phone, text))


def send_sms(phone: str, text: str) -> None:
    import_string(settings.SMS_SENDER)().send(phone, text)
