"""A sitting in progress while the bank changes under it: new parameters from a calibration,
items removed from the files. It never answers a server error, and never stays stuck."""

import pytest
import yaml
from django.urls import reverse

from tremplin.diagnostic import bank, services
from tremplin.diagnostic.models import DiagnosticSession, ItemCalibration, Response
from tremplin.diagnostic.tests.test_views import answer_current, screened

pytestmark = pytest.mark.usefixtures("small_bank")


def four_dont_knows(client) -> DiagnosticSession:
    """A sitting still undecided after four « je ne sais pas » (from a confident screening)."""
    session = screened(client)
    for _answer in range(4):
        answer_current(client, session, right=False)
    session.refresh_from_db()
    assert session.state == DiagnosticSession.State.IN_PROGRESS
    return session


def unpinned(session) -> DiagnosticSession:
    """The sitting as if it had started before answered items' parameters were pinned."""
    DiagnosticSession.objects.filter(pk=session.pk).update(item_parameters={})
    session.refresh_from_db()
    return session


def calibrate_as_very_easy(item_ids) -> None:
    """New parameters under which failing these items settles the *excluded* profile."""
    for item_id in item_ids:
        ItemCalibration.objects.create(
            item_id=item_id, discrimination=2.5, difficulty=-3.5, responses=300
        )
    bank.reload()


def remove_items(settings, item_ids) -> None:
    directory = settings.TREMPLIN_DIAGNOSTIC_CONTENT
    for path in (directory / "items").glob("*.yaml"):
        items = yaml.safe_load(path.read_text(encoding="utf-8"))
        kept = [item for item in items if item["id"] not in item_ids]
        path.write_text(yaml.safe_dump(kept, allow_unicode=True), encoding="utf-8")
    bank.reload()


def test_a_sitting_the_new_parameters_decide_goes_to_its_result(client, personas):
    session = unpinned(four_dont_knows(client))
    calibrate_as_very_easy(session.responses.values_list("item_id", flat=True))
    url = reverse("diagnostic:session_question", args=[session.resume_code])
    response = client.get(url)
    session.refresh_from_db()
    assert session.state == DiagnosticSession.State.FINISHED
    assert session.profile == "excluded"
    assert session.responses.count() == 4
    assert response["Location"] == reverse("diagnostic:session_result", args=[session.share_token])
    assert client.get(response["Location"]).status_code == 200


def test_an_answer_to_a_sitting_the_new_parameters_decide_finishes_it(client, personas):
    session = unpinned(four_dont_knows(client))
    on_screen = services.diagnosis_of(session).next_item()
    calibrate_as_very_easy(session.responses.values_list("item_id", flat=True))
    url = reverse("diagnostic:session_question", args=[session.resume_code])
    response = client.post(url, {"item_id": on_screen, "dont_know": "1"})
    session.refresh_from_db()
    assert session.state == DiagnosticSession.State.FINISHED
    assert response["Location"] == reverse("diagnostic:session_result", args=[session.share_token])
    assert not Response.objects.filter(item_id=on_screen).exists()


def test_a_question_removed_from_the_bank_while_on_screen_is_skipped(client, personas, settings):
    session = four_dont_knows(client)
    on_screen = services.diagnosis_of(session).next_item()
    remove_items(settings, {on_screen})
    url = reverse("diagnostic:session_question", args=[session.resume_code])
    response = client.post(url, {"item_id": on_screen, "dont_know": "1"}, follow=True)
    assert response.status_code == 200
    assert not Response.objects.filter(item_id=on_screen).exists()
    assert services.diagnosis_of(session).next_item() not in (None, on_screen)


def test_answers_to_items_removed_from_the_bank_are_left_out(client, personas, settings):
    session = four_dont_knows(client)
    answered = list(session.responses.values_list("item_id", flat=True))
    remove_items(settings, set(answered[:2]))
    response = client.get(reverse("diagnostic:session_question", args=[session.resume_code]))
    assert response.status_code == 200
    assert services.diagnosis_of(session).count == 2


def test_a_calibration_during_a_sitting_leaves_its_decisions_as_they_were(client, personas):
    session = four_dont_knows(client)
    answered = list(session.responses.values_list("item_id", flat=True))
    assert sorted(session.item_parameters) == sorted(answered)
    before = services.diagnosis_of(session)
    calibrate_as_very_easy(answered)
    after = services.diagnosis_of(session)
    assert after.profile_probabilities() == before.profile_probabilities()
    assert after.estimate() == before.estimate()
    assert after.next_item() == before.next_item()  # the other items did not move
    response = client.get(reverse("diagnostic:session_question", args=[session.resume_code]))
    assert response.status_code == 200
    session.refresh_from_db()
    assert session.state == DiagnosticSession.State.IN_PROGRESS


def test_answers_after_a_calibration_are_pinned_to_the_new_parameters(client, personas):
    session = screened(client)
    calibrate_as_very_easy(bank.current().content.items)
    first = services.diagnosis_of(session).next_item()
    answer_current(client, session, right=False)
    session.refresh_from_db()
    assert session.item_parameters == {first: [2.5, -3.5, 0.0]}
    new = services.start_session(personas.organisation, language="fr")
    new = services.record_screening(new, has_smartphone=True, email_use="alone")
    engine = services.diagnosis_of(new).bank
    assert set(engine.a) == {2.5} and set(engine.b) == {-3.5}
