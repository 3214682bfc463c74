"""Referral services: refer a person (with their consent), move a referral forward or close it,
attach it to an earlier record of the same person, follow the records of the activity apps,
tell the adviser, and invite a partner organisation's advisers.

A status change is scarce: ``move_referral`` locks the referral's row and re-reads its status
inside the lock, and ``ReferralEvent`` holds one row per referral and status (a unique
constraint), so two staff members receiving the same referral at once make one change
(PostgreSQL proves it in ``tests/test_concurrency.py``). E-mails leave once the transaction has
committed.
"""

import datetime
from collections import defaultdict

from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import models, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext as _
from django.utils.translation import override

from tremplin.accounts.models import User
from tremplin.core.privacy import hide_small_count
from tremplin.diagnostic.models import DiagnosticSession
from tremplin.learning.models import Certificate
from tremplin.partners.models import (
    RANK,
    ClosedReason,
    NotificationPreference,
    Referral,
    ReferralEvent,
    SharedView,
    Sharing,
    Status,
    adviser_of,
)
from tremplin.people import services as people_services
from tremplin.people.models import ConsentEntry, ConsentText, JournalEntry, Person
from tremplin.spaces.models import PartnerAdviser, PartnerOrganisation, Space
from tremplin.workshops.models import Booking

MAX_REASON = 1000


def partner_spaces(partner: PartnerOrganisation):
    """The open spaces a partner refers to; every open space of its organisation when it has
    not named any yet."""
    spaces = Space.objects.filter(organisation_id=partner.organisation_id, is_active=True)
    named = spaces.filter(partner_organisations=partner)
    return named if named.exists() else spaces


def _check_adviser(adviser, partner: PartnerOrganisation) -> None:
    link = adviser_of(adviser)
    if link is None or link.partner_id != partner.pk:
        raise ValidationError(_("Ce compte n'est pas celui d'un·e conseiller·e de ce partenaire."))


def check_referral(partner: PartnerOrganisation, *, adviser, space: Space, sharing: str) -> None:
    """What every referral of an adviser to a space needs, checked once for a whole file.
    Raises ValidationError for an adviser of another partner, a space the partner does not
    refer to, or no choice of what to share."""
    _check_adviser(adviser, partner)
    if not partner_spaces(partner).filter(pk=space.pk).exists():
        raise ValidationError(_("Ce partenaire n'oriente pas vers cet espace."), code="space")
    if sharing not in Sharing.values:
        raise ValidationError(
            _("Dites ce que la personne accepte que l'on vous partage."), code="sharing"
        )


@transaction.atomic
def refer_person(
    partner: PartnerOrganisation,
    *,
    adviser,
    space: Space,
    person: Person,
    reason: str = "",
    goals: list[str] | tuple[str, ...] = (),
    sharing: str,
    has_consent: bool,
    now: datetime.datetime | None = None,
) -> Referral:
    """Refers a person to ``space``: records the person (unsaved ``person`` with the minimal
    data of an intake) with the consent the adviser collected (channel « referral »), writes the
    "referred by" fact on the record, and makes the referral, sent. Returns the referral.

    Raises ValidationError, and saves nothing, without the person's consent or a consent text
    in force, without a choice of what to share, for a space the partner does not refer to, an
    adviser of another partner, or a reason too long."""
    check_referral(partner, adviser=adviser, space=space, sharing=sharing)
    return make_referral(
        partner,
        adviser=adviser,
        space=space,
        person=person,
        reason=reason,
        goals=goals,
        sharing=sharing,
        has_consent=has_consent,
        consent_text=ConsentText.current_for(partner.organisation),
        now=now,
    )


