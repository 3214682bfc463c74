from decimal import Decimal

import pytest
from django.core.management import call_command

from tremplin.spaces import places
from tremplin.spaces.hours import describe_opening_hours, parse_opening_hours
from tremplin.spaces.services import find_spaces_near
from tremplin.spaces.tests.factories import make_organisation, make_space


@pytest.fixture
def spaces(db):
    organisation = make_organisation()
    return {
        "strasbourg": make_space(
            organisation,
            name="Neudorf",
            postcode="67100",
            town="Strasbourg",
            latitude=Decimal("48.57000"),
            longitude=Decimal("7.76000"),
        ),
        "schiltigheim": make_space(
            organisation,
            name="Schilick",
            postcode="67300",
            town="Schiltigheim",
            latitude=Decimal("48.60660"),
            longitude=Decimal("7.74960"),
        ),
        "saint-etienne": make_space(
            organisation,
            name="Beaubrun",
            postcode="42000",
            town="Saint-Étienne",
            latitude=Decimal("45.44000"),
            longitude=Decimal("4.38000"),
        ),
        "closed": make_space(
            organisation, name="Fermé", postcode="67100", town="Strasbourg", is_active=False
        ),
    }


def _names(found) -> list[str]:
    return [near.space.name for near in found]


def test_a_postcode_finds_the_town_first_then_the_nearest(spaces):
    found = find_spaces_near("67100")
    assert _names(found) == ["Neudorf", "Schilick", "Beaubrun"]
    assert found[0].is_same_town and found[0].distance_km == 0
    assert 0 < found[1].distance_km < 20 < found[2].distance_km


def test_a_town_is_found_without_accents_or_hyphens(spaces):
    assert _names(find_spaces_near("saint etienne"))[0] == "Beaubrun"


@pytest.mark.parametrize(
    ("typed", "nearest"),
    [
        ("Strasbourgg", "Neudorf"),
        ("strasbourg", "Neudorf"),
        ("SCHILTIGHEIM", "Schilick"),
        ("68100", "Neudorf"),  # Mulhouse: no space in Haut-Rhin, Strasbourg is the nearest
        ("57000", "Schilick"),  # Metz: northern Strasbourg is a little nearer
        ("St-Étienne", "Beaubrun"),
        ("saint etiene", "Beaubrun"),
        ("69007", "Beaubrun"),  # Lyon is nearer Saint-Étienne than Strasbourg
    ],
)
def test_any_french_postcode_or_town_finds_the_nearest_place(spaces, typed, nearest):
    assert _names(find_spaces_near(typed))[0] == nearest


def test_a_town_stands_where_it_is_not_at_its_prefecture(spaces):
    # Sélestat is 45 km from Strasbourg; its prefecture would say 0 km (Strasbourg itself).
    assert 35 < find_spaces_near("67600")[0].distance_km < 55
    # Haguenau (67500) is nearer Schiltigheim than the south of Strasbourg.
    assert _names(find_spaces_near("Haguenau"))[:2] == ["Schilick", "Neudorf"]


def test_a_village_without_its_own_position_stands_at_its_postcode(db):
    village = places.find_commune("Albé")  # 473 people, in the valley of Villé
    assert village.placed == "postcode"
    # About 40 km south-west of Strasbourg, not 0 km (the prefecture).
    strasbourg = places.find_commune("Strasbourg")
    assert 30 < places.distance_km(places.position_of(village), places.position_of(strasbourg)) < 55


def test_every_commune_with_a_department_has_a_position():
    placed = [commune for commune in places.communes() if places.position_of(commune)]
    unplaced = [c for c in places.communes() if not places.position_of(c)]
    # Only the overseas collectivities of Saint-Pierre-et-Miquelon and the Pacific are left out.
    assert {commune.department for commune in unplaced} <= {
        "975",
        "977",
        "978",
        "986",
        "987",
        "988",
        "989",
    }
    own = [commune for commune in placed if commune.placed == "commune"]
    assert len(own) > 14_000 and len(placed) > 34_800


def test_every_commune_is_found_by_its_name_and_by_each_of_its_postcodes():
    for commune in places.communes()[::7]:
        assert commune in places.find_communes(commune.name), commune
        named = places.find_communes(commune.name)
        assert named == sorted(named, key=lambda c: -c.population), commune
        for postcode in commune.postcodes:
            served = places.communes_for_postcode(postcode)
            assert commune in served and all(postcode in c.postcodes for c in served), postcode


def test_a_malformed_postcode_finds_nothing():
    for typed in ("6710", "671000", "67 100", "６７１００"):
        assert places.communes_for_postcode(typed) == [], typed


