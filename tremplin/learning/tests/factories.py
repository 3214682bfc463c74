"""Factories for the learning tests: people, learner accounts, the fixture content."""

from pathlib import Path

from faker import Faker

from tremplin.learning import content
from tremplin.learning.services import create_learner_account
from tremplin.people.models import Person

fake = Faker("fr_FR")
FIXTURES = Path(__file__).resolve().parent / "fixtures"
GOOD_CONTENT = FIXTURES / "good"
BROKEN_CONTENT = FIXTURES / "broken"
# Six exercises whose answers give themselves away: first, longest, always right.
LEAKY_CONTENT = FIXTURES / "leaky"
LEARNER_CODE = "123456"


def make_person(space, **fields) -> Person:
    fields.setdefault("first_name", fake.first_name())
    fields.setdefault("last_name", fake.last_name())
    fields.setdefault("came_through", Person.Channel.WALK_IN)
    return Person.objects.create(home_space=space, **fields)


def make_learner(space, helper, *, code: str = LEARNER_CODE, **person_fields):
    """A person of ``space`` with a learner account created by ``helper``: returns the profile."""
    person = make_person(space, **person_fields)
    profile, _code = create_learner_account(person, by=helper, code=code)
    return profile


def use_content(settings, root: Path = GOOD_CONTENT) -> content.Catalogue:
    """Points the app at a content tree (cleared caches) and returns its French catalogue."""
    settings.LEARNING_CONTENT_DIR = root
    content.clear_cache()
    return content.catalogue("fr")
