import pytest

from tremplin.diagnostic import bank
from tremplin.diagnostic.tests.factories import write_content


@pytest.fixture(autouse=True)
def _default_organisation(settings):
    """A test taken alone from no known place belongs to the organisation of the personas (they
    have two organisations, and nothing would say which)."""
    settings.TREMPLIN_DEFAULT_ORGANISATION = "reseau-tremplin"


@pytest.fixture
def small_bank(settings, tmp_path, db):
    """A small valid bank on disk, in place of the real one, for the pages and services."""
    settings.TREMPLIN_DIAGNOSTIC_CONTENT = write_content(tmp_path / "diagnostic", per_area=4)
    bank.reload()
    yield bank.current()
    bank.reload()


@pytest.fixture
def bank_of(settings, tmp_path, small_bank):
    """``bank_of("text")``: replaces the small bank with one made only of these item types."""

    def use(*types):
        settings.TREMPLIN_DIAGNOSTIC_CONTENT = write_content(tmp_path / "only", types=types)
        bank.reload()
        return bank.current()

    return use
