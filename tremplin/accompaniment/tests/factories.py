"""Factory functions for accompaniments, mandates and support plans."""

import datetime

from django.utils import timezone

from tremplin.accompaniment import services
from tremplin.accompaniment.models import Accompaniment, Mandate, Theme


def make_mandate(person, *, recorded_by=None, **fields) -> Mandate:
    today = timezone.localdate()
    fields.setdefault("scope", [Theme.FAMILY_ALLOWANCE, Theme.TAXES])
    fields.setdefault("starts_on", today - datetime.timedelta(days=1))
    fields.setdefault("ends_on", today + datetime.timedelta(days=90))
    fields.setdefault("agreement", Mandate.Agreement.PAPER)
    return services.grant_mandate(
        person, recorded_by=recorded_by, space=person.home_space, **fields
    )


def make_accompaniment(person, *, helper=None, **fields) -> Accompaniment:
    fields.setdefault("kind", Accompaniment.Kind.INDIVIDUAL)
    fields.setdefault("happened_on", timezone.localdate())
    fields.setdefault("duration_minutes", 30)
    fields.setdefault("themes", [Theme.EMAIL])
    fields.setdefault("outcome", Accompaniment.Outcome.DONE)
    return services.log_accompaniment(person, helper=helper, space=person.home_space, **fields)
