"""Learning services: learner accounts without email, progress, certificates."""

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.contrib.auth.hashers import check_password, make_password
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from tremplin.accounts import services as account_services
from tremplin.accounts.models import FailedAttempt, User
from tremplin.learning.content import Catalogue, Module, Page, Pathway
from tremplin.learning.models import (
    Certificate,
    CodeLock,
    Enrolment,
    LearnerProfile,
    LoginCard,
    ModuleProgress,
    PageProgress,
)
from tremplin.people import services as people_services
from tremplin.people.models import Person
from tremplin.spaces.capabilities import Capability
from tremplin.spaces.models import Organisation
from tremplin.spaces.permissions import can

# Every 5 wrong codes lock the username for the next of these delays (ANSSI recommends
# limiting attempts on short codes): a forgetful learner waits a minute, a script trying the
# million codes of one account gets 5 guesses a day after a few hours.
CODE_FAILURES_PER_LOCK = 5
LOCK_STEPS = tuple(timedelta(minutes=minutes) for minutes in (1, 5, 15, 60, 4 * 60, 24 * 60))
# A username left alone this long starts again at the first step.
LOCK_MEMORY = timedelta(days=7)
# One address trying codes on many usernames is stopped when wrong codes for this many
# different usernames came from it in the last hour (TREMPLIN_CODE_LOGIN_USERNAMES_PER_ADDRESS):
# counting usernames, not attempts, lets a room of learners behind one address make mistakes.
ADDRESS_WINDOW = timedelta(hours=1)
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
    PermissionDenied when ``by`` may not give learner accounts in the person's space, ValidationError
    when the record is erased.
    """
    if not can(by, Capability.LEARNER_ACCOUNT, person.home_space):
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
    if person is None or not can(by, Capability.LEARNER_ACCOUNT, person.home_space):
        raise PermissionDenied


@transaction.atomic
def reset_learner_code(profile: LearnerProfile, *, by: User) -> str:
    """Gives the learner a new code (returned once, to show and never to store) and lifts any
    lock of their username: a code given at the desk always works."""
    _check_helper(by, profile)
    code = _new_code()
    profile.code_hash = make_password(code)
    profile.save(update_fields=["code_hash"])
    _forget_lock(profile.user.username)
    return code


@transaction.atomic
def unlock_learner(profile: LearnerProfile, *, by: User) -> bool:
    """Lifts the lock of the learner's username (and forgets its escalation); True when there
    was one. Raises PermissionDenied when ``by`` does not support the person."""
    _check_helper(by, profile)
    return _forget_lock(profile.user.username)


def lock_of(profile: LearnerProfile, *, now: datetime | None = None) -> CodeLock | None:
    """The current lock of the learner's username, None when it is not locked."""
    lock = CodeLock.objects.filter(username_hash=_username_hash(profile.user.username)).first()
    return lock if lock is not None and lock.is_locked(now=now) else None


def _username_hash(username: str) -> str:
    return account_services.keyed_hash(f"learner:{username.strip().lower()}")


def _forget_lock(username: str) -> bool:
    deleted, _by_model = CodeLock.objects.filter(username_hash=_username_hash(username)).delete()
    return bool(deleted)


def log_in_with_code(username: str, code: str, *, now: datetime | None = None) -> User:
    """The learner's account when the code is right.

    Raises ValidationError with a plain message when the username or code is wrong, or when
    the username is locked (``CodeLock``): every ``CODE_FAILURES_PER_LOCK`` wrong codes lock it
    for the next of ``LOCK_STEPS``. An unknown username is counted and locked the same way and
    takes as long, so no answer tells whether an account exists. The lock row is taken
    ``select_for_update``: parallel guesses are counted one after the other.
    """
    now = now or timezone.now()
    key = _username_hash(username)
    wrong = ValidationError(
        _("L'identifiant ou le code ne va pas. Vérifiez et réessayez."), code="wrong"
    )
    with transaction.atomic():
        CodeLock.objects.filter(updated_at__lt=now - LOCK_MEMORY).delete()
        lock, _created = CodeLock.objects.get_or_create(
            username_hash=key, defaults={"updated_at": now}
        )
        lock = CodeLock.objects.select_for_update().get(pk=lock.pk)
        if lock.is_locked(now=now):
            raise locked_error(lock.locked_until - now)
        profile = (
            LearnerProfile.objects.select_related("user")
            .filter(user__username=username, user__is_active=True)
            .first()
        )
        if profile is None:
            make_password(code)  # as slow as a real check: the answer time says nothing
        elif check_password(code, profile.code_hash):
            lock.delete()
            return profile.user
        lock.failures += 1
        if lock.failures >= CODE_FAILURES_PER_LOCK:
            lock.failures = 0
            lock.locked_until = now + LOCK_STEPS[min(lock.lock_count, len(LOCK_STEPS) - 1)]
            lock.lock_count += 1
        lock.updated_at = now
        lock.save()
    if lock.is_locked(now=now):
        raise locked_error(lock.locked_until - now)
    raise wrong


def is_address_blocked(address: str, *, now: datetime | None = None) -> bool:
    """Whether wrong codes for too many different usernames came from this address in the
    last hour (``TREMPLIN_CODE_LOGIN_USERNAMES_PER_ADDRESS``). Counted in the database, so
    every worker process sees the same count."""
    usernames = account_services.failed_attempts_from(
        FailedAttempt.Scope.LEARNER_CODE,
        address=address,
        window=ADDRESS_WINDOW,
        distinct_keys=True,
        now=now,
    )
    return usernames >= settings.TREMPLIN_CODE_LOGIN_USERNAMES_PER_ADDRESS


