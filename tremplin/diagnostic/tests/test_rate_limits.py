"""Anonymous visitors are limited per address: result e-mails and test starts."""

import pytest
from django.core import mail
from django.urls import reverse

from tremplin.diagnostic import services
from tremplin.diagnostic.models import DiagnosticSession

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _empty_cache():
    from django.core.cache import cache

    cache.clear()


def finished_alone(organisation) -> DiagnosticSession:
    session = services.start_session(organisation, language="fr")
    session = services.record_screening(session, has_smartphone=True, email_use="alone")
    while session.state == DiagnosticSession.State.IN_PROGRESS:
        session = services.record_answer(
            session, item_id=services.diagnosis_of(session).next_item(), answer=[]
        )
    return session


def test_one_result_is_e_mailed_a_few_times_then_refused(client, personas, small_bank, settings):
    settings.TREMPLIN_RESULT_EMAILS_PER_RESULT = 2
    session = finished_alone(personas.organisation)
    url = reverse("diagnostic:session_result_email", args=[session.share_token])
    for number in range(2):
        assert client.post(url, {"email": f"moi{number}@example.fr"}).status_code == 302
    refused = client.post(url, {"email": "autre@example.fr"})
    assert refused.status_code == 429
    assert "Trop de demandes" in refused.content.decode()
    assert "no-store" in refused["Cache-Control"]
    assert len(mail.outbox) == 2


def test_one_address_e_mails_a_few_results_an_hour(client, personas, small_bank, settings):
    settings.TREMPLIN_RESULT_EMAILS_PER_HOUR = 2
    sessions = [finished_alone(personas.organisation) for _ in range(3)]
    statuses = [
        client.post(
            reverse("diagnostic:session_result_email", args=[session.share_token]),
            {"email": "moi@example.fr"},
        ).status_code
        for session in sessions
    ]
    assert statuses == [302, 302, 429]
    assert len(mail.outbox) == 2
    other_address = client.post(
        reverse("diagnostic:session_result_email", args=[sessions[2].share_token]),
        {"email": "moi@example.fr"},
        REMOTE_ADDR="10.0.0.2",
    )
    assert other_address.status_code == 302


def test_one_address_starts_a_few_tests_an_hour(client, personas, small_bank, settings):
    settings.TREMPLIN_DIAGNOSTIC_STARTS_PER_HOUR = 2
    data = {"lieu": personas.strasbourg.pk}
    statuses = [client.post(reverse("diagnostic:start"), data).status_code for _ in range(3)]
    assert statuses == [302, 302, 429]
    assert DiagnosticSession.objects.count() == 2
