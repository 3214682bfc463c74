import secrets
from datetime import timedelta

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tremplin.core.personal_data import BLANK, NotPersonal, PersonalData
from tremplin.people.models import Person, PersonRowQuerySet
from tremplin.spaces.models import Organisation, Space

# No 0/O, 1/I/L, 2/Z, 5/S, 8/B: a code read aloud or copied by hand stays right. Nine
# characters of 25 are 41.8 bits (shown in three groups of three): with guesses limited per
# address (TREMPLIN_RESUME_GUESSES_PER_ADDRESS), finding someone's sitting is out of reach.
RESUME_ALPHABET = "ACDEFGHJKMNPQRTUVWXY34679"
RESUME_CODE_LENGTH = 9


def new_resume_code() -> str:
    return "".join(secrets.choice(RESUME_ALPHABET) for _ in range(RESUME_CODE_LENGTH))


def new_share_token() -> str:
    return secrets.token_urlsafe(24)


class DiagnosticSessionQuerySet(PersonRowQuerySet):
    """``visible_to``: staff see the diagnostics of the people they may see (record scope);
    anonymous tests have no owner to show them to and are reached only through their resume
    code or share token."""

    def finished(self) -> "DiagnosticSessionQuerySet":
        return self.filter(state=DiagnosticSession.State.FINISHED)

    def resumable(self, *, now=None) -> "DiagnosticSessionQuerySet":
        """Sittings their resume code still opens: unfinished, and started less than
        ``TREMPLIN_DIAGNOSTIC_RESUME_DAYS`` ago (a finished one opens by its share link only)."""
        since = (now or timezone.now()) - timedelta(days=settings.TREMPLIN_DIAGNOSTIC_RESUME_DAYS)
        return self.exclude(state=DiagnosticSession.State.FINISHED).filter(started_at__gte=since)

    # Aggregate-friendly filters for the impact figures.
    def in_spaces(self, space_ids) -> "DiagnosticSessionQuerySet":
        """Sittings at one of ``space_ids`` (``None``: every space, the ones taken alone too)."""
        return self if space_ids is None else self.filter(space_id__in=space_ids)

    def in_period(self, since, until) -> "DiagnosticSessionQuerySet":
        """Sittings finished in ``[since, until)`` (aware datetimes)."""
        return self.filter(finished_at__gte=since, finished_at__lt=until)

    def of_people(self) -> "DiagnosticSessionQuerySet":
        """Finished sittings linked to a person record (a test taken alone counts nobody)."""
        return self.finished().filter(person__isnull=False)


