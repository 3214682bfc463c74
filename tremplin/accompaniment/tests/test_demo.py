import datetime

import pytest
from django.utils import timezone

from tremplin.accompaniment.models import Accompaniment
from tremplin.people.services import inactive_people

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("demo_network")]


def test_demo_has_a_year_of_accompaniments_and_respects_mandates():
    assert Accompaniment.objects.count() > 500
    oldest = Accompaniment.objects.order_by("happened_on").first().happened_on
    assert oldest >= timezone.localdate() - datetime.timedelta(days=366)
    for row in Accompaniment.objects.filter(kind="done_for").select_related("mandate"):
        assert row.mandate.is_valid_on(row.happened_on)
        assert row.mandate.covers([t for t in row.themes])
    # 22 of the first network (learning and diagnostics keep the others active), 4 of the second.
    assert inactive_people().count() == 26
