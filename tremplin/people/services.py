"""People services: intake with consent, rectification, the audit journal, and the rights of
the GDPR (access art. 15, rectification art. 16, erasure art. 17, storage limitation art. 5.1.e).
"""

import json
from datetime import date, datetime, timedelta

from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.apps import apps
from django.conf import settings
from django.contrib.admin.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tremplin.accounts.models import User
from tremplin.core.personal_data import PersonalData, contract_of
from tremplin.people.documents import person_data_pdf
from tremplin.people.models import ConsentEntry, ConsentText, JournalEntry, Person

# What erasure removes and keeps, table by table: each model's PERSONAL_DATA (decision 0007).
AVERAGE_MONTH = timedelta(days=30.44)


def journal(
    person: Person,
    *,
    actor,
    action: str,
    fields: list[str] | tuple[str, ...] = (),
    now: datetime | None = None,
) -> JournalEntry:
    """Appends one entry to the audit journal (field names only, never values)."""
    return JournalEntry.objects.create(
        organisation_id=person.organisation_id,
        space_id=person.home_space_id,
        person=person,
        actor=actor if actor is not None and actor.is_authenticated else None,
        action=action,
        fields=list(fields),
        at=now or timezone.now(),
    )


# One "read" line per staff member, person and half hour: enough to answer "who looked at my
# file, and when", without forty lines for one visit of a few pages.
READ_JOURNAL_WINDOW = timedelta(minutes=30)


def recent_read_of(person_ref, *, actor, now: datetime):
    """The reads by ``actor`` of the person ``person_ref`` (a pk or an ``OuterRef``) that cover
    ``now``."""
    actor_id = actor.pk if actor is not None and actor.is_authenticated else None
    return JournalEntry.objects.filter(
        person=person_ref,
        actor_id=actor_id,
        action=JournalEntry.Action.READ,
        at__gt=now - READ_JOURNAL_WINDOW,
        at__lte=now,
    )


def record_read(
    person: Person, *, actor, now: datetime | None = None, already_read: bool | None = None
) -> JournalEntry | None:
    """Journals that ``actor`` read the person's record, unless they already did within
    ``READ_JOURNAL_WINDOW`` (``already_read`` when the caller has asked, else one query).
    Returns the new entry, or None when the earlier one covers it."""
    moment = now or timezone.now()
    if already_read is None:
        already_read = recent_read_of(person.pk, actor=actor, now=moment).exists()
    if already_read:
        return None
    return journal(person, actor=actor, action=JournalEntry.Action.READ, now=moment)


def touch(person: Person, *, now: datetime | None = None) -> None:
    """Marks activity with the person (resets the clock of automatic anonymisation)."""
    moment = now or timezone.now()
    Person.objects.filter(pk=person.pk, last_activity_at__lt=moment).update(last_activity_at=moment)


def touch_account(account, *, now: datetime | None = None) -> None:
    """``touch`` for the person an account belongs to (learning is done with one's own account);
    does nothing for an account that is no person's, a volunteer's in training for example."""
    moment = now or timezone.now()
    people = Person.objects.filter(
        models.Q(account=account) | models.Q(learner_profiles__user=account)
    ).values("pk")
    Person.objects.filter(pk__in=people, last_activity_at__lt=moment).update(
        last_activity_at=moment
    )


def record_referral(person: Person, *, partner, on: date | None = None) -> Person:
    """Writes the fact "referred by this partner, on this day" on the record: the referrals
    capability calls it, and eligibility rules elsewhere read ``person.referred_by``/
    ``referred_on`` without knowing about referrals. A later referral replaces an older one.
    Raises ValidationError when the partner works with another organisation."""
    if partner.organisation_id != person.organisation_id:
        raise ValidationError(_("Ce partenaire ne travaille pas avec cette organisation."))
    day = on or timezone.localdate()
    Person.objects.filter(pk=person.pk).update(referred_by=partner, referred_on=day)
    person.referred_by, person.referred_on = partner, day
    touch(person)
    return person


def record_consent(person: Person, *, action: str, text, channel: str, by, at) -> ConsentEntry:
    """Appends consent given or withdrawn to the person's consent record (never changed after)."""
    return ConsentEntry.objects.create(
        organisation_id=person.organisation_id,
        person=person,
        text=text,
        action=action,
        channel=channel,
        recorded_by=by,
        recorded_at=at,
    )


