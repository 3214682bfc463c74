from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from tremplin.spaces.hours import describe_opening_hours, parse_opening_hours


class Organisation(models.Model):
    """The network that runs the spaces. Every table of network data points at it."""

    name = models.CharField(_("nom"), max_length=200)
    slug = models.SlugField(unique=True)

    class Meta:
        verbose_name = _("organisation")

    def __str__(self):
        return self.name


def department_of(postcode: str) -> str:
    """French department code from a postcode (Corsica and overseas included)."""
    if postcode.startswith("97"):
        return postcode[:3]
    if postcode.startswith("20"):
        # Compared as text: int() would accept other scripts' digits, or fail on anything else.
        return "2A" if postcode[:5] < "20200" else "2B"
    return postcode[:2]


def organisation_id_of(user) -> int | None:
    """The organisation an account works for (``Affiliation``). Learners, anonymous visitors
    and unaffiliated accounts have none."""
    return _scope_of(user)[0]


def space_roles_of(user) -> dict[int, str]:
    """``{space id: role}`` for the spaces of their organisation where a user holds a staff
    role."""
    return _scope_of(user)[1]


def _scope_of(user) -> tuple[int | None, dict[int, str]]:
    """The user's organisation and roles, read in one query and cached on the user object, so
    that every scope of a request shares them."""
    if not user.is_authenticated:
        return None, {}
    cached = getattr(user, "_tremplin_scope", None)
    if cached is None:
        rows = Affiliation.objects.filter(user=user).values_list(
            "organisation_id",
            "user__memberships__space_id",
            "user__memberships__role",
            "user__memberships__organisation_id",
        )
        organisation_id, roles = None, {}
        for organisation_id, space_id, role, membership_organisation_id in rows:
            if space_id is not None and membership_organisation_id == organisation_id:
                roles[space_id] = role
        cached = user._tremplin_scope = (organisation_id, roles)
    return cached


class OrganisationScopedQuerySet(models.QuerySet):
    """Organisation first: every scope starts by keeping the rows of the user's own network."""

    def in_organisation_of(self, user):
        organisation_id = organisation_id_of(user)
        if organisation_id is None:
            return self.none()
        return self.filter(organisation_id=organisation_id)


class ActivityQuerySet(OrganisationScopedQuerySet):
    """Activity scope (decision 0006): what happens at a space (a booking, an attendance, a
    sale). The model carries ``organisation`` and ``space``; the national team sees its whole
    organisation, staff the spaces they work in, everyone else nothing."""

    def visible_to(self, user):
        rows = self.in_organisation_of(user)
        if user.is_administrator:
            return rows
        return rows.filter(space_id__in=list(space_roles_of(user)))


class SpaceQuerySet(OrganisationScopedQuerySet):
    def visible_to(self, user) -> "SpaceQuerySet":
        """The spaces a user works in: their organisation's for its national team, their
        memberships' for staff, none for anyone else."""
        spaces = self.in_organisation_of(user)
        if user.is_administrator:
            return spaces
        return spaces.filter(pk__in=list(space_roles_of(user)))

    def open_to_public(self) -> "SpaceQuerySet":
        return self.filter(is_active=True)


class Space(models.Model):
    """A digital solidarity space: a place where people come for help."""

    class Service(models.TextChoices):
        # The services vocabulary of the lieux de médiation numérique schema (v1.0.2).
        PROCEDURES = "Aide aux démarches administratives", _("Aide aux démarches administratives")
        EVERYDAY_TOOLS = (
            "Maîtrise des outils numériques du quotidien",
            _("Maîtrise des outils numériques du quotidien"),
        )
        EMPLOYMENT = (
            "Insertion professionnelle via le numérique",
            _("Insertion professionnelle via le numérique"),
        )
        SAFETY = "Utilisation sécurisée du numérique", _("Utilisation sécurisée du numérique")
        PARENTING = (
            "Parentalité et éducation avec le numérique",
            _("Parentalité et éducation avec le numérique"),
        )
        LEISURE = "Loisirs et créations numériques", _("Loisirs et créations numériques")
        UNDERSTANDING = "Compréhension du monde numérique", _("Compréhension du monde numérique")
        ACCESS = (
            "Accès internet et matériel informatique",
            _("Accès internet et matériel informatique"),
        )
        EQUIPMENT = (
            "Acquisition de matériel informatique à prix solidaire",
            _("Acquisition de matériel informatique à prix solidaire"),
        )

    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="spaces",
        verbose_name=_("organisation"),
    )
    name = models.CharField(_("nom"), max_length=200)
    slug = models.SlugField()
    address = models.CharField(_("adresse"), max_length=255)
    postcode = models.CharField(_("code postal"), max_length=5)
    town = models.CharField(_("commune"), max_length=120)
    department = models.CharField(_("département"), max_length=3, editable=False)
    latitude = models.DecimalField(max_digits=8, decimal_places=5, null=True, blank=True)
    longitude = models.DecimalField(max_digits=8, decimal_places=5, null=True, blank=True)
    phone = models.CharField(_("téléphone"), max_length=20, blank=True)
    email = models.EmailField(_("courriel"), blank=True)
    opening_hours = models.CharField(
        _("horaires"),
        max_length=255,
        blank=True,
        help_text=_(
            "Format OpenStreetMap, par exemple : Mo-Fr 09:00-12:00,14:00-18:00; Sa 09:00-12:00"
        ),
    )
    services = models.JSONField(_("services"), default=list, blank=True)
    summary = models.CharField(_("présentation"), max_length=280, blank=True)
    is_active = models.BooleanField(_("ouvert au public"), default=True)

    objects = SpaceQuerySet.as_manager()

    class Meta:
        verbose_name = _("espace")
        ordering = ["town", "name"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "slug"], name="space_slug_unique"),
            models.CheckConstraint(
                condition=models.Q(postcode__regex=r"^\d{5}$"), name="space_postcode_five_digits"
            ),
        ]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        self.department = department_of(self.postcode)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("spaces:space_detail", args=[self.pk])

    def clean(self):
        if self.opening_hours:
            try:
                parse_opening_hours(self.opening_hours)
            except ValueError as error:
                raise ValidationError(
                    {
                        "opening_hours": _("Horaires illisibles près de « %(part)s ».")
                        % {"part": error}
                    }
                ) from error
        unknown = set(self.services) - set(self.Service.values)
        if unknown:
            raise ValidationError(
                {"services": _("Services inconnus : %s") % ", ".join(sorted(unknown))}
            )

    def opening_hours_display(self) -> list[dict]:
        return describe_opening_hours(self.opening_hours) if self.opening_hours else []

    def service_labels(self) -> list[str]:
        return [
            self.Service(value).label for value in self.services if value in self.Service.values
        ]


