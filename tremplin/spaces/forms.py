from django import forms
from django.contrib.auth import password_validation
from django.utils.translation import gettext_lazy as _

from tremplin.accounts.models import User
from tremplin.spaces.models import (
    Availability,
    Closure,
    HelperProfile,
    HoursEntry,
    Membership,
    OnboardingStep,
    Space,
)


class DirectorySearchForm(forms.Form):
    where = forms.CharField(
        label=_("Votre code postal ou votre ville"),
        help_text=_("Par exemple : 67100 ou Strasbourg"),
        max_length=80,
        error_messages={"required": _("Écrivez un code postal ou le nom d'une ville.")},
        widget=forms.TextInput(attrs={"autocomplete": "postal-code", "type": "search"}),
    )


class InvitationForm(forms.Form):
    """The role, in this space, of the person invited; a civic-service contract's dates."""

    role = forms.ChoiceField(
        label=_("Rôle"), error_messages={"invalid_choice": _("Choisissez un rôle de la liste.")}
    )
    is_civic_service = forms.BooleanField(label=_("Volontaire en service civique"), required=False)
    civic_service_starts_on = forms.DateField(
        label=_("Début du contrat"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={"invalid": _("Écrivez une date, par exemple 01/09/2026.")},
    )
    civic_service_ends_on = forms.DateField(
        label=_("Fin du contrat"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={"invalid": _("Écrivez une date, par exemple 30/06/2027.")},
    )

    def __init__(self, *args, roles, **kwargs):
        super().__init__(*args, **kwargs)
        labels = dict(Membership.Role.choices)
        self.fields["role"].choices = [(role, labels[role]) for role in roles]

    def clean(self):
        data = super().clean()
        if data.get("is_civic_service") and not (
            data.get("civic_service_starts_on") and data.get("civic_service_ends_on")
        ):
            self.add_error(
                "civic_service_ends_on",
                _("Donnez les dates de début et de fin du contrat de service civique."),
            )
        return data


class SignUpForm(forms.Form):
    """The account an invitation makes: a name, a username, a password (Django's rules)."""

    first_name = forms.CharField(label=_("Prénom"), max_length=150)
    last_name = forms.CharField(label=_("Nom"), max_length=150)
    username = forms.RegexField(
        label=_("Nom d'utilisateur"),
        help_text=_("Lettres sans accent, chiffres, points ou tirets. Par exemple : jeanne.weber"),
        regex=r"^[A-Za-z0-9.@+_-]+$",
        max_length=150,
        error_messages={
            "invalid": _("Utilisez des lettres sans accent, des chiffres, « . » ou « - ».")
        },
    )
    email = forms.EmailField(
        label=_("Courriel (facultatif)"),
        required=False,
        error_messages={"invalid": _("Écrivez une adresse comme prenom.nom@exemple.fr.")},
    )
    password = forms.CharField(
        label=_("Mot de passe"),
        help_text=_(
            "Au moins 8 caractères, pas seulement des chiffres. Une phrase facile à retenir convient bien."
        ),
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def clean_password(self):
        password = self.cleaned_data["password"]
        candidate = User(
            username=self.data.get("username", ""),
            first_name=self.data.get("first_name", ""),
            last_name=self.data.get("last_name", ""),
        )
        password_validation.validate_password(password, user=candidate)
        return password


class RoleForm(forms.Form):
    role = forms.ChoiceField(
        label=_("Nouveau rôle"),
        error_messages={"invalid_choice": _("Choisissez un rôle de la liste.")},
    )

    def __init__(self, *args, roles, **kwargs):
        super().__init__(*args, **kwargs)
        labels = dict(Membership.Role.choices)
        self.fields["role"].choices = [(role, labels[role]) for role in roles]


class OnboardingStepForm(forms.Form):
    step = forms.ChoiceField(label=_("Étape"), choices=OnboardingStep.Step.choices)


class AvailabilityForm(forms.Form):
    space = forms.ModelChoiceField(
        label=_("Lieu"),
        queryset=Space.objects.none(),
        empty_label=None,
        error_messages={"invalid_choice": _("Choisissez un de vos lieux.")},
    )
    weekday = forms.TypedChoiceField(
        label=_("Jour"), choices=Availability.Weekday.choices, coerce=int
    )
    start_time = forms.TimeField(
        label=_("De"),
        widget=forms.TimeInput(attrs={"type": "time"}),
        error_messages={"invalid": _("Écrivez une heure, par exemple 14:00.")},
    )
    end_time = forms.TimeField(
        label=_("À"),
        widget=forms.TimeInput(attrs={"type": "time"}),
        error_messages={"invalid": _("Écrivez une heure, par exemple 17:00.")},
    )

    def __init__(self, *args, spaces, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["space"].queryset = spaces


class HelperProfileForm(forms.ModelForm):
    topics = forms.MultipleChoiceField(
        label=_("Les thèmes où je peux aider"),
        choices=HelperProfile.Topic.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    languages = forms.MultipleChoiceField(
        label=_("Les langues que je parle"),
        choices=HelperProfile.Language.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    class Meta:
        model = HelperProfile
        fields = ["topics", "languages"]


class HoursEntryForm(forms.Form):
    space = forms.ModelChoiceField(
        label=_("Lieu"),
        queryset=Space.objects.none(),
        empty_label=None,
        error_messages={"invalid_choice": _("Choisissez un de vos lieux.")},
    )
    worked_on = forms.DateField(
        label=_("Le"),
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={"invalid": _("Écrivez une date, par exemple 02/12/2026.")},
    )
    minutes = forms.IntegerField(
        label=_("Durée en minutes"),
        min_value=1,
        max_value=HoursEntry.MAX_MINUTES,
        error_messages={
            "min_value": _("Donnez une durée entre 1 minute et 12 heures."),
            "max_value": _("Donnez une durée entre 1 minute et 12 heures."),
            "invalid": _("Écrivez un nombre de minutes, par exemple 90."),
        },
    )
    activity_text = forms.CharField(
        label=_("Ce qui a été fait"),
        max_length=120,
        help_text=_("Par exemple : forum des associations, formation, déménagement."),
    )

    def __init__(self, *args, spaces, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["space"].queryset = spaces


class SpaceForm(forms.ModelForm):
    """What a coordinator keeps up to date about their space for the public directory."""

    services = forms.MultipleChoiceField(
        label=_("Services proposés"),
        choices=Space.Service.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    specific_support = forms.MultipleChoiceField(
        label=_("Accueil adapté"),
        choices=Space.Support.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    accesslibre_url = forms.URLField(
        label=_("Fiche Acceslibre"),
        required=False,
        assume_scheme="https",
        help_text=_("L'adresse de la fiche du lieu sur acceslibre.beta.gouv.fr, si elle existe."),
        error_messages={
            "invalid": _("Écrivez une adresse web complète, qui commence par https://")
        },
    )

    class Meta:
        model = Space
        fields = [
            "summary",
            "phone",
            "email",
            "opening_hours",
            "services",
            "is_step_free",
            "specific_support",
            "access_details",
            "accesslibre_url",
        ]
        widgets = {"access_details": forms.Textarea(attrs={"rows": 3})}


class ClosureForm(forms.ModelForm):
    class Meta:
        model = Closure
        fields = ["starts_on", "ends_on", "reason"]
        widgets = {
            "starts_on": forms.DateInput(attrs={"type": "date"}),
            "ends_on": forms.DateInput(attrs={"type": "date"}),
        }
        error_messages = {
            "starts_on": {"invalid": _("Écrivez une date, par exemple 24/12/2026.")},
            "ends_on": {"invalid": _("Écrivez une date, par exemple 02/01/2027.")},
        }

    def clean(self):
        data = super().clean()
        if data.get("starts_on") and data.get("ends_on") and data["ends_on"] < data["starts_on"]:
            self.add_error("ends_on", _("La fin vient le même jour que le début, ou après."))
        return data
