"""The team of a space: invitations by single-use link, roles, deactivation, the onboarding
checklist, weekly availability and hours (decision 0012).

Who may do it is checked by the views with ``permissions.can(user, MANAGE_TEAM, space)``; the
services check again what a coordinator may never do (invite or name a coordinator, change a
coordinator or themselves) and raise ``PermissionDenied`` or ``ValidationError``.
"""

import datetime
import hashlib
import secrets
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.contrib.sessions.models import Session
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tremplin.accounts.models import SecurityEvent, User
from tremplin.spaces import activity
from tremplin.spaces.capabilities import Capability
from tremplin.spaces.models import (
    Availability,
    HelperProfile,
    HoursEntry,
    Invitation,
    Membership,
    OnboardingStep,
    Space,
    organisation_id_of,
)
from tremplin.spaces.permissions import can

Role = Membership.Role
# The helper-training module that the checklist's data-protection step reads (content/learning).
DATA_PROTECTION_MODULE = "donnees-personnelles"


def roles_given_by(user, space: Space) -> list[str]:
    """The roles ``user`` may invite to or set in ``space``: the national team names
    coordinators too, a coordinator volunteers and mediators only."""
    if not can(user, Capability.MANAGE_TEAM, space):
        return []
    if user.is_administrator:
        return list(Role.values)
    return [Role.VOLUNTEER, Role.MEDIATOR]


def _check_role(by, space: Space, role: str) -> None:
    if not can(by, Capability.MANAGE_TEAM, space):
        raise PermissionDenied
    if role not in roles_given_by(by, space):
        raise ValidationError(
            _("Vous ne pouvez pas donner ce rôle. Choisissez bénévole ou médiateur·rice."),
            code="role",
        )


def _journal(target, *, by, space_or_organisation_id, action, detail="", now=None):
    organisation_id = getattr(space_or_organisation_id, "organisation_id", space_or_organisation_id)
    return SecurityEvent.objects.create(
        organisation_id=organisation_id,
        actor=by,
        target=target,
        action=action,
        detail=detail,
        at=now or timezone.now(),
    )


# Invitations ---------------------------------------------------------------------------------


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


@transaction.atomic
def invite(
    space: Space,
    *,
    role: str,
    by: User,
    is_civic_service: bool = False,
    civic_service_starts_on: datetime.date | None = None,
    civic_service_ends_on: datetime.date | None = None,
    now: datetime.datetime | None = None,
) -> tuple[Invitation, str]:
    """Makes a single-use invitation valid for 7 days and returns it with its secret (shown
    once, in the link: only its hash is kept). Raises PermissionDenied when ``by`` does not
    manage the team, ValidationError for a role they may not give or contract dates in the
    wrong order."""
    _check_role(by, space, role)
    if is_civic_service and role != Role.VOLUNTEER:
        raise ValidationError(_("Un service civique est un rôle de bénévole."), code="civic")
    if (
        civic_service_starts_on
        and civic_service_ends_on
        and civic_service_ends_on <= civic_service_starts_on
    ):
        raise ValidationError(_("La fin du contrat vient après son début."), code="contract_dates")
    now = now or timezone.now()
    token = secrets.token_urlsafe(32)
    invitation = Invitation.objects.create(
        space=space,
        role=role,
        is_civic_service=is_civic_service,
        civic_service_starts_on=civic_service_starts_on if is_civic_service else None,
        civic_service_ends_on=civic_service_ends_on if is_civic_service else None,
        token_hash=hash_token(token),
        created_by=by,
        created_at=now,
        expires_at=now + Invitation.VALID_FOR,
    )
    return invitation, token