def make_referral(
    partner: PartnerOrganisation,
    *,
    adviser,
    space: Space,
    person: Person,
    reason: str,
    goals: list[str] | tuple[str, ...],
    sharing: str,
    has_consent: bool,
    consent_text: ConsentText | None,
    cohort_import=None,
    now: datetime.datetime | None = None,
) -> Referral:
    """The writing half of ``refer_person``, for callers that ran ``check_referral`` once in
    their own transaction (a cohort's file). Raises ValidationError, and saves nothing of this
    person, without consent or a consent text, for a reason too long or unknown goals."""
    reason = (reason or "").strip()
    if len(reason) > MAX_REASON:
        raise ValidationError(
            _("La raison fait plus de %(max)s caractères : raccourcissez-la.") % {"max": MAX_REASON}
        )
    if set(goals) - set(Person.Goal.values):
        raise ValidationError(_("Choisissez les objectifs dans la liste."), code="goals")
    moment = now or timezone.now()
    person.home_space = space
    person.came_through = Person.Channel.PARTNER_REFERRAL
    person.goals = list(goals)
    people_services.record_intake(
        person,
        recorded_by=adviser,
        consent_text=consent_text,
        consent_channel=ConsentEntry.Channel.REFERRAL,
        has_consent=has_consent,
        now=moment,
    )
    day = timezone.localdate(moment)
    people_services.record_referral(person, partner=partner, on=day)
    referral = Referral.objects.create(
        space=space,
        partner=partner,
        person=person,
        adviser=adviser,
        reason=reason,
        goals=list(goals),
        sharing=sharing,
        consent_text=consent_text,
        cohort_import=cohort_import,
        sent_at=moment,
        sent_on=day,
        status_changed_at=moment,
    )
    # The adviser sent it: nothing to tell them about this first step.
    ReferralEvent.objects.create(
        referral=referral,
        status=Status.SENT,
        source=ReferralEvent.Source.ADVISER,
        at=moment,
        by=adviser,
        notified_at=moment,
    )
    return referral


def _already(referral: Referral) -> ValidationError:
    return ValidationError(
        _("Cette orientation est déjà à l'étape « %(status)s ».")
        % {"status": referral.get_status_display()},
        code="already",
    )


@transaction.atomic
def move_referral(
    referral: Referral,
    *,
    to: str,
    by,
    source: str = ReferralEvent.Source.STAFF,
    closed_reason: str = "",
    at: datetime.datetime | None = None,
    now: datetime.datetime | None = None,
) -> Referral:
    """Moves the referral forward to step ``to`` (steps may be skipped, never gone back to), or
    closes it (``to="closed"`` with a ``closed_reason``). Writes one dated ``ReferralEvent`` and
    a line of the person's journal, keeps the person active, and tells the adviser once the
    transaction has committed. ``at`` dates the change when it follows from an earlier record.
    Returns the referral as it now is.

    Raises ValidationError, and changes nothing, when the referral is already at or beyond that
    step, already completed or closed, for an unknown step, or a closing without a reason."""
    locked = (
        Referral.objects.select_for_update(of=("self",))
        .select_related("person")
        .get(pk=referral.pk)
    )
    if not locked.is_open:
        raise _already(locked)
    if to == Status.CLOSED:
        if closed_reason not in ClosedReason.values:
            raise ValidationError(_("Choisissez la raison de la clôture."), code="reason")
    elif to not in RANK:
        raise ValidationError(_("Choisissez une étape de la liste."), code="step")
    elif RANK[to] <= RANK[locked.status]:
        raise _already(locked)
    else:
        closed_reason = ""
    moment = now or timezone.now()
    changed_at = max(at or moment, locked.status_changed_at)
    previous = locked.status
    locked.status, locked.closed_reason, locked.status_changed_at = to, closed_reason, changed_at
    if to != Status.CLOSED:
        locked.reached_rank = RANK[to]
    locked.save(update_fields=["status", "closed_reason", "status_changed_at", "reached_rank"])
    event = ReferralEvent.objects.create(
        referral=locked,
        from_status=previous,
        status=to,
        closed_reason=closed_reason,
        source=source,
        at=changed_at,
        by=by if by is not None and by.is_authenticated else None,
    )
    people_services.journal(
        locked.person, actor=by, action=JournalEntry.Action.UPDATE, fields=["referral"], now=moment
    )
    people_services.touch(locked.person, now=moment)
    transaction.on_commit(lambda: notify_adviser(event.pk))
    referral.status, referral.closed_reason = locked.status, locked.closed_reason
    referral.status_changed_at, referral.reached_rank = changed_at, locked.reached_rank
    return locked


