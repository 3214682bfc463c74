import gc
import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tremplin.settings")
application = get_wsgi_application()

# The learning content is parsed once per process; parse it now, then take every object alive
# out of the garbage collector's watch: its full collections walked them all and paused a
# worker for up to a second every few hundred requests (README, performance).
from tremplin.learning import content  # noqa: E402

for language in content.LANGUAGES:
    content.catalogue(language)
gc.freeze()
