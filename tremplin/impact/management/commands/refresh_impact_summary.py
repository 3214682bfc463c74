"""Rebuilds the summary the whole-organisation impact figures read (decision 0013, « Scale »):
run it daily from cron, next to ``plan_follow_ups``, and after a bulk load. The national
dashboard says as of when."""

from django.core.management.base import BaseCommand

from tremplin.impact import summary
from tremplin.spaces.models import Organisation


class Command(BaseCommand):
    help = "Rebuilds the impact summary of every organisation (or of --organisation SLUG)."

    def add_arguments(self, parser):
        parser.add_argument("--organisation", help="slug of one organisation")

    def handle(self, *args, **options):
        organisations = Organisation.objects.order_by("pk")
        if options["organisation"]:
            organisations = organisations.filter(slug=options["organisation"])
        for organisation in organisations:
            done = summary.refresh(organisation.pk)
            self.stdout.write(f"{organisation.slug}: summary rebuilt in {done.seconds:.1f} s")
