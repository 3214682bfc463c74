import pytest
from django.utils import translation

from tremplin.learning import content


@pytest.fixture(autouse=True)
def _fresh_content_cache():
    """Each test reads the content tree it points at; the real tree is read again afterwards."""
    content.clear_cache()
    yield
    content.clear_cache()


@pytest.fixture(autouse=True)
def _french():
    """Texts built outside a request (grades, forms) are read in French, whatever language a
    request of an earlier test on the same worker left active."""
    with translation.override("fr"):
        yield