@transaction.atomic
def attach_to_person(
    referral: Referral, *, person: Person, by, now: datetime.datetime | None = None
) -> Referral:
    """After staff's duplicate check: the referral is about ``person``, an earlier record of the
    same person, instead of the record it made. The earlier record gets the referral's consent
    and "referred by" fact; the record the referral made is erased (its consent and journal
    stay, as for any erasure). The adviser sees nothing more of the earlier record than the
    referral's shared view.

    Raises ValidationError, and changes nothing, when the referral did not make its record, is
    closed or completed, for the same record, a record of another organisation, an erased one,
    or when the record made has other referrals."""
    locked = (
        Referral.objects.select_for_update(of=("self",))
        .select_related("person")
        .get(pk=referral.pk)
    )
    made = locked.person
    if not locked.made_person or not locked.is_open:
        raise ValidationError(
            _("Cette orientation ne peut plus être rattachée à une autre fiche."), code="attached"
        )
    if person.pk == made.pk:
        raise ValidationError(_("C'est déjà la fiche de cette orientation."), code="same")
    if person.organisation_id != locked.organisation_id or person.is_anonymised:
        raise ValidationError(_("Cette fiche ne peut pas recevoir l'orientation."), code="person")
    if made.referrals.exclude(pk=locked.pk).exists():
        raise ValidationError(
            _("La fiche créée par l'orientation en a d'autres : rattachez-les une à une."),
            code="others",
        )
    moment = now or timezone.now()
    locked.person, locked.made_person = person, False
    locked.save(update_fields=["person", "made_person"])
    # The consent the adviser collected now stands on the earlier record.
    people_services.record_consent(
        person,
        action=ConsentEntry.Action.GIVEN,
        text=locked.consent_text,
        channel=ConsentEntry.Channel.REFERRAL,
        by=locked.adviser,
        at=locked.sent_at,
    )
    people_services.record_referral(person, partner=locked.partner, on=locked.sent_on)
    people_services.journal(
        person,
        actor=by,
        action=JournalEntry.Action.UPDATE,
        fields=["referred_by", "referred_on"],
        now=moment,
    )
    people_services.erase_person(made, actor=by, now=moment)
    referral.person, referral.made_person = person, False
    return locked


# Following the records of the activity apps -----------------------------------------------


def _first_after(moments: list[datetime.datetime], since: datetime.datetime):
    later = [moment for moment in moments if moment >= since]
    return min(later) if later else None


def reached_from_records(rows: list[tuple[int, int, datetime.datetime]]) -> dict:
    """``{referral id: (step, source, moment)}``: the furthest step each referral reached in
    the records of the activity apps since it was sent. ``rows`` are (referral id, person id,
    sent at). Four queries, whatever the number of referrals."""
    if not rows:
        return {}
    people = {person_id for _pk, person_id, _sent in rows}
    since = min(sent for _pk, _person, sent in rows)
    found: dict[tuple[int, str], list] = defaultdict(list)
    diagnostics = DiagnosticSession.objects.filter(
        person_id__in=people, state=DiagnosticSession.State.FINISHED, finished_at__gte=since
    ).values_list("person_id", "finished_at")
    for person_id, moment in diagnostics:
        found[person_id, ReferralEvent.Source.DIAGNOSTIC].append(moment)
    # A session attended that ended after the referral (a person referred at the door of a
    # workshop that had started counts).
    attended = Booking.objects.filter(
        person_id__in=people, status=Booking.Status.ATTENDED, session__ends_at__gte=since
    ).values_list("person_id", "session__ends_at")
    for person_id, moment in attended:
        found[person_id, ReferralEvent.Source.ATTENDANCE].append(moment)
    certificates = Certificate.objects.filter(
        models.Q(user__person__in=people) | models.Q(user__learner_profile__person__in=people),
        issued_at__gte=since,
    ).values_list("user__person", "user__learner_profile__person", "issued_at")
    for own, made_for, moment in certificates:
        for person_id in {own, made_for} - {None}:
            found[person_id, ReferralEvent.Source.CERTIFICATE].append(moment)
    cohorts = (
        Booking.objects.filter(
            person_id__in=people, status=Booking.Status.ATTENDED, session__cohort__isnull=False
        )
        .values("person_id", "session__cohort_id", "session__cohort__planned_hours")
        .annotate(minutes=models.Sum("attended_minutes"), last=models.Max("session__ends_at"))
    )
    for row in cohorts:
        if (row["minutes"] or 0) >= 60 * row["session__cohort__planned_hours"]:
            found[row["person_id"], ReferralEvent.Source.COHORT].append(row["last"])
    steps = [
        (Status.COMPLETED, ReferralEvent.Source.CERTIFICATE),
        (Status.COMPLETED, ReferralEvent.Source.COHORT),
        (Status.IN_TRAINING, ReferralEvent.Source.ATTENDANCE),
        (Status.DIAGNOSED, ReferralEvent.Source.DIAGNOSTIC),
    ]
    reached = {}
    for pk, person_id, sent in rows:
        for step, source in steps:
            moment = _first_after(found.get((person_id, source), []), sent)
            if moment is not None:
                reached[pk] = (step, source, moment)
                break
    return reached


