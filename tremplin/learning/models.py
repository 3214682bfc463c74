from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tremplin.people.models import Person
from tremplin.spaces.models import Organisation


class LearnerProfileQuerySet(models.QuerySet):
    def visible_to(self, user) -> "LearnerProfileQuerySet":
        """Learner accounts of the people the user may see (``Person.objects.visible_to``)."""
        return self.filter(user__person__in=Person.objects.visible_to(user))


class LearnerProfile(models.Model):
    """The code login of a learner's account: the hashed 6-digit code and its lock.

    Learners often have no email: they log in with their username and this code, or with a
    printed card. Five wrong codes lock the account for 15 minutes (``services``). The account
    belongs to a person through ``people.Person.account`` (which erasure closes); this table does
    not point at the person, so that the person's data export never carries the code's hash.
    """

    # A credential, even hashed, is not "data about the person" to hand out in an export.
    EXPORT_EXCLUDED_FIELDS = ["code_hash"]

    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="learner_profile"
    )
    code_hash = models.CharField(max_length=128)
    failed_attempts = models.PositiveSmallIntegerField(default=0)
    locked_until = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    objects = LearnerProfileQuerySet.as_manager()

    class Meta:
        verbose_name = _("compte apprenant")

    def __str__(self):
        return self.user.username

    @property
    def person(self) -> Person | None:
        return Person.objects.filter(account_id=self.user_id).select_related("home_space").first()

    def is_locked(self, *, now=None) -> bool:
        return self.locked_until is not None and self.locked_until > (now or timezone.now())


class LoginCard(models.Model):
    """A printed card whose QR code logs the learner in. Only the token's hash is stored.

    One card is active at a time: printing a new one revokes the old; the helper can revoke it.
    """

    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    profile = models.ForeignKey(LearnerProfile, on_delete=models.CASCADE, related_name="cards")
    token_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("carte de connexion")
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.profile} ({self.created_at:%Y-%m-%d})"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None


class PageProgress(models.Model):
    """One user on one page: read or answered right (done), attempts, the last answer's result."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="learning_pages"
    )
    module_slug = models.SlugField(max_length=100)
    page_stem = models.CharField(max_length=100)
    is_done = models.BooleanField(default=False)
    attempts = models.PositiveIntegerField(default=0)
    is_last_answer_correct = models.BooleanField(null=True, blank=True)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("avancement d'une page")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "module_slug", "page_stem"], name="page_progress_unique"
            ),
        ]

    def __str__(self):
        return f"{self.user} – {self.module_slug}/{self.page_stem}"


class ModuleProgress(models.Model):
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="learning_modules"
    )
    module_slug = models.SlugField(max_length=100)
    started_at = models.DateTimeField(default=timezone.now)
    completed_at = models.DateTimeField(null=True, blank=True)
    last_seen_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        verbose_name = _("avancement d'un module")
        constraints = [
            models.UniqueConstraint(fields=["user", "module_slug"], name="module_progress_unique"),
        ]

    def __str__(self):
        return f"{self.user} – {self.module_slug}"


class Enrolment(models.Model):
    """A user follows a pathway: from the pathway page, or by starting one of its modules."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="learning_enrolments"
    )
    pathway_slug = models.SlugField(max_length=100)
    enrolled_at = models.DateTimeField(default=timezone.now)
    completed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("inscription à un parcours")
        constraints = [
            models.UniqueConstraint(fields=["user", "pathway_slug"], name="enrolment_unique"),
        ]

    def __str__(self):
        return f"{self.user} – {self.pathway_slug}"


class CertificateQuerySet(models.QuerySet):
    def visible_to(self, user) -> "CertificateQuerySet":
        """Your own certificates, and those of the people you may see."""
        if not user.is_authenticated:
            return self.none()
        people = Person.objects.visible_to(user)
        return self.filter(models.Q(user=user) | models.Q(user__person__in=people)).distinct()


class Certificate(models.Model):
    """Issued once per user and pathway; its code is checkable by anyone on a public page.

    Name, pathway and modules are copied at issue time: the certificate says what was true then.
    """

    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="certificates"
    )
    pathway_slug = models.SlugField(max_length=100)
    pathway_title = models.CharField(max_length=200)
    learner_name = models.CharField(max_length=201)
    modules = models.JSONField(default=list)
    minutes = models.PositiveIntegerField(default=0)
    code = models.CharField(max_length=10, unique=True)
    issued_at = models.DateTimeField(default=timezone.now)

    objects = CertificateQuerySet.as_manager()

    class Meta:
        verbose_name = _("attestation")
        ordering = ["-issued_at"]
        constraints = [
            models.UniqueConstraint(fields=["user", "pathway_slug"], name="certificate_unique"),
        ]

    def __str__(self):
        return f"{self.pathway_title} – {self.learner_name}"

    @property
    def display_code(self) -> str:
        return f"{self.code[:5]}-{self.code[5:]}"
