import pytest

from tremplin.learning import content


@pytest.fixture(autouse=True)
def _fresh_content_cache():
    """Each test reads the content tree it points at; the real tree is read again afterwards."""
    content.clear_cache()
    yield
    content.clear_cache()
