"""The login records of django-axes are kept TREMPLIN_ACCESS_LOG_RETENTION_DAYS, then deleted."""

import datetime

import pytest
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone

from tremplin.people.services import purge_access_log
from tremplin.people.tasks import purge_old_access_log

pytestmark = pytest.mark.django_db

NOW = datetime.datetime(2026, 11, 26, 10, 0, tzinfo=datetime.UTC)
MODELS = (AccessAttempt, AccessFailureLog, AccessLog)


def _record(model, *, days_ago: int, now=NOW):
    extra = {"failures_since_start": 1} if model is AccessAttempt else {}
    row = model.objects.create(
        username=f"zephyrine-{days_ago}", ip_address="192.0.2.7", user_agent="Firefox", **extra
    )
    model.objects.filter(pk=row.pk).update(attempt_time=now - datetime.timedelta(days=days_ago))


@pytest.fixture
def records():
    for model in MODELS:
        _record(model, days_ago=29)
        _record(model, days_ago=31)


def test_records_older_than_the_retention_are_deleted_and_recent_ones_kept(records):
    counts = purge_access_log(now=NOW)
    assert counts == {"axes.AccessAttempt": 1, "axes.AccessFailureLog": 1, "axes.AccessLog": 1}
    for model in MODELS:
        assert model.objects.count() == 1


def test_the_retention_is_a_setting(records, settings):
    settings.TREMPLIN_ACCESS_LOG_RETENTION_DAYS = 7
    assert sum(purge_access_log(now=NOW).values()) == 6


def test_a_dry_run_counts_and_deletes_nothing(records):
    assert sum(purge_access_log(now=NOW, dry_run=True).values()) == 3
    assert sum(model.objects.count() for model in MODELS) == 6


def test_the_task_purges(records):
    result = purge_old_access_log.enqueue(now=NOW.isoformat())
    assert sum(result.return_value.values()) == 3


def test_the_command_is_idempotent_and_has_a_dry_run(capsys):
    now = timezone.now()
    for model in MODELS:
        _record(model, days_ago=40, now=now)
    call_command("purge_access_log", "--dry-run")
    assert "3 login records older than 30 days would be deleted" in capsys.readouterr().out
    call_command("purge_access_log")
    call_command("purge_access_log")
    output = capsys.readouterr().out.splitlines()
    assert output[0].startswith("3 login records older than 30 days deleted")
    assert output[1].startswith("0 login records")


def test_the_command_refuses_a_period_under_one_day():
    with pytest.raises(CommandError):
        call_command("purge_access_log", "--days", "0")
