import datetime

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tremplin.core.personal_data import BLANK, PersonalData
from tremplin.people.models import Person, PersonRowQuerySet
from tremplin.spaces.models import Organisation, Space

MAX_MANDATE_DAYS = 366  # twelve months at most, agreed with the person (PRODUCT.md, capability 6)


class Theme(models.TextChoices):
    """The fixed vocabulary of what a help is about."""

    JOB_SEARCH = "job_search", _("Recherche d'emploi")
    EMAIL = "email", _("Messagerie (e-mail)")
    FAMILY_ALLOWANCE = "family_allowance", _("Démarche CAF")
    HEALTH_INSURANCE = "health_insurance", _("Démarche Assurance maladie")
    TAXES = "taxes", _("Démarche impôts")
    EMPLOYMENT_SERVICE = "employment_service", _("Démarche France Travail")
    PENSION = "pension", _("Démarche retraite")
    IDENTITY = "identity", _("Papiers d'identité, titre de séjour")
    OTHER_PROCEDURE = "other_procedure", _("Autre démarche administrative")
    SMARTPHONE = "smartphone", _("Smartphone")
    SECURITY = "security", _("Sécurité, arnaques")
    EQUIPMENT = "equipment", _("Matériel, connexion")

    @classmethod
    def procedures(cls) -> list[str]:
        """The administrative procedures: the only themes a mandate can cover."""
        return [
            cls.FAMILY_ALLOWANCE,
            cls.HEALTH_INSURANCE,
            cls.TAXES,
            cls.EMPLOYMENT_SERVICE,
            cls.PENSION,
            cls.IDENTITY,
            cls.OTHER_PROCEDURE,
        ]


def theme_labels(values: list[str]) -> list[str]:
    known = dict(Theme.choices)
    return [str(known[value]) for value in values if value in known]


class ScopedQuerySet(PersonRowQuerySet):
    """Rows about people the user may see (record scope: ``Person.objects.visible_to``)."""


class AccompanimentQuerySet(ScopedQuerySet):
    """Adds aggregate-friendly filters for the impact figures."""

    def in_spaces(self, space_ids) -> "AccompanimentQuerySet":
        """Helps given at one of ``space_ids`` (``None``: every space)."""
        return self if space_ids is None else self.filter(space_id__in=space_ids)

    def in_period(self, since, until) -> "AccompanimentQuerySet":
        """Helps given in ``[since, until)`` (aware datetimes, compared as local dates)."""
        return self.filter(
            happened_on__gte=timezone.localdate(since), happened_on__lt=timezone.localdate(until)
        )

    def minutes(self) -> int:
        return self.aggregate(total=models.Sum("duration_minutes"))["total"] or 0


class Mandate(models.Model):
    """The person's agreement that a helper does given procedures *for* them, for a limited
    time, revocable at any time (the principle of the Aidants Connect mandate)."""

    # Kept whole: the proof of what the person agreed to, with no free text in it.
    PERSONAL_DATA = PersonalData(
        person="person",
        keep=[
            "organisation",
            "space",
            "person",
            "scope",
            "starts_on",
            "ends_on",
            "agreement",
            "recorded_by",
            "recorded_at",
            "revoked_at",
            "revoked_by",
        ],
    )

    class Agreement(models.TextChoices):
        SPOKEN = "spoken", _("À l'oral, devant témoin")
        PAPER = "paper", _("Signé sur papier")

    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    space = models.ForeignKey(Space, on_delete=models.PROTECT, related_name="+")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="mandates")
    scope = models.JSONField(_("démarches couvertes"), default=list)
    starts_on = models.DateField(_("début"))
    ends_on = models.DateField(_("fin"))
    agreement = models.CharField(_("accord de la personne"), max_length=12, choices=Agreement)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    recorded_at = models.DateTimeField(default=timezone.now)
    revoked_at = models.DateTimeField(null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("mandat")
        ordering = ["-starts_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_on__gte=models.F("starts_on")),
                name="mandate_ends_after_start",
            ),
        ]

    def __str__(self):
        return f"Mandat {self.starts_on:%d/%m/%Y} – {self.ends_on:%d/%m/%Y}"

    def save(self, *args, **kwargs):
        self.organisation_id = self.person.organisation_id
        super().save(*args, **kwargs)

    def is_valid_on(self, day: datetime.date) -> bool:
        return self.revoked_at is None and self.starts_on <= day <= self.ends_on

    def state(self, on: datetime.date | None = None) -> str:
        """``"revoked"``, ``"ended"`` (its end date is past), ``"upcoming"`` or ``"active"``."""
        day = on or timezone.localdate()
        if self.revoked_at is not None:
            return "revoked"
        if self.ends_on < day:
            return "ended"
        return "upcoming" if self.starts_on > day else "active"

    def covers(self, themes: list[str]) -> bool:
        return set(themes) <= set(self.scope)

    def scope_labels(self) -> list[str]:
        return theme_labels(self.scope)


