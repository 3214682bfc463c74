from io import StringIO

import pytest
from django.apps import apps
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

# The network is seeded once for this module (conftest.demo_network).
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("demo_network")]


def test_seed_demo_is_refused_in_production(settings):
    settings.DEBUG = False
    users = User.objects.count()
    with pytest.raises(CommandError, match="refused with DEBUG off"):
        call_command("seed_demo")
    assert User.objects.count() == users


def test_seed_demo_run_again_adds_no_row_anywhere(demo_network):
    call_command("seed_demo", force=True, stdout=StringIO())
    counts = {model._meta.label: model._default_manager.count() for model in apps.get_models()}
    assert counts == demo_network.counts


def test_seed_demo_creates_the_network():
    assert Space.objects.filter(organisation__slug="reseau-tremplin").count() == 12
    assert Space.objects.filter(organisation__slug="horizon-numerique").count() == 2
    assert set(DEMO_ACCOUNTS) <= set(User.objects.values_list("username", flat=True))
    assert (
        User.objects.get(username="benevole-marseille").memberships.get().space.town == "Marseille"
    )
    assert Membership.objects.filter(user__username="coord-strasbourg", role="coordinator").exists()
    assert User.objects.get(username="apprenant").check_password("tremplin-demo")


def test_the_second_organisation_sees_nothing_of_the_first_and_the_reverse():
    from tremplin.people.models import Person
    from tremplin.spaces.models import Organisation

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


def test_the_demo_coordinator_of_strasbourg_is_told_the_chargers_run_low():
    from tremplin.core.testing.clients import logged_in_client

    home = logged_in_client(User.objects.get(username="coord-strasbourg")).get("/staff/").text
    assert "Stock bas à" in home and "Chargeur et câble USB-C : 5" in home