class InvitationUnusable(Exception):
    """The link cannot make an account; ``reason`` is « unknown », « used », « revoked » or
    « expired »."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


def find_invitation(token: str, *, now: datetime.datetime | None = None, lock=False) -> Invitation:
    """The invitation of a link. Raises InvitationUnusable when the link was never made (a
    forged or mistyped one), is used or has expired."""
    rows = Invitation.objects.select_related("space", "space__organisation")
    if lock:
        rows = rows.select_for_update(of=("self",))
    invitation = rows.filter(token_hash=hash_token(token or "")).first()
    if invitation is None or not invitation.space.is_active:
        raise InvitationUnusable("unknown")
    if invitation.is_used:
        raise InvitationUnusable("used")
    if invitation.revoked_at is not None:
        raise InvitationUnusable("revoked")
    if invitation.is_expired(now=now):
        raise InvitationUnusable("expired")
    return invitation


@transaction.atomic
def accept_invitation(
    token: str,
    *,
    username: str,
    first_name: str,
    last_name: str,
    password: str,
    email: str = "",
    now: datetime.datetime | None = None,
) -> User:
    """Makes the staff account of an invitation, with its role in its space, and uses the link
    up (locked: two clicks make one account). Raises InvitationUnusable, or ValidationError
    when the username is taken. At the first login the account enrols its second factor and is
    given its backup codes (``accounts.views.second_factor``)."""
    now = now or timezone.now()
    invitation = find_invitation(token, now=now, lock=True)
    if get_user_model().objects.filter(username__iexact=username).exists():
        raise ValidationError(
            {"username": _("Ce nom d'utilisateur est déjà pris. Choisissez-en un autre.")}
        )
    user = get_user_model().objects.create_user(
        username=username,
        password=password,
        first_name=first_name,
        last_name=last_name,
        email=email,
        kind=User.Kind.STAFF,
    )
    Membership.objects.create(space=invitation.space, user=user, role=invitation.role)
    HelperProfile.objects.create(
        organisation_id=invitation.organisation_id,
        user=user,
        is_civic_service=invitation.is_civic_service,
        civic_service_starts_on=invitation.civic_service_starts_on,
        civic_service_ends_on=invitation.civic_service_ends_on,
    )
    invitation.used_at, invitation.used_by = now, user
    invitation.save(update_fields=["used_at", "used_by"])
    _journal(
        user,
        by=invitation.created_by,
        space_or_organisation_id=invitation.space,
        action=SecurityEvent.Action.JOINED,
        detail=f"{invitation.get_role_display()} – {invitation.space.name}",
        now=now,
    )
    return user


@transaction.atomic
def revoke_invitation(
    invitation: Invitation, *, by: User, now: datetime.datetime | None = None
) -> Invitation:
    """Cancels a link that has not been used: it then says it was cancelled. Raises
    PermissionDenied when ``by`` may not give its role in its space, ValidationError when the
    link has already made an account. Cancelling twice changes nothing."""
    _check_role(by, invitation.space, invitation.role)
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if invitation.is_used:
        raise ValidationError(
            _("Cette invitation a déjà servi : désactivez le compte si besoin."), code="used"
        )
    if invitation.revoked_at is None:
        invitation.revoked_at, invitation.revoked_by = now or timezone.now(), by
        invitation.save(update_fields=["revoked_at", "revoked_by"])
    return invitation


# Roles and deactivation ----------------------------------------------------------------------


def coordinator_ids(users) -> set[int]:
    """Which of these accounts coordinate a space (anywhere), in one query."""
    return set(
        Membership.objects.filter(user__in=users, role=Role.COORDINATOR).values_list(
            "user_id", flat=True
        )
    )


def may_change(membership: Membership, *, by: User, coordinators: set[int] | None = None) -> bool:
    """Whether ``by`` may change the role of, deactivate or reset the member: they manage the
    team of the space, and the member is neither themselves, nor the national team, nor (for a
    coordinator) a peer coordinator: the national team changes those. ``coordinators``: the
    ids of ``coordinator_ids``, read once for a list."""
    if not can(by, Capability.MANAGE_TEAM, membership.space):
        return False
    target = membership.user
    if target == by or target.is_administrator:
        return False
    if by.is_administrator:
        return True
    if coordinators is None:
        coordinators = coordinator_ids([target])
    return target.pk not in coordinators


def _check_may_change(membership: Membership, *, by: User) -> None:
    if not may_change(membership, by=by):
        raise PermissionDenied


@transaction.atomic
def change_role(membership: Membership, *, role: str, by: User) -> Membership:
    """Gives the member another role in this space, journaled. Raises PermissionDenied or
    ValidationError (see ``roles_given_by``)."""
    membership = (
        Membership.objects.select_for_update().select_related("space", "user").get(pk=membership.pk)
    )
    _check_may_change(membership, by=by)
    _check_role(by, membership.space, role)
    if membership.role == role:
        return membership
    before = membership.get_role_display()
    membership.role = role
    membership.save(update_fields=["role"])
    _journal(
        membership.user,
        by=by,
        space_or_organisation_id=membership.space,
        action=SecurityEvent.Action.ROLE_CHANGED,
        detail=f"{before} → {membership.get_role_display()} – {membership.space.name}",
    )
    return membership


@transaction.atomic
def deactivate(membership: Membership, *, by: User, now: datetime.datetime | None = None) -> User:
    """Closes the member's account at once: it can no longer log in, its open sessions end, it
    leaves every space of the organisation with its weekly availability. Its past hours and
    journal stay. Raises PermissionDenied (a coordinator, oneself, the national team)."""
    _check_may_change(membership, by=by)
    user = get_user_model().objects.select_for_update().get(pk=membership.user_id)
    organisation_id = membership.organisation_id
    user.is_active = False
    user.set_unusable_password()
    user.save(update_fields=["is_active", "password"])
    Membership.objects.filter(user=user, organisation_id=organisation_id).delete()
    Availability.objects.filter(user=user).delete()
    end_sessions_of(user, now=now)
    user.__dict__.pop("_tremplin_scope", None)
    _journal(
        user,
        by=by,
        space_or_organisation_id=organisation_id,
        action=SecurityEvent.Action.DEACTIVATED,
        now=now,
    )
    return user


def end_sessions_of(user, *, now: datetime.datetime | None = None) -> int:
    """Deletes the user's open sessions of the database backend. (An inactive account is logged
    out at its next request anyway: the authentication backend refuses it.)"""
    ended = 0
    for session in Session.objects.filter(expire_date__gt=now or timezone.now()).iterator():
        if session.get_decoded().get("_auth_user_id") == str(user.pk):
            session.delete()
            ended += 1
    return ended


# Onboarding ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class ChecklistItem:
    step: str
    label: str
    done_on: datetime.date | None
    # « learning » when read from the helper training, « recorded » when someone ticked it.
    source: str = ""

    @property
    def is_done(self) -> bool:
        return self.done_on is not None


@dataclass(frozen=True)
class Checklist:
    items: list[ChecklistItem]

    @property
    def is_ready(self) -> bool:
        return all(item.is_done for item in self.items)

    @property
    def done_count(self) -> int:
        return sum(item.is_done for item in self.items)


def checklists_of(users) -> dict[int, Checklist]:
    """Each user's onboarding checklist: what was recorded, and the data-protection module read
    from the helper training (``activity.completed_modules``). Two queries for any number."""
    user_ids = [user.pk for user in users]
    recorded = {
        (row.user_id, row.step): row.done_on
        for row in OnboardingStep.objects.filter(user_id__in=user_ids)
    }
    learned = activity.completed_modules(user_ids, [DATA_PROTECTION_MODULE])
    checklists = {}
    for user_id in user_ids:
        items = []
        for step in OnboardingStep.Step:
            done_on, source = recorded.get((user_id, step.value)), "recorded"
            completed_at = learned.get((user_id, DATA_PROTECTION_MODULE))
            if step == OnboardingStep.Step.DATA_PROTECTION and completed_at and not done_on:
                done_on, source = timezone.localdate(completed_at), "learning"
            items.append(ChecklistItem(step.value, step.label, done_on, source if done_on else ""))
        checklists[user_id] = Checklist(items)
    return checklists


def record_step(
    user,
    *,
    step: str,
    by: User,
    space: Space,
    done_on: datetime.date | None = None,
) -> OnboardingStep:
    """Ticks one item of a helper's checklist (their coordinator does, or the helper signs the
    charter themselves). Idempotent: a step done stays done on its first date. Raises
    PermissionDenied when ``by`` is neither the helper (for the charter) nor their
    coordinator, ValidationError for an unknown step."""
    if step not in OnboardingStep.Step.values:
        raise ValidationError(_("Cette étape n'existe pas."), code="step")
    is_self_charter = by == user and step == OnboardingStep.Step.CHARTER
    is_member = Membership.objects.filter(space=space, user=user).exists()
    if not is_member or not (is_self_charter or can(by, Capability.MANAGE_TEAM, space)):
        raise PermissionDenied
    row, _created = OnboardingStep.objects.get_or_create(
        user=user,
        step=step,
        defaults={
            "organisation_id": space.organisation_id,
            "done_on": done_on or timezone.localdate(),
            "recorded_by": by,
        },
    )
    return row


# Availability, topics, languages ---------------------------------------------------------------


def helper_profile_of(user) -> HelperProfile:
    """The user's profile, made empty on first use."""
    profile, _created = HelperProfile.objects.get_or_create(
        user=user, defaults={"organisation_id": organisation_id_of(user)}
    )
    return profile


