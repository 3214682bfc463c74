"""Where a result leads: the modules that teach each area to work on, the pathway to start, and
the next workshops near where the test was taken.

Learning content is read through ``tremplin.learning.content`` and ``recommendation`` (the one
documented exception to "activity apps do not import each other", see ``apps.py``): only
modules and pathways that exist are linked. Workshops are another activity app, which the
diagnostic may not import: they come from ``tremplin.spaces.activity``, which the workshops app
fills. The result page shows them when there are some, and nothing otherwise.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.urls import reverse

from tremplin.learning import content as learning_content
from tremplin.learning.recommendation import is_mastered
from tremplin.spaces import activity

# The pathway for job seekers is found by its French title (its slug is the modules' choice).
JOB_SEEKER_PROFILES = ("beginner", "advanced")
WORKSHOPS_SHOWN = 3


def workshops_for(
    session, *, areas: list[str], limit: int = WORKSHOPS_SHOWN
) -> list[activity.NearbyWorkshop]:
    """Near where the test was taken, else near the person's space; none for a test taken
    alone without a place."""
    space = session.space or (session.person.home_space if session.person_id else None)
    return activity.workshops_near(space, areas=areas, limit=limit)


@dataclass
class ModuleLink:
    slug: str
    title: str
    minutes: int
    url: str
    is_mastered: bool = False


@dataclass
class AreaModules:
    code: str
    name: str
    modules: list[ModuleLink] = field(default_factory=list)


@dataclass
class PathwayLink:
    slug: str
    title: str
    summary: str
    start_url: str  # the first module not yet mastered
    modules: list[ModuleLink]
    is_for_job_seekers: bool = False


@dataclass
class NextSteps:
    pathway: PathwayLink | None
    areas: list[AreaModules]
    workshops: list[activity.NearbyWorkshop]


def _module_link(module, levels: dict) -> ModuleLink:
    return ModuleLink(
        slug=module.slug,
        title=module.title,
        minutes=module.minutes,
        url=reverse("learning:module_detail", args=[module.slug]),
        is_mastered=is_mastered(module, levels),
    )


def _job_seeker_slug(catalogue) -> str | None:
    return next(
        (
            slug
            for slug, pathway in catalogue.pathways.items()
            if pathway.is_for_job_seekers and pathway.audience == "learners"
        ),
        None,
    )


def recommended_pathway(
    catalogue, *, profile: str, levels: dict, is_job_seeker: bool
) -> PathwayLink | None:
    """The job-seeker pathway for a job seeker of the beginner or advanced profile (when it
    exists); else, among the learners' pathways for the profile, the one with most left to
    learn. None when no pathway fits (the profile's text then says where to go)."""
    pathway = None
    job_slug = _job_seeker_slug(catalogue)
    if is_job_seeker and profile in JOB_SEEKER_PROFILES and job_slug in catalogue.pathways:
        pathway = catalogue.pathways[job_slug]
    else:
        candidates = [
            p
            for p in catalogue.pathways.values()
            if p.audience == "learners" and profile in p.profiles and p.slug != job_slug
        ]
        candidates.sort(key=lambda p: -sum(not is_mastered(module, levels) for module in p.modules))
        pathway = candidates[0] if candidates else None
    if pathway is None or not pathway.modules:
        return None
    modules = [_module_link(module, levels) for module in pathway.modules]
    first = next((module for module in modules if not module.is_mastered), modules[0])
    return PathwayLink(
        slug=pathway.slug,
        title=pathway.title,
        summary=pathway.summary,
        start_url=first.url,
        modules=modules,
        is_for_job_seekers=pathway.slug == job_slug,
    )


def area_modules(catalogue, area_rows: list[dict], levels: dict) -> list[AreaModules]:
    """For each measured area below « Autonome », the learners' modules that teach one of its
    competences (the modules' ``competences``); areas no module teaches yet are left out."""
    learner_slugs = {
        slug
        for pathway in catalogue.pathways.values()
        if pathway.audience == "learners"
        for slug in pathway.module_slugs
    }
    found = []
    for row in sorted(
        (row for row in area_rows if row["level"] is not None and row["level"] < 3),
        key=lambda row: row["level"],
    ):
        modules = [
            _module_link(module, levels)
            for slug, module in catalogue.modules.items()
            if slug in learner_slugs
            and any(code.split(".")[0] == row["code"] for code in module.competences)
        ]
        if modules:
            found.append(AreaModules(code=row["code"], name=row["name"], modules=modules))
    return found


def is_job_seeker(session) -> bool:
    """The screening said « je cherche un emploi », or the person's record says so."""
    person = session.person if session.person_id else None
    return bool(session.looking_for_work) or bool(person and person.is_job_seeker)


def next_steps(session, *, area_rows: list[dict], levels: dict, language: str) -> NextSteps:
    """Everything the result page offers after the result: built from what exists only."""
    catalogue = learning_content.catalogue(language)
    areas = area_modules(catalogue, area_rows, levels)
    return NextSteps(
        pathway=recommended_pathway(
            catalogue, profile=session.profile, levels=levels, is_job_seeker=is_job_seeker(session)
        ),
        areas=areas,
        workshops=workshops_for(session, areas=[area.code for area in areas]),
    )
