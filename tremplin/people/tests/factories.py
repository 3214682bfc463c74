"""Factory functions for people: Faker fr_FR defaults, keyword overrides."""

import datetime

from django.utils import timezone
from faker import Faker

from tremplin.people import services
from tremplin.people.models import ConsentEntry, ConsentText, Person
from tremplin.spaces.models import Organisation, Space

fake = Faker("fr_FR")


def make_consent_text(organisation: Organisation, **fields) -> ConsentText:
    fields.setdefault("version", f"{fake.unique.random_int(1, 99999)}")
    fields.setdefault("text_fr", "Nous gardons vos informations pour vous aider.")
    fields.setdefault("text_en", "We keep your information to help you.")
    fields.setdefault("published_on", datetime.date(2026, 1, 1))
    return ConsentText.objects.create(organisation=organisation, **fields)


def make_person(space: Space, *, recorded_by=None, consent=True, **fields) -> Person:
    """A person recorded through the intake service (with consent) unless ``consent=False``."""
    fields.setdefault("first_name", fake.first_name())
    fields.setdefault("last_name", fake.last_name())
    fields.setdefault("birth_year", fake.random_int(1950, 2005))
    fields.setdefault("town", space.town)
    fields.setdefault("postcode", space.postcode)
    fields.setdefault("came_through", Person.Channel.WALK_IN)
    now = fields.pop("now", None) or timezone.now()
    person = Person(home_space=space, **fields)
    if not consent:
        person.save()
        return person
    text = ConsentText.current_for(space.organisation) or make_consent_text(space.organisation)
    return services.record_intake(
        person,
        recorded_by=recorded_by,
        consent_text=text,
        consent_channel=ConsentEntry.Channel.SPOKEN,
        has_consent=True,
        now=now,
    )
