"""A coordinator schedules a workshop from a facilitator guide: « Programmer cet atelier » on
the guide (learning) opens the scheduling form with the guide's title, length and modules in
the query string; the session keeps the guide's slug and links back to the sheet."""

import datetime
import html

import pytest
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from tremplin.workshops.models import Session

pytestmark = pytest.mark.django_db
GUIDE = (
    "?guide=mon-adresse-mail&title=Cr%C3%A9er+son+adresse+mail&minutes=150&modules=adresse-mail,cv"
)


def test_the_form_opens_with_what_the_guide_gives(client_for):
    page = html.unescape(
        client_for("coordinator").get("/workshops/equipe/nouvelle/" + GUIDE).content.decode()
    )
    assert 'value="Créer son adresse mail"' in page
    assert 'value="150"' in page
    assert 'value="adresse-mail, cv"' in page
    assert 'name="guide" value="mon-adresse-mail"' in page


@pytest.mark.parametrize(
    "query",
    ["?guide=../../etc&title=X", "?guide=Mon Guide&minutes=150", "?title=Sans+fiche&minutes=90"],
)
def test_a_malformed_guide_query_prefills_nothing(client_for, query):
    page = client_for("coordinator").get("/workshops/equipe/nouvelle/" + query).content.decode()
    assert 'name="guide" value=' not in page
    assert "Sans fiche" not in page


def test_a_malformed_length_or_module_is_left_out(client_for):
    query = "?guide=mon-adresse-mail&minutes=9999&modules=ok-module,..%2Fnope,Bad"
    page = client_for("coordinator").get("/workshops/equipe/nouvelle/" + query).content.decode()
    assert 'value="9999"' not in page
    assert 'value="ok-module"' in page


def test_the_session_keeps_its_guide_and_links_to_the_sheet(client_for, personas):
    client = client_for("coordinator")
    day = timezone.localdate() + datetime.timedelta(days=4)
    response = client.post(
        "/workshops/equipe/nouvelle/",
        {
            "space": personas.strasbourg.pk,
            "kind": "workshop",
            "theme": "job_search",
            "title": "Créer son adresse mail",
            "day": day.isoformat(),
            "start_time": "14:00",
            "duration_minutes": "150",
            "capacity": "8",
            "level": "beginner",
            "learning_modules": "adresse-mail, cv",
            "guide": "mon-adresse-mail",
        },
    )
    assert response.status_code == 302
    session = Session.objects.get()
    assert (session.guide, session.learning_modules) == ("mon-adresse-mail", ["adresse-mail", "cv"])
    page = client.get(f"/workshops/equipe/seances/{session.pk}/").content.decode()
    try:
        sheet = reverse("learning:guide_detail", args=["mon-adresse-mail"])
    except NoReverseMatch:  # the guides' pages not installed: no link, no error
        assert "fiche d" not in page
    else:
        assert f'href="{sheet}"' in page
