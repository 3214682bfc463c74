import datetime

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tremplin.accompaniment.models import Accompaniment, Mandate, SupportGoal, SupportStep, Theme


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%d")


class AccompanimentForm(forms.ModelForm):
    themes = forms.MultipleChoiceField(
        label=_("Thèmes"),
        choices=Theme.choices,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Cochez au moins un thème.")},
    )

    class Meta:
        model = Accompaniment
        fields = ["kind", "happened_on", "duration_minutes", "themes", "outcome", "note"]
        labels = {
            "kind": _("Type d'aide"),
            "happened_on": _("Date"),
            "duration_minutes": _("Durée en minutes"),
            "outcome": _("Résultat"),
            "note": _("Note courte"),
        }
        help_texts = {
            "note": _(
                "N'écrivez aucune donnée sensible : ni santé, ni religion, ni opinion, "
                "ni numéro de sécurité sociale, ni mot de passe."
            ),
            "duration_minutes": _("Par exemple 30."),
        }
        widgets = {
            "kind": forms.RadioSelect,
            "outcome": forms.RadioSelect,
            "happened_on": DateInput,
            "duration_minutes": forms.NumberInput(attrs={"inputmode": "numeric", "min": 1}),
            "note": forms.Textarea(attrs={"rows": 3, "maxlength": 500}),
        }
        error_messages = {
            "kind": {"required": _("Cochez le type d'aide.")},
            "outcome": {"required": _("Cochez le résultat.")},
            "happened_on": {
                "required": _("Écrivez la date."),
                "invalid": _("Écrivez la date ainsi : 26/11/2026."),
            },
            "duration_minutes": {"required": _("Écrivez la durée en minutes, par exemple 30.")},
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = list(Accompaniment.Kind.choices)
        self.fields["outcome"].choices = list(Accompaniment.Outcome.choices)
        self.fields["happened_on"].initial = timezone.localdate

    def clean_duration_minutes(self):
        minutes = self.cleaned_data["duration_minutes"]
        if not 1 <= minutes <= 600:
            raise forms.ValidationError(_("La durée va de 1 à 600 minutes."))
        return minutes


class MandateForm(forms.ModelForm):
    scope = forms.MultipleChoiceField(
        label=_("Démarches que la personne vous confie"),
        choices=[(value, label) for value, label in Theme.choices if value in Theme.procedures()],
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Cochez au moins une démarche.")},
    )

    class Meta:
        model = Mandate
        fields = ["scope", "starts_on", "ends_on", "agreement"]
        labels = {
            "starts_on": _("Du"),
            "ends_on": _("Au"),
            "agreement": _("Comment la personne a donné son accord"),
        }
        help_texts = {"ends_on": _("Un jour au moins, douze mois au plus.")}
        widgets = {
            "starts_on": DateInput,
            "ends_on": DateInput,
            "agreement": forms.RadioSelect,
        }
        error_messages = {
            "agreement": {"required": _("Cochez comment la personne a donné son accord.")},
            "starts_on": {"required": _("Écrivez la date de début.")},
            "ends_on": {"required": _("Écrivez la date de fin.")},
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agreement"].choices = list(Mandate.Agreement.choices)
        today = timezone.localdate()
        self.fields["starts_on"].initial = today
        self.fields["ends_on"].initial = today + datetime.timedelta(days=90)


class GoalForm(forms.ModelForm):
    class Meta:
        model = SupportGoal
        fields = ["title"]
        labels = {"title": _("Nouvel objectif")}
        help_texts = {"title": _("Par exemple : faire sa déclaration d'impôts seule.")}
        error_messages = {"title": {"required": _("Écrivez l'objectif.")}}


class StepForm(forms.ModelForm):
    class Meta:
        model = SupportStep
        fields = ["title", "due_on"]
        labels = {"title": _("Nouvelle étape"), "due_on": _("Pour le (facultatif)")}
        widgets = {"due_on": DateInput}
        error_messages = {"title": {"required": _("Écrivez l'étape.")}}


class StepStatusForm(forms.Form):
    status = forms.ChoiceField(choices=SupportStep.Status.choices)
