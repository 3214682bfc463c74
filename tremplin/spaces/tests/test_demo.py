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
    assert Space.objects.count() == 12
    assert set(DEMO_ACCOUNTS) <= set(User.objects.values_list("username", flat=True))
    assert (
        User.objects.get(username="benevole-marseille").memberships.get().space.town == "Marseille"
    )
    assert Membership.objects.filter(user__username="coord-strasbourg", role="coordinator").exists()
    assert User.objects.get(username="apprenant").check_password("tremplin-demo")
