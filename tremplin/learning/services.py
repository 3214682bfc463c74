"""Learning services: learner accounts without email, progress, certificates."""

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.contrib.auth.hashers import check_password, make_password
from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from tremplin.accounts.models import User
from tremplin.learning.content import Catalogue, Module, Page, Pathway
from tremplin.learning.models import (
    Certificate,
    Enrolment,
    LearnerProfile,
    LoginCard,
    ModuleProgress,
    PageProgress,
)
from tremplin.people import services as people_services
from tremplin.people.models import Person
from tremplin.spaces.models import Organisation
from tremplin.spaces.permissions import can_support_people

MAX_FAILED_CODES = 5
LOCK_DURATION = timedelta(minutes=15)
# One address trying codes on many usernames: 20 wrong codes in 15 minutes stop it for 15 minutes.
MAX_FAILED_CODES_PER_ADDRESS = 20
# No 0/O, 1/I/L, 5/S, 2/Z, 8/B: a code read aloud or copied by hand stays unambiguous.
CERTIFICATE_ALPHABET = "34679ACDEFGHJKMNPQRTUVWXY"
CERTIFICATE_CODE_LENGTH = 10


def _new_code() -> str:
    return f"{secrets.randbelow(1_000_000):06d}"


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def organisation_of(user) -> Organisation | None:
    """The organisation a user's learning data belongs to (their person's, or their space's)."""
    profile = LearnerProfile.objects.filter(user=user).select_related("organisation").first()
    if profile:
        return profile.organisation
    membership = user.memberships.select_related("organisation").first()
    return membership.organisation if membership else None


# ---------------------------------------------------------------------------------------------
# Learner accounts


def _new_username(person: Person) -> str:
    base = slugify(person.first_name)[:12] or "apprenant"
    for _attempt in range(50):
        username = f"{base}-{secrets.randbelow(900) + 100}"
        if not User.objects.filter(username=username).exists():
            return username
    return f"{base}-{secrets.token_hex(3)}"


@transaction.atomic
def create_learner_account(
    person: Person, *, by: User, code: str | None = None
) -> tuple[LearnerProfile, str | None]:
    """Gives the person a code login and returns ``(profile, code)``.

    Uses the person's account when they have one (``Person.account``), else creates a learner
    account without email or password and links it to the person, so that erasure closes it.
    The code is shown once to the helper and stored hashed. Idempotent: the person's row is
    locked (``select_for_update``), and when they already have a code login (a double click, a
    retried request) it is returned as ``(profile, None)`` and nothing is created. Raises
    PermissionDenied when ``by`` does not support people in the person's space, ValidationError
    when the record is erased.
    """
    if not can_support_people(by, person.home_space):
        raise PermissionDenied
    locked = Person.objects.select_for_update().get(pk=person.pk)
    if locked.anonymised_at is not None:
        raise ValidationError(_("Cette fiche est effacée : on ne peut plus y lier de compte."))
    user = locked.account
    existing = LearnerProfile.objects.filter(user=user).first() if user is not None else None
    if existing is not None:
        person.account = user
        return existing, None
    if user is None:
        user = User.objects.create(
            username=_new_username(person),
            first_name=person.first_name,
            last_name=person.last_name,
            kind=User.Kind.LEARNER,
        )
        user.set_unusable_password()
        user.save(update_fields=["password"])
        Person.objects.filter(pk=person.pk).update(account=user)
        person.account = user
    code = code or _new_code()
    profile = LearnerProfile.objects.create(
        organisation=person.organisation,
        user=user,
        person=person,
        code_hash=make_password(code),
        created_by=by,
    )
    return profile, code


def _check_helper(by: User, profile: LearnerProfile) -> None:
    person = profile.person
    if person is None or not can_support_people(by, person.home_space):
        raise PermissionDenied


@transaction.atomic
def reset_learner_code(profile: LearnerProfile, *, by: User) -> str:
    """Gives the learner a new code (returned once) and lifts any lock."""
    _check_helper(by, profile)
    code = _new_code()
    profile.code_hash = make_password(code)
    profile.failed_attempts = 0
    profile.locked_until = None
    profile.save(update_fields=["code_hash", "failed_attempts", "locked_until"])
    return code


def log_in_with_code(username: str, code: str, *, now: datetime | None = None) -> User:
    """The learner's account when the code is right.

    Raises ValidationError with a plain message when the username or code is wrong, or when the
    account is locked: five wrong codes lock it for 15 minutes (ANSSI recommends limiting
    attempts on short codes). The failure count is kept even though the error is raised.
    """
    now = now or timezone.now()
    wrong = ValidationError(
        _("L'identifiant ou le code ne va pas. Vérifiez et réessayez."), code="wrong"
    )
    with transaction.atomic():
        profile = (
            LearnerProfile.objects.select_for_update()
            .select_related("user")
            .filter(user__username=username, user__is_active=True)
            .first()
        )
        if profile is None:
            make_password(code)  # as slow as a real check: the answer time says nothing
            raise wrong
        if profile.is_locked(now=now):
            raise locked_error()
        if check_password(code, profile.code_hash):
            profile.failed_attempts = 0
            profile.locked_until = None
            profile.save(update_fields=["failed_attempts", "locked_until"])
            return profile.user
        profile.failed_attempts += 1
        if profile.failed_attempts >= MAX_FAILED_CODES:
            profile.failed_attempts = 0
            profile.locked_until = now + LOCK_DURATION
        profile.save(update_fields=["failed_attempts", "locked_until"])
        locked = profile.locked_until is not None and profile.locked_until > now
    raise locked_error() if locked else wrong


