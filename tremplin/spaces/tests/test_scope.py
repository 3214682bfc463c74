"""Every role against every space-scoped page: out of scope answers 404, never 403."""

import pytest

from conftest import ROLES


def space_urls(personas):
    return {
        "staff_home": "/staff/",
        "strasbourg_space": f"/staff/spaces/{personas.strasbourg.pk}/",
        "partner_home": "/partner/",
        "funder_home": "/funder/",
    }


EXPECTED = {
    # role: pages answered 200; every other page answers 404
    "admin": {"staff_home", "strasbourg_space"},
    "coordinator": {"staff_home", "strasbourg_space"},
    "mediator": {"staff_home", "strasbourg_space"},
    "volunteer": {"staff_home", "strasbourg_space"},
    "outsider": {"staff_home"},
    "partner": {"partner_home"},
    "funder": {"funder_home"},
    "learner": set(),
}


@pytest.mark.parametrize("role", ROLES)
def test_space_pages_answer_404_outside_the_users_scope(personas, client_for, role):
    client = client_for(role)
    for page, url in space_urls(personas).items():
        expected = 200 if page in EXPECTED[role] else 404
        assert client.get(url).status_code == expected, f"{role} on {page}"


def test_only_coordinators_see_the_team_of_their_space(personas, client_for):
    team_member = personas.volunteer.get_full_name()
    url = f"/staff/spaces/{personas.strasbourg.pk}/"
    assert team_member in client_for("coordinator").get(url).text
    assert team_member not in client_for("mediator").get(url).text


def test_staff_home_lists_only_the_users_spaces(personas, client_for):
    page = client_for("outsider").get("/staff/").text
    assert "Tremplin Marseille" in page
    assert "Tremplin Strasbourg" not in page


def test_funder_sees_counts_with_small_ones_hidden(personas, client_for):
    page = client_for("funder").get("/funder/").text
    assert "moins de 5" in page  # three volunteers in the test network
    assert personas.volunteer.last_name not in page


def test_the_staff_menu_shows_people_pages_only_to_space_staff(client_for):
    assert 'href="/people/"' in client_for("volunteer").get("/staff/").text
    for role in ("partner", "funder"):
        home = client_for(role).get(f"/{role}/").text
        assert 'href="/people/"' not in home
        assert "Tableau de bord" in home
