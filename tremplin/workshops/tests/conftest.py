import pytest

from tremplin.core.senders import MemorySmsSender


@pytest.fixture
def sms(settings):
    """The SMS sent during the test, as ``(phone, text)``."""
    settings.SMS_SENDER = "tremplin.core.senders.MemorySmsSender"
    MemorySmsSender.outbox.clear()
    yield MemorySmsSender.outbox
    MemorySmsSender.outbox.clear()


@pytest.fixture(autouse=True)
def french_first(settings):
    """Every test starts in French: a request in English (the language switch) leaves English
    active in the test's thread."""
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)
