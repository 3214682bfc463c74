import datetime
from dataclasses import dataclass

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tremplin.core.personal_data import BLANK, NotPersonal, PersonalData
from tremplin.people.models import ConsentText, Person
from tremplin.spaces.models import (
    Organisation,
    OrganisationScopedQuerySet,
    PartnerAdviser,
    PartnerOrganisation,
    Space,
    space_roles_of,
)


def adviser_of(user) -> PartnerAdviser | None:
    """The user's adviser link (their partner organisation), read once per request."""
    if not user.is_authenticated:
        return None
    if not hasattr(user, "_tremplin_adviser"):
        user._tremplin_adviser = (
            PartnerAdviser.objects.select_related("partner").filter(user=user).first()
        )
    return user._tremplin_adviser


class Status(models.TextChoices):
    SENT = "sent", _("Envoyée")
    RECEIVED = "received", _("Reçue")
    DIAGNOSED = "diagnosed", _("Diagnostic fait")
    IN_TRAINING = "in_training", _("En formation")
    COMPLETED = "completed", _("Parcours terminé")
    CLOSED = "closed", _("Clôturée")


# The steps in order; a referral only moves forward. Closed stands outside the order.
STEPS = [Status.SENT, Status.RECEIVED, Status.DIAGNOSED, Status.IN_TRAINING, Status.COMPLETED]
RANK = {step: rank for rank, step in enumerate(STEPS)}
OPEN = [Status.SENT, Status.RECEIVED, Status.DIAGNOSED, Status.IN_TRAINING]


class ClosedReason(models.TextChoices):
    NOT_REACHABLE = "not_reachable", _("Personne injoignable")
    DECLINED = "declined", _("La personne ne souhaite pas venir")
    MOVED = "moved", _("La personne a déménagé")
    OTHER = "other", _("Autre raison")


class Sharing(models.TextChoices):
    """What the person agreed to share back with the adviser who referred them."""

    STATUS = "status", _("Le statut seulement")
    PROGRESS = "progress", _("Le statut et la progression (profil, heures, attestation)")


class ReferralQuerySet(OrganisationScopedQuerySet):
    def visible_to(self, user) -> "ReferralQuerySet":
        """Organisation first. Then an adviser sees the referrals they sent, and a partner
        administrator all of their partner organisation's (never through the person's record
        scope); the national team its organisation's; staff the referrals received at their
        spaces (activity scope); anyone else nothing."""
        rows = self.in_organisation_of(user)
        adviser = adviser_of(user)
        if adviser is not None:
            rows = rows.filter(partner_id=adviser.partner_id)
            return rows if adviser.is_partner_admin else rows.filter(adviser=user)
        if user.is_administrator:
            return rows
        return rows.filter(space_id__in=list(space_roles_of(user)))

    def open(self) -> "ReferralQuerySet":
        return self.filter(status__in=OPEN)

    def of_partner(self, partner) -> "ReferralQuerySet":
        return self.filter(partner=partner)

    def in_spaces(self, space_ids) -> "ReferralQuerySet":
        return self.filter(space_id__in=list(space_ids))

    def in_period(self, start: datetime.date, end: datetime.date) -> "ReferralQuerySet":
        """Referrals sent from ``start`` to ``end``, both included (local dates)."""
        return self.filter(sent_on__gte=start, sent_on__lte=end)

    def counts_by_status(self) -> dict[str, int]:
        """``{status: count}`` for every status (zero included), in one query."""
        counts = dict.fromkeys(Status.values, 0)
        rows = self.order_by().values_list("status").annotate(count=models.Count("pk"))
        counts.update(dict(rows))
        return counts

    def counts_reaching(self) -> dict[str, int]:
        """``{step: how many reached it}`` (a closed referral counts for the steps it reached
        before closing), in one query."""
        rows = dict(self.order_by().values_list("reached_rank").annotate(count=models.Count("pk")))
        return {
            step: sum(count for rank, count in rows.items() if rank >= RANK[step]) for step in STEPS
        }


