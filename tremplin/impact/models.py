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


# The summary of activity the national figures read (decision 0013, « Scale ») -------------


class SummaryUnit(models.Model):
    """The unit a summary row counts for (``ActivityMonth``'s levels): the organisation, a
    space, a town, attendances or a competence area (then in ``profile``)."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.DO_NOTHING, db_constraint=False, related_name="+"
    )
    level = models.PositiveSmallIntegerField()
    space = models.ForeignKey(
        Space,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        db_index=False,
        null=True,
        related_name="+",
    )
    town = models.CharField(max_length=100, blank=True)
    profile = models.CharField(max_length=20, blank=True)

    class Meta:
        abstract = True


class ActivityMonth(SummaryUnit):
    """One row per *unit*, person and month with activity, rebuilt by
    ``summary.refresh`` (``manage.py refresh_impact_summary``). A unit is the whole
    organisation (``ORGANISATION``, with the person's latest diagnostic profile), one space
    (``SPACE``), one town (``TOWN``), the organisation for attendances only (``ATTENDANCE``),
    or one competence area for retests (``MEASURED``, ``GAINED``). ``days`` holds the days of the month with activity (bit ``d - 1`` for day
    ``d``); ``previous_month`` and ``previous_day`` are the unit's and person's activity just
    before this month: a person is counted once over any period at their first row in it,
    without a ``DISTINCT`` (see ``summary.py``)."""

    ORGANISATION, SPACE, TOWN, ATTENDANCE = 0, 1, 2, 3
    # Retests: the area measured both times (gained: and its level rose); ``profile`` then
    # holds the area's code.
    MEASURED, GAINED = 4, 5

    # Counted like the activity rows it sums up (decision 0007): erased people stay counted.
    PERSONAL_DATA = PersonalData(
        person="person",
        keep=[
            "organisation",
            "level",
            "space",
            "town",
            "profile",
            "person",
            "month",
            "days",
            "last_day",
            "previous_month",
            "previous_day",
        ],
    )

    person = models.ForeignKey(
        Person, on_delete=models.DO_NOTHING, db_constraint=False, db_index=False, related_name="+"
    )
    month = models.DateField()
    days = models.IntegerField()
    last_day = models.DateField()
    previous_month = models.DateField(null=True)
    previous_day = models.DateField(null=True)

    class Meta:
        indexes = [
            models.Index(fields=["organisation", "level", "month"], name="impact_activity_month"),
            models.Index(
                fields=["organisation", "level", "previous_month", "previous_day"],
                name="impact_activity_previous",
            ),
        ]

    def __str__(self):
        return f"{self.level}/{self.space_id or self.town or '-'}/{self.person_id}/{self.month}"


class ActivityMonthCount(SummaryUnit):
    """``ActivityMonth`` rows counted per unit, month and previous month: the full months of a
    period are summed from here."""

    PERSONAL_DATA = NotPersonal("counts of people per space or town and month, no one in them")

    month = models.DateField()
    previous_month = models.DateField(null=True)
    people = models.PositiveIntegerField()

    class Meta:
        indexes = [
            models.Index(fields=["organisation", "level", "month"], name="impact_activity_count")
        ]

    def __str__(self):
        return f"{self.level}/{self.space_id or self.town or '-'}/{self.month}: {self.people}"


class ActivityDay(models.Model):
    """Per space and day: helps given (and their minutes) and minutes of presence at sessions,
    which add up over any period and any spaces."""

    PERSONAL_DATA = NotPersonal("totals per space and day, no one in them")

    organisation = models.ForeignKey(
        Organisation, on_delete=models.DO_NOTHING, db_constraint=False, related_name="+"
    )
    space = models.ForeignKey(
        Space,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        db_index=False,
        null=True,
        related_name="+",
    )
    day = models.DateField()
    helps = models.PositiveIntegerField(default=0)
    attended_minutes = models.PositiveIntegerField(default=0)

    class Meta:
        indexes = [models.Index(fields=["organisation", "day"], name="impact_activity_day")]

    def __str__(self):
        return f"{self.space_id}/{self.day}"


class SummaryRefresh(models.Model):
    """When the summary of an organisation was last rebuilt: the national figures are « as of »
    this moment."""

    PERSONAL_DATA = NotPersonal("when an organisation's figures were last computed")

    organisation = models.OneToOneField(
        Organisation, on_delete=models.CASCADE, related_name="+", primary_key=True
    )
    refreshed_at = models.DateTimeField()
    # The latest diagnostic then: the profile kept per person is the latest one before any
    # period that ends after it.
    last_diagnostic_at = models.DateTimeField(null=True)
    seconds = models.FloatField(default=0)

    def __str__(self):
        return f"{self.organisation_id}: {self.refreshed_at:%Y-%m-%d %H:%M}"
