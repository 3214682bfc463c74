"""The diagnostic pages: taken alone, resumed with a code, the result, and the staff pages."""

import pytest
from django.core import mail
from django.urls import reverse

from tremplin.diagnostic import services
from tremplin.diagnostic.models import DiagnosticSession, Response
from tremplin.diagnostic.tests.factories import make_person

pytestmark = pytest.mark.usefixtures("small_bank")


def started(client) -> DiagnosticSession:
    response = client.post(reverse("diagnostic:start"))
    session = DiagnosticSession.objects.latest("pk")
    assert response["Location"] == reverse(
        "diagnostic:session_screening", args=[session.resume_code]
    )
    return session


def screened(client, **answers) -> DiagnosticSession:
    session = started(client)
    data = {"has_smartphone": "yes", "email_use": "alone"} | answers
    client.post(reverse("diagnostic:session_screening", args=[session.resume_code]), data)
    session.refresh_from_db()
    return session


def answer_current(client, session, *, right=True):
    item_id = services.diagnosis_of(session).next_item()
    item = services.current_bank.current().content.items[item_id]
    url = reverse("diagnostic:session_question", args=[session.resume_code])
    keys = item.text("fr")["answer"]
    if not right:
        return client.post(url, {"item_id": item_id, "dont_know": "1"})
    if item.type == "multiple":
        return client.post(url, {"item_id": item_id, "answer": keys})
    return client.post(url, {"item_id": item_id, "answer": keys[0]})


def finish(client, session, *, right=True) -> DiagnosticSession:
    while session.state == DiagnosticSession.State.IN_PROGRESS:
        answer_current(client, session, right=right)
        session.refresh_from_db()
    return session


def test_the_start_page_explains_the_test_without_an_account(client, personas):
    response = client.get(reverse("diagnostic:start"))
    assert response.status_code == 200
    assert "Commencer le test" in response.content.decode()


def test_a_person_takes_the_test_alone_to_the_result(client, personas):
    session = screened(client)
    while session.state == DiagnosticSession.State.IN_PROGRESS:
        response = answer_current(client, session)
        session.refresh_from_db()
    assert session.profile == "advanced"
    assert response["Location"] == reverse("diagnostic:session_result", args=[session.share_token])
    page = client.get(response["Location"]).content.decode()
    assert "Votre résultat" in page
    assert reverse("spaces:directory") in page
    assert session.share_token in page


def test_screening_without_answers_explains_and_saves_nothing(client, personas):
    session = started(client)
    url = reverse("diagnostic:session_screening", args=[session.resume_code])
    response = client.post(url, {"has_smartphone": "no"})
    assert response.status_code == 200
    page = response.content.decode()
    assert "Choisissez une réponse." in page
    assert 'value="no" checked' in page or "checked" in page
    session.refresh_from_db()
    assert session.state == DiagnosticSession.State.SCREENING


def test_an_empty_text_answer_is_explained_and_nothing_is_saved(client, personas, bank_of):
    bank_of("text")
    session = screened(client)
    item_id = services.diagnosis_of(session).next_item()
    url = reverse("diagnostic:session_question", args=[session.resume_code])
    page = client.get(url).content.decode()
    assert 'type="text" name="answer"' in page
    response = client.post(url, {"item_id": item_id, "answer": "  "})
    assert response.status_code == 200
    assert "Écrivez votre réponse" in response.content.decode()
    assert not Response.objects.exists()
    response = client.post(url, {"item_id": item_id, "answer": "www.mauvais.fr"})
    assert response.status_code == 302
    assert Response.objects.get().is_correct is False


def test_an_empty_multiple_choice_is_explained_and_nothing_is_saved(client, personas, bank_of):
    bank_of("multiple")
    session = screened(client)
    item_id = services.diagnosis_of(session).next_item()
    url = reverse("diagnostic:session_question", args=[session.resume_code])
    response = client.post(url, {"item_id": item_id})
    assert "Cochez au moins une réponse" in response.content.decode()
    assert not Response.objects.filter(item_id=item_id).exists()


