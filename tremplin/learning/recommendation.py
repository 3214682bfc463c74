"""Pathway recommendation from a skills result, without importing the app that measures skills.

Activity apps do not import each other, so the diagnostic app feeds learning through this small
registry. In its ``AppConfig.ready()`` it registers a *skill source*::

    from tremplin.learning.recommendation import register_skill_source

    def latest_result(person):
        result = person.diagnostic_results.order_by("-finished_at").first()
        if result is None:
            return None
        return {"profile": result.profile,            # "excluded" | "beginner" | "advanced"
                "levels": {"device.touch": 3, ...}}   # competence or area code → level 1..3

    register_skill_source(latest_result)

A source receives a ``people.Person`` and returns that mapping, or None when it knows nothing.
The first source with an answer wins. Without any source, or without an answer, every pathway is
shown and nothing is recommended. A pathway marked ``job_seekers: true`` goes to job seekers only
(``Person.is_job_seeker``, or ``"is_job_seeker"`` in the source's answer), and to them first.

A module counts as *mastered* when every competence it teaches (``competences`` in its
``module.yaml``) is at ``MASTERED_LEVEL`` or above, either by its own code or by its area's code
(the part before the dot).
"""

from collections.abc import Callable
from dataclasses import dataclass, field

from tremplin.learning.content import Catalogue, Module, Pathway

MASTERED_LEVEL = 3

SkillSource = Callable[..., dict | None]
_sources: list[SkillSource] = []


def register_skill_source(source: SkillSource) -> SkillSource:
    if source not in _sources:
        _sources.append(source)
    return source


def unregister_skill_source(source: SkillSource) -> None:
    if source in _sources:
        _sources.remove(source)


def skills_of(person) -> dict | None:
    if person is None:
        return None
    for source in _sources:
        skills = source(person)
        if skills:
            return skills
    return None


def is_mastered(module: Module, levels: dict) -> bool:
    if not module.competences:
        return False
    for code in module.competences:
        level = levels.get(code, levels.get(code.split(".")[0]))
        if level is None or level < MASTERED_LEVEL:
            return False
    return True


@dataclass
class Recommendation:
    pathway: Pathway | None = None
    mastered: set[str] = field(default_factory=set)  # module slugs
    has_skills: bool = False


def recommend(person, catalogue: Catalogue, *, audience: str = "learners") -> Recommendation:
    """The pathway for the person's profile and the modules they already master."""
    skills = skills_of(person)
    if not skills:
        return Recommendation()
    levels = skills.get("levels") or {}
    profile = skills.get("profile")
    mastered = {slug for slug, module in catalogue.modules.items() if is_mastered(module, levels)}
    is_job_seeker = bool(skills.get("is_job_seeker") or getattr(person, "is_job_seeker", False))
    candidates = [
        p
        for p in catalogue.pathways.values()
        if p.audience == audience
        and profile in p.profiles
        and (is_job_seeker or not p.is_for_job_seekers)
    ]
    # A job seeker's pathway first; then, for the profile, the one with the most left to learn.
    candidates.sort(key=lambda p: (not p.is_for_job_seekers, -len(set(p.module_slugs) - mastered)))
    return Recommendation(
        pathway=candidates[0] if candidates else None, mastered=mastered, has_skills=True
    )
