"""``manage.py check_diagnostic_content [--path DIR]``: validates the framework and the item bank."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from tremplin.diagnostic.bank import content_directory
from tremplin.diagnostic.content import ContentError, answer_leaks, load_content


class Command(BaseCommand):
    help = "Validate content/diagnostic: schema, competences, both languages, parameters, quotas."

    def add_arguments(self, parser):
        parser.add_argument(
            "--path", type=Path, help="content directory (default: the bank in use)"
        )

    def handle(self, *args, path=None, **options):
        directory = path or content_directory()
        try:
            content = load_content(directory)
        except ContentError as error:
            for problem in error.problems:
                self.stderr.write(f"- {problem}")
            raise CommandError(f"{len(error.problems)} problem(s) in {directory}") from error
        leaks = answer_leaks(content)
        for leak in leaks:
            self.stdout.write(self.style.WARNING(f"warning: {leak}"))
        items = content.items.values()
        interactive = sum(item.is_interactive for item in items)
        self.stdout.write(
            self.style.SUCCESS(
                f"{directory}: {len(content.areas)} areas, {len(content.competences)} competences, "
                f"{len(content.items)} items, {interactive} interactive "
                f"({interactive / len(content.items):.0%}); {len(leaks)} answer-leak warning(s)."
            )
        )
