"""Creates the demo network: every installed Tremplin app adds its part from ``<app>/demo.py``.

Each ``demo.seed(network)`` is idempotent and receives the same ``DemoNetwork`` object, which
carries the random generator (fixed seed: the same demo every time), Faker in French, the
organisation and the objects earlier apps made (``network.spaces``, ``network.accounts``…).
"""

import random
from importlib import import_module
from importlib.util import find_spec
from types import SimpleNamespace

from django.apps import apps
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from faker import Faker

DEMO_SEED = 20261126


class Command(BaseCommand):
    help = "Create the demo network (refused with DEBUG off unless --force)."

    def add_arguments(self, parser):
        parser.add_argument("--force", action="store_true", help="allow with DEBUG off")
        parser.add_argument(
            "--if-empty", action="store_true", help="do nothing when the database has accounts"
        )

    def handle(self, *args, force=False, if_empty=False, **options):
        if not settings.DEBUG and not force:
            raise CommandError(
                "seed_demo creates accounts with a public password: refused with DEBUG off. "
                "Use --force for a demonstration server."
            )
        if if_empty and get_user_model().objects.exists():
            self.stdout.write("Database not empty: demo network not created.")
            return
        faker = Faker("fr_FR")
        faker.seed_instance(DEMO_SEED)
        network = SimpleNamespace(rng=random.Random(DEMO_SEED), faker=faker, stdout=self.stdout)
        with transaction.atomic():
            for config in apps.get_app_configs():
                if not config.name.startswith("tremplin.") or not find_spec(f"{config.name}.demo"):
                    continue
                import_module(f"{config.name}.demo").seed(network)
        self.stdout.write(self.style.SUCCESS("Demo network ready. Password: tremplin-demo"))
