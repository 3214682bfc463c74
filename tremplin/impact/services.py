"""Follow-ups at 3 and 6 months: planned when a pathway or a cohort ends, recorded by staff or
answered by the person from a secret link sent by SMS or e-mail."""

import datetime

from dateutil.relativedelta import relativedelta
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from tremplin.core.senders import send_sms
from tremplin.impact.models import FollowUp, new_answer_token, token_hash
from tremplin.learning.models import Enrolment
from tremplin.people.models import Person
from tremplin.people.services import touch
from tremplin.workshops.models import CohortMember


def plan_follow_ups(*, now: datetime.datetime | None = None) -> int:
    """Makes the 3- and 6-month follow-ups of every cohort that has ended and every pathway
    completed (by a learner whose account belongs to a person), once each: running it again
    adds nothing. Returns how many were added. Erased people get none."""
    today = timezone.localdate(now or timezone.now())
    planned = []
    members = (
        CohortMember.objects.filter(cohort__ends_on__lt=today, person__anonymised_at__isnull=True)
        .annotate(ended_on=F("cohort__ends_on"), space_id=F("cohort__space_id"))
        .values_list("person_id", "cohort_id", "ended_on", "space_id")
    )
    for person_id, cohort_id, ended_on, space_id in members.iterator():
        for months in FollowUp.MONTHS:
            planned.append(
                FollowUp(
                    person_id=person_id,
                    space_id=space_id,
                    source=FollowUp.Source.COHORT,
                    cohort_id=cohort_id,
                    ended_on=ended_on,
                    months=months,
                    due_on=ended_on + relativedelta(months=months),
                )
            )
    completed = Enrolment.objects.filter(
        completed_at__isnull=False,
        completed_at__lt=now or timezone.now(),
        user__person__isnull=False,
        user__person__anonymised_at__isnull=True,
    ).values_list("user__person__id", "user__person__home_space_id", "pathway_slug", "completed_at")
    for person_id, space_id, slug, completed_at in completed.iterator():
        ended_on = timezone.localdate(completed_at)
        for months in FollowUp.MONTHS:
            planned.append(
                FollowUp(
                    person_id=person_id,
                    space_id=space_id,
                    source=FollowUp.Source.PATHWAY,
                    pathway_slug=slug,
                    ended_on=ended_on,
                    months=months,
                    due_on=ended_on + relativedelta(months=months),
                )
            )
    if not planned:
        return 0
    organisations = dict(
        Person.objects.filter(pk__in={row.person_id for row in planned}).values_list(
            "pk", "organisation_id"
        )
    )
    for row in planned:
        row.organisation_id = organisations[row.person_id]
    before = FollowUp.objects.count()
    FollowUp.objects.bulk_create(planned, ignore_conflicts=True, batch_size=500)
    return FollowUp.objects.count() - before


@transaction.atomic
def record_follow_up(
    follow_up: FollowUp,
    *,
    situation: str,
    by=None,
    now: datetime.datetime | None = None,
) -> FollowUp:
    """Records the person's situation (``by`` a staff member, or the person when ``by`` is
    None). The row is locked: two answers at once keep the first. Raises ValidationError for an
    unknown situation, an erased person, or a follow-up already answered."""
    if situation not in FollowUp.Situation.values:
        raise ValidationError(_("Choisissez une des situations proposées."), code="situation")
    locked = FollowUp.objects.select_for_update().select_related("person").get(pk=follow_up.pk)
    if locked.person.is_anonymised:
        raise ValidationError(_("Cette fiche a été effacée."), code="erased")
    if locked.is_answered:
        raise ValidationError(_("Ce suivi a déjà une réponse. Merci !"), code="answered")
    moment = now or timezone.now()
    locked.situation = situation
    locked.answered_by = FollowUp.AnsweredBy.STAFF if by else FollowUp.AnsweredBy.PERSON
    locked.recorded_by = by
    locked.recorded_at = moment
    locked.token_hash = ""  # the link is used up
    locked.save(
        update_fields=["situation", "answered_by", "recorded_by", "recorded_at", "token_hash"]
    )
    touch(locked.person, now=moment)
    return locked


@transaction.atomic
def send_follow_up_link(
    follow_up: FollowUp, *, base_url: str, now: datetime.datetime | None = None
) -> str:
    """Sends the person a link to a three-question form, by SMS when the record has a phone,
    else by e-mail; a new link replaces the previous one. Returns the channel used ("sms" or
    "email"). Raises ValidationError without a phone or an e-mail, for an erased person, or a
    follow-up already answered."""
    locked = FollowUp.objects.select_for_update().select_related("person").get(pk=follow_up.pk)
    person = locked.person
    if person.is_anonymised:
        raise ValidationError(_("Cette fiche a été effacée."), code="erased")
    if locked.is_answered:
        raise ValidationError(_("Ce suivi a déjà une réponse."), code="answered")
    if not person.phone and not person.email:
        raise ValidationError(
            _("La fiche n'a ni téléphone ni courriel : notez la réponse vous-même."),
            code="no_contact",
        )
    token = new_answer_token()
    locked.token_hash = token_hash(token)
    locked.link_sent_at = now or timezone.now()
    locked.save(update_fields=["token_hash", "link_sent_at"])
    url = base_url.rstrip("/") + reverse("impact:follow_up_answer", args=[token])
    text = _(
        "Bonjour %(name)s, où en êtes-vous depuis votre formation ? Répondez en 1 minute : %(url)s"
    ) % {"name": person.first_name, "url": url}
    if person.phone:
        send_sms(person.phone, text)
        return "sms"
    send_mail(_("Où en êtes-vous ?"), text, settings.DEFAULT_FROM_EMAIL, [person.email])
    return "email"


def follow_up_for_token(token: str) -> FollowUp | None:
    """The unanswered follow-up a link opens, or None (unknown, used, or erased person)."""
    if not token or len(token) > 64:
        return None
    return (
        FollowUp.objects.filter(
            token_hash=token_hash(token), situation="", person__anonymised_at__isnull=True
        )
        .select_related("person", "space")
        .first()
    )
