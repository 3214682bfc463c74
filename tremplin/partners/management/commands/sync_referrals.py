"""Moves open referrals to the step their person's records show (a diagnostic, a first
attendance, a certificate, a cohort's hours), and with ``--digest`` sends the daily digests.
Idempotent: a second run moves and sends nothing more."""

from django.core.management.base import BaseCommand
from django.db import transaction

from tremplin.partners.models import Referral
from tremplin.partners.services import reached_from_records, send_daily_digests, sync_referrals


class Command(BaseCommand):
    help = "Follow the records of the activity apps on open referrals; --digest sends digests."

    def add_arguments(self, parser):
        parser.add_argument("--digest", action="store_true", help="also send the daily digests")
        parser.add_argument("--dry-run", action="store_true", help="count, change nothing")

    def handle(self, *args, digest=False, dry_run=False, **options):
        referrals = Referral.objects.all()
        if dry_run:
            rows = referrals.open().values_list("pk", "person_id", "sent_at")
            with transaction.atomic():
                found = reached_from_records(list(rows))
            self.stdout.write(f"{len(found)} referrals have a later step in the records")
            return
        self.stdout.write(f"{sync_referrals(referrals)} referrals moved")
        if digest:
            self.stdout.write(f"{send_daily_digests()} digests sent")
