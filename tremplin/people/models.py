from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tremplin.core.personal_data import BLANK, DECADE, PersonalData, replace_with
from tremplin.core.text import fold_name
from tremplin.spaces.capabilities import Capability
from tremplin.spaces.models import (
    Organisation,
    OrganisationScopedQuerySet,
    PartnerOrganisation,
    Space,
    department_of,
    space_roles_of,
)
from tremplin.spaces.permissions import space_ids_where


class PersonQuerySet(OrganisationScopedQuerySet):
    def visible_to(self, user) -> "PersonQuerySet":
        """Record scope (decision 0006): the one place that decides whose file a user may open.

        Organisation first; then the national team sees its whole organisation, staff the people
        whose home space is one of their spaces. Partners reach people only through their
        referrals (partners app); funders and learners see no one here.
        """
        people = self.in_organisation_of(user)
        if user.is_administrator:
            return people
        return people.filter(home_space_id__in=list(space_roles_of(user)))

    def active(self) -> "PersonQuerySet":
        return self.filter(anonymised_at__isnull=True)

    def inactive_since(self, cutoff) -> "PersonQuerySet":
        """People not yet anonymised whose last activity is older than ``cutoff``."""
        return self.active().filter(last_activity_at__lt=cutoff)

    # Aggregate-friendly filters for the impact figures (erased records included: they still
    # count, and figures never show a person).
    def in_spaces(self, space_ids) -> "PersonQuerySet":
        """People whose home space is one of ``space_ids`` (``None``: every space)."""
        return self if space_ids is None else self.filter(home_space_id__in=space_ids)

    def in_period(self, since, until) -> "PersonQuerySet":
        """People whose record was made (their intake) in ``[since, until)`` (aware datetimes)."""
        return self.filter(created_at__gte=since, created_at__lt=until)