def test_among_homonyms_the_town_of_a_space_wins(db):
    organisation = make_organisation()
    make_space(organisation, name="Basilique", postcode="93200", town="Saint-Denis")
    make_space(organisation, name="Neudorf", postcode="67100", town="Strasbourg")
    for typed in ("St-Denis", "saint denis", "93200"):
        found = find_spaces_near(typed)
        assert found[0].space.name == "Basilique" and found[0].is_same_town, typed


def test_a_place_that_is_no_french_commune_finds_nothing(spaces):
    assert find_spaces_near("Zzyzx") == []
    assert find_spaces_near("00000") == []


def test_directory_page_lists_public_spaces_without_an_account(client, spaces):
    response = client.get("/places/", {"where": "Strasbourg"})
    assert response.status_code == 200
    assert "Neudorf" in response.text
    assert "Fermé" not in response.text


def test_directory_explains_an_empty_search(client, spaces):
    response = client.get("/places/", {"where": ""})
    assert "Écrivez un code postal" in response.text


def test_directory_space_page_shows_opening_hours_in_words(client, spaces):
    response = client.get(f"/places/{spaces['strasbourg'].pk}/")
    assert "Lundi" in response.text and "9 h – 12 h" in response.text
    assert client.get(f"/places/{spaces['closed'].pk}/").status_code == 404


def test_opening_hours_follow_the_openstreetmap_syntax():
    assert parse_opening_hours("Mo-We,Fr 09:00-12:00; Sa 10:00-12:30") == [
        (["Mo", "Tu", "We", "Fr"], [("09:00", "12:00")]),
        (["Sa"], [("10:00", "12:30")]),
    ]
    assert describe_opening_hours("Sa 10:00-12:30")[0]["ranges"] == ["10 h – 12 h 30"]


@pytest.mark.parametrize("text", ["Lundi 9h-12h", "Mo 12:00-09:00", "Mo-Fr 25:00-26:00"])
def test_unreadable_opening_hours_are_refused(text, db):
    from django.core.exceptions import ValidationError

    space = make_space()
    space.opening_hours = text
    with pytest.raises(ValidationError):
        space.full_clean()


def test_phone_numbers_are_shown_the_french_way(client, spaces):
    spaces["strasbourg"].phone = "+33388000001"
    spaces["strasbourg"].save()
    page = client.get(f"/places/{spaces['strasbourg'].pk}/").text
    assert "03 88 00 00 01" in page
    assert 'href="tel:+33388000001"' in page


def test_a_search_that_finds_nothing_says_so_in_words(client, spaces):
    page = client.get("/places/", {"where": "Zzyzx"}).text
    assert "Aucun lieu trouvé" in page
    assert "0 lieux" not in page
    assert "Vérifiez l'orthographe" in page
    assert "3 lieux près de Saint-Étienne" in client.get("/places/", {"where": "42000"}).text


def test_a_typo_still_finds_places_with_their_distance(client, spaces):
    page = client.get("/places/", {"where": "marseile"}).text
    assert "près de Marseille" in page
    assert "À environ" in page


def test_an_enhanced_search_gets_only_the_results(client, spaces):
    response = client.get("/places/", {"where": "67100"}, headers={"X-Tremplin-Fragment": "1"})
    assert "<html" not in response.text
    assert "Neudorf" in response.text and "près de Strasbourg" in response.text


def test_a_place_page_leads_to_the_workshops_of_that_place(client, personas):
    page = client.get(f"/places/{personas.nancy.pk}/").content.decode()
    assert f"/workshops/?space={personas.nancy.pk}" in page


@pytest.fixture
def fresh_places_index(settings, tmp_path):
    """The places search with an empty data directory, then again as the other tests had it."""
    settings.VAR_DIR = tmp_path
    places._table.cache_clear()
    yield tmp_path
    places._table.cache_clear()


def test_the_first_search_builds_the_places_index_when_the_release_did_not(fresh_places_index):
    assert not places.index_path().exists()
    assert places.find_commune("67100").name == "Strasbourg"
    assert places.index_path().exists()
    assert places.index_path().parent == fresh_places_index / "places"


def test_the_release_command_writes_the_index_the_search_maps(fresh_places_index):
    call_command("build_places_index", verbosity=0)
    written = places.index_path().stat().st_mtime_ns
    assert [c.name for c in places.find_communes("Saint-Denis")][:2] == ["Saint-Denis"] * 2
    assert places.index_path().stat().st_mtime_ns == written  # mapped, not written again


def test_an_index_written_by_another_version_is_refused(fresh_places_index):
    path = places.write_index(places.index_path())
    content = bytearray(path.read_bytes())
    content[8:40] = content[8:40].replace(b'"format": 1', b'"format": 0')
    path.write_bytes(bytes(content))
    with pytest.raises(ValueError, match="another version"):
        places.find_commune("Strasbourg")
