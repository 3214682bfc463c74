"""Resume codes and the public start: codes long enough, guesses limited per address, expired
and finished sittings closed to their code, a helper's sitting closed to anyone holding only
its code, and the organisation of a test taken alone."""

import math
from datetime import timedelta

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from tremplin.diagnostic import services
from tremplin.diagnostic.models import (
    RESUME_ALPHABET,
    RESUME_CODE_LENGTH,
    DiagnosticSession,
    new_resume_code,
)
from tremplin.diagnostic.tests.factories import make_person

pytestmark = pytest.mark.usefixtures("small_bank")


def alone(personas, **fields) -> DiagnosticSession:
    session = services.start_session(personas.organisation, language="fr")
    DiagnosticSession.objects.filter(pk=session.pk).update(**fields)
    session.refresh_from_db()
    return session


def question_url(session) -> str:
    return reverse("diagnostic:session_screening", args=[session.resume_code])


def resume(client, code: str):
    return client.post(reverse("diagnostic:session_resume"), {"code": code})


def test_a_resume_code_carries_at_least_40_bits():
    assert RESUME_CODE_LENGTH * math.log2(len(RESUME_ALPHABET)) >= 40
    code = new_resume_code()
    assert len(code) == RESUME_CODE_LENGTH and set(code) <= set(RESUME_ALPHABET)


def test_the_code_is_shown_in_groups_and_typed_back_any_way(client, personas):
    session = alone(personas)
    page = client.get(question_url(session)).content.decode()
    assert session.display_code in page and session.display_code.count("-") == 2
    response = resume(client, session.display_code.lower().replace("-", " "))
    assert response["Location"] == question_url(session)


def test_an_expired_sitting_answers_like_an_unknown_code(client, personas, settings):
    settings.TREMPLIN_DIAGNOSTIC_RESUME_DAYS = 30
    session = alone(personas, started_at=timezone.now() - timedelta(days=31))
    assert client.get(question_url(session)).status_code == 404
    assert "Nous ne trouvons pas ce code" in resume(client, session.resume_code).content.decode()
    fresh = alone(personas, started_at=timezone.now() - timedelta(days=29))
    assert client.get(question_url(fresh)).status_code == 200


def finished(personas) -> DiagnosticSession:
    session = services.start_session(personas.organisation, language="fr")
    session = services.record_screening(session, has_smartphone=True, email_use="alone")
    while session.state == DiagnosticSession.State.IN_PROGRESS:
        next_item = services.diagnosis_of(session).next_item()
        session = services.record_answer(session, item_id=next_item, answer=[])
    return session


def test_the_code_of_a_finished_test_no_longer_opens_the_result(client, personas):
    session = finished(personas)
    for url in (
        question_url(session),
        reverse("diagnostic:session_question", args=[session.resume_code]),
    ):
        response = client.get(url)
        assert response.status_code == 404
        assert session.share_token not in response.content.decode()
    response = resume(client, session.resume_code)
    assert "Nous ne trouvons pas ce code" in response.content.decode()
    assert session.share_token not in response.content.decode()
    result = client.get(reverse("diagnostic:session_result", args=[session.share_token]))
    assert result.status_code == 200  # the share link still does


def test_guesses_of_codes_are_limited_per_address(client, personas, settings):
    settings.TREMPLIN_RESUME_GUESSES_PER_ADDRESS = 3
    session = alone(personas)
    for guess in ("AAAAAAAAA", "CCCCCCCCC"):
        resume(client, guess)
    client.get(reverse("diagnostic:session_question", args=["DDDDDDDDD"]))
    response = resume(client, session.resume_code)  # even the right code now
    assert response.status_code == 429
    assert "Trop de codes inconnus" in response.content.decode()
    assert client.get(question_url(session)).status_code == 429
    cache.clear()  # counted in the database: another worker process sees the same
    assert Client().get(question_url(session)).status_code == 429
    elsewhere = Client(REMOTE_ADDR="192.0.2.8")
    assert elsewhere.get(question_url(session)).status_code == 200


def test_only_the_code_cannot_open_a_test_a_helper_started_for_a_person(client_for, personas):
    person = make_person(personas.strasbourg)
    helper = client_for("volunteer")
    helper.post(reverse("diagnostic:person_diagnostics", args=[person.pk]))
    session = DiagnosticSession.objects.get(person=person)
    assert helper.get(question_url(session)).status_code == 200
    assert client_for("coordinator").get(question_url(session)).status_code == 200
    for client in (Client(), client_for("outsider"), client_for("learner")):
        assert client.get(question_url(session)).status_code == 404
        answer = {"has_smartphone": "yes", "email_use": "alone"}
        assert client.post(question_url(session), answer).status_code == 404
        assert "Nous ne trouvons pas" in resume(client, session.resume_code).content.decode()
    session.refresh_from_db()
    assert session.state == DiagnosticSession.State.SCREENING


# The organisation of a test taken alone ----------------------------------------------------


def test_a_test_started_from_a_place_belongs_to_its_organisation(client, personas):
    page = client.get(reverse("diagnostic:start"), {"lieu": personas.nancy.pk}).content.decode()
    assert f'name="lieu" value="{personas.nancy.pk}"' in page
    client.post(reverse("diagnostic:start"), {"lieu": personas.nancy.pk})
    session = DiagnosticSession.objects.get()
    assert (session.organisation, session.space) == (personas.other_organisation, personas.nancy)


def test_a_test_started_after_a_directory_page_belongs_to_that_place(client, personas):
    referrer = "http://testserver" + reverse("spaces:directory_space", args=[personas.nancy.pk])
    page = client.get(reverse("diagnostic:start"), HTTP_REFERER=referrer).content.decode()
    assert f'name="lieu" value="{personas.nancy.pk}"' in page
    foreign = "https://evil.example" + reverse("spaces:directory_space", args=[personas.nancy.pk])
    page = client.get(reverse("diagnostic:start"), HTTP_REFERER=foreign).content.decode()
    assert 'name="lieu"' not in page


def test_without_a_place_the_configured_organisation_takes_the_test(client, personas, settings):
    settings.TREMPLIN_DEFAULT_ORGANISATION = "horizon-numerique"
    client.post(reverse("diagnostic:start"))
    session = DiagnosticSession.objects.get()
    assert (session.organisation, session.space) == (personas.other_organisation, None)


def test_without_a_place_or_a_default_no_organisation_is_picked_at_random(
    client, personas, settings
):
    settings.TREMPLIN_DEFAULT_ORGANISATION = ""
    response = client.post(reverse("diagnostic:start"))
    assert "Où passez-vous le test ?" in response.content.decode()
    assert not DiagnosticSession.objects.exists()
    closed = personas.marseille
    closed.is_active = False
    closed.save()
    response = client.post(reverse("diagnostic:start"), {"lieu": closed.pk})
    assert "Où passez-vous le test ?" in response.content.decode()
    assert f'value="{closed.pk}"' not in response.content.decode()
