"""Writes the index of the communes that the places search maps in memory (``spaces.places``).

Run once per release, before the web workers start (``make setup`` does): otherwise the first
worker that answers a places search builds it, and keeps the memory that took.
"""

from django.core.management.base import BaseCommand

from tremplin.spaces import places


class Command(BaseCommand):
    help = "Write the index of the communes used by the places search (once per release)."

    def handle(self, *args, **options):
        path = places.write_index(places.index_path())
        if options["verbosity"]:
            self.stdout.write(f"Places index written: {path}")