def sync_referrals(referrals, *, now: datetime.datetime | None = None) -> int:
    """Moves each open referral of the ``referrals`` queryset to the furthest step its person's
    records show since it was sent: a diagnostic recorded (diagnosed), a first attendance (in
    training), a pathway certificate or a cohort's hours done (completed). Called by the pages
    that show referrals and by the ``sync_referrals`` command; five queries when nothing moves.
    Returns how many referrals moved."""
    moment_now = now or timezone.now()
    rows = list(referrals.open().values_list("pk", "person_id", "sent_at", "status"))
    status_of = {pk: status for pk, _person, _sent, status in rows}
    reached = reached_from_records([(pk, person, sent) for pk, person, sent, _status in rows])
    moved = 0
    for pk, (step, source, moment) in reached.items():
        if RANK[step] <= RANK[status_of[pk]]:
            continue
        try:
            move_referral(
                Referral(pk=pk),
                to=step,
                by=None,
                source=source,
                at=min(moment, moment_now),
                now=moment_now,
            )
        except ValidationError:
            continue  # someone moved it meanwhile
        moved += 1
    return moved


# What the adviser sees ------------------------------------------------------------------------


def shared_view(referral: Referral) -> SharedView:
    """The referral as its adviser may read it (``SharedView``): the name they typed (first
    name, initial), the status, and only with the person's consent their profile (the last
    diagnostic since the referral), hours done at workshops since, and a pathway certificate."""
    person = referral.person
    view = {
        "first_name": person.first_name,
        "last_initial": person.last_name[:1],
        "status": referral.status,
        "status_label": referral.get_status_display(),
        "shares_progress": referral.shares_progress,
    }
    if referral.shares_progress and not person.is_anonymised:
        diagnostic = (
            DiagnosticSession.objects.filter(
                person=person,
                state=DiagnosticSession.State.FINISHED,
                finished_at__gte=referral.sent_at,
            )
            .order_by("-finished_at")
            .first()
        )
        minutes = Booking.objects.filter(
            person=person,
            status=Booking.Status.ATTENDED,
            session__ends_at__gte=referral.sent_at,
        ).aggregate(total=models.Sum("attended_minutes"))["total"]
        certificate = (
            Certificate.objects.filter(
                models.Q(user__person=person) | models.Q(user__learner_profile__person=person),
                issued_at__gte=referral.sent_at,
            )
            .order_by("issued_at")
            .first()
        )
        view["profile"] = diagnostic.get_profile_display() if diagnostic else ""
        view["hours_done"] = round((minutes or 0) / 60, 1)
        view["certificate"] = (
            _("%(pathway)s, le %(day)s")
            % {
                "pathway": certificate.pathway_title,
                "day": timezone.localdate(certificate.issued_at).strftime("%d/%m/%Y"),
            }
            if certificate
            else ""
        )
    return SharedView(**view)