def note_failure_from(address: str, *, username: str, now: datetime | None = None) -> None:
    """Counts a wrong code from this address, for this username."""
    account_services.note_failed_attempt(
        FailedAttempt.Scope.LEARNER_CODE,
        address=address,
        key=username.strip().lower(),
        now=now,
    )


def locked_error(wait: timedelta = ADDRESS_WINDOW) -> ValidationError:
    minutes = max(1, -(-int(wait.total_seconds()) // 60))
    return ValidationError(
        ngettext(
            "Trop d'essais. Par sécurité, attendez %(minutes)s minute, "
            "ou demandez un nouveau code à l'accueil.",
            "Trop d'essais. Par sécurité, attendez %(minutes)s minutes, "
            "ou demandez un nouveau code à l'accueil.",
            minutes,
        )
        % {"minutes": minutes},
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


@transaction.atomic
def attach_guest_progress(
    user, progress: dict, *, catalogue: Catalogue, now: datetime | None = None
) -> int:
    """Replays the progress a visitor made without an account (``guest.py``: lessons read,
    answers given, kept in their session) into ``user``'s account, page by page through
    ``record_page``, so that modules complete and certificates come as if they had been logged
    in. Pages the account has already done are left as they are; unknown modules or pages
    (content changed since) are skipped. Returns how many pages were attached."""
    attached = 0
    for module_slug, pages in progress.items():
        module = catalogue.modules.get(module_slug)
        if module is None or not isinstance(pages, dict):
            continue
        already = done_stems(user, module)
        for stem, entry in pages.items():
            page = module.page(stem)
            if page is None or stem in already or not isinstance(entry, dict):
                continue
            if not page.is_exercise:
                if not entry.get("done"):
                    continue
                record_page(user, page, catalogue=catalogue, now=now)
            elif entry.get("done") or entry.get("attempts"):
                is_right = bool(entry.get("done"))
                record_page(user, page, catalogue=catalogue, is_right=is_right, now=now)
            else:
                continue
            attached += 1
    return attached


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


def followed_pathways(user) -> list[str]:
    """The slugs of the pathways the user follows and has not finished, latest first."""
    return list(
        Enrolment.objects.filter(user=user, completed_at__isnull=True)
        .order_by("-enrolled_at")
        .values_list("pathway_slug", flat=True)
    )


class AccountProgress:
    """A logged-in user's progress, in the database (``services``): read once, in two queries
    (every module touched and every page done), the first time a page asks; recording a page
    reads it again."""

    is_guest = False

    def __init__(self, user):
        self.user = user
        self._modules: dict[str, ModuleProgress] | None = None
        self._done: dict[str, set[str]] = {}

    def _read(self) -> dict[str, ModuleProgress]:
        if self._modules is None:
            self._modules = {
                p.module_slug: p for p in ModuleProgress.objects.filter(user=self.user)
            }
            self._done = {}
            pages = PageProgress.objects.filter(user=self.user, is_done=True)
            for slug, stem in pages.values_list("module_slug", "page_stem"):
                self._done.setdefault(slug, set()).add(stem)
        return self._modules

    def done_stems(self, module: Module) -> set[str]:
        self._read()
        return set(self._done.get(module.slug, ()))

    def is_page_done(self, page: Page) -> bool:
        self._read()
        return page.stem in self._done.get(page.module_slug, ())

    def completed_module_slugs(self, catalogue: Catalogue | None = None) -> set[str]:
        return {slug for slug, progress in self._read().items() if progress.completed_at}

    def module_states(self, modules, *, mastered: set[str] = frozenset()):
        completed = self.completed_module_slugs()
        return [
            ModuleState(
                module=module,
                done=len(self.done_stems(module) & {page.stem for page in module.pages}),
                total=len(module.pages),
                is_completed=module.slug in completed,
                is_mastered=module.slug in mastered,
            )
            for module in modules
        ]

    def first_page_to_do(self, module: Module) -> Page:
        done = self.done_stems(module)
        return next((page for page in module.pages if page.stem not in done), module.pages[0])

    def continue_point(self, catalogue: Catalogue) -> Page | None:
        """The next page of the module touched last and not finished; else the next module of
        a pathway followed (one more query, only then); None when nothing is in progress."""
        begun = sorted(
            (p for p in self._read().values() if p.completed_at is None),
            key=lambda progress: progress.last_seen_at,
            reverse=True,
        )
        for progress in begun:
            module = catalogue.modules.get(progress.module_slug)
            if module:
                return self.first_page_to_do(module)
        completed = self.completed_module_slugs()
        for pathway_slug in followed_pathways(self.user):
            pathway = catalogue.pathways.get(pathway_slug)
            for module in pathway.modules if pathway else ():
                if module.slug not in completed:
                    return self.first_page_to_do(module)
        return None

    def record_page(
        self, page: Page, *, catalogue: Catalogue, is_right: bool | None = None
    ) -> Outcome:
        self._modules = None
        return record_page(self.user, page, catalogue=catalogue, is_right=is_right)


def module_states(user, modules, *, mastered: set[str] = frozenset()) -> list[ModuleState]:
    """Done pages per module in two queries."""
    return AccountProgress(user).module_states(modules, mastered=mastered)
