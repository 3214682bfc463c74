import datetime
import re

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tremplin.people.models import ConsentEntry
from tremplin.people.phones import normalise_phone
from tremplin.workshops.models import MAX_CAPACITY, Kind, Level, Satisfaction, Theme, clean_code

WEEKDAYS = [
    ("0", _("lundi")),
    ("1", _("mardi")),
    ("2", _("mercredi")),
    ("3", _("jeudi")),
    ("4", _("vendredi")),
    ("5", _("samedi")),
    ("6", _("dimanche")),
]


RFC_DAYS = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"]
SLUG = re.compile(r"[a-z0-9]+(-[a-z0-9]+)*")


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%d")


class TimeInput(forms.TimeInput):
    input_type = "time"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%H:%M")


class BookingForm(forms.Form):
    """A public booking: a first name, a phone or an e-mail, and consent. Nothing more."""

    first_name = forms.CharField(
        label=_("Votre prénom"),
        max_length=100,
        error_messages={"required": _("Écrivez votre prénom.")},
        widget=forms.TextInput(attrs={"autocomplete": "given-name"}),
    )
    phone = forms.CharField(
        label=_("Votre téléphone"),
        required=False,
        max_length=30,
        help_text=_("Pour recevoir un SMS de rappel. Par exemple 06 12 34 56 78."),
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "tel"}),
    )
    email = forms.EmailField(
        label=_("Ou votre adresse e-mail"),
        required=False,
        max_length=254,
        error_messages={
            "invalid": _("Cette adresse e-mail est incomplète. Exemple : prenom.nom@exemple.fr")
        },
        help_text=_("Si vous n'avez pas de téléphone."),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    has_consent = forms.BooleanField(
        label=_("J'ai lu le texte ci-dessus et je suis d'accord"),
        error_messages={
            "required": _("Sans votre accord, on ne peut pas vous inscrire. Cochez la case.")
        },
    )

    def clean_phone(self) -> str:
        return normalise_phone(self.cleaned_data["phone"])

    def clean(self):
        data = super().clean()
        if "phone" not in data or "email" not in data:
            return data  # one of them is already explained
        if not data["phone"] and not data["email"]:
            self.add_error(
                "phone",
                _("Écrivez un numéro de téléphone ou une adresse e-mail, pour vous prévenir."),
            )
        return data


class WalkInForm(BookingForm):
    """Someone came without booking: the same minimum, and how they agreed, on the spot."""

    consent_channel = forms.ChoiceField(
        label=_("Comment la personne a donné son accord"),
        choices=[
            (ConsentEntry.Channel.SPOKEN, ConsentEntry.Channel.SPOKEN.label),
            (ConsentEntry.Channel.PAPER, ConsentEntry.Channel.PAPER.label),
        ],
        widget=forms.RadioSelect,
        error_messages={"required": _("Cochez comment la personne a donné son accord.")},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["first_name"].label = _("Prénom")
        self.fields["phone"].label = _("Téléphone")
        self.fields["email"].label = _("Ou adresse e-mail")
        self.fields["has_consent"].label = _(
            "La personne est d'accord, après avoir entendu ou lu le texte ci-dessus"
        )


class CodeForm(forms.Form):
    code = forms.CharField(
        label=_("Votre code de réservation"),
        max_length=20,
        help_text=_(
            "Il est sur la page de confirmation et dans le message reçu. Exemple : ABCDE-FGHJK."
        ),
        error_messages={"required": _("Écrivez votre code de réservation.")},
        widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "characters"}),
    )

    def clean_code(self) -> str:
        return clean_code(self.cleaned_data["code"])


