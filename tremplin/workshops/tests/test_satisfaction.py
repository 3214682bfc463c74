"""Satisfaction: one five-smiley answer after an attended session, on the person's phone (with
the booking code) or the space's tablet."""

import pytest
from django.core.exceptions import ValidationError

from tremplin.people.services import erase_person
from tremplin.people.tests.factories import make_person
from tremplin.workshops import services
from tremplin.workshops.models import Satisfaction
from tremplin.workshops.tests.factories import make_ongoing_session

pytestmark = pytest.mark.django_db


@pytest.fixture
def attended(personas):
    person = make_person(personas.strasbourg)
    _session, [booking] = make_ongoing_session(personas.strasbourg, person)
    return services.record_attendance(booking, is_present=True)


def test_one_answer_after_an_attended_session(attended):
    answer = services.record_satisfaction(attended, score=5, word="  Très   clair ")
    assert (answer.score, answer.word, answer.space) == (5, "Très clair", attended.space)
    with pytest.raises(ValidationError, match="déjà noté"):
        services.record_satisfaction(attended, score=1)
    assert Satisfaction.objects.count() == 1


def test_no_answer_before_attending_or_outside_the_five_smileys(personas, attended):
    with pytest.raises(ValidationError, match="Choisissez un visage"):
        services.record_satisfaction(attended, score=6)
    services.record_attendance(attended, is_present=False)
    with pytest.raises(ValidationError, match="après être venu·e"):
        services.record_satisfaction(attended, score=4)
    assert not Satisfaction.objects.exists()


def test_the_person_answers_on_their_phone_with_the_code(client, attended):
    page = client.get(f"/workshops/reservation/{attended.code}/").content.decode()
    assert "Donner mon avis sur la séance" in page
    url = f"/workshops/reservation/{attended.code}/avis/"
    assert "Choisissez un visage" in client.post(url, {}).content.decode()
    response = client.post(url, {"score": "4", "word": "Merci"})
    assert response["Location"] == f"/workshops/reservation/{attended.code}/"
    assert attended.satisfaction.score == 4
    assert "déjà noté" in client.get(url).content.decode()


def test_the_space_tablet_asks_the_same_question(client_for, attended):
    client = client_for("volunteer")
    sheet = client.get(f"/workshops/equipe/seances/{attended.session_id}/").content.decode()
    assert f"/workshops/equipe/inscriptions/{attended.pk}/avis/" in sheet
    response = client.post(f"/workshops/equipe/inscriptions/{attended.pk}/avis/", {"score": "2"})
    assert response["Location"] == f"/workshops/equipe/seances/{attended.session_id}/"
    assert attended.satisfaction.score == 2
    assert (
        client_for("outsider")
        .get(f"/workshops/equipe/inscriptions/{attended.pk}/avis/")
        .status_code
        == 404
    )


def test_erasure_blanks_the_word_and_keeps_the_score(personas, attended):
    services.record_satisfaction(attended, score=3, word="Mon voisin Karim était là")
    erase_person(attended.person, actor=personas.coordinator)
    answer = Satisfaction.objects.get()
    assert (answer.score, answer.word) == (3, "")