def dashboard_figures(referrals) -> dict:
    """The partner's figures: referrals by status, how many reached each step, hours done at
    workshops by the people who share their progress (since they were referred), completions.
    Counts only: the page hides those under 5. Three queries."""
    by_status = referrals.counts_by_status()
    reaching = referrals.counts_reaching()
    total = sum(by_status.values())
    sharing = list(referrals.filter(sharing=Sharing.PROGRESS).values_list("person_id", "sent_at"))
    sent_of = defaultdict(list)
    for person_id, sent in sharing:
        sent_of[person_id].append(sent)
    minutes = 0
    attended = Booking.objects.filter(
        person_id__in=list(sent_of), status=Booking.Status.ATTENDED
    ).values_list("person_id", "session__ends_at", "attended_minutes")
    for person_id, ends_at, done in attended:
        if any(ends_at >= sent for sent in sent_of[person_id]):
            minutes += done or 0
    return {
        "total": total,
        "by_status": [(Status(status).label, count) for status, count in by_status.items()],
        # A share is shown only when the count behind it is (5 people or more).
        "reaching": [
            (
                Status(step).label,
                count,
                round(100 * count / total) if hide_small_count(count) is not None else None,
            )
            for step, count in reaching.items()
        ],
        "sharing_people": len(sent_of),
        "hours": round(minutes / 60) if hide_small_count(len(sent_of)) is not None else None,
        "completed": by_status[Status.COMPLETED],
    }


# Telling the adviser ------------------------------------------------------------------------


def frequency_of(adviser) -> str:
    preference = NotificationPreference.objects.filter(adviser__user=adviser).first()
    return preference.frequency if preference else NotificationPreference.Frequency.IMMEDIATE


def set_frequency(adviser, *, frequency: str) -> NotificationPreference:
    """Saves how the adviser wants to hear of their referrals. Raises ValidationError for an
    unknown choice or an account that is no adviser's."""
    link = adviser_of(adviser)
    if link is None:
        raise ValidationError(_("Ce compte n'est pas celui d'un·e conseiller·e."))
    if frequency not in NotificationPreference.Frequency.values:
        raise ValidationError(_("Choisissez une fréquence de la liste."))
    preference, _created = NotificationPreference.objects.update_or_create(
        adviser=link,
        defaults={"frequency": frequency, "organisation_id": link.organisation_id},
    )
    return preference


def _line(event: ReferralEvent) -> str:
    person = event.referral.person
    return _("%(name)s %(initial)s. : %(status)s (%(space)s), le %(day)s") % {
        "name": person.first_name,
        "initial": person.last_name[:1],
        "status": event.get_status_display(),
        "space": event.referral.space.name,
        "day": timezone.localtime(event.at).strftime("%d/%m/%Y"),
    }


def _referral_url(referral: Referral) -> str:
    return settings.TREMPLIN_PUBLIC_URL + reverse("partners:referral_detail", args=[referral.pk])


def notify_adviser(event_pk: int, *, now: datetime.datetime | None = None) -> bool:
    """Sends the adviser the e-mail of one status change when they want one at once (through
    Django's e-mail backend, the pluggable sender of e-mails), and marks the change told.
    Does nothing for a change already told or kept for the daily digest. Returns whether a
    message left."""
    moment = now or timezone.now()
    with transaction.atomic():
        event = (
            ReferralEvent.objects.select_for_update(of=("self",))
            .select_related("referral__adviser", "referral__person", "referral__space")
            .filter(pk=event_pk, notified_at__isnull=True)
            .first()
        )
        if event is None:
            return False
        adviser = event.referral.adviser
        frequency = frequency_of(adviser)
        if frequency == NotificationPreference.Frequency.DAILY:
            return False
        ReferralEvent.objects.filter(pk=event.pk).update(notified_at=moment)
        if frequency == NotificationPreference.Frequency.NONE or not adviser.email:
            return False
        with override(settings.LANGUAGE_CODE):
            subject = _("Orientation : %(status)s") % {"status": event.get_status_display()}
            body = "\n\n".join(
                [
                    _("Bonjour,"),
                    _line(event),
                    _("Voir l'orientation : %(url)s") % {"url": _referral_url(event.referral)},
                ]
            )
        send_mail(subject, body, None, [adviser.email])
    return True


