from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from tremplin.learning import content, guides, timing
from tremplin.learning.validation import answer_warnings, check_tree


class Command(BaseCommand):
    help = (
        "Validate the learning content (content/learning): schema, references, translations, "
        "weight; warn about answers that length or place give away; print each pathway's "
        "estimated learner time; check the workshop guides (content/learning/guides) and print each "
        "course's total: online + workshops."
    )

    def add_arguments(self, parser):
        parser.add_argument("--root", help="content folder (default: content/learning)")

    def handle(self, *args, root=None, **options):
        root = Path(root) if root else content.content_root()
        problems = check_tree(root)
        workshop_guides = guides.read_guides(root)
        problems += workshop_guides.problems
        for warning in answer_warnings(root):
            self.stdout.write(self.style.WARNING(f"  warning: {warning}"))
        for problem in problems:
            self.stderr.write(f"  {problem}")
        if problems:
            raise CommandError(f"{len(problems)} problem(s) in {root}")
        tree = content.read_tree(root)
        self.stdout.write(
            self.style.SUCCESS(
                f"Learning content OK: {len(tree.pathways)} pathway(s), "
                f"{len(tree.modules)} module(s), {len(tree.pages) // 2} page(s)."
            )
        )
        for line in timing.pathway_report(tree):
            self.stdout.write(f"  {line}")
        if workshop_guides.slugs:
            self.stdout.write(f"  {len(workshop_guides.slugs)} workshop guide(s) OK.")
        for line in guides.course_report(workshop_guides):
            self.stdout.write(f"  {line}")
