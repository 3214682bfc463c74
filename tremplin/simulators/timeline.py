"""The person's timeline entries from the simulators: each simulator finished."""

from django.urls import reverse
from django.utils.translation import gettext as _

from tremplin.people.timeline import Action, Entry
from tremplin.simulators import engine
from tremplin.simulators.models import Attempt


def simulator_entries(person, user) -> list[Entry]:
    url = reverse("simulators:person_simulators", args=[person.pk])
    simulators = engine.registry()
    entries = []
    for attempt in Attempt.objects.filter(person=person, finished_at__isnull=False):
        simulator = simulators.get(attempt.simulator)
        title = simulator.title if simulator else attempt.simulator
        entries.append(
            Entry(
                at=attempt.finished_at,
                kind="learning",
                title=_("Simulateur fini : %(title)s") % {"title": title},
                detail=_("Toutes les étapes réussies")
                if attempt.is_passed
                else _("Des étapes à revoir"),
                url=url,
                icon="learn",
            )
        )
    return entries


def simulator_actions(person, user) -> list[Action]:
    return [
        Action(
            label=_("Simulateurs"),
            url=reverse("simulators:person_simulators", args=[person.pk]),
            icon="learn",
        )
    ]