class Accompaniment(models.Model):
    """One help given to a person."""

    class Kind(models.TextChoices):
        INDIVIDUAL = "individual", _("Aide individuelle")
        DONE_WITH = "done_with", _("Démarche faite avec la personne")
        DONE_FOR = "done_for", _("Démarche faite pour la personne")
        WORKSHOP_FOLLOW_UP = "workshop_follow_up", _("Suivi après un atelier")

    class Outcome(models.TextChoices):
        DONE = "done", _("Fait")
        FOLLOW_UP = "follow_up", _("À suivre")
        REFERRED = "referred", _("Orientée ailleurs")

    PERSONAL_DATA = PersonalData(
        person="person",
        erase={"note": BLANK},
        keep=[
            "organisation",
            "space",
            "person",
            "helper",
            "kind",
            "happened_on",
            "duration_minutes",
            "themes",
            "outcome",
            "mandate",
            "created_at",
        ],
    )

    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    space = models.ForeignKey(Space, on_delete=models.PROTECT, related_name="+")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="accompaniments")
    helper = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    kind = models.CharField(_("type d'aide"), max_length=20, choices=Kind)
    happened_on = models.DateField(_("date"))
    duration_minutes = models.PositiveSmallIntegerField(_("durée (minutes)"))
    themes = models.JSONField(_("thèmes"), default=list)
    outcome = models.CharField(_("résultat"), max_length=12, choices=Outcome)
    note = models.CharField(_("note"), max_length=500, blank=True)
    mandate = models.ForeignKey(
        Mandate, on_delete=models.PROTECT, null=True, blank=True, related_name="accompaniments"
    )
    created_at = models.DateTimeField(default=timezone.now)

    objects = AccompanimentQuerySet.as_manager()

    class Meta:
        verbose_name = _("accompagnement")
        ordering = ["-happened_on", "-pk"]
        indexes = [models.Index(fields=["organisation", "space", "happened_on"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(duration_minutes__gte=1, duration_minutes__lte=600),
                name="accompaniment_duration_range",
            ),
            models.CheckConstraint(
                condition=~models.Q(kind="done_for") | models.Q(mandate__isnull=False),
                name="accompaniment_done_for_has_mandate",
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} ({self.happened_on:%d/%m/%Y})"

    def save(self, *args, **kwargs):
        self.organisation_id = self.person.organisation_id
        super().save(*args, **kwargs)

    def theme_labels(self) -> list[str]:
        return theme_labels(self.themes)


class SupportGoal(models.Model):
    """A goal of the person's support plan (« faire sa déclaration d'impôts seule »)."""

    class Status(models.TextChoices):
        OPEN = "open", _("En cours")
        REACHED = "reached", _("Atteint")
        DROPPED = "dropped", _("Abandonné")

    PERSONAL_DATA = PersonalData(
        person="person",
        erase={"title": BLANK},
        keep=["organisation", "person", "status", "created_by", "created_at"],
    )

    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="support_goals")
    title = models.CharField(_("objectif"), max_length=200)
    status = models.CharField(_("état"), max_length=10, choices=Status, default=Status.OPEN)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("objectif d'accompagnement")
        ordering = ["created_at", "pk"]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        self.organisation_id = self.person.organisation_id
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("accompaniment:plan_detail", args=[self.person_id])


class SupportStep(models.Model):
    """A step towards a goal. Points at the person too, so that export and erasure find it."""

    class Status(models.TextChoices):
        TO_DO = "todo", _("À faire")
        DOING = "doing", _("En cours")
        DONE = "done", _("Fait")

    PERSONAL_DATA = PersonalData(
        person="person",
        erase={"title": BLANK},
        keep=["organisation", "goal", "person", "status", "due_on"],
    )

    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    goal = models.ForeignKey(SupportGoal, on_delete=models.CASCADE, related_name="steps")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="support_steps")
    title = models.CharField(_("étape"), max_length=200)
    status = models.CharField(_("état"), max_length=10, choices=Status, default=Status.TO_DO)
    due_on = models.DateField(_("pour le"), null=True, blank=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("étape d'accompagnement")
        ordering = ["goal", "pk"]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        self.person_id = self.goal.person_id
        self.organisation_id = self.goal.organisation_id
        super().save(*args, **kwargs)
