from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tremplin.core.personal_data import BLANK, PersonalData
from tremplin.people.models import Person, PersonRowQuerySet
from tremplin.spaces.models import Organisation, Space


class AttemptQuerySet(PersonRowQuerySet):
    """``visible_to``: the attempts of the people a helper may see (record scope). A visitor's
    attempt has no person: it is reached only through its own session."""

    def finished(self) -> "AttemptQuerySet":
        return self.filter(finished_at__isnull=False)


class Attempt(models.Model):
    """One go at one simulator, by a logged-in account or by a visitor's session.

    ``organisation``, ``space`` and ``person`` are filled when the account belongs to a person
    (at start, or when a visitor logs in): a visitor's attempt is nobody's until then, holds no
    name, and is deleted after ``services.VISITOR_ATTEMPT_DAYS``. ``failed_checks`` are the
    codes of the checks missed when the attempt was finished: what the helpers' view counts.
    ``secret_hash`` is the practice account's password of the public-service simulator, hashed
    (the typed password itself is never stored).
    """

    PERSONAL_DATA = PersonalData(
        person="person",
        erase={"secret_hash": BLANK},
        keep=[
            "organisation",
            "space",
            "person",
            "user",
            "simulator",
            "started_at",
            "updated_at",
            "finished_at",
            "is_passed",
            "failed_checks",
        ],
        secret=["secret_hash"],
    )

    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    space = models.ForeignKey(
        Space, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    person = models.ForeignKey(
        Person,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="simulator_attempts",
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="simulator_attempts",
    )
    simulator = models.SlugField(max_length=40)
    started_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now, db_index=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    is_passed = models.BooleanField(null=True, blank=True)
    failed_checks = models.JSONField(default=list, blank=True)
    secret_hash = models.CharField(max_length=128, blank=True)

    objects = AttemptQuerySet.as_manager()

    class Meta:
        verbose_name = _("essai d'un simulateur")
        ordering = ["-started_at"]
        indexes = [models.Index(fields=["organisation", "person", "simulator"])]

    def __str__(self):
        return f"{self.simulator} #{self.pk}"

    @property
    def is_finished(self) -> bool:
        return self.finished_at is not None


class Step(models.Model):
    """One action of the learner in a simulator: what the check reads (``facts``: which
    message was opened, whether the address was right, the size of a file) and what the
    learner typed (``typed``: a subject, a short message), shown back in the simulated screens
    and erased with the person. A password is never in either: only its strength facts."""

    PERSONAL_DATA = PersonalData(
        person="attempt__person",
        erase={"typed": BLANK},
        keep=["organisation", "attempt", "action", "facts", "at"],
    )

    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    attempt = models.ForeignKey(Attempt, on_delete=models.CASCADE, related_name="steps")
    action = models.CharField(max_length=40)
    facts = models.JSONField(default=dict, blank=True)
    typed = models.JSONField(default=dict, blank=True)
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("étape d'un simulateur")
        ordering = ["at", "pk"]

    def __str__(self):
        return f"{self.attempt} – {self.action}"


class Upload(models.Model):
    """A file the learner chose from their own device, kept only while its attempt lasts.

    Stored in the database (at most ``uploads.MAX_BYTES``), so that the erasure contract's
    ``UPDATE`` removes it like any field and nothing is left on a disk. Finishing or
    restarting the attempt deletes it; a visitor's attempt and its files go after
    ``services.VISITOR_ATTEMPT_DAYS``. The export lists the file (name, type, size, date);
    its bytes are the learner's own document, left out of the JSON export (``secret``)."""

    class Kind(models.TextChoices):
        PDF = "pdf", _("Document PDF")
        JPEG = "jpeg", _("Photo JPEG")
        PNG = "png", _("Image PNG")

    PERSONAL_DATA = PersonalData(
        person="attempt__person",
        erase={"name": BLANK, "content": BLANK},
        keep=["organisation", "attempt", "purpose", "kind", "size", "uploaded_at"],
        secret=["content"],
    )

    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    attempt = models.ForeignKey(Attempt, on_delete=models.CASCADE, related_name="uploads")
    purpose = models.CharField(max_length=20)
    name = models.CharField(max_length=120)
    kind = models.CharField(max_length=8, choices=Kind)
    size = models.PositiveIntegerField()
    content = models.BinaryField(default=b"")
    uploaded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("fichier d'un simulateur")
        constraints = [
            models.UniqueConstraint(fields=["attempt", "purpose"], name="upload_one_per_purpose")
        ]

    def __str__(self):
        return f"{self.attempt} – {self.purpose}"
