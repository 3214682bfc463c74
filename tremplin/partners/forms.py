import datetime
import re

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tremplin.partners.models import ClosedReason, NotificationPreference, Sharing, Status
from tremplin.people.models import Person
from tremplin.people.phones import normalise_phone


class ReferralForm(forms.Form):
    """An adviser refers a person: the minimum of an intake, why and where, and the person's
    consent (to the text shown, and to what is shared back)."""

    first_name = forms.CharField(
        label=_("Prénom"),
        max_length=100,
        error_messages={"required": _("Écrivez le prénom.")},
    )
    last_name = forms.CharField(
        label=_("Nom (ou seulement l'initiale)"),
        max_length=100,
        error_messages={"required": _("Écrivez le nom, ou au moins son initiale.")},
    )
    phone = forms.CharField(
        label=_("Téléphone"),
        max_length=30,
        required=False,
        help_text=_("Pour que l'espace appelle la personne. Par exemple 06 12 34 56 78."),
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "off"}),
    )
    email = forms.EmailField(
        label=_("Adresse e-mail"),
        required=False,
        help_text=_("Facultatif."),
        error_messages={
            "invalid": _("Cette adresse e-mail est incomplète. Exemple : prenom.nom@exemple.fr")
        },
    )
    birth_year = forms.IntegerField(
        label=_("Année de naissance"),
        required=False,
        help_text=_("Facultatif. Seulement l'année, par exemple 1975."),
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
        error_messages={"invalid": _("Écrivez l'année en 4 chiffres, par exemple 1975.")},
    )
    postcode = forms.CharField(
        label=_("Code postal"),
        max_length=10,
        required=False,
        widget=forms.TextInput(attrs={"inputmode": "numeric"}),
    )
    is_job_seeker = forms.BooleanField(label=_("Inscrit·e à France Travail"), required=False)
    goals = forms.MultipleChoiceField(
        label=_("Ce que la personne veut faire"),
        choices=Person.Goal.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    reason = forms.CharField(
        label=_("Pourquoi vous l'orientez"),
        max_length=1000,
        required=False,
        help_text=_("Quelques mots, sans détail de santé ni de situation personnelle."),
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    space = forms.ModelChoiceField(
        label=_("Espace où la personne préfère aller"),
        queryset=None,
        empty_label=None,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choisissez un espace.")},
    )
    sharing = forms.ChoiceField(
        label=_("Ce que la personne accepte que l'espace vous partage"),
        choices=Sharing.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Cochez ce que la personne accepte de vous partager.")},
    )
    has_consent = forms.BooleanField(
        label=_("La personne est d'accord, après avoir entendu ou lu le texte ci-dessus"),
        error_messages={
            "required": _(
                "Sans l'accord de la personne, on ne peut rien enregistrer. "
                "Lisez-lui le texte et cochez la case si elle est d'accord."
            )
        },
    )

    def __init__(self, *args, spaces, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["space"].queryset = spaces
        if len(spaces) == 1:
            self.fields["space"].initial = spaces[0].pk

    def clean_first_name(self) -> str:
        return " ".join(self.cleaned_data["first_name"].split())

    def clean_last_name(self) -> str:
        return " ".join(self.cleaned_data["last_name"].split())

    def clean_phone(self) -> str:
        return normalise_phone(self.cleaned_data["phone"])

    def clean_email(self) -> str:
        return self.cleaned_data["email"].strip().lower()

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

    def clean(self):
        data = super().clean()
        if not data.get("phone") and not data.get("email") and not self.has_error("phone"):
            self.add_error(
                "phone",
                _("Écrivez un téléphone ou une adresse e-mail, pour que l'espace la contacte."),
            )
        return data

    def person(self) -> Person:
        """The unsaved person record the referral makes."""
        data = self.cleaned_data
        return Person(
            first_name=data["first_name"],
            last_name=data["last_name"],
            phone=data["phone"],
            email=data["email"],
            birth_year=data["birth_year"],
            postcode=data["postcode"],
            is_job_seeker=data["is_job_seeker"],
        )


class AdvanceForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Nouvelle étape"),
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Choisissez l'étape."),
            "invalid_choice": _("Choisissez une étape de la liste."),
        },
    )

    def __init__(self, *args, steps, **kwargs):
        super().__init__(*args, **kwargs)
        labels = dict(Status.choices)
        self.fields["status"].choices = [(step, labels[step]) for step in steps]


class CloseForm(forms.Form):
    closed_reason = forms.ChoiceField(
        label=_("Raison de la clôture"),
        choices=ClosedReason.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choisissez la raison de la clôture.")},
    )


class AttachForm(forms.Form):
    person = forms.TypedChoiceField(
        label=_("C'est la même personne que"),
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Choisissez la fiche de la personne."),
            "invalid_choice": _("Choisissez une fiche de la liste."),
        },
    )

    def __init__(self, *args, people, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].choices = [
            (
                person.pk,
                f"{person.first_name} {person.last_name} – {person.birth_year or '?'} – "
                f"{person.home_space.name}",
            )
            for person in people
        ]


