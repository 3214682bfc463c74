"""Accounts services: limits on guessing short secrets per address, second-factor care."""

from datetime import datetime, timedelta

from django.db import transaction
from django.db.models import Count
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from tremplin.accounts.models import FailedAttempt, SecurityEvent, User

# Rows older than this count towards no limit any more.
FAILED_ATTEMPT_RETENTION = timedelta(days=1)
BACKUP_CODE_COUNT = 10


def keyed_hash(value: str) -> str:
    """A stable, secret-keyed digest: equal values match, the value itself is not kept."""
    return salted_hmac("tremplin.accounts.failed-attempt", value).hexdigest()


def note_failed_attempt(
    scope: str, *, address: str, key: str = "", now: datetime | None = None
) -> FailedAttempt:
    """Records one wrong guess from ``address`` (``key``: what it was for, e.g. a username)
    and forgets the rows that no window counts any more."""
    now = now or timezone.now()
    FailedAttempt.objects.filter(at__lt=now - FAILED_ATTEMPT_RETENTION).delete()
    return FailedAttempt.objects.create(
        scope=scope,
        address=keyed_hash(address),
        key=keyed_hash(key) if key else "",
        at=now,
    )


def failed_attempts_from(
    scope: str,
    *,
    address: str,
    window: timedelta,
    distinct_keys: bool = False,
    now: datetime | None = None,
) -> int:
    """Wrong guesses from ``address`` in the last ``window``; with ``distinct_keys``, how many
    different usernames they were for (one person mistyping counts once per username)."""
    now = now or timezone.now()
    rows = FailedAttempt.objects.filter(
        scope=scope, address=keyed_hash(address), at__gte=now - window
    )
    if distinct_keys:
        return rows.aggregate(keys=Count("key", distinct=True))["keys"]
    return rows.count()


def forget_failed_attempts(scope: str, *, key: str) -> int:
    """Drops the wrong guesses made for ``key`` (after a success, or when staff lift a lock)."""
    deleted, _by_model = FailedAttempt.objects.filter(scope=scope, key=keyed_hash(key)).delete()
    return deleted


# ---------------------------------------------------------------------------------------------
# Second factor


@transaction.atomic
def issue_backup_codes(user: User) -> list[str]:
    """Replaces the user's backup codes with ``BACKUP_CODE_COUNT`` new single-use codes and
    returns them, to show once (django-otp keeps them; each works once on the second-factor
    page, for a lost or broken phone)."""
    device, _created = StaticDevice.objects.get_or_create(
        user=user, name="Codes de secours", defaults={"confirmed": True}
    )
    device.token_set.all().delete()
    codes = [StaticToken.random_token() for _index in range(BACKUP_CODE_COUNT)]
    StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
    return codes


@transaction.atomic
def reset_second_factor(
    target: User, *, by: User, organisation, now: datetime | None = None
) -> SecurityEvent:
    """Removes the target's authenticator app and backup codes: at the next login they enrol a
    new phone. Journaled in ``SecurityEvent``. The caller checks that ``by`` may do it."""
    TOTPDevice.objects.filter(user=target).delete()
    StaticDevice.objects.filter(user=target).delete()
    return SecurityEvent.objects.create(
        organisation=organisation,
        actor=by,
        target=target,
        action=SecurityEvent.Action.SECOND_FACTOR_RESET,
        at=now or timezone.now(),
    )
