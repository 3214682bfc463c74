import datetime

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tremplin.accompaniment.models import (
    MAX_MANDATE_DAYS,
    Accompaniment,
    Mandate,
    SupportGoal,
    SupportStep,
    Theme,
)
from tremplin.core.sensitive import find_sensitive


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
    # Shown only once the note was found to hold something that looks sensitive (see clean).
    is_note_confirmed = forms.BooleanField(
        label=_("Je confirme, la note ne contient pas de donnée sensible"),
        help_text=_(
            "Cochez seulement si ce qui est signalé n'en est pas une, par exemple un numéro "
            "de dossier."
        ),
        required=False,
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
                "N'écrivez aucune donnée sensible : rien sur la santé, la religion ou les "
                "opinions, ni numéro de sécurité sociale, ni numéro de carte bancaire, "
                "ni mot de passe."
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
        if not self._note_warnings():
            del self.fields["is_note_confirmed"]

    def _note_warnings(self) -> list:
        """What the typed note holds that the helper may confirm (not a password or a card)."""
        if not self.is_bound:
            return []
        note = self.data.get(self.add_prefix("note"), "")
        return [finding for finding in find_sensitive(note) if not finding.is_refused]

    def clean_duration_minutes(self):
        minutes = self.cleaned_data["duration_minutes"]
        if not 1 <= minutes <= 600:
            raise forms.ValidationError(_("La durée va de 1 à 600 minutes."))
        return minutes

    def clean(self):
        """Refuses a note with a password or a card number (never stored), and asks to confirm
        one that looks sensitive (a social-security number, health words)."""
        cleaned_data = super().clean()
        is_confirmed = cleaned_data.pop("is_note_confirmed", False)
        findings = find_sensitive(cleaned_data.get("note", ""))
        refused = [finding for finding in findings if finding.is_refused]
        warnings = [finding for finding in findings if not finding.is_refused]
        errors = [
            _("La note contient %(found)s. %(why)s") % {"found": f.found, "why": f.why}
            for f in refused
        ]
        if warnings and (refused or not is_confirmed):
            errors += [
                _("La note semble contenir %(found)s. %(why)s") % {"found": f.found, "why": f.why}
                for f in warnings
            ]
            errors.append(
                _(
                    "Corrigez la note, ou cochez « Je confirme, la note ne contient pas de "
                    "donnée sensible » si ce n'en est pas une."
                )
            )
        if errors:
            self.add_error("note", errors)
        return cleaned_data


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

    def __init__(self, *args, today: datetime.date | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agreement"].choices = list(Mandate.Agreement.choices)
        self.today = today = today or timezone.localdate()
        self.fields["starts_on"].initial = today
        self.fields["ends_on"].initial = today + datetime.timedelta(days=90)

    def clean(self):
        """The period, explained on the end date: not already over, not before the start, twelve
        months at most (otherwise the database constraint's technical message would show)."""
        cleaned_data = super().clean()
        starts_on, ends_on = cleaned_data.get("starts_on"), cleaned_data.get("ends_on")
        if ends_on is None:
            return cleaned_data
        if ends_on < self.today:
            self.add_error(
                "ends_on",
                _(
                    "Cette date de fin est déjà passée : un mandat sert pour les démarches à "
                    "venir. Choisissez une date de fin à partir d'aujourd'hui."
                ),
            )
        elif starts_on is not None and ends_on < starts_on:
            self.add_error(
                "ends_on",
                _(
                    "La date de fin vient avant la date de début. Choisissez une date de fin "
                    "le jour du début ou après."
                ),
            )
        elif starts_on is not None and (ends_on - starts_on).days >= MAX_MANDATE_DAYS:
            self.add_error(
                "ends_on",
                _("Un mandat dure au plus douze mois : choisissez une date de fin plus proche."),
            )
        return cleaned_data


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
