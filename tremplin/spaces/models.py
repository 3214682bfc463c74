import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tremplin.core.personal_data import NotPersonal
from tremplin.spaces.hours import (
    OpeningStatus,
    describe_opening_hours,
    opening_status,
    parse_opening_hours,
    public_holidays,
)


class Organisation(models.Model):
    """The network that runs the spaces. Every table of network data points at it."""

    name = models.CharField(_("nom"), max_length=200)
    slug = models.SlugField(unique=True)
    # The open-data exports' « pivot » (lieux de médiation numérique) and data·inclusion siret.
    siret = models.CharField(_("SIRET"), max_length=14, blank=True)
    website = models.URLField(_("site web"), blank=True)

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

    class Support(models.TextChoices):
        # « prise_en_charge_specifique » of the lieux de médiation numérique schema (v1.0.2).
        DEAFNESS = "Surdité", _("Personnes sourdes ou malentendantes")
        MOTOR = "Handicaps moteurs", _("Handicap moteur")
        MENTAL = "Handicaps mentaux", _("Handicap mental")
        ILLITERACY = "Illettrisme", _("Personnes qui lisent peu ou pas")
        ENGLISH = "Langues étrangères (anglais)", _("Accueil en anglais")
        OTHER_LANGUAGES = "Langues étrangères (autres)", _("Accueil dans d'autres langues")
        VISUAL = "Déficience visuelle", _("Personnes aveugles ou malvoyantes")

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
    is_step_free = models.BooleanField(
        _("accessible en fauteuil roulant"),
        default=False,
        help_text=_("Entrée de plain-pied ou rampe, et toilettes adaptées."),
    )
    specific_support = models.JSONField(_("accueil adapté"), default=list, blank=True)
    access_details = models.TextField(
        _("comment venir"),
        max_length=600,
        blank=True,
        help_text=_("Transports, étage, interphone : ce qui aide à trouver le lieu."),
    )
    accesslibre_url = models.URLField(_("fiche Acceslibre"), blank=True)
    siret = models.CharField(_("SIRET du lieu"), max_length=14, blank=True)
    updated_at = models.DateTimeField(_("mis à jour le"), default=timezone.now)

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

    def get_public_url(self) -> str:
        return reverse("spaces:directory_space", args=[self.pk])

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
        unknown = set(self.specific_support) - set(self.Support.values)
        if unknown:
            raise ValidationError(
                {"specific_support": _("Accueil inconnu : %s") % ", ".join(sorted(unknown))}
            )

    def opening_hours_display(self) -> list[dict]:
        try:
            return describe_opening_hours(self.opening_hours) if self.opening_hours else []
        except ValueError:
            return []  # saved before hours were checked: the page says nothing rather than fail

    def service_labels(self) -> list[str]:
        return [
            self.Service(value).label for value in self.services if value in self.Service.values
        ]

    def closed_days(self, start: datetime.date, days: int) -> dict[datetime.date, str]:
        """The days among ``days`` from ``start`` when the space is closed (public holidays,
        its closures), with the reason shown."""
        end = start + datetime.timedelta(days=days)
        closed = {}
        for year in range(start.year, end.year + 1):
            closed.update(public_holidays(year, department=self.department))
        for closure in self.closures.filter(ends_on__gte=start, starts_on__lte=end):
            day = max(closure.starts_on, start)
            while day <= min(closure.ends_on, end):
                closed[day] = closure.reason or _("fermeture exceptionnelle")
                day += datetime.timedelta(days=1)
        return {day: why for day, why in closed.items() if start <= day <= end}

    def opening_status(self, *, now: datetime.datetime | None = None) -> OpeningStatus:
        """Open now? Until when, or when next, closures and public holidays included."""
        local = timezone.localtime(now or timezone.now())
        closed = self.closed_days(local.date(), 15)
        return opening_status(self.opening_hours, now=local, closed_on=closed)

    def support_labels(self) -> list[str]:
        return [
            self.Support(value).label
            for value in self.specific_support
            if value in self.Support.values
        ]


