import pytest
from django.core.cache import cache

from tremplin.learning import content


@pytest.fixture(autouse=True)
def _fresh_content_cache():
    """Each test reads the content tree it points at; the real tree is read again afterwards.
    The cache (failed codes per address) starts empty too."""
    content.clear_cache()
    cache.clear()
    yield
    content.clear_cache()
    cache.clear()