def _address_key(address: str) -> str:
    return f"learning:code-failures:{address}"


def is_address_blocked(address: str) -> bool:
    return cache.get(_address_key(address), 0) >= MAX_FAILED_CODES_PER_ADDRESS


def note_failure_from(address: str) -> None:
    """Counts a wrong code from this address (the window starts at the first failure)."""
    key = _address_key(address)
    if cache.add(key, 1, timeout=int(LOCK_DURATION.total_seconds())):
        return
    try:
        cache.incr(key)
    except ValueError:
        cache.set(key, 1, timeout=int(LOCK_DURATION.total_seconds()))


def locked_error() -> ValidationError:
    return ValidationError(
        _(
            "Trop d'essais. Par sécurité, attendez 15 minutes, "
            "ou demandez un nouveau code à l'accueil."
        ),
        code="locked",
    )


@transaction.atomic
def issue_login_card(profile: LearnerProfile, *, by: User, now: datetime | None = None) -> str:
    """Returns the token of a new card (to print as a QR code); the previous card stops working."""
    _check_helper(by, profile)
    now = now or timezone.now()
    profile.cards.filter(revoked_at__isnull=True).update(revoked_at=now)
    token = secrets.token_urlsafe(24)
    LoginCard.objects.create(
        organisation=profile.organisation,
        profile=profile,
        token_hash=_token_hash(token),
        created_by=by,
        created_at=now,
    )
    return token


@transaction.atomic
def revoke_login_cards(profile: LearnerProfile, *, by: User, now: datetime | None = None) -> int:
    """Stops every card of the learner; returns how many were active."""
    _check_helper(by, profile)
    return profile.cards.filter(revoked_at__isnull=True).update(revoked_at=now or timezone.now())


@transaction.atomic
def log_in_with_card(token: str, *, now: datetime | None = None) -> User:
    """The learner of an active card; ValidationError for an unknown or revoked card."""
    card = (
        LoginCard.objects.select_for_update()
        .select_related("profile__user")
        .filter(token_hash=_token_hash(token), revoked_at__isnull=True)
        .first()
    )
    if card is None or not card.profile.user.is_active:
        raise ValidationError(
            _("Cette carte ne marche plus. Demandez une nouvelle carte à l'accueil.")
        )
    card.last_used_at = now or timezone.now()
    card.save(update_fields=["last_used_at"])
    return card.profile.user


def card_for_token(token: str) -> LoginCard | None:
    return (
        LoginCard.objects.select_related("profile__user")
        .filter(token_hash=_token_hash(token), revoked_at__isnull=True)
        .first()
    )


# ---------------------------------------------------------------------------------------------
# Progress


def _touch_module(user, module: Module, catalogue: Catalogue, now: datetime) -> ModuleProgress:
    organisation = organisation_of(user)
    progress, created = ModuleProgress.objects.get_or_create(
        user=user,
        module_slug=module.slug,
        defaults={"organisation": organisation, "started_at": now, "last_seen_at": now},
    )
    if not created:
        progress.last_seen_at = now
        progress.save(update_fields=["last_seen_at"])
    for pathway in catalogue.pathways_with(module.slug):
        Enrolment.objects.get_or_create(
            user=user,
            pathway_slug=pathway.slug,
            defaults={"organisation": organisation, "enrolled_at": now},
        )
    return progress


@transaction.atomic
def enrol(user, pathway: Pathway, *, now: datetime | None = None) -> Enrolment:
    """Enrols the user in the pathway (idempotent); keeps the learner's person active."""
    now = now or timezone.now()
    enrolment, _created = Enrolment.objects.get_or_create(
        user=user,
        pathway_slug=pathway.slug,
        defaults={"organisation": organisation_of(user), "enrolled_at": now},
    )
    people_services.touch_account(user, now=now)
    return enrolment


@dataclass
class Outcome:
    module_completed: bool = False
    certificates: tuple = ()


@transaction.atomic
def record_page(
    user,
    page: Page,
    *,
    catalogue: Catalogue,
    is_right: bool | None = None,
    now: datetime | None = None,
) -> Outcome:
    """Records a lesson read (``is_right`` None) or an answer; completes the module when every
    page is done, and issues the certificate of every enrolled pathway then complete. Learning
    is activity with the person: it resets their anonymisation clock (``touch_account``)."""
    now = now or timezone.now()
    people_services.touch_account(user, now=now)
    module = catalogue.modules[page.module_slug]
    module_progress = _touch_module(user, module, catalogue, now)
    progress, _created = PageProgress.objects.select_for_update().get_or_create(
        user=user,
        module_slug=page.module_slug,
        page_stem=page.stem,
        defaults={"organisation": module_progress.organisation, "updated_at": now},
    )
    if is_right is None:
        progress.is_done = True
    else:
        progress.attempts += 1
        progress.is_last_answer_correct = is_right
        progress.is_done = progress.is_done or is_right
    progress.updated_at = now
    progress.save()
    outcome = Outcome()
    if module_progress.completed_at is None and done_stems(user, module) >= {
        p.stem for p in module.pages
    }:
        module_progress.completed_at = now
        module_progress.save(update_fields=["completed_at"])
        outcome.module_completed = True
        outcome.certificates = tuple(_complete_pathways(user, catalogue, now))
    return outcome