@transaction.atomic
def record_intake(
    person: Person,
    *,
    recorded_by,
    consent_text: ConsentText | None,
    consent_channel: str,
    has_consent: bool,
    now: datetime | None = None,
) -> Person:
    """Saves a new person together with their consent (GDPR art. 6.1.a and 7.1: the consent
    is given before any data is kept, and we can show which text, how, by whom and when).

    Raises ValidationError, and saves nothing, without consent, without a current consent text,
    or with an unknown channel.
    """
    if consent_text is None:
        raise ValidationError(
            _("Aucun texte de consentement n'est en vigueur : demandez à l'administration.")
        )
    if not has_consent:
        raise ValidationError(
            _("Sans l'accord de la personne, on ne peut rien enregistrer."), code="no_consent"
        )
    if consent_channel not in ConsentEntry.Channel.values:
        raise ValidationError(_("Dites comment la personne a donné son accord."))
    moment = now or timezone.now()
    person.created_by = recorded_by
    person.created_at = moment
    person.last_activity_at = moment
    person.full_clean(exclude=["organisation", "search_name", "created_by"])
    person.save()
    record_consent(
        person,
        action=ConsentEntry.Action.GIVEN,
        text=consent_text,
        channel=consent_channel,
        by=recorded_by,
        at=moment,
    )
    journal(person, actor=recorded_by, action=JournalEntry.Action.CREATE, now=moment)
    return person


@transaction.atomic
def update_person(
    person: Person, *, changed_fields: list[str], actor, now: datetime | None = None
) -> Person:
    """Saves a rectification (GDPR art. 16) and journals which fields changed."""
    if person.is_anonymised:
        raise ValidationError(_("Cette fiche a été effacée : elle ne peut plus être modifiée."))
    person.save()
    if changed_fields:
        journal(
            person,
            actor=actor,
            action=JournalEntry.Action.UPDATE,
            fields=sorted(changed_fields),
            now=now,
        )
    return person


def personal_data_models() -> list[tuple[type[models.Model], PersonalData]]:
    """Every installed model but Person that declares ``PERSONAL_DATA`` (decision 0007), so
    that tables added later by other apps are exported and erased without this app knowing
    them; the consistency test makes sure none is left undeclared."""
    declared = [(model, contract_of(model)) for model in apps.get_models()]
    return [(model, contract) for model, contract in declared if contract and model is not Person]


def related_rows(person: Person):
    """``(model, contract, rows)`` for every declared model, with the rows about the person."""
    for model, contract in personal_data_models():
        yield model, contract, contract.rows_of(model, person.pk)


def accounts_of(person: Person) -> models.QuerySet:
    """Every account linked to the person: their own, and any account made for them (a double
    click once made several, and only one stayed linked)."""
    return User.objects.filter(
        models.Q(person=person) | models.Q(learner_profile__person=person)
    ).order_by("pk")


def _row(instance: models.Model, contract: PersonalData) -> dict:
    """A table row for the export: every field but the contract's secrets."""
    return json.loads(json.dumps(contract.export_row(instance), cls=DjangoJSONEncoder))


@transaction.atomic
def export_person(
    person: Person, *, actor, now: datetime | None = None, as_format: str = "json"
) -> dict:
    """Everything held about a person (GDPR art. 15), one key per table, and journals it."""
    data = {
        "exported_at": (now or timezone.now()).isoformat(),
        "person": _row(person, Person.PERSONAL_DATA),
        "tables": {},
    }
    for model, contract, rows in related_rows(person):
        data["tables"][model._meta.label] = [_row(row, contract) for row in rows]
    journal(person, actor=actor, action=JournalEntry.Action.EXPORT, fields=[as_format], now=now)
    return data


def export_person_pdf(person: Person, *, actor, now: datetime | None = None) -> bytes:
    """« Vos données » as a document the person can read, for a person who has no computer
    (``people.documents``: who holds the data, what, why, how long, their rights), journaled
    as an export. The complete copy for a computer stays ``export_person``."""
    pdf = person_data_pdf(person, user=actor, now=now)
    journal(person, actor=actor, action=JournalEntry.Action.EXPORT, fields=["pdf"], now=now)
    return pdf


