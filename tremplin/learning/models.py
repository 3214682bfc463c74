from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tremplin.core.personal_data import BLANK, PersonalData
from tremplin.people.models import Person, PersonRowQuerySet
from tremplin.spaces.models import Organisation

# Learning rows belong to a user; the person is the one their learner account was made for.
LEARNER_PATH = "user__learner_profile__person"


class LearningQuerySet(models.QuerySet):
    """Aggregate-friendly filters for the impact figures. Learning rows belong to an account
    and have no space: they count at the home space of the person the account was made for."""

    def in_organisation(self, organisation_id: int) -> "LearningQuerySet":
        return self.filter(organisation_id=organisation_id)

    def in_spaces(self, space_ids) -> "LearningQuerySet":
        if space_ids is None:
            return self
        return self.filter(**{f"{LEARNER_PATH}__home_space_id__in": space_ids})

    def completed_in_period(self, since, until) -> "LearningQuerySet":
        """Modules or pathways completed in ``[since, until)`` (aware datetimes)."""
        return self.filter(completed_at__gte=since, completed_at__lt=until)


class LearnerProfileQuerySet(PersonRowQuerySet):
    """``visible_to``: learner accounts of the people the user may see (record scope)."""

    person_path = "user__person"


class LearnerProfile(models.Model):
    """The code login of a learner's account: the hashed 6-digit code.

    Learners often have no email: they log in with their username and this code, or with a
    printed card. Wrong codes lock the username (``CodeLock``, ``services``). The account
    belongs to a person through ``people.Person.account``; ``person`` records whom it was made
    for, so that erasure closes every account ever made for them, even one a double click left
    unlinked (decision 0007).
    """

    # A credential, even hashed, is not "data about the person" to hand out in an export.
    PERSONAL_DATA = PersonalData(
        person="person",
        erase={"code_hash": BLANK},
        keep=["organisation", "user", "person", "created_at", "created_by"],
        secret=["code_hash"],
    )

    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="learner_profile"
    )
    person = models.ForeignKey(
        Person, on_delete=models.PROTECT, null=True, related_name="learner_profiles"
    )
    code_hash = models.CharField(max_length=128)
    created_at = models.DateTimeField(default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    objects = LearnerProfileQuerySet.as_manager()

    class Meta:
        verbose_name = _("compte apprenant")

    def __str__(self):
        return self.user.username


class CodeLock(models.Model):
    """Wrong codes typed for one username, and the lock they earned, whether or not an account
    has that username: an unknown username locks exactly like a real one, so the answers never
    tell which usernames exist.

    Each ``services.CODE_FAILURES_PER_LOCK`` wrong codes lock the username for the next step
    of ``services.LOCK_STEPS`` (1 minute, then 5, 15, 60…). A right code, a new code given by
    a helper, or a helper lifting the lock deletes the row. Security data, not network data:
    an unknown username belongs to no organisation; the username is kept as a keyed hash.
    """

    username_hash = models.CharField(max_length=64, unique=True)
    failures = models.PositiveSmallIntegerField(default=0)
    lock_count = models.PositiveSmallIntegerField(default=0)
    locked_until = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        verbose_name = _("blocage d'un identifiant")

    def __str__(self):
        return f"{self.username_hash[:8]}… ({self.failures}, {self.lock_count})"

    def is_locked(self, *, now=None) -> bool:
        return self.locked_until is not None and self.locked_until > (now or timezone.now())


class LoginCard(models.Model):
    """A printed card whose QR code logs the learner in. Only the token's hash is stored.

    One card is active at a time: printing a new one revokes the old; the helper can revoke it.
    """

    PERSONAL_DATA = PersonalData(
        person="profile__person",
        keep=[
            "organisation",
            "profile",
            "token_hash",
            "created_at",
            "created_by",
            "last_used_at",
            "revoked_at",
        ],
        secret=["token_hash"],
    )

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

    PERSONAL_DATA = PersonalData(
        person=LEARNER_PATH,
        keep=[
            "organisation",
            "user",
            "module_slug",
            "page_stem",
            "is_done",
            "attempts",
            "is_last_answer_correct",
            "updated_at",
        ],
    )

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
    PERSONAL_DATA = PersonalData(
        person=LEARNER_PATH,
        keep=["organisation", "user", "module_slug", "started_at", "completed_at", "last_seen_at"],
    )

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

    objects = LearningQuerySet.as_manager()

    class Meta:
        verbose_name = _("avancement d'un module")
        constraints = [
            models.UniqueConstraint(fields=["user", "module_slug"], name="module_progress_unique"),
        ]

    def __str__(self):
        return f"{self.user} – {self.module_slug}"


class Enrolment(models.Model):
    """A user follows a pathway: from the pathway page, or by starting one of its modules."""

    PERSONAL_DATA = PersonalData(
        person=LEARNER_PATH,
        keep=["organisation", "user", "pathway_slug", "enrolled_at", "completed_at"],
    )

    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="learning_enrolments"
    )
    pathway_slug = models.SlugField(max_length=100)
    enrolled_at = models.DateTimeField(default=timezone.now)
    completed_at = models.DateTimeField(null=True, blank=True)

    objects = LearningQuerySet.as_manager()

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
        return self.filter(models.Q(user=user) | models.Q(user__person__in=people))


class Certificate(models.Model):
    """Issued once per user and pathway; its code is checkable by anyone on a public page.

    Name, pathway and modules are copied at issue time: the certificate says what was true then.
    Erasure blanks the name: the public check then says the certificate exists, never whose.
    """

    PERSONAL_DATA = PersonalData(
        person=LEARNER_PATH,
        erase={"learner_name": BLANK},
        keep=[
            "organisation",
            "user",
            "pathway_slug",
            "pathway_title",
            "modules",
            "minutes",
            "code",
            "issued_at",
        ],
    )

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

    @property
    def is_erased(self) -> bool:
        """The learner's data was erased: the certificate names no one any more."""
        return not self.learner_name