class Membership(models.Model):
    """A staff role in one space. A person may work in several spaces."""

    class Role(models.TextChoices):
        VOLUNTEER = "volunteer", _("Bénévole")
        MEDIATOR = "mediator", _("Médiateur·rice numérique")
        COORDINATOR = "coordinator", _("Coordinateur·rice")

    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    space = models.ForeignKey(Space, on_delete=models.CASCADE, related_name="memberships")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField(_("rôle"), max_length=16, choices=Role)
    joined_on = models.DateField(_("arrivée le"), auto_now_add=True)

    class Meta:
        verbose_name = _("rôle dans un espace")
        constraints = [
            models.UniqueConstraint(fields=["space", "user"], name="membership_unique"),
        ]

    def __str__(self):
        return f"{self.user} – {self.get_role_display()} – {self.space}"

    def save(self, *args, **kwargs):
        self.organisation_id = self.space.organisation_id
        affiliate(self.user, self.organisation_id)
        super().save(*args, **kwargs)


class Affiliation(models.Model):
    """The one organisation an account works for: staff, partner advisers, funders and the
    national team each belong to exactly one network, the first filter of every scope. A national
    administrator is the national team of their own organisation only."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="affiliations"
    )
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="affiliation"
    )

    class Meta:
        verbose_name = _("rattachement à une organisation")

    def __str__(self):
        return f"{self.user} – {self.organisation}"


def affiliate(user, organisation_id: int) -> Affiliation:
    """Attaches an account to an organisation. Raises ValidationError when the account already
    works for another one: a role never crosses networks."""
    affiliation, _created = Affiliation.objects.get_or_create(
        user=user, defaults={"organisation_id": organisation_id}
    )
    if affiliation.organisation_id != organisation_id:
        raise ValidationError(
            _("Ce compte travaille déjà pour une autre organisation."), code="other_organisation"
        )
    user.__dict__.pop("_tremplin_scope", None)
    return affiliation


class PartnerOrganisation(models.Model):
    """An organisation that refers people: employment agency, family allowance office…"""

    class Kind(models.TextChoices):
        EMPLOYMENT = "employment", _("Agence France Travail")
        FAMILY_ALLOWANCE = "family_allowance", _("Caisse d'allocations familiales")
        SOCIAL_SERVICES = "social_services", _("Services sociaux")
        MUNICIPAL_SOCIAL_CENTRE = "municipal_social_centre", _("Centre communal d'action sociale")
        ASSOCIATION = "association", _("Association")

    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="partner_organisations"
    )
    name = models.CharField(_("nom"), max_length=200)
    kind = models.CharField(_("type"), max_length=32, choices=Kind)
    postcode = models.CharField(_("code postal"), max_length=5)
    town = models.CharField(_("commune"), max_length=120)
    spaces = models.ManyToManyField(
        "Space",
        related_name="partner_organisations",
        blank=True,
        verbose_name=_("espaces vers lesquels elle oriente"),
    )

    class Meta:
        verbose_name = _("organisation partenaire")
        ordering = ["name"]

    def __str__(self):
        return self.name


class PartnerAdviser(models.Model):
    """Links an adviser's account to their partner organisation."""

    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    partner = models.ForeignKey(
        PartnerOrganisation, on_delete=models.CASCADE, related_name="advisers"
    )
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="partner_adviser"
    )
    # A partner administrator invites the advisers of their own partner organisation.
    is_partner_admin = models.BooleanField(_("administre l'organisation partenaire"), default=False)

    class Meta:
        verbose_name = _("conseiller·e partenaire")

    def __str__(self):
        return f"{self.user} ({self.partner})"

    def save(self, *args, **kwargs):
        self.organisation_id = self.partner.organisation_id
        affiliate(self.user, self.organisation_id)
        super().save(*args, **kwargs)


class FunderAccess(models.Model):
    """A funder or decision-maker reads the aggregates of one organisation, never a person."""

    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="funders")
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="funder_access"
    )
    label = models.CharField(_("financeur"), max_length=200)

    class Meta:
        verbose_name = _("accès financeur")

    def __str__(self):
        return self.label

    def save(self, *args, **kwargs):
        affiliate(self.user, self.organisation_id)
        super().save(*args, **kwargs)
