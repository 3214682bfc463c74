import pytest

from tremplin.core.senders import MemorySmsSender


@pytest.fixture
def sms(settings):
    """The SMS sent during the test, as ``(phone, text)``."""
    settings.SMS_SENDER = "tremplin.core.senders.MemorySmsSender"
    MemorySmsSender.outbox.clear()
    yield MemorySmsSender.outbox
    MemorySmsSender.outbox.clear()
