"""The question on screen is chosen once, when the previous answer is recorded, and kept on the
sitting: showing it reads the sitting only, and its answer is taken even where another process,
whose engine was loaded at another time, would choose another question."""

import pytest
from django.urls import reverse

from tremplin.diagnostic import bank, services
from tremplin.diagnostic.models import DiagnosticSession, Response
from tremplin.diagnostic.tests.test_views import answer_current, screened

pytestmark = pytest.mark.usefixtures("small_bank")


def question_url(session) -> str:
    return reverse("diagnostic:session_question", args=[session.resume_code])


def test_showing_a_question_reads_the_sitting_and_not_its_answers(
    client, personas, django_assert_num_queries
):
    session = screened(client)
    for _answer in range(3):
        answer_current(client, session, right=True)
    session.refresh_from_db()
    on_screen = session.on_screen["item"]
    assert on_screen == services.diagnosis_of(session).next_item()
    # The guessing limit of the address and the sitting: no answer is read, no engine replayed.
    with django_assert_num_queries(2):
        page = client.get(question_url(session))
    assert page.status_code == 200
    assert f'name="item_id" value="{on_screen}"' in page.text
    assert "Question 4" in page.text


def test_the_answer_is_taken_for_the_question_shown_whatever_this_process_would_choose(
    client, personas
):
    session = screened(client)
    answer_current(client, session, right=True)
    session.refresh_from_db()
    chosen_here = services.diagnosis_of(session).next_item()
    # Another worker, its bank loaded at another time, chose another question for the sitting.
    other = next(
        item_id
        for item_id in bank.current().content.items
        if item_id != chosen_here and item_id not in session.item_parameters
    )
    DiagnosticSession.objects.filter(pk=session.pk).update(
        on_screen={"item": other, "scored": True, "bank": bank.current().version}
    )
    page = client.get(question_url(session))
    assert f'name="item_id" value="{other}"' in page.text
    refused = client.post(question_url(session), {"item_id": chosen_here, "dont_know": "1"})
    assert refused.status_code == 302
    assert not Response.objects.filter(session=session, item_id=chosen_here).exists()
    client.post(question_url(session), {"item_id": other, "dont_know": "1"})
    answer = Response.objects.get(session=session, item_id=other)
    assert answer.is_dont_know and not answer.is_pretest
    session.refresh_from_db()
    assert session.on_screen["item"] not in (other, "")


def test_a_finished_sitting_keeps_no_question_on_screen(client, personas):
    session = screened(client)
    while session.state == DiagnosticSession.State.IN_PROGRESS:
        answer_current(client, session, right=True)
        session.refresh_from_db()
    assert session.on_screen == {}