def _close_account(account: User) -> None:
    """Closes an account for good: no name, no email, no way in. The admin's history of the
    account loses the name it showed."""
    account.first_name = ""
    account.last_name = ""
    account.email = ""
    account.username = f"compte-efface-{account.pk}"
    account.is_active = False
    account.set_unusable_password()
    account.save()
    LogEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(User), object_id=str(account.pk)
    ).update(object_repr=account.username, change_message="")


def _erase(person: Person, *, actor, action: str, now: datetime | None) -> Person:
    """Applies every declared ``erase`` to the person's rows, the person record last, then
    closes every account ever linked to them."""
    moment = now or timezone.now()
    accounts = list(accounts_of(person))
    for model, contract, _rows in related_rows(person):
        contract.erase_rows(model, person.pk)
    Person.PERSONAL_DATA.erase_rows(Person, person.pk)
    Person.objects.filter(pk=person.pk).update(anonymised_at=moment)
    for account in accounts:
        _close_account(account)
    person.refresh_from_db()
    erased = sorted(Person.PERSONAL_DATA.erase)
    journal(person, actor=actor, action=action, fields=erased, now=moment)
    return person


def _lock_unerased(person: Person) -> None:
    """Locks the person's row until the transaction ends, so that two clicks or two staff
    members erase once; raises ValidationError when the record is already erased."""
    erased_at = (
        Person.objects.select_for_update().values_list("anonymised_at", flat=True).get(pk=person.pk)
    )
    if person.is_anonymised or erased_at is not None:
        raise ValidationError(_("Cette fiche est déjà effacée."))


@transaction.atomic
def erase_person(person: Person, *, actor, now: datetime | None = None) -> Person:
    """Erasure on request (GDPR art. 17): every model's ``PERSONAL_DATA.erase`` applied to the
    person's rows, every account ever made for them closed; what ``keep`` lists stays for the
    anonymous statistics. Raises ValidationError when the record is already erased."""
    _lock_unerased(person)
    return _erase(person, actor=actor, action=JournalEntry.Action.ERASE, now=now)


@transaction.atomic
def withdraw_consent(
    person: Person, *, recorded_by, channel: str, now: datetime | None = None
) -> Person:
    """Records the withdrawal of consent (GDPR art. 7.3), then erases the record. Raises
    ValidationError when the record is already erased (nothing is recorded twice)."""
    _lock_unerased(person)
    if channel not in ConsentEntry.Channel.values:
        raise ValidationError(_("Dites comment la personne a retiré son accord."))
    moment = now or timezone.now()
    given = person.consents.filter(action=ConsentEntry.Action.GIVEN).first()
    text = given.text if given else ConsentText.current_for(person.organisation)
    record_consent(
        person,
        action=ConsentEntry.Action.WITHDRAWN,
        text=text,
        channel=channel,
        by=recorded_by,
        at=moment,
    )
    journal(person, actor=recorded_by, action=JournalEntry.Action.CONSENT, now=moment)
    return _erase(person, actor=recorded_by, action=JournalEntry.Action.ERASE, now=moment)


def access_log_retention_days() -> int:
    return settings.TREMPLIN_ACCESS_LOG_RETENTION_DAYS


def purge_access_log(
    *, days: int | None = None, now: datetime | None = None, dry_run: bool = False
) -> dict[str, int]:
    """Deletes the login records of django-axes (usernames, addresses, browsers) older than
    ``days`` (default: the setting, 30): throttling needs only its 15-minute window, and logs
    are kept no longer than needed (GDPR art. 5.1.e). Returns how many rows per table; with
    ``dry_run`` counts and deletes nothing. Idempotent."""
    days = access_log_retention_days() if days is None else days
    cutoff = (now or timezone.now()) - timedelta(days=days)
    counts = {}
    for model in (AccessAttempt, AccessFailureLog, AccessLog):
        rows = model.objects.filter(attempt_time__lt=cutoff)
        label = model._meta.label
        counts[label] = rows.count() if dry_run else rows.delete()[1].get(label, 0)
    return counts


def anonymise_after_months() -> int:
    return settings.TREMPLIN_ANONYMISE_AFTER_MONTHS