def send_daily_digests(*, now: datetime.datetime | None = None) -> int:
    """One e-mail per adviser who chose the daily digest, listing the status changes not yet
    told; each change is told once (the rows are locked and marked in the same transaction).
    Returns how many e-mails left."""
    moment = now or timezone.now()
    daily = NotificationPreference.objects.filter(
        frequency=NotificationPreference.Frequency.DAILY
    ).values("adviser__user")
    sent = 0
    with transaction.atomic():
        events = list(
            ReferralEvent.objects.select_for_update(of=("self",))
            .filter(notified_at__isnull=True, referral__adviser__in=daily)
            .select_related("referral__adviser", "referral__person", "referral__space")
            .order_by("referral__adviser_id", "at", "pk")
        )
        by_adviser = defaultdict(list)
        for event in events:
            by_adviser[event.referral.adviser].append(event)
        ReferralEvent.objects.filter(pk__in=[event.pk for event in events]).update(
            notified_at=moment
        )
        for adviser, told in by_adviser.items():
            if not adviser.email:
                continue
            with override(settings.LANGUAGE_CODE):
                subject = _("Vos orientations : %(count)s changement(s)") % {"count": len(told)}
                body = "\n".join(
                    [_("Bonjour,"), "", *[_line(event) for event in told], "", _home_link()]
                )
            send_mail(subject, body, None, [adviser.email])
            sent += 1
    return sent


def _home_link() -> str:
    return _("Toutes vos orientations : %(url)s") % {
        "url": settings.TREMPLIN_PUBLIC_URL + reverse("partners:home")
    }


# Advisers of a partner organisation -------------------------------------------------------


@transaction.atomic
def invite_adviser(
    partner: PartnerOrganisation,
    *,
    by,
    first_name: str,
    last_name: str,
    email: str,
    is_partner_admin: bool = False,
) -> User:
    """A partner administrator invites an adviser of their own partner organisation: an
    account without a password (the adviser chooses one from the e-mailed link, valid once) and
    its link to the partner. Raises ValidationError, and saves nothing, when ``by`` is not an
    administrator of this partner, or the e-mail address already has an account."""
    link = adviser_of(by)
    if link is None or link.partner_id != partner.pk or not link.is_partner_admin:
        raise ValidationError(_("Seul·e un·e administrateur·rice du partenaire peut inviter."))
    email = (email or "").strip().lower()
    if not email or User.objects.filter(models.Q(email__iexact=email) | models.Q(username=email)):
        raise ValidationError(
            _("Cette adresse e-mail a déjà un compte : demandez à l'équipe nationale."),
            code="taken",
        )
    user = User(
        username=email,
        email=email,
        first_name=first_name.strip(),
        last_name=last_name.strip(),
        kind=User.Kind.PARTNER,
    )
    user.set_unusable_password()
    user.save()
    PartnerAdviser.objects.create(partner=partner, user=user, is_partner_admin=is_partner_admin)
    url = settings.TREMPLIN_PUBLIC_URL + invitation_path(user)
    with override(settings.LANGUAGE_CODE):
        body = "\n\n".join(
            [
                _("Bonjour,"),
                _(
                    "%(name)s vous invite à suivre sur Tremplin les personnes que %(partner)s "
                    "oriente vers les espaces."
                )
                % {"name": by.get_full_name() or by.username, "partner": partner.name},
                _("Choisissez votre mot de passe (lien valable une fois) : %(url)s") % {"url": url},
                _("Votre identifiant : %(username)s") % {"username": user.username},
            ]
        )
        subject = _("Invitation à Tremplin")
    transaction.on_commit(lambda: send_mail(subject, body, None, [email]))
    return user


def invitation_path(user: User) -> str:
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    token = default_token_generator.make_token(user)
    return reverse("partners:invitation_accept", args=[uid, token])
