"""Factory functions for accounts and spaces: sensible defaults, keyword overrides."""

from itertools import count

from django.contrib.auth.hashers import make_password
from faker import Faker

from tremplin.accounts.models import User
from tremplin.spaces.models import (
    FunderAccess,
    Membership,
    Organisation,
    PartnerAdviser,
    PartnerOrganisation,
    Space,
    affiliate,
)

fake = Faker("fr_FR")
_sequence = count(1)
TEST_PASSWORD = "mot-de-passe-de-test-2026"
_HASHED_PASSWORD = None


def hashed_test_password() -> str:
    global _HASHED_PASSWORD
    if _HASHED_PASSWORD is None:
        _HASHED_PASSWORD = make_password(TEST_PASSWORD)
    return _HASHED_PASSWORD


def make_organisation(**fields) -> Organisation:
    number = next(_sequence)
    fields.setdefault("name", f"Réseau {number}")
    fields.setdefault("slug", f"reseau-{number}")
    return Organisation.objects.create(**fields)


def make_space(organisation: Organisation | None = None, **fields) -> Space:
    number = next(_sequence)
    fields.setdefault("name", f"Espace {fake.city()} {number}")
    fields.setdefault("slug", f"espace-{number}")
    fields.setdefault("address", fake.street_address())
    fields.setdefault("postcode", "67100")
    fields.setdefault("town", "Strasbourg")
    fields.setdefault("opening_hours", "Mo-Fr 09:00-12:00,14:00-17:00")
    fields.setdefault("services", [Space.Service.PROCEDURES.value])
    return Space.objects.create(organisation=organisation or make_organisation(), **fields)


def make_user(**fields) -> User:
    number = next(_sequence)
    fields.setdefault("username", f"user-{number}")
    fields.setdefault("first_name", fake.first_name())
    fields.setdefault("last_name", fake.last_name())
    fields.setdefault("password", hashed_test_password())
    return User.objects.create(**fields)


def make_staff(space: Space, role: str = Membership.Role.VOLUNTEER, **fields) -> User:
    user = make_user(kind=User.Kind.STAFF, **fields)
    Membership.objects.create(space=space, user=user, role=role)
    return user


def make_admin(organisation: Organisation, **fields) -> User:
    """A national administrator: the national team of ``organisation`` only."""
    user = make_user(kind=User.Kind.ADMIN, **fields)
    affiliate(user, organisation.pk)
    return user


def make_partner(organisation: Organisation | None = None, **fields) -> PartnerOrganisation:
    fields.setdefault("name", "France Travail Strasbourg Meinau")
    fields.setdefault("kind", PartnerOrganisation.Kind.EMPLOYMENT)
    fields.setdefault("postcode", "67100")
    fields.setdefault("town", "Strasbourg")
    return PartnerOrganisation.objects.create(
        organisation=organisation or make_organisation(), **fields
    )


def make_partner_adviser(partner: PartnerOrganisation | None = None, **fields) -> User:
    partner = partner or make_partner()
    user = make_user(kind=User.Kind.PARTNER, **fields)
    PartnerAdviser.objects.create(partner=partner, user=user)
    return user


def make_funder(organisation: Organisation, **fields) -> User:
    user = make_user(kind=User.Kind.FUNDER, **fields)
    FunderAccess.objects.create(organisation=organisation, user=user, label="Région Grand Est")
    return user
