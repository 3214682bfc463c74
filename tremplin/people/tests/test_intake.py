import pytest

from tremplin.people.models import ConsentEntry, JournalEntry, Person
from tremplin.people.tests.factories import make_consent_text, make_person

pytestmark = pytest.mark.django_db


def intake_data(space, **overrides) -> dict:
    data = {
        "home_space": str(space.pk),
        "first_name": "Zéphyrine",
        "last_name": "Quintavalle",
        "birth_year": "1978",
        "phone": "06 12 34 56 78",
        "email": "",
        "postcode": "67100",
        "town": "Strasbourg",
        "languages": ["fr", "ar"],
        "housing": "precarious",
        "equipment": ["smartphone"],
        "connectivity": ["mobile"],
        "came_through": "walk_in",
        "goals": ["job", "procedures"],
        "has_consent": "on",
        "consent_channel": "spoken",
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


@pytest.fixture
def consent_text(personas):
    return make_consent_text(personas.organisation, version="2026-01")


def test_intake_saves_the_person_with_consent_and_journal(client_for, personas, consent_text):
    response = client_for("volunteer").post("/people/new/", intake_data(personas.strasbourg))
    person = Person.objects.get()
    assert response.status_code == 302
    assert response["Location"] == person.get_absolute_url()
    assert person.phone == "+33612345678"
    assert person.search_name == "zephyrine quintavalle"
    assert person.languages == ["fr", "ar"]
    assert person.created_by == personas.volunteer
    consent = person.consents.get()
    assert consent.text == consent_text
    assert consent.channel == ConsentEntry.Channel.SPOKEN
    assert consent.recorded_by == personas.volunteer
    assert person.journal.filter(action=JournalEntry.Action.CREATE).count() == 1


def test_intake_without_consent_saves_nothing(client_for, personas, consent_text):
    response = client_for("volunteer").post(
        "/people/new/", intake_data(personas.strasbourg, has_consent=None)
    )
    assert response.status_code == 200
    assert "Sans l&#x27;accord de la personne, on ne peut rien enregistrer" in response.text
    assert Person.objects.count() == 0
    assert ConsentEntry.objects.count() == 0
    assert 'value="Quintavalle"' in response.text


def test_intake_without_channel_of_consent_saves_nothing(client_for, personas, consent_text):
    response = client_for("volunteer").post(
        "/people/new/", intake_data(personas.strasbourg, consent_channel=None)
    )
    assert "Cochez comment la personne a donné son accord." in response.text
    assert Person.objects.count() == 0


def test_intake_without_a_current_consent_text_saves_nothing(client_for, personas):
    response = client_for("volunteer").post("/people/new/", intake_data(personas.strasbourg))
    assert response.status_code == 200
    assert "Aucun texte de consentement" in response.text
    assert Person.objects.count() == 0


def test_invalid_phone_gets_a_clear_message_and_keeps_typed_values(
    client_for, personas, consent_text
):
    response = client_for("mediator").post(
        "/people/new/", intake_data(personas.strasbourg, phone="06 12 34")
    )
    assert response.status_code == 200
    assert "Ce numéro de téléphone n&#x27;existe pas" in response.text
    assert 'value="06 12 34"' in response.text
    assert 'value="Zéphyrine"' in response.text
    assert 'value="1978"' in response.text
    assert 'value="ar" id="id_languages_1" checked' in response.text
    assert Person.objects.count() == 0


def test_error_summary_links_reach_every_field(client_for, personas, consent_text):
    response = client_for("volunteer").post(
        "/people/new/", intake_data(personas.strasbourg, came_through=None, first_name="")
    )
    assert 'href="#id_came_through_0"' in response.text
    assert 'id="id_came_through_0"' in response.text
    assert 'href="#id_first_name"' in response.text


def test_bad_birth_year_and_postcode_are_explained(client_for, personas, consent_text):
    response = client_for("volunteer").post(
        "/people/new/", intake_data(personas.strasbourg, birth_year="78", postcode="671")
    )
    assert "Écrivez l&#x27;année de naissance en 4 chiffres" in response.text
    assert "Le code postal a 5 chiffres" in response.text
    assert Person.objects.count() == 0


def test_possible_duplicates_are_shown_before_creating(client_for, personas, consent_text):
    existing = make_person(
        personas.strasbourg, first_name="Zephyrine", last_name="QUINTAVALLE", birth_year=1978
    )
    client = client_for("volunteer")
    response = client.post("/people/new/", intake_data(personas.strasbourg, phone=""))
    assert response.status_code == 200
    assert "Cette personne a peut-être déjà une fiche" in response.text
    assert existing.get_absolute_url() in response.text
    assert Person.objects.count() == 1
    confirmed = client.post(
        "/people/new/", intake_data(personas.strasbourg, phone="", is_new_person="on")
    )
    assert confirmed.status_code == 302
    assert Person.objects.count() == 2


def test_same_phone_is_a_possible_duplicate(client_for, personas, consent_text):
    make_person(personas.strasbourg, first_name="Ali", last_name="B.", phone="+33612345678")
    response = client_for("volunteer").post("/people/new/", intake_data(personas.strasbourg))
    assert "Cette personne a peut-être déjà une fiche" in response.text
    assert Person.objects.count() == 1


def test_duplicates_out_of_scope_are_not_shown(client_for, personas, consent_text):
    make_person(
        personas.marseille, first_name="Zéphyrine", last_name="Quintavalle", birth_year=1978
    )
    response = client_for("volunteer").post("/people/new/", intake_data(personas.strasbourg))
    assert response.status_code == 302
    assert Person.objects.count() == 2


def test_volunteer_cannot_record_an_intake_in_another_space(client_for, personas, consent_text):
    response = client_for("volunteer").post("/people/new/", intake_data(personas.marseille))
    assert response.status_code == 200
    assert Person.objects.count() == 0


def test_rectification_is_saved_and_journaled_with_field_names(client_for, personas, consent_text):
    person = make_person(personas.strasbourg, first_name="Zéphyrine", last_name="Q.")
    data = intake_data(personas.strasbourg, last_name="Quintavalle")
    response = client_for("volunteer").post(f"/people/{person.pk}/edit/", data)
    assert response.status_code == 302
    person.refresh_from_db()
    assert person.last_name == "Quintavalle"
    update = person.journal.get(action=JournalEntry.Action.UPDATE)
    assert "last_name" in update.fields
    assert "Quintavalle" not in str(update.fields)


def test_rectification_with_bad_input_changes_nothing(client_for, personas, consent_text):
    person = make_person(personas.strasbourg, phone="+33612345678")
    data = intake_data(personas.strasbourg, phone="12", first_name="Autre")
    response = client_for("volunteer").post(f"/people/{person.pk}/edit/", data)
    assert response.status_code == 200
    assert 'value="Autre"' in response.text
    person.refresh_from_db()
    assert person.phone == "+33612345678"
    assert person.first_name != "Autre"


def test_reading_a_person_page_is_journaled(client_for, personas, consent_text):
    person = make_person(personas.strasbourg)
    client_for("mediator").get(person.get_absolute_url())
    read = person.journal.get(action=JournalEntry.Action.READ)
    assert read.actor == personas.mediator
    assert read.space == personas.strasbourg