class Closure(models.Model):
    """Days a space is closed beyond its weekly hours (holidays of the team, works). French
    public holidays need no row: ``hours.public_holidays`` knows them."""

    PERSONAL_DATA = NotPersonal("the dates a public place is closed")

    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    space = models.ForeignKey(Space, on_delete=models.CASCADE, related_name="closures")
    starts_on = models.DateField(_("fermé à partir du"))
    ends_on = models.DateField(_("jusqu'au (inclus)"))
    reason = models.CharField(_("raison affichée"), max_length=120, blank=True)

    class Meta:
        verbose_name = _("fermeture")
        ordering = ["starts_on"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_on__gte=models.F("starts_on")),
                name="closure_ends_after_start",
            ),
        ]

    def __str__(self):
        return f"{self.space} {self.starts_on:%d/%m/%Y}–{self.ends_on:%d/%m/%Y}"

    def save(self, *args, **kwargs):
        self.organisation_id = self.space.organisation_id
        super().save(*args, **kwargs)


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


# ---------------------------------------------------------------------------------------------
# The team: invitations, helpers' profiles, availability, hours, onboarding (decision 0012).
# Staff data about accounts, not about the people we help: no Person here (they are on the
# staff-data allowlist of core/tests/test_personal_data.py, like Membership).


class Invitation(models.Model):
    """A single-use link that makes a staff account with a role in one space. Only a hash of the
    link's secret is kept: a forged or guessed link finds nothing, a used or expired one says so.
    The e-mail it may have been sent to is not kept."""

    VALID_FOR = datetime.timedelta(days=7)

    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    space = models.ForeignKey(Space, on_delete=models.CASCADE, related_name="invitations")
    role = models.CharField(_("rôle"), max_length=16, choices=Membership.Role)
    is_civic_service = models.BooleanField(_("volontaire en service civique"), default=False)
    civic_service_starts_on = models.DateField(_("début du contrat"), null=True, blank=True)
    civic_service_ends_on = models.DateField(_("fin du contrat"), null=True, blank=True)
    token_hash = models.CharField(max_length=64, unique=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)
    used_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    # A link sent to the wrong person, or no longer wanted, is cancelled before it is used.
    revoked_at = models.DateTimeField(null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("invitation")
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.get_role_display()} – {self.space} ({self.created_at:%d/%m/%Y})"

    def save(self, *args, **kwargs):
        self.organisation_id = self.space.organisation_id
        super().save(*args, **kwargs)

    def is_expired(self, *, now: datetime.datetime | None = None) -> bool:
        return (now or timezone.now()) >= self.expires_at

    @property
    def is_used(self) -> bool:
        return self.used_at is not None


class HelperProfile(models.Model):
    """What a staff member offers: topics and languages, and a civic-service contract."""

    class Topic(models.TextChoices):
        # The same values as the workshops' themes, so that a session finds its helpers.
        FIRST_STEPS = "first_steps", _("Premiers pas")
        SMARTPHONE = "smartphone", _("Smartphone")
        EMAIL = "email", _("E-mail")
        PROCEDURES = "procedures", _("Démarches en ligne")
        JOB_SEARCH = "job_search", _("Recherche d'emploi")
        SECURITY = "security", _("Sécurité, arnaques")
        OFFICE = "office", _("Traitement de texte")
        EQUIPMENT = "equipment", _("Matériel solidaire")

    class Language(models.TextChoices):
        FRENCH = "fr", _("français")
        ENGLISH = "en", _("anglais")
        ARABIC = "ar", _("arabe")
        TAMAZIGHT = "ber", _("tamazight")
        SPANISH = "es", _("espagnol")
        PORTUGUESE = "pt", _("portugais")
        GERMAN = "de", _("allemand")
        ITALIAN = "it", _("italien")
        TURKISH = "tr", _("turc")
        RUSSIAN = "ru", _("russe")
        UKRAINIAN = "uk", _("ukrainien")
        ROMANIAN = "ro", _("roumain")
        WOLOF = "wo", _("wolof")
        PULAAR = "ff", _("peul")
        DARI = "prs", _("dari")
        FRENCH_SIGN = "fsl", _("langue des signes française")

    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="helper_profile"
    )
    topics = models.JSONField(_("thèmes"), default=list, blank=True)
    languages = models.JSONField(_("langues parlées"), default=list, blank=True)
    is_civic_service = models.BooleanField(_("volontaire en service civique"), default=False)
    civic_service_starts_on = models.DateField(_("début du contrat"), null=True, blank=True)
    civic_service_ends_on = models.DateField(_("fin du contrat"), null=True, blank=True)

    class Meta:
        verbose_name = _("profil d'aidant")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(civic_service_ends_on__isnull=True)
                | models.Q(civic_service_starts_on__isnull=True)
                | models.Q(civic_service_ends_on__gt=models.F("civic_service_starts_on")),
                name="helper_contract_ends_after_start",
            ),
        ]

    def __str__(self):
        return str(self.user)

    def topic_labels(self) -> list[str]:
        return [self.Topic(v).label for v in self.topics if v in self.Topic.values]

    def language_labels(self) -> list[str]:
        return [self.Language(v).label for v in self.languages if v in self.Language.values]


