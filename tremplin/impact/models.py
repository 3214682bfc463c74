import hashlib
import secrets

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tremplin.core.personal_data import BLANK, NotPersonal, PersonalData
from tremplin.people.models import Person
from tremplin.spaces.models import ActivityQuerySet, FunderAccess, Organisation, Space
from tremplin.workshops.models import Cohort


def new_answer_token() -> str:
    """256 random bits: the address of a person's follow-up form cannot be guessed."""
    return secrets.token_urlsafe(32)


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


class FunderPerimeter(models.Model):
    """The spaces a funder's agreement covers (a town's spaces, a department's…). A funder
    without a perimeter reads the aggregates of the whole organisation."""

    PERSONAL_DATA = NotPersonal("which spaces a funder's agreement covers")

    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    access = models.OneToOneField(FunderAccess, on_delete=models.CASCADE, related_name="perimeter")
    spaces = models.ManyToManyField(Space, related_name="+", verbose_name=_("espaces"))

    class Meta:
        verbose_name = _("périmètre d'un financeur")

    def __str__(self):
        return str(self.access)

    def save(self, *args, **kwargs):
        self.organisation_id = self.access.organisation_id
        super().save(*args, **kwargs)


class FollowUpQuerySet(ActivityQuerySet):
    def due(self, *, on=None) -> "FollowUpQuerySet":
        """Not answered yet, and due on or before ``on`` (today by default)."""
        return self.filter(situation="", due_on__lte=on or timezone.localdate())

    def in_spaces(self, space_ids) -> "FollowUpQuerySet":
        return self if space_ids is None else self.filter(space_id__in=space_ids)

    def in_period(self, since, until) -> "FollowUpQuerySet":
        """Follow-ups due in ``[since, until)`` (aware datetimes, compared as local dates)."""
        return self.filter(
            due_on__gte=timezone.localdate(since), due_on__lt=timezone.localdate(until)
        )


class FollowUp(models.Model):
    """A person's situation 3 or 6 months after the end of a pathway or a cohort: recorded by
    staff, or answered by the person on a short form reached by a secret link (SMS or e-mail).
    Rows are planned by ``services.plan_follow_ups`` when the pathway or cohort ends."""

    class Source(models.TextChoices):
        PATHWAY = "pathway", _("Parcours")
        COHORT = "cohort", _("Cohorte")

    class Situation(models.TextChoices):
        JOB = "job", _("En emploi")
        TRAINING = "training", _("En formation")
        SEARCHING = "searching", _("Toujours en recherche")
        UNKNOWN = "unknown", _("Situation inconnue")

    class AnsweredBy(models.TextChoices):
        STAFF = "staff", _("Noté par l'équipe")
        PERSON = "person", _("Répondu par la personne")

    MONTHS = (3, 6)

    # The situation stays for the anonymous figures; the link's secret goes with the person.
    PERSONAL_DATA = PersonalData(
        person="person",
        erase={"token_hash": BLANK},
        keep=[
            "organisation",
            "space",
            "person",
            "source",
            "cohort",
            "pathway_slug",
            "ended_on",
            "months",
            "due_on",
            "situation",
            "answered_by",
            "recorded_by",
            "recorded_at",
            "link_sent_at",
        ],
        secret=["token_hash"],
    )

    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    space = models.ForeignKey(Space, on_delete=models.PROTECT, related_name="+")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="follow_ups")
    source = models.CharField(_("après"), max_length=8, choices=Source)
    cohort = models.ForeignKey(
        Cohort, on_delete=models.PROTECT, null=True, blank=True, related_name="follow_ups"
    )
    pathway_slug = models.SlugField(max_length=100, blank=True)
    ended_on = models.DateField(_("fin du parcours ou de la cohorte"))
    months = models.PositiveSmallIntegerField(_("mois après la fin"))
    due_on = models.DateField(_("à faire le"))
    situation = models.CharField(_("situation"), max_length=10, choices=Situation, blank=True)
    answered_by = models.CharField(max_length=8, choices=AnsweredBy, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    recorded_at = models.DateTimeField(null=True, blank=True)
    token_hash = models.CharField(max_length=64, blank=True, db_index=True)
    link_sent_at = models.DateTimeField(null=True, blank=True)

    objects = FollowUpQuerySet.as_manager()

    class Meta:
        verbose_name = _("suivi à 3 ou 6 mois")
        ordering = ["due_on", "pk"]
        indexes = [models.Index(fields=["organisation", "space", "due_on"])]
        constraints = [
            models.UniqueConstraint(
                fields=["person", "cohort", "months"],
                condition=models.Q(source="cohort"),
                name="follow_up_once_per_cohort",
            ),
            models.UniqueConstraint(
                fields=["person", "pathway_slug", "months"],
                condition=models.Q(source="pathway"),
                name="follow_up_once_per_pathway",
            ),
            # Written without IN (3, 6): SQLite's introspection of Django 5.2 cannot read a
            # comma inside a table's CHECK, which the erasure tests walk.
            models.CheckConstraint(
                condition=models.Q(months=3) | models.Q(months=6), name="follow_up_months"
            ),
        ]

    def __str__(self):
        return f"{self.get_source_display()} + {self.months} mois ({self.due_on:%d/%m/%Y})"

    def save(self, *args, **kwargs):
        self.organisation_id = self.space.organisation_id
        super().save(*args, **kwargs)

    @property
    def is_answered(self) -> bool:
        return bool(self.situation)