class Person(models.Model):
    """A person who comes for help: the minimum a space needs, nothing more (GDPR art. 5.1.c)."""

    class Housing(models.TextChoices):
        STABLE = "stable", _("Stable")
        PRECARIOUS = "precarious", _("Précaire")
        HOMELESS = "homeless", _("Sans logement")

    class Equipment(models.TextChoices):
        SMARTPHONE = "smartphone", _("Smartphone")
        COMPUTER = "computer", _("Ordinateur")
        NONE = "none", _("Aucun")

    class Connectivity(models.TextChoices):
        HOME = "home", _("Internet à la maison")
        MOBILE = "mobile", _("Données mobiles")
        NONE = "none", _("Aucune")
        PUBLIC = "public", _("Seulement dans des lieux publics")

    class Channel(models.TextChoices):
        WALK_IN = "walk_in", _("Venue d'elle-même")
        PARTNER_REFERRAL = "partner_referral", _("Orientée par un partenaire")
        WORD_OF_MOUTH = "word_of_mouth", _("Bouche à oreille")
        OTHER = "other", _("Autre")

    class Goal(models.TextChoices):
        JOB = "job", _("Trouver un emploi")
        PROCEDURES = "procedures", _("Faire ses démarches en ligne")
        FAMILY = "family", _("Garder le contact avec ses proches")
        LEARN = "learn", _("Apprendre")
        OTHER = "other", _("Autre")

    class Language(models.TextChoices):
        FRENCH = "fr", _("Français")
        ARABIC = "ar", _("Arabe")
        TAMAZIGHT = "ber", _("Tamazight (berbère)")
        ENGLISH = "en", _("Anglais")
        SPANISH = "es", _("Espagnol")
        PORTUGUESE = "pt", _("Portugais")
        TURKISH = "tr", _("Turc")
        RUSSIAN = "ru", _("Russe")
        UKRAINIAN = "uk", _("Ukrainien")
        ROMANIAN = "ro", _("Roumain")
        DARI = "fa", _("Dari / persan")
        PASHTO = "ps", _("Pachto")
        TIGRINYA = "ti", _("Tigrigna")
        SOMALI = "so", _("Somali")
        WOLOF = "wo", _("Wolof")
        OTHER = "other", _("Autre langue")

    ERASED_FIRST_NAME = "Personne"
    ERASED_LAST_NAME = "effacée"
    # An erased record keeps only what aggregate figures need, coarsened (decision 0007): its
    # space, department, birth decade, how the person came, their goals, job-seeker status and
    # dates. Town, postcode, languages, housing, income support, equipment, connectivity and the
    # adapted-support flag go: together they single someone out in a small space.
    PERSONAL_DATA = PersonalData(
        person="pk",
        erase={
            "first_name": replace_with(ERASED_FIRST_NAME),
            "last_name": replace_with(ERASED_LAST_NAME),
            "birth_year": DECADE,
            "phone": BLANK,
            "email": BLANK,
            "postcode": BLANK,
            "town": BLANK,
            "languages": BLANK,
            "has_income_support": BLANK,
            "housing": BLANK,
            "equipment": BLANK,
            "connectivity": BLANK,
            "needs_adapted_support": BLANK,
            "search_name": BLANK,
            "account": BLANK,
        },
        keep=[
            "organisation",
            "home_space",
            "department",
            "is_job_seeker",
            "came_through",
            "goals",
            "referred_by",
            "referred_on",
            "created_at",
            "created_by",
            "last_activity_at",
            "anonymised_at",
        ],
    )

    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    home_space = models.ForeignKey(
        Space, on_delete=models.PROTECT, related_name="people", verbose_name=_("espace")
    )
    first_name = models.CharField(_("prénom"), max_length=100)
    last_name = models.CharField(_("nom ou initiale"), max_length=100)
    birth_year = models.PositiveSmallIntegerField(_("année de naissance"), null=True, blank=True)
    phone = models.CharField(_("téléphone"), max_length=20, blank=True)
    email = models.EmailField(_("courriel"), blank=True)
    postcode = models.CharField(_("code postal"), max_length=5, blank=True)
    town = models.CharField(_("commune"), max_length=120, blank=True)
    # From the postcode, kept when the record is erased (statistics per department).
    department = models.CharField(_("département"), max_length=3, blank=True, editable=False)
    languages = models.JSONField(_("langues parlées"), default=list, blank=True)
    is_job_seeker = models.BooleanField(_("inscrit·e à France Travail"), default=False)
    has_income_support = models.BooleanField(_("touche un minimum social"), default=False)
    housing = models.CharField(_("logement"), max_length=16, choices=Housing, blank=True)
    equipment = models.JSONField(_("équipement"), default=list, blank=True)
    connectivity = models.JSONField(_("connexion"), default=list, blank=True)
    needs_adapted_support = models.BooleanField(
        _("a besoin d'un accompagnement adapté"),
        default=False,
        help_text=_("Ne notez aucun détail de santé."),
    )
    came_through = models.CharField(_("venue par"), max_length=20, choices=Channel)
    # "Referred" as a fact on the record, written by the referrals capability through
    # services.record_referral, so that lower apps (solidarity's eligibility) read it here.
    referred_by = models.ForeignKey(
        PartnerOrganisation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="referred_people",
        editable=False,
        verbose_name=_("orientée par"),
    )
    referred_on = models.DateField(_("orientée le"), null=True, blank=True, editable=False)
    goals = models.JSONField(_("objectifs"), default=list, blank=True)

    search_name = models.CharField(max_length=201, editable=False, db_index=True)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        editable=False,
    )
    last_activity_at = models.DateTimeField(default=timezone.now, db_index=True)
    anonymised_at = models.DateTimeField(null=True, blank=True, editable=False)
    account = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="person",
        editable=False,
        help_text=_("Le compte apprenant de la personne, si elle en a un."),
    )

    objects = PersonQuerySet.as_manager()

    class Meta:
        verbose_name = _("personne")
        ordering = ["last_name", "first_name"]
        indexes = [models.Index(fields=["organisation", "home_space"])]

    def __str__(self):
        return f"{self.first_name} {self.last_name}"

    def save(self, *args, **kwargs):
        self.organisation_id = self.home_space.organisation_id
        self.search_name = fold_name(f"{self.first_name} {self.last_name}")
        if not self.is_anonymised:  # an erased record has no postcode left, only its department
            postcode = self.postcode
            is_valid = postcode.isascii() and postcode.isdigit() and len(postcode) == 5
            self.department = department_of(self.postcode) if is_valid else ""
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("people:person_detail", args=[self.pk])

    @property
    def is_anonymised(self) -> bool:
        return self.anonymised_at is not None

    def _labels(self, choices, values) -> list[str]:
        known = dict(choices.choices)
        return [str(known[value]) for value in values if value in known]

    def language_labels(self) -> list[str]:
        return self._labels(self.Language, self.languages)

    def equipment_labels(self) -> list[str]:
        return self._labels(self.Equipment, self.equipment)

    def connectivity_labels(self) -> list[str]:
        return self._labels(self.Connectivity, self.connectivity)

    def goal_labels(self) -> list[str]:
        return self._labels(self.Goal, self.goals)


class PersonRowQuerySet(OrganisationScopedQuerySet):
    """Record scope for rows about a person (a help given, a diagnostic, a mandate): they are
    visible exactly when the person's file is. ``person_path`` names the path to the person."""

    person_path = "person"

    def visible_to(self, user):
        people = Person.objects.visible_to(user)
        return self.in_organisation_of(user).filter(**{f"{self.person_path}__in": people})


