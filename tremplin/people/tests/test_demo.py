import pytest

from tremplin.accounts.models import User
from tremplin.people.models import ConsentEntry, ConsentText, Person

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("demo_network")]


def test_demo_adds_people_with_consent_and_ahmed_diallo_is_the_learner():
    people = Person.objects.filter(organisation__slug="reseau-tremplin")
    assert 300 <= people.count() <= 400
    assert people.values("home_space").distinct().count() == 12
    assert ConsentText.objects.filter(is_current=True).count() == 2  # one per organisation
    assert Person.objects.filter(organisation__slug="horizon-numerique").count() == 16
    assert not people.exclude(consents__action=ConsentEntry.Action.GIVEN).exists()
    ahmed = Person.objects.get(account=User.objects.get(username="apprenant"))
    assert (ahmed.first_name, ahmed.last_name, ahmed.home_space.slug) == (
        "Ahmed",
        "Diallo",
        "strasbourg",
    )
