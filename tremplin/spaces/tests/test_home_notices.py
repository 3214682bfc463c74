import pytest

from tremplin.core.testing.clients import logged_in_client
from tremplin.spaces import home

pytestmark = pytest.mark.django_db


@pytest.fixture
def a_notice_for_coordinators(personas):
    def provider(user):
        if user != personas.coordinator:
            return []
        return [home.Notice(title="Stock bas : carte SIM", url="/staff/", is_urgent=True)]

    home.register(provider)
    yield
    home._providers.remove(provider)


def test_the_staff_home_shows_what_each_app_asks_its_user_to_watch(
    personas, a_notice_for_coordinators
):
    assert "Stock bas : carte SIM" in logged_in_client(personas.coordinator).get("/staff/").text
    assert "Stock bas" not in logged_in_client(personas.volunteer).get("/staff/").text


def test_urgent_notices_come_first(personas, a_notice_for_coordinators):
    home.register(calm := lambda user: [home.Notice(title="Pour info", url="/")])
    try:
        titles = [notice.title for notice in home.notices_for(personas.coordinator)]
        assert titles.index("Stock bas : carte SIM") < titles.index("Pour info")
    finally:
        home._providers.remove(calm)
