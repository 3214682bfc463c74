"""What space pages show to whom (who reaches which page is the project-wide permission matrix)."""


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
    # The funder's figures live in the impact app; the old address leads there.
    assert client_for("funder").get("/funder/")["Location"] == "/impact/"
    page = client_for("funder").get("/impact/").text
    assert "&lt; 5" in page  # three volunteers in the test network
    assert personas.volunteer.last_name not in page


def test_the_staff_menu_shows_people_pages_only_to_space_staff(client_for):
    assert 'href="/people/"' in client_for("volunteer").get("/staff/").text
    for role in ("partner", "funder"):
        home = client_for(role).get({"partner": "/partners/", "funder": "/impact/"}[role]).text
        assert 'href="/people/"' not in home
        assert "Tableau de bord" in home