class CohortUploadForm(forms.Form):
    name = forms.CharField(
        label=_("Nom de la cohorte"),
        max_length=120,
        initial=_("Parcours emploi"),
        error_messages={"required": _("Écrivez le nom de la cohorte.")},
    )
    space = forms.ModelChoiceField(
        label=_("Espace"),
        queryset=None,
        empty_label=None,
        error_messages={"required": _("Choisissez un espace.")},
    )
    starts_on = forms.DateField(
        label=_("Début"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={
            "required": _("Écrivez la date de début."),
            "invalid": _("Écrivez la date ainsi : 26/11/2026."),
        },
    )
    ends_on = forms.DateField(
        label=_("Fin"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={
            "required": _("Écrivez la date de fin."),
            "invalid": _("Écrivez la date ainsi : 26/11/2026."),
        },
    )
    planned_hours = forms.IntegerField(
        label=_("Heures prévues par personne"),
        min_value=1,
        max_value=1000,
        initial=32,
        error_messages={
            "required": _("Écrivez le nombre d'heures prévues."),
            "invalid": _("Écrivez un nombre d'heures, par exemple 32."),
            "min_value": _("Les heures prévues vont de 1 à 1000."),
            "max_value": _("Les heures prévues vont de 1 à 1000."),
        },
    )

    def __init__(self, *args, spaces, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["space"].queryset = spaces

    def clean(self):
        data = super().clean()
        starts_on, ends_on = data.get("starts_on"), data.get("ends_on")
        if starts_on and ends_on and ends_on < starts_on:
            self.add_error("ends_on", _("La fin doit venir après le début."))
        if starts_on and ends_on and ends_on < timezone.localdate():
            self.add_error("ends_on", _("Cette cohorte serait déjà terminée."))
        return data

    def cohort_data(self) -> dict:
        data = self.cleaned_data
        return {
            "space": data["space"].pk,
            "name": data["name"],
            "starts_on": data["starts_on"].isoformat(),
            "ends_on": data["ends_on"].isoformat(),
            "planned_hours": data["planned_hours"],
        }


class CohortFileForm(CohortUploadForm):
    file = forms.FileField(
        label=_("Fichier CSV ou XLSX"),
        help_text=_("Une personne par ligne, avec les colonnes du modèle. 1000 lignes au plus."),
        error_messages={
            "required": _("Choisissez le fichier à envoyer."),
            "empty": _("Ce fichier est vide : téléchargez le modèle et remplissez-le."),
        },
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.xlsx"}),
    )


def cohort_from_data(data: dict, spaces) -> dict:
    """The cohort fields signed into the preview, back as values (the space re-checked)."""
    return {
        "space": spaces.get(pk=data["space"]),
        "name": data["name"],
        "starts_on": datetime.date.fromisoformat(data["starts_on"]),
        "ends_on": datetime.date.fromisoformat(data["ends_on"]),
        "planned_hours": int(data["planned_hours"]),
    }


class NotificationForm(forms.ModelForm):
    class Meta:
        model = NotificationPreference
        fields = ["frequency"]
        widgets = {"frequency": forms.RadioSelect}


class InviteForm(forms.Form):
    first_name = forms.CharField(
        label=_("Prénom"), max_length=150, error_messages={"required": _("Écrivez le prénom.")}
    )
    last_name = forms.CharField(
        label=_("Nom"), max_length=150, error_messages={"required": _("Écrivez le nom.")}
    )
    email = forms.EmailField(
        label=_("Adresse e-mail professionnelle"),
        error_messages={
            "required": _("Écrivez l'adresse e-mail : l'invitation y est envoyée."),
            "invalid": _("Cette adresse e-mail est incomplète. Exemple : prenom.nom@exemple.fr"),
        },
    )
    is_partner_admin = forms.BooleanField(
        label=_("Peut aussi inviter d'autres conseiller·es"), required=False
    )
