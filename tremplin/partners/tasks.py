"""Background work of the partners app (django-tasks): thin wrappers around services. The
``sync_referrals`` command runs them (cron: hourly for the steps, daily for the digest)."""

from datetime import datetime

from django_tasks import task

from tremplin.partners.models import Referral
from tremplin.partners.services import send_daily_digests, sync_referrals


@task()
def sync_all_referrals(now: str | None = None) -> int:
    """Moves every open referral to the step its person's records show. Returns how many
    moved."""
    moment = datetime.fromisoformat(now) if now else None
    return sync_referrals(Referral.objects.all(), now=moment)


@task()
def send_referral_digests(now: str | None = None) -> int:
    """Sends the daily digests of status changes; returns how many e-mails left."""
    moment = datetime.fromisoformat(now) if now else None
    return send_daily_digests(now=moment)
