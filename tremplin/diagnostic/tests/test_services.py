"""Sittings, answers and results through the services, on a small bank."""

import pytest
from django.core import mail
from django.core.exceptions import ValidationError

from tremplin.diagnostic import services
from tremplin.diagnostic.models import RESUME_ALPHABET, DiagnosticSession, Response
from tremplin.diagnostic.tests.factories import make_person

pytestmark = pytest.mark.usefixtures("small_bank")


def right_answer(item) -> list[str]:
    return list(item.text("fr")["answer"])[: 1 if item.type != "multiple" else None]


def take_test(session, *, right: bool) -> DiagnosticSession:
    loaded = services.current_bank.current()
    while session.state == DiagnosticSession.State.IN_PROGRESS:
        item_id = services.diagnosis_of(session).next_item()
        answer = right_answer(loaded.content.items[item_id]) if right else []
        session = services.record_answer(session, item_id=item_id, answer=answer)
    return session


def test_a_new_session_has_a_nine_character_code_from_the_unambiguous_alphabet(personas):
    session = services.start_session(personas.organisation, language="fr")
    assert len(session.resume_code) == 9  # 41.8 bits
    assert set(session.resume_code) <= set(RESUME_ALPHABET)
    assert len(session.share_token) >= 30
    assert session.state == DiagnosticSession.State.SCREENING


def test_screening_sets_a_low_start_for_no_autonomy(personas):
    session = services.start_session(personas.organisation, language="fr")
    session = services.record_screening(session, has_smartphone=False, email_use="never")
    assert session.state == DiagnosticSession.State.IN_PROGRESS
    assert session.prior_mean < -1.5
    with pytest.raises(ValidationError):
        services.record_screening(session, has_smartphone=True, email_use="alone")


def test_answering_everything_right_finishes_as_advanced(personas):
    session = services.start_session(personas.organisation, language="fr")
    session = services.record_screening(session, has_smartphone=True, email_use="alone")
    session = take_test(session, right=True)
    assert session.state == DiagnosticSession.State.FINISHED
    assert session.profile == "advanced"
    assert set(session.area_levels) == {
        "device",
        "information",
        "communication",
        "content",
        "safety",
        "problem_solving",
    }
    assert session.finished_at is not None
    assert session.responses.filter(is_correct=True).count() == session.responses.count()


def test_dont_know_everywhere_finishes_as_excluded(personas):
    session = services.start_session(personas.organisation, language="fr")
    session = services.record_screening(session, has_smartphone=False, email_use="never")
    session = take_test(session, right=False)
    assert session.profile == "excluded"
    assert session.responses.count() <= 8


def test_an_answer_to_a_question_not_on_screen_is_refused_and_not_saved(personas):
    session = services.start_session(personas.organisation, language="fr")
    session = services.record_screening(session, has_smartphone=True, email_use="alone")
    expected = services.diagnosis_of(session).next_item()
    other = next(i for i in services.current_bank.current().content.items if i != expected)
    with pytest.raises(ValidationError):
        services.record_answer(session, item_id=other, answer=["a"])
    assert not Response.objects.exists()


def test_text_answers_ignore_case_accents_and_spaces(personas):
    from tremplin.diagnostic.content import check_answer

    item = next(
        i for i in services.current_bank.current().content.items.values() if i.type == "text"
    )
    assert check_answer(item, ["  WWW.Exemple.fr "])
    assert not check_answer(item, ["www.exemple.com"])


def test_a_retest_of_a_person_points_to_the_previous_result(personas):
    person = make_person(personas.strasbourg)
    first = services.start_session(personas.organisation, language="fr", person=person)
    first = take_test(
        services.record_screening(first, has_smartphone=False, email_use="never"), right=False
    )
    second = services.start_session(
        personas.organisation, language="fr", person=person, helper=personas.volunteer
    )
    assert second.previous == first
    assert second.space == personas.strasbourg


def test_the_result_link_is_sent_by_email_without_keeping_the_address(personas):
    session = services.start_session(personas.organisation, language="fr")
    session = take_test(
        services.record_screening(session, has_smartphone=True, email_use="alone"), right=True
    )
    services.send_result_by_email(session, email="ahmed@example.fr", result_url="https://x/r/abc/")
    assert len(mail.outbox) == 1
    assert "https://x/r/abc/" in mail.outbox[0].body
    assert mail.outbox[0].to == ["ahmed@example.fr"]
    assert "ahmed@example.fr" not in str(DiagnosticSession.objects.values().get())


def test_dont_know_is_recorded_apart_from_a_wrong_answer(personas):
    session = services.start_session(personas.organisation, language="fr")
    session = services.record_screening(session, has_smartphone=True, email_use="alone")
    content = services.current_bank.current().content
    for answer in ([], ["wrong"]):
        item = content.items[services.diagnosis_of(session).next_item()]
        session = services.record_answer(session, item_id=item.id, answer=answer)
    rows = list(session.responses.values_list("answer", "is_correct", "is_dont_know"))
    assert rows == [([], False, True), (["wrong"], False, False)]


def test_the_export_says_which_answers_were_dont_know(personas):
    from tremplin.people import services as people_services

    person = make_person(personas.strasbourg)
    session = services.start_session(personas.organisation, language="fr", person=person)
    session = services.record_screening(session, has_smartphone=True, email_use="alone")
    item_id = services.diagnosis_of(session).next_item()
    services.record_answer(session, item_id=item_id, answer=[])
    data = people_services.export_person(person, actor=personas.coordinator)
    [row] = data["tables"]["diagnostic.Response"]
    assert (row["item_id"], row["is_correct"], row["is_dont_know"]) == (item_id, False, True)
    [sitting] = data["tables"]["diagnostic.DiagnosticSession"]
    assert list(sitting["item_parameters"]) == [item_id]
