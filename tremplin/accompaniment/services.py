"""Accompaniment services: log a help, grant and revoke mandates, keep the support plan."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tremplin.accompaniment.models import (
    MAX_MANDATE_DAYS,
    Accompaniment,
    Mandate,
    SupportGoal,
    SupportStep,
    Theme,
)
from tremplin.core.sensitive import find_sensitive
from tremplin.people.models import Person
from tremplin.people.services import touch
from tremplin.spaces.models import Space


def valid_mandate_for(person: Person, *, themes: list[str], on: datetime.date) -> Mandate | None:
    """The mandate that allows procedures on ``themes`` for the person on that day, if any."""
    for mandate in person.mandates.filter(
        revoked_at__isnull=True, starts_on__lte=on, ends_on__gte=on
    ):
        if mandate.covers(themes):
            return mandate
    return None


@transaction.atomic
def log_accompaniment(
    person: Person,
    *,
    helper,
    space: Space,
    kind: str,
    happened_on: datetime.date,
    duration_minutes: int,
    themes: list[str],
    outcome: str,
    note: str = "",
    now: datetime.datetime | None = None,
) -> Accompaniment:
    """Records one help given. A procedure done *for* the person needs a valid mandate covering
    every procedure chosen (the person stays in control of what is done in their name). A note
    holding a password or a card number is never stored (``core.sensitive``).

    Raises ValidationError with a plain message otherwise, and saves nothing.
    """
    moment = now or timezone.now()
    if person.is_anonymised:
        raise ValidationError(_("Cette fiche a été effacée."))
    if happened_on > timezone.localdate(moment):
        raise ValidationError(_("La date ne peut pas être dans le futur."))
    if any(finding.is_refused for finding in find_sensitive(note)):
        raise ValidationError(
            _(
                "La note contient un mot de passe ou un numéro de carte bancaire : Tremplin ne "
                "les enregistre jamais. Enlevez-le de la note."
            ),
            code="secret_in_note",
        )
    mandate = None
    if kind == Accompaniment.Kind.DONE_FOR:
        procedures = [theme for theme in themes if theme in Theme.procedures()]
        if not procedures:
            raise ValidationError(
                _("Pour une démarche faite pour la personne, cochez la démarche concernée.")
            )
        mandate = valid_mandate_for(person, themes=procedures, on=happened_on)
        if mandate is None:
            raise ValidationError(
                _(
                    "Impossible de faire cette démarche pour la personne sans mandat valable : "
                    "enregistrez d'abord son accord (mandat) pour ces démarches, "
                    "ou faites la démarche avec elle."
                ),
                code="mandate_required",
            )
    accompaniment = Accompaniment(
        person=person,
        space=space,
        helper=helper,
        kind=kind,
        happened_on=happened_on,
        duration_minutes=duration_minutes,
        themes=themes,
        outcome=outcome,
        note=note.strip(),
        mandate=mandate,
        created_at=moment,
    )
    accompaniment.full_clean(exclude=["organisation", "helper"])
    accompaniment.save()
    touch(person, now=moment)
    return accompaniment


@transaction.atomic
def grant_mandate(
    person: Person,
    *,
    recorded_by,
    space: Space,
    scope: list[str],
    starts_on: datetime.date,
    ends_on: datetime.date,
    agreement: str,
    now: datetime.datetime | None = None,
) -> Mandate:
    """Records the person's agreement for procedures done in their name, from one day to
    twelve months. Raises ValidationError for an empty scope, a bad period or no agreement."""
    if person.is_anonymised:
        raise ValidationError(_("Cette fiche a été effacée."))
    unknown = set(scope) - set(Theme.procedures())
    if not scope or unknown:
        raise ValidationError(_("Cochez au moins une démarche couverte par le mandat."))
    if ends_on < starts_on:
        raise ValidationError(_("La fin du mandat doit venir après son début."))
    if (ends_on - starts_on).days >= MAX_MANDATE_DAYS:
        raise ValidationError(_("Un mandat dure au plus douze mois."))
    if agreement not in Mandate.Agreement.values:
        raise ValidationError(_("Dites comment la personne a donné son accord."))
    moment = now or timezone.now()
    mandate = Mandate.objects.create(
        person=person,
        space=space,
        scope=scope,
        starts_on=starts_on,
        ends_on=ends_on,
        agreement=agreement,
        recorded_by=recorded_by,
        recorded_at=moment,
    )
    touch(person, now=moment)
    return mandate


@transaction.atomic
def revoke_mandate(
    mandate: Mandate, *, revoked_by, now: datetime.datetime | None = None
) -> Mandate:
    """Ends a mandate now, at the person's request (activity with them: it keeps them active).
    Raises ValidationError if already revoked."""
    mandate = Mandate.objects.select_for_update().get(pk=mandate.pk)
    if mandate.revoked_at is not None:
        raise ValidationError(_("Ce mandat est déjà révoqué."))
    mandate.revoked_at = now or timezone.now()
    mandate.revoked_by = revoked_by
    mandate.save(update_fields=["revoked_at", "revoked_by"])
    touch(mandate.person, now=mandate.revoked_at)
    return mandate


@transaction.atomic
def add_goal(
    person: Person, *, title: str, created_by, now: datetime.datetime | None = None
) -> SupportGoal:
    if person.is_anonymised:
        raise ValidationError(_("Cette fiche a été effacée."))
    moment = now or timezone.now()
    goal = SupportGoal.objects.create(
        person=person, title=title.strip(), created_by=created_by, created_at=moment
    )
    touch(person, now=moment)
    return goal


@transaction.atomic
def add_step(goal: SupportGoal, *, title: str, due_on: datetime.date | None = None) -> SupportStep:
    """Adds a step to the goal; work on the plan keeps the person active."""
    step = SupportStep.objects.create(goal=goal, title=title.strip(), due_on=due_on)
    touch(goal.person)
    return step


@transaction.atomic
def set_step_status(step: SupportStep, *, status: str) -> SupportStep:
    """Moves a step along; when every step of its goal is done, the goal is reached."""
    if status not in SupportStep.Status.values:
        raise ValidationError(_("État inconnu."))
    step.status = status
    step.save(update_fields=["status"])
    goal = step.goal
    touch(goal.person)
    steps = list(goal.steps.values_list("status", flat=True))
    if steps and all(value == SupportStep.Status.DONE for value in steps):
        goal.status = SupportGoal.Status.REACHED
    elif goal.status == SupportGoal.Status.REACHED:
        goal.status = SupportGoal.Status.OPEN
    goal.save(update_fields=["status"])
    return step