class DiagnosticSession(models.Model):
    """One sitting of the diagnostic, alone (anonymous) or with a helper for a person record."""

    # The result (profile, levels) is what the statistics count: all of it is kept.
    PERSONAL_DATA = PersonalData(
        person="person",
        keep=[
            "organisation",
            "space",
            "person",
            "helper",
            "previous",
            "resume_code",
            "share_token",
            "language",
            "state",
            "has_smartphone",
            "email_use",
            "looking_for_work",
            "prior_mean",
            "prior_sd",
            "item_parameters",
            "on_screen",
            "profile",
            "theta",
            "se",
            "area_levels",
            "area_answers",
            "area_thetas",
            "probabilities",
            "stop_reason",
            "started_at",
            "finished_at",
        ],
        secret=["resume_code", "share_token"],
    )

    class State(models.TextChoices):
        SCREENING = "screening", _("Questions de départ")
        IN_PROGRESS = "in_progress", _("En cours")
        FINISHED = "finished", _("Terminé")

    class Profile(models.TextChoices):
        EXCLUDED = "excluded", _("Éloigné du numérique")
        BEGINNER = "beginner", _("Débutant ou intermédiaire")
        ADVANCED = "advanced", _("Avancé")

    class EmailUse(models.TextChoices):
        NEVER = "never", _("Jamais")
        WITH_HELP = "with_help", _("Avec de l'aide")
        ALONE = "alone", _("Oui, seul·e")

    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    space = models.ForeignKey(
        Space, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    person = models.ForeignKey(
        Person,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="diagnostic_sessions",
    )
    helper = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    previous = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    resume_code = models.CharField(max_length=RESUME_CODE_LENGTH, unique=True)
    share_token = models.CharField(max_length=40, unique=True, default=new_share_token)
    language = models.CharField(max_length=8, default="fr")
    state = models.CharField(max_length=16, choices=State, default=State.SCREENING)
    has_smartphone = models.BooleanField(null=True)
    email_use = models.CharField(max_length=16, choices=EmailUse, blank=True)
    # The screening's « Cherchez-vous un emploi ? » (None: not answered): the result then
    # recommends the job seekers' pathway.
    looking_for_work = models.BooleanField(null=True)
    prior_mean = models.FloatField(default=0.0)
    prior_sd = models.FloatField(default=1.0)
    # {item_id: [a, b]}: the parameters each answered item was scored under, so that a
    # calibration or an edited file since leaves the sitting's decisions as they were.
    item_parameters = models.JSONField(default=dict, blank=True)
    # The question on screen, chosen once when the screening or the previous answer was recorded:
    # {"item": id, "scored": bool, "bank": the bank's version then} (empty before, and once
    # finished). Showing it reads this row only, and the answer is taken for this item even if
    # another process's engine, loaded at another time, would choose another one; a bank with
    # other parameters since chooses again.
    on_screen = models.JSONField(default=dict, blank=True)
    profile = models.CharField(max_length=16, choices=Profile, blank=True)
    theta = models.FloatField(null=True, blank=True)
    se = models.FloatField(null=True, blank=True)
    area_levels = models.JSONField(default=dict, blank=True)
    # {area: scored answers in that area}, written when the sitting finishes: an area's level
    # is shown only where it had enough of them (``results.measured_levels``).
    area_answers = models.JSONField(default=dict, blank=True)
    area_thetas = models.JSONField(default=dict, blank=True)
    probabilities = models.JSONField(default=dict, blank=True)
    stop_reason = models.CharField(max_length=32, blank=True)
    started_at = models.DateTimeField(default=timezone.now)
    finished_at = models.DateTimeField(null=True, blank=True)

    objects = DiagnosticSessionQuerySet.as_manager()

    class Meta:
        verbose_name = _("diagnostic")
        ordering = ["-started_at"]
        indexes = [models.Index(fields=["organisation", "person", "finished_at"])]

    def __str__(self):
        return f"Diagnostic {self.resume_code}"

    def get_absolute_url(self):
        return reverse("diagnostic:session_detail", args=[self.pk])

    @property
    def is_finished(self) -> bool:
        return self.state == self.State.FINISHED

    @property
    def display_code(self) -> str:
        """The resume code in groups of three, easier to read aloud and to copy."""
        code = self.resume_code
        return "-".join(code[index : index + 3] for index in range(0, len(code), 3))


class Response(models.Model):
    """One answer to one item. An item is asked at most once per session.

    A typed answer is free text (a person may type their name or address where a question asks
    for a field to fill): erasure empties ``answer``; right or wrong stays for calibration.
    """

    PERSONAL_DATA = PersonalData(
        person="session__person",
        erase={"answer": BLANK},
        keep=[
            "organisation",
            "session",
            "item_id",
            "is_correct",
            "is_dont_know",
            "is_pretest",
            "at",
        ],
    )

    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    session = models.ForeignKey(
        DiagnosticSession, on_delete=models.CASCADE, related_name="responses"
    )
    item_id = models.CharField(max_length=64)
    answer = models.JSONField(default=list)
    is_correct = models.BooleanField()
    # « Je ne sais pas »: scored as wrong, but not a wrong answer the person gave.
    is_dont_know = models.BooleanField(default=False)
    # A pretest slot: the answer is recorded for calibration, and counts in no estimate.
    is_pretest = models.BooleanField(default=False)
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("réponse")
        ordering = ["at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["session", "item_id"], name="response_item_once"),
        ]

    def __str__(self):
        return f"{self.item_id}: {'✓' if self.is_correct else '✗'}"


class ItemCalibration(models.Model):
    """Parameters re-estimated from real answers by ``calibrate_items``; they override the
    values of the content files when the bank is loaded. Content, not network data: shared by
    the whole platform."""

    item_id = models.CharField(max_length=64, unique=True)
    discrimination = models.FloatField()
    difficulty = models.FloatField()
    responses = models.PositiveIntegerField()
    calibrated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("calibration d'une question")

    def __str__(self):
        return f"{self.item_id}: a={self.discrimination:.2f} b={self.difficulty:.2f}"


class ItemExposure(models.Model):
    """The exposure control of one item (Sympson-Hetter): the probability that the adaptive
    test asks it when it is the one chosen, set by ``calibrate_items`` from the share of
    sittings that asked it. Content, not network data: shared by the whole platform."""

    PERSONAL_DATA = NotPersonal("a number per item of the diagnostic bank, about no one")

    item_id = models.CharField(max_length=64, unique=True)
    keep = models.FloatField()
    share = models.FloatField()  # the share of the sittings it was set from that asked the item
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("exposition d'une question")

    def __str__(self):
        return f"{self.item_id}: {self.keep:.2f}"
