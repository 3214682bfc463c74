from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _


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

    class Meta:
        verbose_name = _("compte")
        verbose_name_plural = _("comptes")

    def __str__(self):
        return self.get_full_name() or self.username

    @property
    def is_administrator(self) -> bool:
        return self.kind == self.Kind.ADMIN or self.is_superuser

    @property
    def requires_second_factor(self) -> bool:
        """Anyone who can see people logs in with a TOTP code (demo accounts excepted)."""
        if self.is_demo and settings.TREMPLIN_ALLOW_DEMO_ACCOUNTS:
            return False
        return self.is_administrator or self.kind in {self.Kind.STAFF, self.Kind.PARTNER}
