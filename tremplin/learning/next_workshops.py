"""The next workshops near a learner on the topics of their modules, for the learning home:
read from ``tremplin.spaces.activity``, which the workshops app fills (activity apps do not
import each other). The home shows them when there are some, and nothing otherwise."""

from tremplin.spaces import activity

SHOWN = 3


def areas_of(modules) -> list[str]:
    """The competence areas the modules teach (``communication.email`` → ``communication``)."""
    return sorted({code.split(".")[0] for module in modules for code in module.competences})


def workshops_for(person, *, modules, limit: int = SHOWN) -> list[activity.NearbyWorkshop]:
    """The next workshops near ``person``'s space on the topics of ``modules``, soonest first;
    none without a person or a topic."""
    modules = list(modules)
    if person is None or not modules:
        return []
    return activity.workshops_near(
        person.home_space,
        areas=areas_of(modules),
        module_slugs=[module.slug for module in modules],
        limit=limit,
    )