@transaction.atomic
def add_availability(
    user,
    *,
    space: Space,
    weekday: int,
    start_time: datetime.time,
    end_time: datetime.time,
) -> Availability:
    """Adds a weekly slot at one of the user's spaces. Raises ValidationError when the slot
    ends before it starts or overlaps one already given on that day."""
    if not Membership.objects.filter(space=space, user=user).exists():
        raise PermissionDenied
    if end_time <= start_time:
        raise ValidationError(_("L'heure de fin vient après l'heure de début."), code="order")
    overlapping = Availability.objects.filter(
        user=user, weekday=weekday, start_time__lt=end_time, end_time__gt=start_time
    )
    if overlapping.exists():
        raise ValidationError(
            _("Vous avez déjà donné un créneau qui chevauche celui-ci ce jour-là."),
            code="overlap",
        )
    return Availability.objects.create(
        space=space, user=user, weekday=weekday, start_time=start_time, end_time=end_time
    )


def available_helpers(space: Space, starts_at: datetime.datetime, ends_at: datetime.datetime):
    """The active staff of ``space`` whose weekly availability covers the whole of
    ``starts_at``–``ends_at`` (for the workshops' « assign from those available »), by name."""
    user_ids = (
        Availability.objects.filter(space=space)
        .covering(starts_at, ends_at)
        .filter(user__memberships__space=space, user__is_active=True)
        .values("user_id")
    )
    return get_user_model().objects.filter(pk__in=user_ids).order_by("first_name", "last_name")


