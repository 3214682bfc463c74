"""Deletes the login records of django-axes older than N days (GDPR storage limitation).

django-axes keeps every login attempt, success and failure (username, address, browser)
forever. Run this daily from cron (``manage.py purge_access_log``) or with ``--enqueue`` to hand
the work to the task worker. Idempotent: a second run finds nothing left to delete.
"""

from django.core.management.base import BaseCommand, CommandError

from tremplin.people.services import access_log_retention_days, purge_access_log
from tremplin.people.tasks import purge_old_access_log


class Command(BaseCommand):
    help = "Delete the login records older than N days (default: the setting, 30)."

    def add_arguments(self, parser):
        parser.add_argument("--days", type=int, default=None, help="days to keep")
        parser.add_argument("--dry-run", action="store_true", help="count, change nothing")
        parser.add_argument("--enqueue", action="store_true", help="run as a background task")

    def handle(self, *args, days=None, dry_run=False, enqueue=False, **options):
        if days is not None and days < 1:
            raise CommandError("--days must be at least 1.")
        days = access_log_retention_days() if days is None else days
        if enqueue and not dry_run:
            result = purge_old_access_log.enqueue(days=days)
            self.stdout.write(f"Task enqueued: {result.id}")
            return
        counts = purge_access_log(days=days, dry_run=dry_run)
        verb = "would be deleted" if dry_run else "deleted"
        details = ", ".join(f"{label} {count}" for label, count in counts.items())
        self.stdout.write(
            f"{sum(counts.values())} login records older than {days} days {verb} ({details})."
        )
