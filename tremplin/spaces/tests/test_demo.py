import pytest
from django.core.management import CommandError, call_command

from tremplin.accounts.models import User
from tremplin.spaces.models import Membership, Space

DEMO_ACCOUNTS = [
    "admin",
    "coord-strasbourg",
    "mediateur-strasbourg",
    "benevole-strasbourg",
    "benevole-marseille",
    "partenaire-strasbourg",
    "financeur",
    "apprenant",
]


def test_seed_demo_is_refused_in_production(db, settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="refused with DEBUG off"):
        call_command("seed_demo")
    assert not User.objects.exists()


def test_seed_demo_creates_the_network_and_is_idempotent(db):
    call_command("seed_demo", force=True)
    call_command("seed_demo", force=True)
    assert Space.objects.filter(organisation__slug="reseau-tremplin").count() == 12
    assert Space.objects.filter(organisation__slug="horizon-numerique").count() == 2
    assert set(DEMO_ACCOUNTS) <= set(User.objects.values_list("username", flat=True))
    assert (
        User.objects.get(username="benevole-marseille").memberships.get().space.town == "Marseille"
    )
    assert Membership.objects.filter(user__username="coord-strasbourg", role="coordinator").exists()
    assert User.objects.get(username="apprenant").check_password("tremplin-demo")


def test_the_second_organisation_sees_nothing_of_the_first_and_the_reverse(db):
    from tremplin.people.models import Person
    from tremplin.spaces.models import Organisation

    call_command("seed_demo", force=True)
    first = Organisation.objects.get(slug="reseau-tremplin")
    second = Organisation.objects.get(slug="horizon-numerique")
    for username in ("admin-horizon", "coord-nancy", "benevole-nancy"):
        user = User.objects.get(username=username)
        assert user.affiliation.organisation == second
        assert not Person.objects.visible_to(user).filter(organisation=first).exists()
        assert Person.objects.visible_to(user).exists()
        assert not Space.objects.visible_to(user).filter(organisation=first).exists()
    admin = User.objects.get(username="admin")
    assert Person.objects.visible_to(admin).exists()
    assert not Person.objects.visible_to(admin).filter(organisation=second).exists()
