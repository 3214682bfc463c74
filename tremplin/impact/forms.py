from django import forms
from django.utils.translation import gettext_lazy as _

from tremplin.impact.models import FollowUp
from tremplin.impact.scope import ImpactScope, Period
from tremplin.spaces.models import PartnerOrganisation
from tremplin.workshops.models import Cohort

MAX_PERIOD_DAYS = 366 * 20


class DashboardFilterForm(forms.Form):
    """The dashboard's filters (GET). Their choices come from the user's own scope, so a
    filter can only narrow it."""

    start = forms.DateField(
        label=_("Du"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    end = forms.DateField(
        label=_("Au"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    space = forms.TypedChoiceField(label=_("Espace"), required=False, coerce=int, empty_value=None)
    town = forms.ChoiceField(label=_("Ville"), required=False)
    cohort = forms.TypedChoiceField(
        label=_("Programme ou cohorte"), required=False, coerce=int, empty_value=None
    )
    partner = forms.TypedChoiceField(
        label=_("Partenaire"), required=False, coerce=int, empty_value=None
    )

    def __init__(self, data, *, scope: ImpactScope):
        super().__init__(data)
        self.scope = scope
        spaces = list(scope.spaces().values_list("pk", "name", "town"))
        everything = [("", _("Tous"))]
        self.fields["space"].choices = everything + [(pk, name) for pk, name, _t in spaces]
        self.fields["town"].choices = everything + sorted({(t, t) for _p, _n, t in spaces})
        cohorts = Cohort.objects.filter(
            organisation_id=scope.organisation_id, space_id__in=[pk for pk, _n, _t in spaces]
        ).order_by("-starts_on")
        self.fields["cohort"].choices = everything + [(c.pk, c.name) for c in cohorts[:200]]
        partners = PartnerOrganisation.objects.filter(organisation_id=scope.organisation_id)
        self.fields["partner"].choices = everything + list(partners.values_list("pk", "name"))

    def clean(self):
        data = super().clean()
        start, end = data.get("start"), data.get("end")
        if start and end and end < start:
            raise forms.ValidationError(_("La fin de la période doit venir après son début."))
        if start and end and (end - start).days > MAX_PERIOD_DAYS:
            raise forms.ValidationError(_("Choisissez une période de 20 ans au plus."))
        return data

    def filtered_scope(self) -> ImpactScope:
        """The scope with the valid filters applied (the last twelve months by default)."""
        data = self.cleaned_data if self.is_valid() else {}
        default = Period.last_twelve_months()
        start = data.get("start") or default.start
        end = data.get("end") or (max(start, default.end) if data.get("start") else default.end)
        scope = self.scope.during(Period(start, end))
        space_ids = None
        if data.get("space"):
            space_ids = [data["space"]]
        elif data.get("town"):
            space_ids = list(
                self.scope.spaces().filter(town=data["town"]).values_list("pk", flat=True)
            )
        return scope.narrowed(
            space_ids=space_ids, cohort_id=data.get("cohort"), partner_id=data.get("partner")
        )


class FollowUpForm(forms.Form):
    situation = forms.ChoiceField(
        label=_("Où en est la personne ?"),
        choices=FollowUp.Situation.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choisissez une situation.")},
    )


class FollowUpAnswerForm(forms.Form):
    """The person's own short form: plain words, big choices."""

    situation = forms.ChoiceField(
        label=_("Aujourd'hui, vous êtes :"),
        choices=[
            (FollowUp.Situation.JOB, _("En emploi")),
            (FollowUp.Situation.TRAINING, _("En formation")),
            (FollowUp.Situation.SEARCHING, _("Je cherche encore")),
            (FollowUp.Situation.UNKNOWN, _("Je préfère ne pas répondre")),
        ],
        widget=forms.RadioSelect,
        error_messages={"required": _("Choisissez une réponse.")},
    )