class AvailabilityQuerySet(OrganisationScopedQuerySet):
    def covering(self, starts_at: datetime.datetime, ends_at: datetime.datetime):
        """Weekly slots that hold the whole of ``starts_at``–``ends_at`` (local time, one day)."""
        starts, ends = timezone.localtime(starts_at), timezone.localtime(ends_at)
        return self.filter(
            weekday=starts.weekday(), start_time__lte=starts.time(), end_time__gte=ends.time()
        )


class Availability(models.Model):
    """A weekly slot when a helper can come to a space (« le mardi de 14 h à 17 h »)."""

    class Weekday(models.IntegerChoices):
        MONDAY = 0, _("lundi")
        TUESDAY = 1, _("mardi")
        WEDNESDAY = 2, _("mercredi")
        THURSDAY = 3, _("jeudi")
        FRIDAY = 4, _("vendredi")
        SATURDAY = 5, _("samedi")
        SUNDAY = 6, _("dimanche")

    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    space = models.ForeignKey(Space, on_delete=models.CASCADE, related_name="availabilities")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="availabilities"
    )
    weekday = models.PositiveSmallIntegerField(_("jour"), choices=Weekday)
    start_time = models.TimeField(_("de"))
    end_time = models.TimeField(_("à"))

    objects = AvailabilityQuerySet.as_manager()

    class Meta:
        verbose_name = _("disponibilité")
        verbose_name_plural = _("disponibilités")
        ordering = ["weekday", "start_time"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end_time__gt=models.F("start_time")),
                name="availability_ends_after_start",
            ),
            models.CheckConstraint(
                condition=models.Q(weekday__gte=0, weekday__lte=6), name="availability_weekday"
            ),
        ]

    def __str__(self):
        return f"{self.get_weekday_display()} {self.start_time:%H:%M}-{self.end_time:%H:%M}"

    def save(self, *args, **kwargs):
        self.organisation_id = self.space.organisation_id
        super().save(*args, **kwargs)


class HoursEntry(models.Model):
    """Hours given outside the sessions the platform knows (a forum, a training, a move). The
    hours of sessions helped at come from the workshops (``spaces.activity``)."""

    MAX_MINUTES = 12 * 60

    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    space = models.ForeignKey(Space, on_delete=models.CASCADE, related_name="hours_entries")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="hours_entries"
    )
    worked_on = models.DateField(_("le"))
    minutes = models.PositiveSmallIntegerField(_("durée en minutes"))
    activity = models.CharField(_("ce qui a été fait"), max_length=120)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("heures de bénévolat")
        verbose_name_plural = _("heures de bénévolat")
        ordering = ["-worked_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(minutes__gte=1, minutes__lte=12 * 60),
                name="hours_entry_minutes_range",
            ),
        ]

    def __str__(self):
        return f"{self.user} {self.worked_on:%d/%m/%Y} {self.minutes} min"

    def save(self, *args, **kwargs):
        self.organisation_id = self.space.organisation_id
        super().save(*args, **kwargs)


class OnboardingStep(models.Model):
    """One item of a new helper's checklist, done on a date (decision 0012). The
    data-protection module may also be read, live, from learning progress
    (``spaces.onboarding.register_source``)."""

    class Step(models.TextChoices):
        CHARTER = "charter", _("Charte du bénévole signée")
        DATA_PROTECTION = (
            "data_protection",
            _("Module « Protéger les données » de la Formation des aidants terminé"),
        )
        SHADOWED = "shadowed", _("Une première séance suivie en binôme")
        LED = "led", _("Une première séance menée")

    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="onboarding_steps"
    )
    step = models.CharField(max_length=20, choices=Step)
    done_on = models.DateField(_("fait le"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("étape d'accueil d'un aidant")
        constraints = [
            models.UniqueConstraint(fields=["user", "step"], name="onboarding_step_once"),
        ]

    def __str__(self):
        return f"{self.user} – {self.get_step_display()}"
