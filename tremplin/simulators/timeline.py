"""The person's timeline entries from the simulators: each simulator finished."""

from django.urls import reverse
from django.utils.translation import gettext as _

from tremplin.people.timeline import Action, Entry, Source
from tremplin.simulators import engine
from tremplin.simulators.models import Attempt


def simulator_entry(attempt, person, user) -> Entry:
    simulator = engine.registry().get(attempt.simulator)
    return Entry(
        at=attempt.finished_at,
        kind="learning",
        title=_("Simulateur fini : %(title)s")
        % {"title": simulator.title if simulator else attempt.simulator},
        detail=_("Toutes les étapes réussies") if attempt.is_passed else _("Des étapes à revoir"),
        url=reverse("simulators:person_simulators", args=[person.pk]),
        icon="learn",
    )


SIMULATOR_SOURCE = Source(
    "simulator",
    rows=lambda person, user: Attempt.objects.filter(person=person, finished_at__isnull=False),
    fields=("finished_at", "simulator", "is_passed"),
    entry=simulator_entry,
)


def simulator_actions(person, user) -> list[Action]:
    return [
        Action(
            label=_("Simulateurs"),
            url=reverse("simulators:person_simulators", args=[person.pk]),
            icon="learn",
        )
    ]