@pytest.mark.parametrize("item_type", ["choice", "tap"])
def test_an_unknown_option_is_refused_with_a_message(client, personas, bank_of, item_type):
    bank_of(item_type)
    session = screened(client)
    item_id = services.diagnosis_of(session).next_item()
    url = reverse("diagnostic:session_question", args=[session.resume_code])
    page = client.get(url).content.decode()
    assert 'name="answer" value="a"' in page
    if item_type == "tap":
        assert 'class="screen screen-message"' in page
    response = client.post(url, {"item_id": item_id, "answer": "zzz"})
    assert "Choisissez une réponse" in response.content.decode()
    assert not Response.objects.exists()


def test_answering_an_old_question_again_is_ignored_with_a_message(client, personas):
    session = screened(client)
    item_id = services.diagnosis_of(session).next_item()
    answer_current(client, session, right=False)
    url = reverse("diagnostic:session_question", args=[session.resume_code])
    response = client.post(url, {"item_id": item_id, "dont_know": "1"}, follow=True)
    assert "déjà reçu une réponse" in response.content.decode()
    assert Response.objects.filter(item_id=item_id).count() == 1


def test_resuming_with_the_code_goes_back_to_the_current_question(client, personas):
    session = screened(client)
    answer_current(client, session)
    response = client.post(
        reverse("diagnostic:session_resume"), {"code": session.resume_code.lower()}
    )
    assert response["Location"] == reverse(
        "diagnostic:session_question", args=[session.resume_code]
    )


def test_a_wrong_resume_code_is_explained_and_kept(client, personas):
    response = client.post(reverse("diagnostic:session_resume"), {"code": "KD4-M7P-XAC"})
    page = response.content.decode()
    assert "Nous ne trouvons pas ce code" in page
    assert 'value="KD4-M7P-XAC"' in page
    response = client.post(reverse("diagnostic:session_resume"), {"code": "AB"})
    assert "pas la bonne forme" in response.content.decode()


def test_the_result_is_sent_to_oneself(client, personas):
    session = finish(client, screened(client))
    url = reverse("diagnostic:session_result_email", args=[session.share_token])
    response = client.post(url, {"email": "pas-une-adresse"})
    assert response.status_code == 400
    assert 'value="pas-une-adresse"' in response.content.decode()
    assert not mail.outbox
    response = client.post(url, {"email": "moi@example.fr"})
    assert response.status_code == 302
    assert session.share_token in mail.outbox[0].body


def test_an_unfinished_or_unknown_result_is_not_found(client, personas):
    session = screened(client)
    assert (
        client.get(reverse("diagnostic:session_result", args=[session.share_token])).status_code
        == 404
    )
    assert client.get(reverse("diagnostic:session_result", args=["nope"])).status_code == 404
    assert client.get(reverse("diagnostic:session_question", args=["ZZZZZZ"])).status_code == 404


def test_a_helper_starts_a_test_for_a_person_and_the_result_reaches_the_timeline(
    client_for, personas
):
    from tremplin.people import timeline

    person = make_person(personas.strasbourg)
    helper = client_for("volunteer")
    response = helper.post(reverse("diagnostic:person_diagnostics", args=[person.pk]))
    session = DiagnosticSession.objects.get(person=person)
    assert session.helper == personas.volunteer
    assert response["Location"] == reverse(
        "diagnostic:session_screening", args=[session.resume_code]
    )
    helper.post(response["Location"], {"has_smartphone": "no", "email_use": "never"})
    session.refresh_from_db()
    session = finish(helper, session, right=False)
    entries = [
        e for e in timeline.entries_for(person, personas.volunteer) if e.kind == "diagnostic"
    ]
    assert len(entries) == 1
    assert entries[0].url == reverse("diagnostic:session_detail", args=[session.pk])
    page = helper.get(reverse("diagnostic:person_diagnostics", args=[person.pk])).content.decode()
    assert "Refaire le test" in page
    actions = timeline.actions_for(person, personas.volunteer)
    assert reverse("diagnostic:person_diagnostics", args=[person.pk]) in [a.url for a in actions]


