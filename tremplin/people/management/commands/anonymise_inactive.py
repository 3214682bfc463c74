"""Anonymises the people with no activity for N months (GDPR storage limitation).

Run it daily from cron (``manage.py anonymise_inactive``) or with ``--enqueue`` to hand the
work to the task worker (``manage.py db_worker``). Idempotent: anonymised people are skipped.
"""

from django.core.management.base import BaseCommand, CommandError

from tremplin.people.services import anonymise_after_months, anonymise_inactive
from tremplin.people.tasks import anonymise_inactive_people


class Command(BaseCommand):
    help = "Anonymise the people with no activity for N months (default: the setting, 24)."

    def add_arguments(self, parser):
        parser.add_argument("--months", type=int, default=None, help="months without activity")
        parser.add_argument("--dry-run", action="store_true", help="count, change nothing")
        parser.add_argument("--enqueue", action="store_true", help="run as a background task")

    def handle(self, *args, months=None, dry_run=False, enqueue=False, **options):
        if months is not None and months < 1:
            raise CommandError("--months must be at least 1.")
        months = anonymise_after_months() if months is None else months
        if enqueue and not dry_run:
            result = anonymise_inactive_people.enqueue(months=months)
            self.stdout.write(f"Task enqueued: {result.id}")
            return
        ids = anonymise_inactive(months=months, dry_run=dry_run)
        verb = "would be anonymised" if dry_run else "anonymised"
        self.stdout.write(f"{len(ids)} people inactive for {months} months {verb}.")
