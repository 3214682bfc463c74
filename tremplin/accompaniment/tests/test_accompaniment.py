import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from tremplin.accompaniment import services
from tremplin.accompaniment.models import Accompaniment, Mandate, SupportGoal, SupportStep, Theme
from tremplin.accompaniment.tests.factories import make_accompaniment, make_mandate
from tremplin.people.models import Person
from tremplin.people.tests.factories import make_person
from tremplin.people.tests.scan import tables_containing

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()


@pytest.fixture
def person(personas):
    return make_person(personas.strasbourg, first_name="Zéphyrine", last_name="Quintavalle")


def form_data(**overrides) -> dict:
    data = {
        "kind": "individual",
        "happened_on": TODAY.isoformat(),
        "duration_minutes": "45",
        "themes": ["email", "job_search"],
        "outcome": "follow_up",
        "note": "CV envoyé à deux offres.",
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


def test_logging_a_help_shows_it_on_the_timeline(client_for, personas, person):
    client = client_for("volunteer")
    response = client.post(f"/accompaniment/people/{person.pk}/new/", form_data())
    assert response.status_code == 302
    row = Accompaniment.objects.get()
    assert row.helper == personas.volunteer
    assert row.space == personas.strasbourg
    assert row.themes == ["email", "job_search"]
    page = client.get(person.get_absolute_url())
    assert "Aide individuelle" in page.text
    assert "CV envoyé à deux offres." in page.text


def test_logging_a_help_resets_the_inactivity_clock(personas):
    old = make_person(personas.strasbourg, now=timezone.now() - datetime.timedelta(days=400))
    make_accompaniment(old)
    old.refresh_from_db()
    assert old.last_activity_at > timezone.now() - datetime.timedelta(minutes=1)


def test_the_form_reminds_not_to_write_sensitive_data(client_for, person):
    response = client_for("volunteer").get(f"/accompaniment/people/{person.pk}/new/")
    assert "écrivez aucune donnée sensible" in response.text


def test_bad_input_is_explained_and_nothing_saved(client_for, person):
    response = client_for("volunteer").post(
        f"/accompaniment/people/{person.pk}/new/",
        form_data(duration_minutes="0", themes=None, note="Garder ce texte"),
    )
    assert response.status_code == 200
    assert "La durée va de 1 à 600 minutes." in response.text
    assert "Cochez au moins un thème." in response.text
    assert "Garder ce texte" in response.text
    assert Accompaniment.objects.count() == 0


def test_done_for_without_mandate_is_refused_with_a_clear_message(client_for, person):
    response = client_for("volunteer").post(
        f"/accompaniment/people/{person.pk}/new/",
        form_data(kind="done_for", themes=["family_allowance"]),
    )
    assert response.status_code == 200
    assert "sans mandat valable" in response.text
    assert Accompaniment.objects.count() == 0


def test_done_for_with_a_valid_mandate_is_accepted(person):
    mandate = make_mandate(person, scope=[Theme.FAMILY_ALLOWANCE])
    row = make_accompaniment(
        person, kind=Accompaniment.Kind.DONE_FOR, themes=[Theme.FAMILY_ALLOWANCE, Theme.EMAIL]
    )
    assert row.mandate == mandate


@pytest.mark.parametrize(
    "mandate_fields, themes",
    [
        ({"scope": [Theme.TAXES]}, [Theme.FAMILY_ALLOWANCE]),
        (
            {
                "starts_on": TODAY - datetime.timedelta(days=40),
                "ends_on": TODAY - datetime.timedelta(days=10),
            },
            [Theme.TAXES],
        ),
        ({"starts_on": TODAY + datetime.timedelta(days=3)}, [Theme.TAXES]),
    ],
    ids=["other-procedure", "expired", "not-started"],
)
def test_done_for_needs_a_mandate_in_date_and_in_scope(person, mandate_fields, themes):
    make_mandate(person, **mandate_fields)
    with pytest.raises(ValidationError, match="sans mandat valable"):
        make_accompaniment(person, kind=Accompaniment.Kind.DONE_FOR, themes=themes)


def test_done_for_after_revocation_is_refused(client_for, personas, person):
    mandate = make_mandate(person)
    response = client_for("mediator").post(f"/accompaniment/mandates/{mandate.pk}/revoke/")
    assert response.status_code == 302
    mandate.refresh_from_db()
    assert mandate.revoked_by == personas.mediator
    with pytest.raises(ValidationError):
        make_accompaniment(person, kind=Accompaniment.Kind.DONE_FOR, themes=[Theme.TAXES])


def test_done_for_needs_a_procedure_theme(person):
    make_mandate(person)
    with pytest.raises(ValidationError, match="cochez la démarche"):
        make_accompaniment(person, kind=Accompaniment.Kind.DONE_FOR, themes=[Theme.EMAIL])


def test_revoking_twice_is_refused(person):
    mandate = make_mandate(person)
    services.revoke_mandate(mandate, revoked_by=None)
    with pytest.raises(ValidationError):
        services.revoke_mandate(mandate, revoked_by=None)


@pytest.mark.parametrize(
    "starts_on, ends_on, message",
    [
        (TODAY, TODAY - datetime.timedelta(days=1), "après son début"),
        (TODAY, TODAY + datetime.timedelta(days=400), "douze mois"),
    ],
)
def test_mandate_period_is_one_day_to_twelve_months(person, starts_on, ends_on, message):
    with pytest.raises(ValidationError, match=message):
        make_mandate(person, starts_on=starts_on, ends_on=ends_on)
    assert Mandate.objects.count() == 0


def test_mandate_of_one_day_is_accepted(person):
    assert make_mandate(person, starts_on=TODAY, ends_on=TODAY).is_valid_on(TODAY)


def test_mandate_form_records_agreement_and_keeps_values_on_error(client_for, personas, person):
    client = client_for("mediator")
    url = f"/accompaniment/people/{person.pk}/mandates/"
    bad = client.post(
        url, {"scope": ["taxes"], "starts_on": TODAY.isoformat(), "ends_on": TODAY.isoformat()}
    )
    assert "Cochez comment la personne a donné son accord." in bad.text
    assert 'value="taxes" id="id_scope_2" checked' in bad.text
    assert Mandate.objects.count() == 0
    good = client.post(
        url,
        {
            "scope": ["taxes"],
            "starts_on": TODAY.isoformat(),
            "ends_on": (TODAY + datetime.timedelta(days=30)).isoformat(),
            "agreement": "paper",
        },
    )
    assert good.status_code == 302
    mandate = Mandate.objects.get()
    assert mandate.recorded_by == personas.mediator
    assert mandate.agreement == Mandate.Agreement.PAPER


def test_support_plan_goals_and_steps(client_for, person):
    client = client_for("mediator")
    plan = f"/accompaniment/people/{person.pk}/plan/"
    assert client.post(plan, {"title": "Déclarer ses impôts seule"}).status_code == 302
    goal = SupportGoal.objects.get()
    client.post(
        f"/accompaniment/goals/{goal.pk}/steps/", {f"goal-{goal.pk}-title": "Créer son espace"}
    )
    step = SupportStep.objects.get()
    assert step.person == person
    client.post(f"/accompaniment/steps/{step.pk}/", {"status": "done"})
    goal.refresh_from_db()
    assert goal.status == SupportGoal.Status.REACHED
    assert "Créer son espace" in client.get(plan).text


def test_empty_goal_is_explained(client_for, person):
    response = client_for("mediator").post(
        f"/accompaniment/people/{person.pk}/plan/", {"title": ""}
    )
    assert "Écrivez l&#x27;objectif." in response.text
    assert SupportGoal.objects.count() == 0


def test_erasure_blanks_notes_and_plans_and_keeps_anonymous_rows(client_for, personas, person):
    make_accompaniment(person, note="Zéphyrine Quintavalle a envoyé son CV")
    goal = services.add_goal(person, title="Aider Quintavalle", created_by=None)
    services.add_step(goal, title="Appeler Zéphyrine")
    response = client_for("coordinator").post(f"/people/{person.pk}/erase/", {"is_confirmed": "on"})
    assert response.status_code == 302
    assert tables_containing("Quintavalle") == []
    assert tables_containing("Zéphyrine") == []
    row = Accompaniment.objects.get()
    assert row.note == ""
    assert row.duration_minutes == 30
    assert Person.objects.get().is_anonymised


def test_export_includes_accompaniment_tables(client_for, person):
    make_mandate(person)
    make_accompaniment(person, note="Note visible")
    goal = services.add_goal(person, title="Objectif", created_by=None)
    services.add_step(goal, title="Étape")
    data = client_for("mediator").get(f"/people/{person.pk}/export.json").json()
    for label in [
        "accompaniment.Accompaniment",
        "accompaniment.Mandate",
        "accompaniment.SupportGoal",
        "accompaniment.SupportStep",
    ]:
        assert len(data["tables"][label]) == 1, label


def test_accompaniment_list_does_not_query_once_per_row(
    client_for, personas, django_assert_max_num_queries
):
    for _ in range(20):
        make_accompaniment(make_person(personas.strasbourg))
    client = client_for("coordinator")
    client.get("/staff/")  # the first page after login also notes the session's last activity
    with django_assert_max_num_queries(6):
        response = client.get("/accompaniment/")
    assert response.text.count("Aide individuelle") == 20


def test_reading_mandates_and_plan_is_journaled(client_for, personas, person):
    from tremplin.people.models import JournalEntry

    client_for("volunteer").get(f"/accompaniment/people/{person.pk}/mandates/")
    client_for("mediator").get(f"/accompaniment/people/{person.pk}/plan/")
    reads = person.journal.filter(action=JournalEntry.Action.READ)
    assert set(reads.values_list("actor__username", flat=True)) == {
        "benevole-strasbourg",
        "mediateur-strasbourg",
    }
