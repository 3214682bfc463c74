import pytest

from tremplin.core.testing.clients import logged_in_client
from tremplin.partners.models import Referral, Status
from tremplin.spaces.models import PartnerAdviser

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("demo_network")]


def test_the_demo_has_referrals_from_two_partners_at_every_stage():
    for name in ["France Travail Strasbourg Meinau", "CAF du Bas-Rhin"]:
        statuses = set(Referral.objects.filter(partner__name=name).values_list("status", flat=True))
        assert statuses == set(Status.values), name
    referral = Referral.objects.filter(status=Status.COMPLETED).first()
    assert list(referral.events.values_list("status", flat=True)) == [
        "sent",
        "received",
        "diagnosed",
        "in_training",
        "completed",
    ]
    assert not referral.events.filter(notified_at__isnull=True).exists()


def test_the_demo_adviser_sees_their_referrals_and_administers_their_agency():
    link = PartnerAdviser.objects.get(user__username="partenaire-strasbourg")
    assert link.is_partner_admin
    client = logged_in_client(link.user)
    page = client.get("/partners/").content.decode()
    assert page.count("/partners/orientations/") == 15
    assert client.get("/partners/tableau-de-bord/").status_code == 200
