"""« Vos données » in the person's words: French labels, dates, no codes or internal numbers."""

import re

import pytest
from django.test import override_settings

from tremplin.accompaniment.models import Accompaniment, Theme
from tremplin.accompaniment.tests.factories import make_accompaniment, make_mandate
from tremplin.diagnostic import services as diagnostic_services
from tremplin.diagnostic.models import DiagnosticSession
from tremplin.learning import services as learning_services
from tremplin.learning.content import catalogue
from tremplin.people.documents import person_data_sections
from tremplin.people.models import JournalEntry, Person
from tremplin.people.tests.factories import make_person

pytestmark = pytest.mark.django_db


@pytest.fixture
def person(personas):
    """Someone with something in every app: a help, a mandate, a diagnostic, a certificate."""
    person = make_person(
        personas.strasbourg,
        first_name="Zéphyrine",
        last_name="Quintavalle",
        housing=Person.Housing.PRECARIOUS,
        came_through=Person.Channel.WALK_IN,
        languages=["fr", "ar"],
        goals=["procedures"],
        is_job_seeker=True,
    )
    make_accompaniment(
        person,
        helper=personas.mediator,
        themes=[Theme.FAMILY_ALLOWANCE, Theme.EMAIL],
        outcome=Accompaniment.Outcome.FOLLOW_UP,
    )
    make_mandate(person, recorded_by=personas.mediator, scope=[Theme.TAXES])
    sitting = diagnostic_services.start_session(
        person.organisation, language="fr", person=person, helper=personas.mediator
    )
    sitting = diagnostic_services.record_screening(sitting, has_smartphone=False, email_use="never")
    while sitting.state == DiagnosticSession.State.IN_PROGRESS:
        item = diagnostic_services.diagnosis_of(sitting).next_item()
        sitting = diagnostic_services.record_answer(sitting, item_id=item, answer=[])
    profile, _code = learning_services.create_learner_account(person, by=personas.mediator)
    learning_services.issue_certificate(profile.user, catalogue("fr").pathways["premiers-pas"])
    person.refresh_from_db()
    return person


def text_of(person, user) -> str:
    return "\n".join(
        line
        for section in person_data_sections(person, user=user)
        for line in [section.title, *section.lines]
    )


def test_the_document_speaks_french_and_shows_no_code(personas, person):
    text = text_of(person, personas.mediator)
    for label in [
        "Logement : Précaire",
        "Venue par : Venue d'elle-même",
        "Langues parlées : Français, Arabe",
        "Objectifs : Faire ses démarches en ligne",
        "Inscription à France Travail : oui",
        "Besoin d'un accompagnement adapté : non",
        "Consentement donné le",
        "Démarche CAF, Messagerie (e-mail)",
        "à suivre",
        "Démarche impôts",
        "Diagnostic : ",
        "Attestation : ",
    ]:
        assert label in text, label
    for code in ["precarious", "walk_in", "home_space", "family_allowance", "follow_up", "None"]:
        assert code not in text, code
    assert re.findall(r"\b[a-z]+_[a-z_]+\b", text) == []  # no field or choice code at all
    assert not re.search(r"\d{4}-\d{2}-\d{2}", text)  # dates are written in words


def test_the_document_says_who_why_how_long_and_whom_to_ask(personas, person):
    titles = [section.title for section in person_data_sections(person, user=personas.mediator)]
    assert titles[:3] == ["Qui garde vos données", "Votre fiche", "Votre accord"]
    assert titles[-3:] == [
        "Pourquoi nous gardons ces informations",
        "Pour combien de temps",
        "Vos droits et à qui les demander",
    ]
    assert {"Les aides reçues", "Vos tests de compétences numériques"} <= set(titles)
    text = text_of(person, personas.mediator)
    assert personas.organisation.name in text
    assert personas.strasbourg.address in text
    assert "2 ans (24 mois) sans aucune activité" in text
    assert "CNIL" in text and "3 place de Fontenoy" in text


@override_settings(TREMPLIN_ANONYMISE_AFTER_MONTHS=18)
def test_the_period_follows_the_setting(personas, person):
    assert "Après 18 mois sans aucune activité" in text_of(person, personas.mediator)


def test_the_pdf_view_still_answers_a_pdf_and_journals_it(client_for, person):
    response = client_for("mediator").get(f"/people/{person.pk}/export.pdf")
    assert response.content.startswith(b"%PDF")
    assert person.journal.filter(action=JournalEntry.Action.EXPORT, fields=["pdf"]).exists()
