"""What erasure, the withdrawal of consent and the anonymisation of inactive people leave behind
(decision 0007): nothing that names the person, only coarse figures for the statistics."""

import datetime

import pytest
from django.urls import reverse

from tremplin.accounts.models import User
from tremplin.diagnostic.models import Response
from tremplin.diagnostic.services import start_session
from tremplin.learning.models import Certificate, LearnerProfile
from tremplin.learning.services import create_learner_account
from tremplin.people import services
from tremplin.people.models import JournalEntry, Person
from tremplin.people.tests.factories import make_person
from tremplin.people.tests.scan import tables_containing

pytestmark = pytest.mark.django_db

NOW = datetime.datetime(2026, 11, 26, 10, 0, tzinfo=datetime.UTC)
ERASURES = ["erase", "withdraw", "anonymise"]
CODE = "ACDEFGHJKM"


def erase_by(how: str, person: Person, personas) -> Person:
    """The three ways a record gets erased."""
    if how == "erase":
        services.erase_person(person, actor=personas.coordinator)
    elif how == "withdraw":
        services.withdraw_consent(person, recorded_by=personas.coordinator, channel="paper")
    else:
        long_ago = NOW - datetime.timedelta(days=800)
        Person.objects.filter(pk=person.pk).update(last_activity_at=long_ago)
        assert services.anonymise_inactive(now=NOW) == [person.pk]
    person.refresh_from_db()
    assert person.is_anonymised
    return person


@pytest.fixture
def zephyrine(personas):
    """A learner with a certificate, a diagnostic with a typed answer, and two accounts: the
    one linked to her record, and one a double click made and left unlinked."""
    person = make_person(
        personas.strasbourg,
        recorded_by=personas.volunteer,
        first_name="Zéphyrine",
        last_name="Quintavalle",
        birth_year=1978,
        phone="+33698765432",
        postcode="67100",
        town="Strasbourg",
        languages=["fr", "wo"],
        housing=Person.Housing.PRECARIOUS,
        has_income_support=True,
        is_job_seeker=True,
    )
    profile, _code = create_learner_account(person, by=personas.volunteer)
    orphan = User.objects.create(
        username="zephyrine-double-clic", first_name="Zéphyrine", last_name="Quintavalle"
    )
    LearnerProfile.objects.create(
        organisation=person.organisation, user=orphan, person=person, code_hash="x"
    )
    Certificate.objects.create(
        organisation=person.organisation,
        user=profile.user,
        pathway_slug="premiers-pas",
        pathway_title="Premiers pas",
        learner_name="Zéphyrine Quintavalle",
        code=CODE,
    )
    session = start_session(person.organisation, language="fr", person=person)
    Response.objects.create(
        organisation=person.organisation,
        session=session,
        item_id="adresse-a-remplir",
        answer=["Zéphyrine Quintavalle, 3 rue des Orfèvres"],
        is_correct=False,
    )
    return person


@pytest.mark.parametrize("how", ERASURES)
def test_after_erasure_the_public_check_of_a_certificate_names_no_one(
    client, personas, zephyrine, how
):
    verify = reverse("learning:certificate_verify") + f"?code={CODE}"
    assert "Quintavalle" in client.get(verify).text
    erase_by(how, zephyrine, personas)
    page = client.get(verify).text
    assert "Quintavalle" not in page and "Zéphyrine" not in page
    assert "la personne a fait effacer ses données" in page


@pytest.mark.parametrize("how", ERASURES)
def test_erasure_leaves_no_name_anywhere_and_closes_every_account_made_for_the_person(
    personas, zephyrine, how
):
    accounts = list(User.objects.filter(learner_profile__person=zephyrine))
    assert len(accounts) == 2
    erase_by(how, zephyrine, personas)
    for needle in ["Quintavalle", "Zéphyrine", "zephyrine", "698765432", "Orfèvres"]:
        assert tables_containing(needle) == [], needle
    for account in accounts:
        account.refresh_from_db()
        assert not account.is_active
        assert not account.has_usable_password()


@pytest.mark.parametrize("how", ERASURES)
def test_typed_diagnostic_answers_are_erased_and_right_or_wrong_stays(personas, zephyrine, how):
    erase_by(how, zephyrine, personas)
    response = Response.objects.get(session__person=zephyrine)
    assert (response.answer, response.is_correct) == ([], False)


def test_the_export_holds_the_typed_diagnostic_answers_and_no_secret(personas, zephyrine):
    data = services.export_person(zephyrine, actor=personas.coordinator)
    answers = [row["answer"] for row in data["tables"]["diagnostic.Response"]]
    assert answers == [["Zéphyrine Quintavalle, 3 rue des Orfèvres"]]
    [session] = data["tables"]["diagnostic.DiagnosticSession"]
    assert "resume_code" not in session and "share_token" not in session
    assert len(data["tables"]["learning.LearnerProfile"]) == 2
    assert all("code_hash" not in row for row in data["tables"]["learning.LearnerProfile"])
    assert data["tables"]["learning.Certificate"][0]["learner_name"] == "Zéphyrine Quintavalle"


@pytest.mark.parametrize("how", ERASURES)
def test_an_erased_record_keeps_only_coarse_figures(personas, zephyrine, how):
    person = erase_by(how, zephyrine, personas)
    kept = {
        "home_space": person.home_space,
        "department": person.department,
        "birth_year": person.birth_year,
        "came_through": person.came_through,
        "is_job_seeker": person.is_job_seeker,
    }
    assert kept == {
        "home_space": personas.strasbourg,
        "department": "67",
        "birth_year": 1970,
        "came_through": Person.Channel.WALK_IN,
        "is_job_seeker": True,
    }
    gone = (person.postcode, person.town, person.languages, person.housing, person.phone)
    assert gone == ("", "", [], "", "")
    assert not person.has_income_support and person.account_id is None
    entry = person.journal.filter(action__in=["erase", "anonymise"]).get()
    assert set(entry.fields) >= {"first_name", "town", "languages", "housing"}


def test_the_department_follows_the_postcode(personas):
    person = make_person(personas.strasbourg, postcode="20100")
    assert person.department == "2A"
    person.postcode = ""
    person.save()
    assert person.department == ""


def test_anonymisation_journals_itself_once(personas, zephyrine):
    erase_by("anonymise", zephyrine, personas)
    assert services.anonymise_inactive(now=NOW) == []
    assert zephyrine.journal.filter(action=JournalEntry.Action.ANONYMISE).count() == 1