# Hours ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Hours:
    session_minutes: int = 0
    manual_minutes: int = 0
    sessions: int = 0

    @property
    def total_minutes(self) -> int:
        return self.session_minutes + self.manual_minutes

    @property
    def total_display(self) -> str:
        return spoken_duration(self.total_minutes)

    @property
    def session_display(self) -> str:
        return spoken_duration(self.session_minutes)

    @property
    def manual_display(self) -> str:
        return spoken_duration(self.manual_minutes)


def spoken_duration(minutes: int) -> str:
    """``150`` → « 2 h 30 », ``45`` → « 45 min », ``0`` → « 0 h »."""
    hours, rest = divmod(minutes, 60)
    if hours and rest:
        return f"{hours} h {rest:02d}"
    return f"{hours} h" if hours or not rest else f"{rest} min"


def hours_of(
    users, *, since: datetime.datetime, until: datetime.datetime, space: Space | None = None
) -> dict[int, Hours]:
    """Each user's hours between ``since`` and ``until``: sessions they helped at (from the
    workshops) plus manual entries, in ``space`` when given. Zero for someone with none."""
    user_ids = [user.pk for user in users]
    session_minutes = dict.fromkeys(user_ids, 0)
    session_counts = dict.fromkeys(user_ids, 0)
    for helped in activity.helped_sessions(user_ids, since=since, until=until):
        if helped.user_id in session_minutes and (space is None or helped.space_id == space.pk):
            session_minutes[helped.user_id] += helped.minutes
            session_counts[helped.user_id] += 1
    manual = dict.fromkeys(user_ids, 0)
    entries = HoursEntry.objects.filter(
        user_id__in=user_ids,
        worked_on__gte=timezone.localdate(since),
        worked_on__lte=timezone.localdate(until),
    )
    if space is not None:
        entries = entries.filter(space=space)
    for user_id, minutes in entries.values_list("user_id", "minutes"):
        manual[user_id] += minutes
    return {
        user_id: Hours(session_minutes[user_id], manual[user_id], session_counts[user_id])
        for user_id in user_ids
    }


def record_hours(
    user,
    *,
    space: Space,
    worked_on: datetime.date,
    minutes: int,
    activity_text: str,
    by: User,
    now: datetime.datetime | None = None,
) -> HoursEntry:
    """Adds hours given outside the sessions (by the helper for themselves, or their
    coordinator). Raises PermissionDenied, or ValidationError for a duration outside
    1 minute–12 hours or a date in the future."""
    if not Membership.objects.filter(space=space, user=user).exists():
        raise PermissionDenied
    if by != user and not can(by, Capability.MANAGE_TEAM, space):
        raise PermissionDenied
    now = now or timezone.now()
    if not 1 <= minutes <= HoursEntry.MAX_MINUTES:
        raise ValidationError(
            {"minutes": _("Donnez une durée entre 1 minute et 12 heures.")}, code="minutes"
        )
    if worked_on > timezone.localdate(now):
        raise ValidationError(
            {"worked_on": _("Notez des heures déjà faites : la date est passée.")}, code="future"
        )
    return HoursEntry.objects.create(
        space=space,
        user=user,
        worked_on=worked_on,
        minutes=minutes,
        activity=activity_text,
        recorded_by=by,
        recorded_at=now,
    )


# Drop-in slots without a helper --------------------------------------------------------------

UNCOVERED_HORIZON = datetime.timedelta(days=7)


@dataclass(frozen=True)
class UncoveredSlot:
    slot: activity.Slot
    space: Space
    candidates: list


def uncovered_slots(
    spaces, *, now: datetime.datetime | None = None, with_candidates: bool = True
) -> list[UncoveredSlot]:
    """The drop-in slots of the next 7 days at ``spaces`` with nobody to help, each with the
    helpers whose availability covers it (a query per slot; none without ``with_candidates``)."""
    now = now or timezone.now()
    until = now + UNCOVERED_HORIZON
    by_id = {space.pk: space for space in spaces}
    slots = [
        slot
        for slot in activity.drop_in_slots(by_id, since=now, until=until)
        if now <= slot.starts_at < until
    ]
    return [
        UncoveredSlot(
            slot,
            by_id[slot.space_id],
            list(available_helpers(by_id[slot.space_id], slot.starts_at, slot.ends_at))
            if with_candidates
            else [],
        )
        for slot in slots
        if not slot.helper_ids and slot.space_id in by_id
    ]