def inactive_people(*, months: int | None = None, now: datetime | None = None):
    """People with no activity for ``months`` (default: the setting, 24)."""
    months = anonymise_after_months() if months is None else months
    cutoff = (now or timezone.now()) - months * AVERAGE_MONTH
    return Person.objects.inactive_since(cutoff).order_by("pk")


def anonymise_inactive(
    *, months: int | None = None, now: datetime | None = None, dry_run: bool = False
) -> list[int]:
    """Anonymises every person inactive for ``months`` (GDPR art. 5.1.e: data kept no longer
    than needed; our consent text announces 24 months). Returns the ids concerned; with
    ``dry_run`` changes nothing. Each person is anonymised in its own transaction."""
    ids = list(inactive_people(months=months, now=now).values_list("pk", flat=True))
    if dry_run:
        return ids
    for pk in ids:
        with transaction.atomic():
            person = Person.objects.select_for_update().get(pk=pk)
            if not person.is_anonymised:
                _erase(person, actor=None, action=JournalEntry.Action.ANONYMISE, now=now)
    return ids


@transaction.atomic
def find_or_create_person_for_booking(
    space,
    *,
    first_name: str,
    phone: str = "",
    email: str = "",
    consent_text: ConsentText | None,
    has_consent: bool,
    channel: str = ConsentEntry.Channel.ONLINE,
    recorded_by=None,
    now: datetime | None = None,
) -> Person:
    """The person record a booking (public, by staff, or a walk-in) attaches to: the active
    person of the space's organisation with this phone or e-mail, or a new one whose home space
    is ``space``, recorded with their consent (GDPR art. 6.1.a and 7.1) through ``channel``
    (online for a public booking). Only a first name and one contact are asked: the minimum a
    booking needs (art. 5.1.c). An existing person who last agreed to an older text is recorded
    as agreeing to the current one. The person is touched either way.

    Raises ValidationError, and saves nothing, without consent or a current consent text,
    without a first name, without a phone nor an e-mail, or with an invalid phone or e-mail.
    """
    from django.core.validators import validate_email

    from tremplin.people.phones import normalise_phone

    first_name = " ".join((first_name or "").split())
    if not first_name:
        raise ValidationError(_("Écrivez votre prénom."), code="no_first_name")
    if len(first_name) > 100:
        raise ValidationError(_("Ce prénom est trop long."), code="long_first_name")
    phone = normalise_phone(phone)
    email = (email or "").strip().lower()
    if email:
        try:
            validate_email(email)
        except ValidationError:
            raise ValidationError(
                _("Cette adresse e-mail est incomplète. Exemple : prenom.nom@exemple.fr"),
                code="invalid_email",
            ) from None
    if not phone and not email:
        raise ValidationError(
            _("Écrivez un numéro de téléphone ou une adresse e-mail, pour vous prévenir."),
            code="no_contact",
        )
    if consent_text is None:
        raise ValidationError(
            _("Aucun texte de consentement n'est en vigueur : demandez à l'administration.")
        )
    if not has_consent:
        raise ValidationError(
            _(
                "Sans votre accord, on ne peut rien enregistrer. "
                "Cochez la case si vous êtes d'accord."
            ),
            code="no_consent",
        )
    if channel not in ConsentEntry.Channel.values:
        raise ValidationError(_("Dites comment la personne a donné son accord."))
    moment = now or timezone.now()
    contact = models.Q(pk__in=[])
    if phone:
        contact |= models.Q(phone=phone)
    if email:
        contact |= models.Q(email__iexact=email)
    person = (
        Person.objects.active()
        .filter(contact, organisation_id=space.organisation_id)
        .order_by("pk")
        .first()
    )
    if person is None:
        person = Person(
            home_space=space,
            first_name=first_name,
            phone=phone,
            email=email,
            came_through=Person.Channel.WALK_IN,
            created_by=recorded_by,
            created_at=moment,
            last_activity_at=moment,
        )
        person.save()
        journal(person, actor=recorded_by, action=JournalEntry.Action.CREATE, now=moment)
    else:
        latest = person.consents.order_by("-recorded_at", "-pk").first()
        if latest is not None and latest.text_id == consent_text.pk:
            touch(person, now=moment)
            return person
        touch(person, now=moment)
    record_consent(
        person,
        action=ConsentEntry.Action.GIVEN,
        text=consent_text,
        channel=channel,
        by=recorded_by,
        at=moment,
    )
    return person
