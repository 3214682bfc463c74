from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

# The published password of the accounts ``seed_demo`` creates; a deploy check refuses a
# production database where one still opens (``accounts.checks``).
DEMO_PASSWORD = "tremplin-demo"


class User(AbstractUser):
    """A person who logs in. Email is optional: learners often have none."""

    class Kind(models.TextChoices):
        LEARNER = "learner", _("Apprenant·e")
        STAFF = "staff", _("Équipe d'un espace")
        PARTNER = "partner", _("Conseiller·e partenaire")
        FUNDER = "funder", _("Financeur")
        ADMIN = "admin", _("Administration nationale")

    kind = models.CharField(_("type de compte"), max_length=16, choices=Kind, default=Kind.LEARNER)
    is_demo = models.BooleanField(
        _("compte de démonstration"),
        default=False,
        help_text=_("Créé par seed_demo ; dispensé du second facteur si la démo est autorisée."),
    )
    # Sessions keep what they found about the account (its second-factor device, its
    # organisation and roles) under this number, so that a request does not read them again;
    # it changes whenever one of them does (``note_access_change``).
    access_version = models.PositiveIntegerField(default=0, editable=False)

    class Meta:
        verbose_name = _("compte")
        verbose_name_plural = _("comptes")

    def __str__(self):
        return self.get_full_name() or self.username

    @classmethod
    def note_access_change(cls, user_id: int) -> None:
        """A role, an affiliation or a second-factor device of the account changed: every session
        reads them again on its next request."""
        cls.objects.filter(pk=user_id).update(access_version=models.F("access_version") + 1)

    @property
    def is_administrator(self) -> bool:
        return self.kind == self.Kind.ADMIN or self.is_superuser

    @property
    def requires_second_factor(self) -> bool:
        """Anyone who can see people logs in with a TOTP code (demo accounts excepted)."""
        if self.is_demo and settings.TREMPLIN_ALLOW_DEMO_ACCOUNTS:
            return False
        return self.is_administrator or self.kind in {self.Kind.STAFF, self.Kind.PARTNER}


class FailedAttempt(models.Model):
    """One wrong guess of a short secret (a learner's code, a diagnostic resume code), kept
    while it counts towards a limit per address (``accounts.services``).

    Security data, not network data: an address belongs to no organisation. The address and
    what was tried (a username) are stored as keyed hashes, so the table tells how much an
    address guessed, never who typed what; rows are deleted once out of every window.
    """

    class Scope(models.TextChoices):
        LEARNER_CODE = "learner_code", _("Code d'un compte apprenant")
        RESUME_CODE = "resume_code", _("Code de reprise du test")

    scope = models.CharField(max_length=16, choices=Scope)
    address = models.CharField(max_length=64)
    key = models.CharField(max_length=64, blank=True)
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("essai manqué")
        indexes = [models.Index(fields=["scope", "address", "at"])]

    def __str__(self):
        return f"{self.scope} {self.at:%Y-%m-%d %H:%M}"


class SecurityEvent(models.Model):
    """Append-only journal of what staff did to other staff accounts (a second factor reset, a
    role changed, an account deactivated, an invitation used). The people journal records what
    was done to a person's record; this one records what was done to an account."""

    class Action(models.TextChoices):
        SECOND_FACTOR_RESET = "2fa_reset", _("Second facteur réinitialisé")
        JOINED = "joined", _("Compte créé par invitation")
        ROLE_CHANGED = "role_changed", _("Rôle changé")
        DEACTIVATED = "deactivated", _("Compte désactivé")

    organisation = models.ForeignKey(
        "spaces.Organisation", on_delete=models.PROTECT, related_name="+"
    )
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    target = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="security_events"
    )
    action = models.CharField(max_length=16, choices=Action)
    # What changed, in words of the interface (« Bénévole → Médiateur »), never a secret.
    detail = models.CharField(max_length=200, blank=True)
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("événement de sécurité")
        ordering = ["-at"]

    def __str__(self):
        return f"{self.get_action_display()} – {self.target} ({self.at:%Y-%m-%d})"
