"""Simulator pages: uploads refused with a clear message and nothing stored, a visitor's
attempt attached to their account on login, erasure, the helpers' view."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from tremplin.people import services as people_services
from tremplin.people.tests.factories import make_person
from tremplin.simulators import uploads
from tremplin.simulators.models import Attempt, Step, Upload

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n%test\n"


def _start(client, slug="messagerie"):
    client.post(f"/learn/simulateurs/{slug}/")
    return Attempt.objects.latest("pk")


def _attach(client, name, content):
    return client.post(
        "/learn/simulateurs/messagerie/joindre/",
        {"choice": "own", "own": SimpleUploadedFile(name, content)},
    )


def test_a_file_too_large_is_refused_and_not_stored():
    client = Client()
    _start(client)
    response = _attach(client, "cv.pdf", PDF + b"0" * uploads.MAX_BYTES)
    assert "trop lourd" in response.content.decode()
    assert Upload.objects.count() == 0 and not Step.objects.filter(action="attach").exists()


def test_a_file_named_pdf_that_is_not_one_is_refused():
    client = Client()
    _start(client)
    response = _attach(client, "cv.pdf", b"MZ\x90\x00 not a pdf")
    assert "ni un document PDF" in response.content.decode()
    assert Upload.objects.count() == 0


def test_an_empty_file_choice_says_what_to_do():
    client = Client()
    _start(client)
    response = client.post("/learn/simulateurs/messagerie/joindre/", {"choice": "own"})
    assert "Choisissez un fichier" in response.content.decode()


def test_a_real_pdf_is_kept_for_the_attempt_and_deleted_when_it_ends():
    client = Client()
    attempt = _start(client)
    response = _attach(client, "mon-cv.pdf", PDF)
    assert response.status_code == 302
    assert Upload.objects.get(attempt=attempt).kind == "pdf"
    client.post("/learn/simulateurs/messagerie/terminer/")
    assert Upload.objects.count() == 0
    assert Attempt.objects.get(pk=attempt.pk).failed_checks


def test_the_webmail_flow_records_a_send_with_the_cv(client):
    _start(client)
    client.post("/learn/simulateurs/messagerie/boite/", {"open": "conseillere"})
    client.post(
        "/learn/simulateurs/messagerie/ecrire/",
        {
            "to": "recrutement@boulangerie-lefevre.example",
            "subject": "Candidature",
            "body": "Bonjour,\nJe postule.\nCordialement",
            "action": "attach",
        },
    )
    client.post("/learn/simulateurs/messagerie/joindre/", {"choice": "cv"})
    page = client.get("/learn/simulateurs/messagerie/ecrire/").content.decode()
    assert "CV-Camille-Durand.pdf" in page and "Candidature" in page
    client.post(
        "/learn/simulateurs/messagerie/ecrire/",
        {
            "to": "recrutement@boulangerie-lefevre.example",
            "subject": "Candidature",
            "body": "Bonjour,\nJe postule.\nCordialement",
            "action": "send",
        },
    )
    send = Step.objects.get(action="send")
    assert send.facts["to"] == "recruiter" and send.facts["attachment"]["source"] == "sample-cv"
    result = client.post("/learn/simulateurs/messagerie/terminer/", follow=True).content.decode()
    assert "Répondez à la conseillère" in result


def test_a_weak_password_is_refused_by_the_practice_site_and_recorded(client):
    _start(client, "compte-en-ligne")
    response = client.post(
        "/learn/simulateurs/compte-en-ligne/inscription/",
        {"email": "camille.durand@messagerie.example", "password": "azerty", "password2": "azerty"},
    )
    page = response.content.decode()
    assert (
        response.status_code == 200
        and "trop faible" in page
        and "azerty" not in page.split("<main")[1].split("</main>")[0].replace("« azerty »", "")
    )
    step = Step.objects.get(action="signup")
    assert step.facts["reason"] == "weak" and "azerty" not in str(step.facts) + str(step.typed)
    assert Attempt.objects.get().secret_hash == ""


def test_a_visitors_attempt_goes_to_the_account_on_login(personas):
    from tremplin.learning.tests.factories import LEARNER_CODE, make_learner

    profile = make_learner(personas.strasbourg, personas.volunteer)
    client = Client()
    attempt = _start(client, "arnaques")
    assert attempt.user is None
    response = client.post(
        "/learn/login/", {"username": profile.user.username, "code": LEARNER_CODE}
    )
    assert response.status_code == 302
    attempt.refresh_from_db()
    assert attempt.user == profile.user and attempt.person_id == profile.person_id
    assert attempt.organisation_id == profile.organisation_id


def test_erasure_removes_typed_text_and_files(personas):
    from tremplin.learning.tests.factories import LEARNER_CODE, make_learner

    profile = make_learner(personas.strasbourg, personas.volunteer)
    client = Client()
    client.post("/learn/login/", {"username": profile.user.username, "code": LEARNER_CODE})
    _start(client)
    _attach(client, "CV-Prenom-Nom.pdf", PDF)
    people_services.erase_person(profile.person, actor=personas.coordinator)
    upload = Upload.objects.get()
    assert upload.name == "" and bytes(upload.content) == b""
    assert all(step.typed == {} for step in Step.objects.all())


def test_helpers_see_missed_steps_and_outsiders_do_not(personas, client_for):
    person = make_person(personas.strasbourg)
    attempt = Attempt.objects.create(
        person=person,
        organisation=person.organisation,
        simulator="messagerie",
        finished_at="2026-12-01T10:00Z",
        is_passed=False,
        failed_checks=["attachment"],
    )
    assert attempt.pk
    page = client_for("volunteer").get(f"/learn/simulateurs/equipe/personnes/{person.pk}/")
    assert page.status_code == 200 and "Joindre un fichier (1 fois)" in page.content.decode()
    assert (
        client_for("outsider").get(f"/learn/simulateurs/equipe/personnes/{person.pk}/").status_code
        == 404
    )


def test_magic_bytes_decide_the_type():
    assert uploads.kind_of(b"\x89PNG\r\n\x1a\nxxxx") == "png"
    assert uploads.kind_of(b"\xff\xd8\xff\xe0") == "jpeg"
    assert uploads.kind_of(b"GIF89a") is None
    assert io  # imported for SimpleUploadedFile users