class CohortImport(models.Model):
    """A cohort referred from a file: which partner, which file (by a fingerprint of its
    checked lines, so that the same file sent twice imports once), which cohort it made. Who
    sent it is each referral's adviser."""

    PERSONAL_DATA = NotPersonal(
        "a file's fingerprint, its line count and the cohort it made; the people are Person "
        "records and their referrals"
    )

    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    partner = models.ForeignKey(
        PartnerOrganisation, on_delete=models.PROTECT, related_name="cohort_imports"
    )
    cohort = models.OneToOneField(
        "workshops.Cohort", on_delete=models.PROTECT, related_name="partner_import"
    )
    fingerprint = models.CharField(max_length=64)
    line_count = models.PositiveIntegerField()
    imported_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("import d'une cohorte")
        constraints = [
            models.UniqueConstraint(
                fields=["partner", "fingerprint"], name="cohort_import_once_per_file"
            ),
        ]

    def __str__(self):
        return f"{self.cohort} ({self.line_count})"

    def save(self, *args, **kwargs):
        self.organisation_id = self.partner.organisation_id
        super().save(*args, **kwargs)


@dataclass(frozen=True)
class SharedView:
    """What an adviser may read about a referral: the name they typed, the status, and, with
    the person's consent, their profile, hours done and certificate. Nothing else."""

    first_name: str
    last_initial: str
    status: str
    status_label: str
    shares_progress: bool
    profile: str = ""
    hours_done: float | None = None
    certificate: str = ""


