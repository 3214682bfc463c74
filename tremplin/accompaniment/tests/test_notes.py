"""Help notes: a password or a card number is never stored; a social-security number or a
health detail is explained, and saved only once the helper confirms."""

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from tremplin.accompaniment.models import Accompaniment
from tremplin.accompaniment.tests.factories import make_accompaniment
from tremplin.people.tests.factories import make_person

pytestmark = pytest.mark.django_db
CONFIRM = "Je confirme, la note ne contient pas de donnée sensible"


@pytest.fixture
def url(personas):
    return f"/accompaniment/people/{make_person(personas.strasbourg).pk}/new/"


def form_data(note: str, **extra) -> dict:
    return {
        "kind": "individual",
        "happened_on": timezone.localdate().isoformat(),
        "duration_minutes": "30",
        "themes": ["health_insurance"],
        "outcome": "done",
        "note": note,
        **extra,
    }


def test_the_field_says_what_not_to_write(client_for, url):
    page = client_for("volunteer").get(url)
    assert "ni numéro de carte bancaire" in page.text
    assert CONFIRM not in page.text


@pytest.mark.parametrize(
    "note, found",
    [
        ("Compte ameli créé, mdp : Soleil2024", "un mot de passe"),
        ("Paiement en ligne avec sa CB 4111 1111 1111 1111", "un numéro de carte bancaire"),
    ],
)
def test_a_password_or_a_card_number_is_refused_even_when_confirmed(client_for, url, note, found):
    client = client_for("volunteer")
    for extra in [{}, {"is_note_confirmed": "on"}]:
        response = client.post(url, form_data(note, **extra))
        assert response.status_code == 200
        assert f"La note contient {found}." in response.text
        assert "Enlevez-le de la note." in response.text
        assert CONFIRM not in response.text
    assert Accompaniment.objects.count() == 0


@pytest.mark.parametrize(
    "note, found",
    [
        ("NIR 1 84 12 75 123 456 40 pour la carte Vitale", "un numéro de sécurité sociale"),
        ("Sort de l'hôpital, diabète", "un mot qui parle de santé (« diabète », « hôpital »)"),
    ],
)
def test_a_sensitive_looking_note_is_explained_kept_and_saved_once_confirmed(
    client_for, url, note, found
):
    client = client_for("volunteer")
    warned = client.post(url, form_data(note))
    assert warned.status_code == 200
    assert f"La note semble contenir {found}." in warned.text
    assert CONFIRM in warned.text
    assert note.replace("'", "&#x27;") in warned.text  # what was typed is kept
    assert Accompaniment.objects.count() == 0
    saved = client.post(url, form_data(note, is_note_confirmed="on"))
    assert saved.status_code == 302
    assert Accompaniment.objects.get().note == note


def test_a_corrected_note_is_saved_without_confirmation(client_for, url):
    response = client_for("volunteer").post(url, form_data("Compte ameli créé avec elle."))
    assert response.status_code == 302
    assert Accompaniment.objects.get().note == "Compte ameli créé avec elle."


def test_the_service_never_stores_a_password_whatever_calls_it(personas):
    with pytest.raises(ValidationError, match="ne les enregistre jamais"):
        make_accompaniment(make_person(personas.strasbourg), note="mot de passe : Tournesol12")
    assert Accompaniment.objects.count() == 0