def done_stems(user, module: Module) -> set[str]:
    return set(
        PageProgress.objects.filter(user=user, module_slug=module.slug, is_done=True).values_list(
            "page_stem", flat=True
        )
    )


def completed_module_slugs(user) -> set[str]:
    return set(
        ModuleProgress.objects.filter(user=user, completed_at__isnull=False).values_list(
            "module_slug", flat=True
        )
    )


def _complete_pathways(user, catalogue: Catalogue, now: datetime) -> list[Certificate]:
    completed = completed_module_slugs(user)
    certificates = []
    for enrolment in Enrolment.objects.filter(user=user, completed_at__isnull=True):
        pathway = catalogue.pathways.get(enrolment.pathway_slug)
        if pathway and set(pathway.module_slugs) <= completed:
            enrolment.completed_at = now
            enrolment.save(update_fields=["completed_at"])
            certificates.append(issue_certificate(user, pathway, now=now))
    return certificates


def _certificate_code() -> str:
    return "".join(
        secrets.choice(CERTIFICATE_ALPHABET) for _index in range(CERTIFICATE_CODE_LENGTH)
    )


def issue_certificate(user, pathway: Pathway, *, now: datetime | None = None) -> Certificate:
    """The user's certificate for the pathway, created once with an unguessable code; issuing
    it keeps the learner's person active."""
    existing = Certificate.objects.filter(user=user, pathway_slug=pathway.slug).first()
    if existing:
        return existing
    now = now or timezone.now()
    people_services.touch_account(user, now=now)
    for _attempt in range(5):
        try:
            with transaction.atomic():
                return Certificate.objects.create(
                    organisation=organisation_of(user),
                    user=user,
                    pathway_slug=pathway.slug,
                    pathway_title=pathway.title,
                    learner_name=user.get_full_name() or user.username,
                    modules=[module.title for module in pathway.modules],
                    minutes=pathway.minutes,
                    code=_certificate_code(),
                    issued_at=now,
                )
        except IntegrityError:
            continue
    raise ValidationError(_("L'attestation n'a pas pu être créée. Réessayez."))


def find_certificate(code: str) -> Certificate | None:
    code = code.replace("-", "").replace(" ", "").upper()
    if len(code) != CERTIFICATE_CODE_LENGTH or set(code) - set(CERTIFICATE_ALPHABET):
        return None
    return Certificate.objects.filter(code=code).first()


# ---------------------------------------------------------------------------------------------
# Where to continue


@dataclass
class ModuleState:
    module: Module
    done: int
    total: int
    is_completed: bool
    is_mastered: bool = False

    @property
    def percent(self) -> int:
        return round(100 * self.done / self.total) if self.total else 0


def module_states(user, modules, *, mastered: set[str] = frozenset()) -> list[ModuleState]:
    """Done pages per module in two queries."""
    slugs = [module.slug for module in modules]
    done = {}
    for slug, stem in PageProgress.objects.filter(
        user=user, module_slug__in=slugs, is_done=True
    ).values_list("module_slug", "page_stem"):
        done.setdefault(slug, set()).add(stem)
    completed = set(
        ModuleProgress.objects.filter(
            user=user, module_slug__in=slugs, completed_at__isnull=False
        ).values_list("module_slug", flat=True)
    )
    states = []
    for module in modules:
        stems = {page.stem for page in module.pages}
        states.append(
            ModuleState(
                module=module,
                done=len(done.get(module.slug, set()) & stems),
                total=len(stems),
                is_completed=module.slug in completed,
                is_mastered=module.slug in mastered,
            )
        )
    return states


def first_page_to_do(user, module: Module) -> Page:
    done = done_stems(user, module)
    return next((page for page in module.pages if page.stem not in done), module.pages[0])


def continue_point(user, catalogue: Catalogue) -> Page | None:
    """The next page of the module the user touched last and has not finished; else the next
    module of a pathway they follow; None when there is nothing in progress."""
    for progress in ModuleProgress.objects.filter(user=user, completed_at__isnull=True).order_by(
        "-last_seen_at"
    ):
        module = catalogue.modules.get(progress.module_slug)
        if module:
            return first_page_to_do(user, module)
    completed = completed_module_slugs(user)
    for enrolment in Enrolment.objects.filter(user=user, completed_at__isnull=True).order_by(
        "-enrolled_at"
    ):
        pathway = catalogue.pathways.get(enrolment.pathway_slug)
        for module in pathway.modules if pathway else ():
            if module.slug not in completed:
                return first_page_to_do(user, module)
    return None