class SessionForm(forms.Form):
    """A coordinator schedules one session, or a weekly series when « repeat » is ticked."""

    space = forms.ModelChoiceField(label=_("Espace"), queryset=None, empty_label=None)
    kind = forms.ChoiceField(label=_("Type"), choices=Kind.choices, widget=forms.RadioSelect)
    theme = forms.ChoiceField(label=_("Thème"), choices=Theme.choices)
    title = forms.CharField(label=_("Titre"), max_length=120)
    day = forms.DateField(label=_("Date (la première, pour une série)"), widget=DateInput)
    start_time = forms.TimeField(label=_("Heure de début"), widget=TimeInput)
    duration_minutes = forms.IntegerField(
        label=_("Durée en minutes"), min_value=1, max_value=480, initial=90
    )
    capacity = forms.IntegerField(
        label=_("Nombre de places"), min_value=1, max_value=MAX_CAPACITY, initial=8
    )
    room = forms.CharField(label=_("Salle"), max_length=80, required=False)
    level = forms.ChoiceField(label=_("Niveau"), choices=Level.choices, initial=Level.EVERYONE)
    learning_modules = forms.CharField(
        label=_("Modules liés"),
        required=False,
        max_length=500,
        help_text=_("Les noms courts des modules, séparés par des virgules. Facultatif."),
    )
    appointment_minutes = forms.IntegerField(
        label=_("Rendez-vous individuels de (minutes)"),
        required=False,
        min_value=10,
        max_value=240,
        help_text=_(
            "Pour une permanence sur rendez-vous : par exemple 30 pour des rendez-vous de "
            "30 minutes, une personne à chaque fois. Laissez vide pour un accueil libre."
        ),
        error_messages={
            "min_value": _("Un rendez-vous dure de 10 à 240 minutes."),
            "max_value": _("Un rendez-vous dure de 10 à 240 minutes."),
            "invalid": _("Écrivez la durée d'un rendez-vous en minutes, par exemple 30."),
        },
    )
    cohort = forms.ModelChoiceField(
        label=_("Séance d'une cohorte"),
        queryset=None,
        required=False,
        empty_label=_("Aucune"),
        help_text=_("Ses membres sont inscrits d'office."),
    )
    repeat_weekdays = forms.MultipleChoiceField(
        label=_("Répéter chaque semaine le"),
        choices=WEEKDAYS,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Laissez vide pour une seule séance."),
    )
    repeat_until = forms.DateField(
        label=_("Jusqu'au (pour une série)"), required=False, widget=DateInput
    )
    guide = forms.SlugField(required=False, max_length=80, widget=forms.HiddenInput)

    def __init__(self, *args, spaces, cohorts, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["space"].queryset = spaces
        self.fields["cohort"].queryset = cohorts
        messages = {
            "title": _("Écrivez le titre de la séance."),
            "day": _("Écrivez la date."),
            "start_time": _("Écrivez l'heure de début, par exemple 14:00."),
            "duration_minutes": _("Écrivez la durée en minutes, par exemple 90."),
            "capacity": _("Écrivez le nombre de places, de 1 à %(max)s.") % {"max": MAX_CAPACITY},
            "kind": _("Cochez le type de séance."),
        }
        for name, message in messages.items():
            self.fields[name].error_messages["required"] = message
        self.fields["capacity"].error_messages["min_value"] = messages["capacity"]
        self.fields["capacity"].error_messages["max_value"] = messages["capacity"]

    def clean(self):
        data = super().clean()
        if data.get("appointment_minutes") and data.get("kind") not in (None, Kind.DROP_IN):
            self.add_error(
                "appointment_minutes",
                _("Seule une permanence se découpe en rendez-vous : cochez « Permanence »."),
            )
        if data.get("repeat_weekdays") and not data.get("repeat_until"):
            self.add_error(
                "repeat_until", _("Dites jusqu'à quand la série se répète : une date de fin.")
            )
        return data

    @staticmethod
    def initial_from_guide(query) -> dict:
        """What « Programmer cet atelier » on a facilitator guide sends in the query string
        (``guide``, ``title``, ``minutes``, ``modules``: see ``learning.guides.workshop_prefill``),
        as the form's first values. Anything malformed is left out: the coordinator types it."""
        slug = query.get("guide", "")
        if not SLUG.fullmatch(slug):
            return {}
        initial = {"guide": slug, "kind": Kind.WORKSHOP, "theme": Theme.JOB_SEARCH}
        title = " ".join(query.get("title", "").split())[:120]
        if title:
            initial["title"] = title
        minutes = query.get("minutes", "")
        if re.fullmatch(r"[0-9]{1,3}", minutes) and 1 <= int(minutes) <= 480:
            initial["duration_minutes"] = int(minutes)
        modules = [m.strip() for m in query.get("modules", "").split(",")]
        modules = [m for m in modules if SLUG.fullmatch(m)]
        if modules:
            initial["learning_modules"] = ", ".join(modules[:20])
        return initial

    def starts_at(self) -> datetime.datetime:
        data = self.cleaned_data
        return timezone.make_aware(datetime.datetime.combine(data["day"], data["start_time"]))

    def modules(self) -> list[str]:
        return [slug.strip() for slug in self.cleaned_data["learning_modules"].split(",")]

    def rule(self) -> str:
        """The weekly RFC 5545 rule of the series (UNTIL in UTC, as the standard asks when the
        start has a time zone), or "" for a single session."""
        data = self.cleaned_data
        if not data.get("repeat_weekdays"):
            return ""
        last_day = datetime.datetime.combine(data["repeat_until"], datetime.time(23, 59, 59))
        until = timezone.make_aware(last_day).astimezone(datetime.UTC)
        days = ",".join(RFC_DAYS[int(day)] for day in sorted(data["repeat_weekdays"]))
        return f"FREQ=WEEKLY;BYDAY={days};UNTIL={until:%Y%m%dT%H%M%SZ}"


class PersonBookingForm(forms.Form):
    session = forms.ModelChoiceField(
        label=_("Séance"),
        queryset=None,
        widget=forms.RadioSelect,
        error_messages={"required": _("Cochez une séance.")},
    )

    def __init__(self, *args, sessions, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["session"].queryset = sessions
        self.fields["session"].label_from_instance = lambda session: str(session)


class SatisfactionForm(forms.Form):
    score = forms.TypedChoiceField(
        label=_("Êtes-vous content·e de cette séance ?"),
        choices=Satisfaction.Score.choices,
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choisissez un visage.")},
    )
    word = forms.CharField(
        label=_("Un mot pour nous (facultatif)"),
        required=False,
        max_length=200,
        help_text=_("N'écrivez ni votre nom, ni votre numéro."),
    )


class CohortForm(forms.Form):
    space = forms.ModelChoiceField(label=_("Espace"), queryset=None, empty_label=None)
    name = forms.CharField(
        label=_("Nom de la cohorte"),
        max_length=120,
        help_text=_("Par exemple : Parcours emploi – printemps 2027."),
        error_messages={"required": _("Écrivez le nom de la cohorte.")},
    )
    partner = forms.ModelChoiceField(
        label=_("Partenaire"),
        queryset=None,
        required=False,
        empty_label=_("Aucun"),
    )
    starts_on = forms.DateField(
        label=_("Début"),
        widget=DateInput,
        error_messages={"required": _("Écrivez la date de début.")},
    )
    ends_on = forms.DateField(
        label=_("Fin"), widget=DateInput, error_messages={"required": _("Écrivez la date de fin.")}
    )
    planned_hours = forms.IntegerField(
        label=_("Heures prévues par personne"),
        min_value=1,
        max_value=1000,
        initial=32,
        error_messages={"required": _("Écrivez le nombre d'heures prévues, par exemple 32.")},
    )
    pathway = forms.CharField(
        label=_("Parcours lié"),
        max_length=80,
        required=False,
        help_text=_("Le nom court du parcours, par exemple premiers-pas. Facultatif."),
    )

    def __init__(self, *args, spaces, partners, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["space"].queryset = spaces
        self.fields["partner"].queryset = partners


class PersonCohortForm(forms.Form):
    cohort = forms.ModelChoiceField(
        label=_("Cohorte"),
        queryset=None,
        widget=forms.RadioSelect,
        error_messages={"required": _("Cochez une cohorte.")},
    )

    def __init__(self, *args, cohorts, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["cohort"].queryset = cohorts


class SessionChangeForm(forms.Form):
    room = forms.CharField(label=_("Salle"), max_length=80, required=False)
    capacity = forms.IntegerField(
        label=_("Nombre de places"),
        min_value=1,
        max_value=MAX_CAPACITY,
        error_messages={
            "required": _("Écrivez le nombre de places, de 1 à %(max)s.") % {"max": MAX_CAPACITY},
            "min_value": _("Écrivez le nombre de places, de 1 à %(max)s.") % {"max": MAX_CAPACITY},
            "max_value": _("Écrivez le nombre de places, de 1 à %(max)s.") % {"max": MAX_CAPACITY},
        },
    )
