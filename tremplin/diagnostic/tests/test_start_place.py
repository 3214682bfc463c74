"""Where a test taken alone belongs when several networks share the server."""

import pytest
from django.urls import reverse

from tremplin.diagnostic.models import DiagnosticSession

pytestmark = pytest.mark.usefixtures("small_bank")


def test_without_a_known_place_the_person_chooses_one_and_nothing_is_saved(
    client, personas, settings
):
    settings.TREMPLIN_DEFAULT_ORGANISATION = ""
    response = client.post(reverse("diagnostic:start"))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Où passez-vous le test ?" in page
    assert f'value="{personas.nancy.pk}"' in page and f'value="{personas.strasbourg.pk}"' in page
    assert not DiagnosticSession.objects.exists()


def test_the_chosen_place_gives_the_test_its_organisation(client, personas, settings):
    settings.TREMPLIN_DEFAULT_ORGANISATION = ""
    client.post(reverse("diagnostic:start"), {"lieu": personas.nancy.pk})
    session = DiagnosticSession.objects.get()
    assert session.organisation == personas.other_organisation
    assert session.space == personas.nancy


def test_a_place_page_starts_the_test_with_that_place(client, personas):
    page = client.get(reverse("spaces:directory_space", args=[personas.nancy.pk])).content.decode()
    assert f"/diagnostic/?lieu={personas.nancy.pk}" in page
