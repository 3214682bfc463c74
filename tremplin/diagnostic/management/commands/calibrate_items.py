"""``manage.py calibrate_items [--min-responses 200] [--dry-run]``: re-estimates item parameters
from recorded answers and reports which items moved. New values go to ItemCalibration, which
overrides the content files when the bank is loaded (web processes pick them up on restart)."""

from django.core.management.base import BaseCommand

from tremplin.diagnostic.calibration import estimate_items, save_estimates


class Command(BaseCommand):
    help = "Re-estimate 2PL item parameters from recorded answers."

    def add_arguments(self, parser):
        parser.add_argument("--min-responses", type=int, default=200)
        parser.add_argument("--dry-run", action="store_true", help="report only, save nothing")

    def handle(self, *args, min_responses=200, dry_run=False, **options):
        estimates = estimate_items(min_responses=min_responses)
        moved = [estimate for estimate in estimates if estimate.moved]
        self.stdout.write(
            f"{len(estimates)} item(s) with at least {min_responses} answers; {len(moved)} moved."
        )
        for e in moved:
            self.stdout.write(
                f"  {e.item_id}: a {e.old_a:.2f} → {e.new_a:.2f}, b {e.old_b:.2f} → {e.new_b:.2f}"
                f" ({e.responses} answers)"
            )
        if dry_run:
            self.stdout.write("Dry run: nothing saved.")
            return
        save_estimates(estimates)
        self.stdout.write(self.style.SUCCESS(f"{len(estimates)} calibration(s) saved."))
