"""The rate-limit helper: counts per key and window, in the cache every worker shares."""

import pytest
from django.core.cache import cache

from tremplin.core import ratelimit

pytestmark = pytest.mark.django_db

HOUR = 3600
START = 1_800_000_000.0  # a multiple of the window: the window starts here


@pytest.fixture(autouse=True)
def _empty_cache():
    cache.clear()


def test_the_default_cache_is_the_database_table_shared_by_workers(settings):
    assert settings.CACHES["default"]["BACKEND"].endswith("db.DatabaseCache")


def test_hits_are_allowed_up_to_the_limit_then_refused():
    results = [ratelimit.hit("a", 3, HOUR, now=START + second) for second in range(5)]
    assert results == [True, True, True, False, False]


def test_each_key_has_its_own_count():
    assert ratelimit.hit("a", 1, HOUR, now=START)
    assert ratelimit.hit("b", 1, HOUR, now=START)
    assert not ratelimit.hit("a", 1, HOUR, now=START + 1)


def test_the_count_starts_again_with_the_next_window():
    assert ratelimit.hit("a", 1, HOUR, now=START)
    assert not ratelimit.hit("a", 1, HOUR, now=START + HOUR - 1)
    assert ratelimit.hit("a", 1, HOUR, now=START + HOUR)


def test_keys_of_any_text_fit_the_cache():
    assert ratelimit.hit("adresse:" + "\u00e9" * 1000 + "\ud800", 1, HOUR, now=START)
