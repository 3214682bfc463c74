"""Every service that records help given to a person keeps them active (people.services.touch)."""

import datetime

import pytest

from tremplin.accompaniment import services
from tremplin.accompaniment.models import SupportStep
from tremplin.accompaniment.tests.factories import make_mandate
from tremplin.people.models import Person
from tremplin.people.services import inactive_people
from tremplin.people.tests.factories import make_person

pytestmark = pytest.mark.django_db

LONG_AGO = datetime.timedelta(days=3 * 365)


def _inactive_for_years(person: Person) -> None:
    Person.objects.filter(pk=person.pk).update(
        last_activity_at=datetime.datetime.now(datetime.UTC) - LONG_AGO
    )


def test_working_on_a_support_plan_keeps_the_person_active(personas):
    person = make_person(personas.strasbourg, recorded_by=personas.volunteer)
    goal = services.add_goal(person, title="Déclarer ses impôts seule", created_by=None)
    _inactive_for_years(person)
    step = services.add_step(goal, title="Créer son espace")
    assert person not in inactive_people()
    _inactive_for_years(person)
    services.set_step_status(step, status=SupportStep.Status.DONE)
    assert person not in inactive_people()


def test_revoking_a_mandate_keeps_the_person_active(personas):
    person = make_person(personas.strasbourg, recorded_by=personas.volunteer)
    mandate = make_mandate(person, recorded_by=personas.coordinator)
    _inactive_for_years(person)
    services.revoke_mandate(mandate, revoked_by=personas.coordinator)
    assert person not in inactive_people()