class Referral(models.Model):
    """A person referred by a partner's adviser to a space, with the person's consent, and
    what became of them. Holds no name or phone: the person is a ``people.Person``."""

    # The reason is free text, written by the adviser about the person: erased with them. The
    # rest (who, where, when, how far) stays for the anonymous figures by partner.
    PERSONAL_DATA = PersonalData(
        person="person",
        erase={"reason": BLANK},
        keep=[
            "organisation",
            "space",
            "partner",
            "person",
            "adviser",
            "goals",
            "sharing",
            "consent_text",
            "status",
            "reached_rank",
            "closed_reason",
            "made_person",
            "cohort_import",
            "sent_at",
            "sent_on",
            "status_changed_at",
        ],
    )

    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    space = models.ForeignKey(
        Space, on_delete=models.PROTECT, related_name="referrals", verbose_name=_("espace")
    )
    partner = models.ForeignKey(
        PartnerOrganisation, on_delete=models.PROTECT, related_name="referrals"
    )
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="referrals")
    adviser = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="referrals_sent"
    )
    reason = models.TextField(_("raison de l'orientation"), max_length=1000, blank=True)
    goals = models.JSONField(_("objectifs"), default=list, blank=True)
    sharing = models.CharField(
        _("ce que la personne accepte de partager"), max_length=10, choices=Sharing
    )
    consent_text = models.ForeignKey(ConsentText, on_delete=models.PROTECT, related_name="+")
    status = models.CharField(_("statut"), max_length=12, choices=Status, default=Status.SENT)
    # The furthest step reached (its rank in STEPS), kept when the referral is closed: the
    # dashboard's "share that reached each step".
    reached_rank = models.PositiveSmallIntegerField(default=0)
    closed_reason = models.CharField(
        _("raison de la clôture"), max_length=16, choices=ClosedReason, blank=True
    )
    # The referral made the person's record (rather than finding it): staff may then attach
    # it to an earlier record of the same person, and the one made is erased.
    made_person = models.BooleanField(default=True)
    cohort_import = models.ForeignKey(
        CohortImport, on_delete=models.PROTECT, null=True, blank=True, related_name="referrals"
    )
    sent_at = models.DateTimeField(default=timezone.now)
    sent_on = models.DateField(db_index=True)
    status_changed_at = models.DateTimeField(default=timezone.now)

    objects = ReferralQuerySet.as_manager()

    class Meta:
        verbose_name = _("orientation")
        ordering = ["-sent_at", "-pk"]
        indexes = [
            models.Index(fields=["organisation", "partner", "status"]),
            models.Index(fields=["organisation", "space", "status"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(status="closed") | models.Q(closed_reason=""),
                name="referral_reason_only_when_closed",
            ),
            models.CheckConstraint(
                condition=~models.Q(status="closed") | ~models.Q(closed_reason=""),
                name="referral_closed_with_a_reason",
            ),
        ]

    def __str__(self):
        return f"{self.partner} → {self.space} ({self.get_status_display()})"

    def save(self, *args, **kwargs):
        self.organisation_id = self.space.organisation_id
        if self.sent_on is None:
            self.sent_on = timezone.localdate(self.sent_at)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("partners:referral_detail", args=[self.pk])

    def get_manage_url(self):
        return reverse("partners:referral_manage", args=[self.pk])

    @property
    def is_open(self) -> bool:
        return self.status in OPEN

    @property
    def shares_progress(self) -> bool:
        return self.sharing == Sharing.PROGRESS

    def next_steps(self) -> list[str]:
        """The steps staff may move this referral to (forward only)."""
        if not self.is_open:
            return []
        return [step for step in STEPS if RANK[step] > RANK[self.status]]

    def goal_labels(self) -> list[str]:
        known = dict(Person.Goal.choices)
        return [str(known[value]) for value in self.goals if value in known]


class ReferralEvent(models.Model):
    """Append-only: one row per status change of a referral, dated, by whom (None when it
    followed from a record elsewhere), and from what. Only ``notified_at`` is written later,
    when the adviser's e-mail (or digest) leaves."""

    class Source(models.TextChoices):
        ADVISER = "adviser", _("Envoyée par le ou la conseillère")
        STAFF = "staff", _("Par l'équipe de l'espace")
        DIAGNOSTIC = "diagnostic", _("Un diagnostic est enregistré")
        ATTENDANCE = "attendance", _("Une première présence à un atelier")
        CERTIFICATE = "certificate", _("Une attestation de parcours")
        COHORT = "cohort", _("La cohorte est terminée")

    PERSONAL_DATA = PersonalData(
        person="referral__person",
        keep=[
            "organisation",
            "referral",
            "from_status",
            "status",
            "closed_reason",
            "source",
            "at",
            "by",
            "notified_at",
        ],
    )

    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    referral = models.ForeignKey(Referral, on_delete=models.PROTECT, related_name="events")
    from_status = models.CharField(max_length=12, choices=Status, blank=True)
    status = models.CharField(max_length=12, choices=Status)
    closed_reason = models.CharField(max_length=16, choices=ClosedReason, blank=True)
    source = models.CharField(max_length=12, choices=Source)
    at = models.DateTimeField(default=timezone.now)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    notified_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("changement de statut d'une orientation")
        ordering = ["at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["referral", "status"], name="referral_event_once_per_status"
            ),
        ]

    def __str__(self):
        return f"{self.get_status_display()} – {self.at:%Y-%m-%d}"

    def save(self, *args, **kwargs):
        self.organisation_id = self.referral.organisation_id
        super().save(*args, **kwargs)


class NotificationPreference(models.Model):
    """How an adviser hears of the status changes of their referrals."""

    class Frequency(models.TextChoices):
        IMMEDIATE = "immediate", _("Un e-mail à chaque changement")
        DAILY = "daily", _("Un résumé par jour")
        NONE = "none", _("Pas d'e-mail")

    PERSONAL_DATA = NotPersonal("an adviser's choice of e-mail frequency (staff data)")

    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    adviser = models.OneToOneField(
        PartnerAdviser, on_delete=models.CASCADE, related_name="referral_notifications"
    )
    frequency = models.CharField(
        _("me prévenir"), max_length=10, choices=Frequency, default=Frequency.IMMEDIATE
    )

    class Meta:
        verbose_name = _("préférence de notification")

    def __str__(self):
        return f"{self.adviser} – {self.get_frequency_display()}"
