"""Demo network, learning: learner accounts with progress, a certificate, helpers in training.

Runs after the people demo. ``apprenant`` (Ahmed Diallo of Strasbourg, when the people demo made
his record) logs in at /learn/login/ with the code ``123456``, or with the password of the demo;
he is half-way through *First steps*, so « Reprendre » shows something. Idempotent: accounts and
progress that exist are left as they are.
"""

from datetime import timedelta

from django.contrib.auth.hashers import make_password
from django.utils import timezone

from tremplin.learning import content, services
from tremplin.learning.models import LearnerProfile, PageProgress
from tremplin.people.models import Person
from tremplin.spaces.models import Membership

DEMO_LEARNER_CODE = "123456"
FIRST_STEPS = "premiers-pas"
HELPER_TRAINING = "formation-aidants"


def _people(network) -> list[Person]:
    people = getattr(network, "people", None) or []
    if isinstance(people, dict):
        people = list(people.values())
    return [person for person in people if isinstance(person, Person)]


def _link(person: Person, user, *, by, code: str) -> None:
    """Gives the person's account (``apprenant``) its code login."""
    if LearnerProfile.objects.filter(user=user).exists():
        return
    if person.account_id is None:
        Person.objects.filter(pk=person.pk).update(account=user)
    LearnerProfile.objects.create(
        organisation=person.organisation,
        user=user,
        person=person,
        code_hash=make_password(code),
        created_by=by,
    )


def _progress(user, catalogue, pages, *, start) -> None:
    """Works through ``pages`` (one a day from ``start``), answering each exercise right."""
    if PageProgress.objects.filter(user=user).exists():
        return
    for index, page in enumerate(pages):
        services.record_page(
            user,
            page,
            catalogue=catalogue,
            is_right=True if page.is_exercise else None,
            now=start + timedelta(hours=index * 6),
        )


def _pages(pathway, module_count: int, extra_pages: int = 0) -> list:
    pages = [page for module in pathway.modules[:module_count] for page in module.pages]
    if extra_pages and module_count < len(pathway.modules):
        pages += list(pathway.modules[module_count].pages[:extra_pages])
    return pages


def seed(network) -> None:
    catalogue = content.catalogue("fr")
    first_steps = catalogue.pathways.get(FIRST_STEPS) or next(
        (p for p in catalogue.pathways.values() if p.audience == "learners"), None
    )
    if first_steps is None:
        return
    now = timezone.now()
    strasbourg = network.spaces.get("strasbourg")
    helper = (
        Membership.objects.filter(space=strasbourg).select_related("user").first()
        if strasbourg
        else None
    )
    people = [p for p in _people(network) if strasbourg is None or p.home_space == strasbourg]
    apprenant = network.accounts.get("apprenant")
    ahmed = next((p for p in people if (p.first_name, p.last_name) == ("Ahmed", "Diallo")), None)
    if apprenant and ahmed and helper:
        _link(ahmed, apprenant, by=helper.user, code=DEMO_LEARNER_CODE)
    if apprenant:
        _progress(apprenant, catalogue, _pages(first_steps, 1, 3), start=now - timedelta(days=6))
    # Four more learners, once: on a second run theirs are accounts already, and picking the
    # next four people without one would make the demo grow at every run.
    has_learners = LearnerProfile.objects.filter(person__in=people).exclude(person=ahmed).exists()
    others = [p for p in people if p is not ahmed and p.account_id is None][:4]
    if has_learners:
        others = []
    for index, person in enumerate(others):
        if helper is None:
            break
        profile, _code = services.create_learner_account(
            person, by=helper.user, code=f"{network.rng.randrange(10**6):06d}"
        )
        modules = len(first_steps.modules) if index == 0 else index
        _progress(
            profile.user,
            catalogue,
            _pages(first_steps, modules, 2),
            start=now - timedelta(days=20 - index),
        )
    training = catalogue.pathways.get(HELPER_TRAINING)
    if training:
        volunteers = Membership.objects.filter(role=Membership.Role.VOLUNTEER).select_related(
            "user"
        )[:3]
        for index, membership in enumerate(volunteers):
            _progress(
                membership.user,
                catalogue,
                _pages(training, index + 1),
                start=now - timedelta(days=10 + index),
            )
    network.stdout.write(
        f"  learning: {LearnerProfile.objects.count()} learner accounts, "
        f"{PageProgress.objects.count()} pages done"
    )
