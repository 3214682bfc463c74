import datetime
import re

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tremplin.people.models import ConsentEntry, JournalEntry, Person
from tremplin.people.phones import normalise_phone

PERSON_FIELDS = [
    "home_space",
    "first_name",
    "last_name",
    "birth_year",
    "phone",
    "email",
    "postcode",
    "town",
    "languages",
    "is_job_seeker",
    "has_income_support",
    "housing",
    "equipment",
    "connectivity",
    "needs_adapted_support",
    "came_through",
    "goals",
]


class PersonForm(forms.ModelForm):
    """The person's record: used to rectify it, and as the base of the intake."""

    languages = forms.MultipleChoiceField(
        label=_("Langues parlées"),
        choices=Person.Language.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    equipment = forms.MultipleChoiceField(
        label=_("Équipement"),
        choices=Person.Equipment.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    connectivity = forms.MultipleChoiceField(
        label=_("Connexion à internet"),
        choices=Person.Connectivity.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    goals = forms.MultipleChoiceField(
        label=_("Ce que la personne veut faire"),
        choices=Person.Goal.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    class Meta:
        model = Person
        fields = PERSON_FIELDS
        labels = {
            "home_space": _("Espace"),
            "first_name": _("Prénom"),
            "last_name": _("Nom (ou seulement l'initiale)"),
            "birth_year": _("Année de naissance"),
            "phone": _("Téléphone"),
            "email": _("Adresse e-mail"),
            "postcode": _("Code postal"),
            "town": _("Commune"),
            "is_job_seeker": _("Inscrit·e à France Travail"),
            "has_income_support": _("Touche un minimum social (RSA, ASS, AAH…)"),
            "housing": _("Logement"),
            "needs_adapted_support": _("A besoin d'un accompagnement adapté"),
            "came_through": _("Comment la personne est venue"),
        }
        help_texts = {
            "birth_year": _("Seulement l'année, par exemple 1975."),
            "phone": _("Facultatif. Par exemple 06 12 34 56 78."),
            "email": _("Facultatif."),
            "needs_adapted_support": _("Ne notez aucun détail de santé."),
        }
        widgets = {
            "housing": forms.RadioSelect,
            "came_through": forms.RadioSelect,
            "birth_year": forms.NumberInput(attrs={"inputmode": "numeric"}),
            "phone": forms.TextInput(attrs={"type": "tel", "autocomplete": "off"}),
            "postcode": forms.TextInput(attrs={"inputmode": "numeric"}),
        }

    def __init__(self, *args, spaces=None, **kwargs):
        super().__init__(*args, **kwargs)
        if spaces is not None:
            self.fields["home_space"].queryset = spaces
            if len(spaces) == 1:
                self.fields["home_space"].initial = spaces[0].pk
        self.fields["home_space"].empty_label = None
        self.fields["housing"].choices = list(Person.Housing.choices)
        self.fields["housing"].required = False
        self.fields["came_through"].choices = list(Person.Channel.choices)
        self.fields["came_through"].error_messages["required"] = _(
            "Cochez comment la personne est venue."
        )
        self.fields["first_name"].error_messages["required"] = _("Écrivez le prénom.")
        self.fields["last_name"].error_messages["required"] = _(
            "Écrivez le nom, ou au moins son initiale."
        )
        self.fields["email"].error_messages["invalid"] = _(
            "Cette adresse e-mail est incomplète. Exemple : prenom.nom@exemple.fr"
        )

    def clean_phone(self) -> str:
        return normalise_phone(self.cleaned_data["phone"])

    def clean_birth_year(self):
        year = self.cleaned_data["birth_year"]
        this_year = timezone.localdate().year
        if year is not None and not (this_year - 110 <= year <= this_year - 10):
            raise ValidationError(
                _("Écrivez l'année de naissance en 4 chiffres, par exemple 1975.")
            )
        return year

    def clean_postcode(self) -> str:
        postcode = self.cleaned_data["postcode"].strip().replace(" ", "")
        if postcode and not re.fullmatch(r"[0-9]{5}", postcode):
            raise ValidationError(_("Le code postal a 5 chiffres, par exemple 67100."))
        return postcode

    def clean_first_name(self) -> str:
        return " ".join(self.cleaned_data["first_name"].split())

    def clean_last_name(self) -> str:
        return " ".join(self.cleaned_data["last_name"].split())


class IntakeForm(PersonForm):
    """The first welcome: the record, and the person's consent before anything is saved."""

    has_consent = forms.BooleanField(
        label=_("La personne est d'accord, après avoir entendu ou lu le texte ci-dessus"),
        required=True,
        error_messages={
            "required": _(
                "Sans l'accord de la personne, on ne peut rien enregistrer. "
                "Lisez-lui le texte et cochez la case si elle est d'accord."
            )
        },
    )
    consent_channel = forms.ChoiceField(
        label=_("Comment a-t-elle donné son accord ?"),
        choices=ConsentEntry.Channel.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Cochez comment la personne a donné son accord.")},
    )
    is_new_person = forms.BooleanField(
        label=_("Ce n'est aucune de ces personnes : créer une nouvelle fiche"),
        required=False,
    )

    def __init__(self, *args, show_duplicate_choice=False, **kwargs):
        super().__init__(*args, **kwargs)
        if not show_duplicate_choice:
            self.fields["is_new_person"].widget = forms.HiddenInput()


class SearchForm(forms.Form):
    q = forms.CharField(
        label=_("Nom, prénom ou téléphone"),
        max_length=100,
        required=False,
        widget=forms.TextInput(attrs={"type": "search", "autocomplete": "off"}),
    )


class WithdrawConsentForm(forms.Form):
    channel = forms.ChoiceField(
        label=_("Comment la personne a-t-elle retiré son accord ?"),
        choices=ConsentEntry.Channel.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Cochez comment la personne a retiré son accord.")},
    )
    is_confirmed = forms.BooleanField(
        label=_("Je confirme : la fiche sera effacée et cela ne peut pas être annulé"),
        error_messages={"required": _("Cochez la case pour confirmer l'effacement.")},
    )


class EraseForm(forms.Form):
    is_confirmed = forms.BooleanField(
        label=_("Je confirme : la fiche sera effacée et cela ne peut pas être annulé"),
        error_messages={"required": _("Cochez la case pour confirmer l'effacement.")},
    )


class JournalFilterForm(forms.Form):
    """The journal's filters, bound to the query string; a wrong value is explained and that
    filter left out, never a server error."""

    AUTOMATIC = "auto"

    person = forms.IntegerField(
        min_value=1,
        max_value=2**63 - 1,
        required=False,
        widget=forms.HiddenInput,
        error_messages={
            "invalid": _("Ce lien ne mène à aucune fiche : toutes les fiches sont montrées."),
            "min_value": _("Ce lien ne mène à aucune fiche : toutes les fiches sont montrées."),
            "max_value": _("Ce lien ne mène à aucune fiche : toutes les fiches sont montrées."),
        },
    )
    actor = forms.ChoiceField(label=_("Qui"), required=False)
    action = forms.ChoiceField(
        label=_("Action"),
        required=False,
        choices=[("", _("Toutes les actions")), *JournalEntry.Action.choices],
        error_messages={"invalid_choice": _("Choisissez une action de la liste.")},
    )
    since = forms.DateField(
        label=_("Du"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"invalid": _("Écrivez la date ainsi : 26/11/2026.")},
    )
    until = forms.DateField(
        label=_("Au"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"invalid": _("Écrivez la date ainsi : 26/11/2026.")},
    )

    def __init__(self, *args, actors=(), **kwargs):
        """``actors``: the staff members the list may be filtered on, as (id, name) pairs."""
        super().__init__(*args, **kwargs)
        self.fields["actor"].choices = [
            ("", _("Tout le monde")),
            *[(str(pk), name) for pk, name in actors],
            (self.AUTOMATIC, _("Tremplin (automatique)")),
        ]
        self.fields["actor"].error_messages["invalid_choice"] = _(
            "Choisissez une personne de la liste."
        )

    def _clean_day(self, name: str) -> datetime.date | None:
        day = self.cleaned_data.get(name)
        if day is not None and not 2000 <= day.year <= 2100:
            raise ValidationError(_("Choisissez une date entre l'an 2000 et l'an 2100."))
        return day

    def clean_since(self):
        return self._clean_day("since")

    def clean_until(self):
        return self._clean_day("until")

    def clean(self):
        cleaned_data = super().clean()
        since, until = cleaned_data.get("since"), cleaned_data.get("until")
        if since and until and until < since:
            self.add_error(
                "until", _("Cette date vient avant la date « Du » : changez l'une des deux.")
            )
        return cleaned_data

    def filter(self, entries):
        """``entries`` narrowed by every filter that is valid (the others are left out)."""
        data = self.cleaned_data if self.is_bound else {}
        if person := data.get("person"):
            entries = entries.filter(person_id=person)
        if actor := data.get("actor"):
            entries = (
                entries.filter(actor__isnull=True)
                if actor == self.AUTOMATIC
                else entries.filter(actor_id=int(actor))
            )
        if action := data.get("action"):
            entries = entries.filter(action=action)
        if since := data.get("since"):
            entries = entries.filter(at__gte=_start_of(since))
        if until := data.get("until"):
            entries = entries.filter(at__lt=_start_of(until + datetime.timedelta(days=1)))
        return entries


def _start_of(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time()))