class ConsentText(models.Model):
    """A versioned consent text. A new wording is a new version; old ones stay for the record."""

    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    version = models.CharField(_("version"), max_length=20)
    text_fr = models.TextField(_("texte en français"))
    text_en = models.TextField(_("texte en anglais"))
    published_on = models.DateField(_("publié le"))
    is_current = models.BooleanField(_("en vigueur"), default=True)

    class Meta:
        verbose_name = _("texte de consentement")
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "version"], name="consent_version_unique"
            ),
        ]

    def __str__(self):
        return f"Consentement v{self.version}"

    @classmethod
    def current_for(cls, organisation) -> "ConsentText | None":
        """The wording in force for this network: the newest current version, or None."""
        return (
            cls.objects.filter(organisation=organisation, is_current=True)
            .order_by("-published_on", "-pk")
            .first()
        )

    def text_in(self, language: str) -> str:
        return self.text_en if language == "en" else self.text_fr


class ConsentEntry(models.Model):
    """Append-only: consent given or withdrawn, on which text, how, by whom, when."""

    # Kept whole after erasure: the proof of consent and of its withdrawal (GDPR art. 7.1).
    PERSONAL_DATA = PersonalData(
        person="person",
        keep=["organisation", "person", "text", "action", "channel", "recorded_by", "recorded_at"],
    )

    class Action(models.TextChoices):
        GIVEN = "given", _("Consentement donné")
        WITHDRAWN = "withdrawn", _("Consentement retiré")

    class Channel(models.TextChoices):
        SPOKEN = "spoken", _("À l'oral")
        PAPER = "paper", _("Signé sur papier")
        ONLINE = "online", _("En ligne")
        # Collected by the adviser who refers the person, on the organisation's consent text.
        REFERRAL = "referral", _("Recueilli par le partenaire qui oriente")

    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="consents")
    text = models.ForeignKey(ConsentText, on_delete=models.PROTECT, related_name="entries")
    action = models.CharField(max_length=12, choices=Action, default=Action.GIVEN)
    channel = models.CharField(_("comment"), max_length=12, choices=Channel)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("consentement")
        ordering = ["-recorded_at"]

    def __str__(self):
        return f"{self.get_action_display()} ({self.recorded_at:%Y-%m-%d})"


class JournalEntryQuerySet(OrganisationScopedQuerySet):
    def visible_to(self, user) -> "JournalEntryQuerySet":
        """The national team reads its organisation's journal; coordinators that of their spaces."""
        entries = self.in_organisation_of(user)
        if user.is_administrator:
            return entries
        return entries.filter(space_id__in=space_ids_where(user, Capability.READ_JOURNAL))


class JournalEntry(models.Model):
    """Append-only audit journal: who read or changed a person's record, and when.

    Records field names, never values, so that erasure leaves nothing identifying behind.
    """

    PERSONAL_DATA = PersonalData(
        person="person",
        keep=["organisation", "space", "person", "actor", "action", "fields", "at"],
    )

    class Action(models.TextChoices):
        CREATE = "create", _("Création")
        READ = "read", _("Consultation")
        UPDATE = "update", _("Modification")
        EXPORT = "export", _("Export")
        ERASE = "erase", _("Effacement")
        ANONYMISE = "anonymise", _("Anonymisation")
        CONSENT = "consent", _("Consentement")

    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    space = models.ForeignKey(Space, on_delete=models.PROTECT, related_name="+")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="journal")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    action = models.CharField(max_length=12, choices=Action)
    fields = models.JSONField(default=list, blank=True)
    at = models.DateTimeField(default=timezone.now, db_index=True)

    objects = JournalEntryQuerySet.as_manager()

    class Meta:
        verbose_name = _("entrée du journal")
        ordering = ["-at"]
        # The half-hour check of record_read, and "who read this file" in the journal page.
        indexes = [models.Index(fields=["person", "actor", "at"], name="journal_person_actor_at")]

    def __str__(self):
        return f"{self.get_action_display()} – {self.at:%Y-%m-%d %H:%M}"

    def field_labels(self) -> list[str]:
        """``fields`` as staff read them: the person record's labels (« prénom », not
        ``first_name``), and the format of an export."""
        labels = {**_person_field_labels(), **JOURNAL_FIELD_LABELS}
        return [str(labels.get(name, name)) for name in self.fields]


# What an entry's ``fields`` may hold besides the person record's fields.
JOURNAL_FIELD_LABELS = {
    "search_name": _("nom pour la recherche"),
    "account": _("compte pour apprendre"),
    "json": _("fichier JSON"),
    "pdf": _("PDF de ses données"),
    "mandate_pdf": _("mandat à signer (PDF)"),
}


def _person_field_labels() -> dict:
    labels = {}
    for model_field in Person._meta.concrete_fields:
        labels[model_field.name] = labels[model_field.attname] = model_field.verbose_name
    return labels