def test_a_retest_shows_before_and_after_per_area(client_for, personas):
    person = make_person(personas.strasbourg)
    helper = client_for("mediator")
    for right in (False, True):
        helper.post(reverse("diagnostic:person_diagnostics", args=[person.pk]))
        session = DiagnosticSession.objects.filter(person=person).latest("pk")
        helper.post(
            reverse("diagnostic:session_screening", args=[session.resume_code]),
            {"has_smartphone": "yes", "email_use": "with_help"},
        )
        session.refresh_from_db()
        finish(helper, session, right=right)
    page = helper.get(
        reverse("diagnostic:session_result", args=[session.share_token])
    ).content.decode()
    assert "Avant" in page and "Maintenant" in page
    assert "(en progrès)" in page


def finished_session_of(person, helper) -> DiagnosticSession:
    session = services.start_session(
        person.organisation, language="fr", person=person, helper=helper
    )
    session = services.record_screening(session, has_smartphone=False, email_use="never")
    while session.state == DiagnosticSession.State.IN_PROGRESS:
        session = services.record_answer(
            session, item_id=services.diagnosis_of(session).next_item(), answer=[]
        )
    return session


def test_the_staff_page_counts_the_dont_know_answers(client_for, personas):
    person = make_person(personas.strasbourg)
    session = finished_session_of(person, personas.volunteer)
    page = client_for("volunteer").get(reverse("diagnostic:session_detail", args=[session.pk]))
    answers = session.responses.count()
    assert answers == session.responses.filter(is_dont_know=True).count()
    assert f"<dt>Questions posées</dt><dd>{answers}</dd>" in page.content.decode()
    assert f"<dt>Réponses « Je ne sais pas »</dt><dd>{answers}</dd>" in page.content.decode()


def test_the_staff_page_of_a_retest_reads_both_sittings_in_a_handful_of_queries(
    client_for, personas, django_assert_max_num_queries
):
    person = make_person(personas.strasbourg)
    finished_session_of(person, personas.volunteer)
    retest = finished_session_of(person, personas.volunteer)
    client = client_for("volunteer")
    url = reverse("diagnostic:session_detail", args=[retest.pk])
    client.get(url)  # journals the read of the person; the next one does not
    # The session and the account; the sitting with the one before and its helper; the person;
    # the answers of both sittings.
    with django_assert_max_num_queries(5):
        page = client.get(url)
    assert page.status_code == 200
    assert f"<dd>{retest.responses.count()}</dd>" in page.content.decode()


@pytest.mark.parametrize(
    "role, allowed", [("volunteer", True), ("outsider", False), ("other_admin", False)]
)
def test_only_staff_in_scope_start_a_test_for_a_person(client_for, personas, role, allowed):
    """Who reaches these pages is the project-wide permission matrix; this checks what a POST
    outside the scope leaves behind: nothing."""
    person = make_person(personas.strasbourg)
    before = DiagnosticSession.objects.count()
    response = client_for(role).post(reverse("diagnostic:person_diagnostics", args=[person.pk]))
    assert response.status_code == (302 if allowed else 404)
    assert DiagnosticSession.objects.count() == before + (1 if allowed else 0)


def test_staff_pages_need_a_login(client, personas):
    person = make_person(personas.strasbourg)
    response = client.get(reverse("diagnostic:person_diagnostics", args=[person.pk]))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


def test_the_test_speaks_english_when_asked(client, personas):
    client.cookies["tremplin_language"] = "en"
    page = client.get(reverse("diagnostic:start")).content.decode()
    assert "Start the test" in page
    session = finish(client, screened(client))
    page = client.get(reverse("diagnostic:session_result", args=[session.share_token]))
    assert "Your result" in page.content.decode()
    assert "Find a place near me" in page.content.decode()
