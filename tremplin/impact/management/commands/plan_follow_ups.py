"""Plans the 3- and 6-month follow-ups of the cohorts and pathways that ended (idempotent: run
it daily from cron, next to anonymisation)."""

from django.core.management.base import BaseCommand

from tremplin.impact.services import plan_follow_ups


class Command(BaseCommand):
    help = "Plans the 3- and 6-month follow-ups of cohorts and pathways that ended."

    def handle(self, *args, **options):
        added = plan_follow_ups()
        self.stdout.write(f"{added} follow-ups planned")
