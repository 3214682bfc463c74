"""An adviser follows the people they referred; their partner's administrator, everyone the
partner organisation referred."""

import pytest

from tremplin.accounts.models import User
from tremplin.core.testing.clients import logged_in_client
from tremplin.partners.tests.factories import make_referral
from tremplin.spaces.models import PartnerAdviser
from tremplin.spaces.tests.factories import make_user

pytestmark = pytest.mark.django_db


def colleague_of(adviser, *, is_partner_admin=False):
    user = make_user(kind=User.Kind.PARTNER)
    PartnerAdviser.objects.create(
        partner=adviser.partner_adviser.partner, user=user, is_partner_admin=is_partner_admin
    )
    return user


def test_an_adviser_sees_only_the_referrals_they_sent(personas):
    referral = make_referral(personas.partner, personas.strasbourg, first_name="Maëlys")
    url = f"/partners/orientations/{referral.pk}/"
    assert logged_in_client(personas.partner).get(url).status_code == 200
    colleague = logged_in_client(colleague_of(personas.partner))
    assert colleague.get(url).status_code == 404
    assert "Maëlys" not in colleague.get("/partners/").text


def test_the_partner_administrator_sees_every_referral_of_the_partner(personas):
    referral = make_referral(personas.partner, personas.strasbourg, first_name="Maëlys")
    administrator = logged_in_client(colleague_of(personas.partner, is_partner_admin=True))
    assert administrator.get(f"/partners/orientations/{referral.pk}/").status_code == 200
