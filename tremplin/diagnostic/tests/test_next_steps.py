"""Where a result leads (issue 9): modules per area to work on, the pathway to start in one
tap, the job seekers' pathway, the workshops registry; a learner's own test on their record;
a helper's test ending on the person's page."""

from datetime import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from tremplin.diagnostic import next_steps, services
from tremplin.diagnostic.models import DiagnosticSession, Response
from tremplin.diagnostic.tests.factories import make_person
from tremplin.learning.content import Catalogue, Module, Pathway
from tremplin.spaces import activity

pytestmark = pytest.mark.usefixtures("small_bank")


def finished(organisation, answers, *, person=None, looking_for_work=None) -> DiagnosticSession:
    session = services.start_session(organisation, language="fr", person=person)
    session = services.record_screening(
        session, has_smartphone=True, email_use="with_help", looking_for_work=looking_for_work
    )
    for item_id, is_correct in answers:
        Response.objects.create(
            organisation=organisation, session=session, item_id=item_id, is_correct=is_correct
        )
    services._finish(session, services.diagnosis_of(session), now=session.started_at)
    return session


def device_failed(organisation, **kwargs):
    """Four wrong device answers: the device area is measured, at « Premiers pas »."""
    return finished(organisation, [(f"device-{n:02d}", False) for n in range(4)], **kwargs)


def test_result_names_the_modules_of_each_area_to_work_on_and_starts_the_pathway(client, personas):
    session = device_failed(personas.organisation)
    page = client.get(reverse("diagnostic:session_result", args=[session.share_token]))
    html = page.content.decode()
    assert page.status_code == 200
    touch = reverse("learning:module_detail", args=["gestes-tactiles"])
    assert f'href="{touch}"' in html  # device.touch is taught by « gestes-tactiles »
    assert "Commencer le parcours" in html
    first = reverse("learning:module_detail", args=["telephone-allumer"])
    assert f'class="button" href="{first}"' in html  # the first module of « Premiers pas »
    assert "ci-dessous" not in html
    assert "32 heures" not in html


def test_result_links_only_to_modules_that_exist(client, personas):
    session = device_failed(personas.organisation)
    html = client.get(
        reverse("diagnostic:session_result", args=[session.share_token])
    ).content.decode()
    for slug in next_steps.learning_content.catalogue("fr").modules:
        html = html.replace(reverse("learning:module_detail", args=[slug]), "")
    assert "/learning/modules/" not in html and "/apprendre/modules/" not in html


def module(slug, competences):
    return Module(slug, slug.title(), "", 20, tuple(competences), "book", ())


def test_job_seekers_get_their_pathway_with_mastered_modules_marked():
    email, cv = module("mail", ["communication.email"]), module("cv", ["content.files"])
    jobs = Pathway(
        "emploi",
        "Le numérique pour trouver un emploi",
        "",
        "learners",
        ("beginner", "advanced"),
        (email, cv),
        is_for_job_seekers=True,
    )
    first = Pathway("premiers", "Premiers pas", "", "learners", ("excluded", "beginner"), (cv,))
    catalogue = Catalogue(pathways={"emploi": jobs, "premiers": first}, modules={})
    link = next_steps.recommended_pathway(
        catalogue, profile="advanced", levels={"communication": 3}, is_job_seeker=True
    )
    assert link.slug == "emploi" and link.is_for_job_seekers
    assert [m.is_mastered for m in link.modules] == [True, False]
    assert link.start_url == reverse("learning:module_detail", args=["cv"])
    not_seeking = next_steps.recommended_pathway(
        catalogue, profile="beginner", levels={}, is_job_seeker=False
    )
    assert not_seeking.slug == "premiers"
    excluded = next_steps.recommended_pathway(
        catalogue, profile="excluded", levels={}, is_job_seeker=True
    )
    assert excluded.slug == "premiers"


def test_the_screening_answer_or_the_record_makes_a_job_seeker(personas):
    session = device_failed(personas.organisation, looking_for_work=True)
    person = make_person(personas.strasbourg, is_job_seeker=True)
    on_record = device_failed(personas.organisation, person=person)
    neither = device_failed(personas.organisation)
    assert session.looking_for_work is True
    assert [next_steps.is_job_seeker(s) for s in (session, on_record, neither)] == [
        True,
        True,
        False,
    ]


def test_workshops_registered_by_another_app_show_on_the_result(client, personas, monkeypatch):
    session = device_failed(personas.organisation)
    DiagnosticSession.objects.filter(pk=session.pk).update(space=personas.strasbourg)
    calls = []

    def provider(space, *, areas, module_slugs, limit):
        calls.append((space, areas, limit))
        return [
            activity.NearbyWorkshop(
                title="Atelier smartphone",
                starts_at=timezone.make_aware(datetime(2027, 1, 12, 14, 0)),
                place="Tremplin Strasbourg",
                url="/ateliers/1/",
            )
        ]

    url = reverse("diagnostic:session_result", args=[session.share_token])
    monkeypatch.setattr(activity, "_workshops_near", [])
    assert "Les prochains ateliers" not in client.get(url).content.decode()
    monkeypatch.setattr(activity, "_workshops_near", [provider])
    html = client.get(url).content.decode()
    assert "Les prochains ateliers" in html and 'href="/ateliers/1/"' in html
    assert calls == [(personas.strasbourg, ["device"], next_steps.WORKSHOPS_SHOWN)]


def test_a_logged_in_learner_s_own_test_is_attached_to_their_record(client, personas):
    person = make_person(personas.strasbourg)
    person.account = personas.learner
    person.save(update_fields=["account"])
    client.force_login(personas.learner)
    page = client.post(reverse("diagnostic:start"))
    session = DiagnosticSession.objects.get()
    assert session.person == person and session.helper is None
    assert session.organisation == person.organisation
    assert page.status_code == 302
    # The learner answers it on their account; someone else with the code cannot.
    screening = reverse("diagnostic:session_screening", args=[session.resume_code])
    assert client.get(screening).status_code == 200
    client.logout()
    assert client.get(screening).status_code == 404


def test_a_helper_s_test_ends_on_the_person_s_page(client_for, personas):
    person = make_person(personas.strasbourg)
    client = client_for("volunteer")
    client.post(reverse("diagnostic:person_diagnostics", args=[person.pk]))
    session = DiagnosticSession.objects.get(person=person)
    client.post(
        reverse("diagnostic:session_screening", args=[session.resume_code]),
        {"has_smartphone": "no", "email_use": "never"},
    )
    for _step in range(60):
        session.refresh_from_db()
        if session.is_finished:
            break
        item = services.next_question(session)[0]
        page = client.post(
            reverse("diagnostic:session_question", args=[session.resume_code]),
            {"item_id": item.id, "dont_know": "1"},
        )
    assert session.is_finished
    assert page.status_code == 302
    assert page.url == reverse("people:person_detail", args=[person.pk])
