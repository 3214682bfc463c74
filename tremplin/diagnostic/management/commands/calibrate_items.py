"""``manage.py calibrate_items [--min-responses 200] [--dry-run]``: re-estimates item parameters
from recorded answers by marginal maximum likelihood (``calibration.py``), reports which items
moved and which fail the fit or local-dependence checks (those are not applied), and updates the
exposure control. New values go to ItemCalibration and ItemExposure, which the bank lays over the
content files when it loads (web processes pick them up on restart)."""

from django.core.management.base import BaseCommand

from tremplin.diagnostic.calibration import estimate_items, save_estimates, update_exposure


class Command(BaseCommand):
    help = "Re-estimate item parameters (MML-EM) and the exposure control from recorded answers."

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
        for e in estimates:
            if not e.fits:
                reason = (
                    f"locally dependent with {e.dependent_on}"
                    if e.dependent_on
                    else f"misfit (RMSD {e.rmsd:.3f})"
                )
                self.stdout.write(f"  not applied: {e.item_id}, {reason}")
        if dry_run:
            self.stdout.write("Dry run: nothing saved.")
            return
        applied = save_estimates(estimates)
        self.stdout.write(self.style.SUCCESS(f"{len(applied)} calibration(s) saved."))
        keep = update_exposure()
        if keep is None:
            self.stdout.write("Exposure control: too few sittings since the last update.")
        else:
            self.stdout.write(f"Exposure control: {len(keep)} item(s) asked less often.")
