"""Sends the workshop reminders that are due: 48 h before a session and on its morning.

Run it every hour from cron (``manage.py send_reminders``), or with ``--enqueue`` to hand the
work to the task worker (``manage.py db_worker``). Idempotent: a reminder is sent once per
booking and kind, even if two runs overlap.
"""

from django.core.management.base import BaseCommand

from tremplin.workshops.services import due_reminders, send_due_reminders
from tremplin.workshops.tasks import send_workshop_reminders


class Command(BaseCommand):
    help = "Send the workshop reminders that are due (48 hours before, and the morning of)."

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="count, send nothing")
        parser.add_argument("--enqueue", action="store_true", help="run as a background task")

    def handle(self, *args, dry_run=False, enqueue=False, **options):
        if dry_run:
            self.stdout.write(f"{len(due_reminders())} reminders would be sent.")
            return
        if enqueue:
            result = send_workshop_reminders.enqueue()
            self.stdout.write(f"Task enqueued: {result.id}")
            return
        self.stdout.write(f"{send_due_reminders()} reminders sent.")
