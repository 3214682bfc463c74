from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from tremplin.learning.content import Page
from tremplin.learning.exercises import TASK_DONE, TASK_HELP, grade, right_options, shuffled

PICK = [("", _("— Choisir —"))]


def _position_label(number: int) -> str:
    if number == 1:
        return gettext("1re étape")
    return gettext("%(number)se étape") % {"number": number}


class ExerciseForm(forms.Form):
    """The fields of one exercise (names as in ``exercises``); ``clean`` grades the answer.

    After ``is_valid()``, ``grade`` says how right the answer was and ``is_right`` whether it
    was right. A malformed answer makes the form invalid with a plain message, so nothing is
    recorded for it. Choices, steps and right-hand texts are shown in the order of ``seed``
    (``exercises.learner_seed``): each learner's own, the same on every visit.
    """

    def __init__(self, *args, page: Page, seed: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        self.page = page
        self.seed = seed
        self.grade = None
        self.is_right = None
        builder = getattr(self, f"_fields_{page.type}")
        builder(page)

    def _shuffled_choices(self, page: Page) -> list[tuple[str, str]]:
        options = shuffled(page, page.choices, seed=self.seed, never_as_given=False)
        return [(option.key, option.text) for option in options]

    def _fields_single(self, page: Page) -> None:
        self.fields["answer"] = forms.ChoiceField(
            label=page.question,
            choices=self._shuffled_choices(page),
            widget=forms.RadioSelect,
            error_messages={
                "required": _("Choisissez une réponse."),
                "invalid_choice": _("Choisissez une réponse."),
            },
        )

    def _fields_multiple(self, page: Page) -> None:
        self.fields["answer"] = forms.MultipleChoiceField(
            label=page.question,
            help_text=_("Cochez toutes les bonnes réponses."),
            choices=self._shuffled_choices(page),
            widget=forms.CheckboxSelectMultiple,
            error_messages={
                "required": _("Cochez au moins une réponse."),
                "invalid_choice": _("Cochez seulement les réponses proposées."),
            },
        )

    def _fields_order(self, page: Page) -> None:
        choices = PICK + [
            (item.key, item.text) for item in shuffled(page, page.items, seed=self.seed)
        ]
        for number in range(1, len(page.items) + 1):
            self.fields[f"position-{number}"] = forms.ChoiceField(
                label=_position_label(number),
                choices=choices,
                error_messages={
                    "required": _("Choisissez une étape pour cette place."),
                    "invalid_choice": _("Choisissez une étape pour cette place."),
                },
            )

    def _fields_match(self, page: Page) -> None:
        choices = PICK + [
            (option.key, option.text) for option in right_options(page, seed=self.seed)
        ]
        for pair in page.pairs:
            self.fields[f"match-{pair.key}"] = forms.ChoiceField(
                label=pair.left,
                choices=choices,
                error_messages={
                    "required": _("Choisissez une réponse dans la liste."),
                    "invalid_choice": _("Choisissez une réponse dans la liste."),
                },
            )

    def _fields_task(self, page: Page) -> None:
        """Two buttons carry the answer (the template shows them, not a widget)."""
        message = _("Touchez « Je l'ai fait » ou « J'ai besoin d'aide ».")
        self.fields["answer"] = forms.ChoiceField(
            label=page.title,
            choices=[(TASK_DONE, _("Je l'ai fait")), (TASK_HELP, _("J'ai besoin d'aide"))],
            error_messages={"required": message, "invalid_choice": message},
        )

    def _fields_fill(self, page: Page) -> None:
        count = len(page.answer)
        for number in range(1, count + 1):
            label = (
                _("Le mot qui manque")
                if count == 1
                else gettext("Case %(number)s") % {"number": number}
            )
            self.fields[f"blank-{number}"] = forms.CharField(
                label=label,
                max_length=200,
                widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "none"}),
                error_messages={
                    "required": _("Écrivez un mot dans la case."),
                    "max_length": _("La réponse est trop longue : un ou quelques mots."),
                },
            )

    def clean(self):
        cleaned = super().clean()
        if self.errors:
            return cleaned
        try:
            self.grade = grade(self.page, self.data)
            self.is_right = self.grade.is_right
        except ValidationError as error:
            if hasattr(error, "error_dict"):
                for name, messages in error.message_dict.items():
                    self.add_error(name if name in self.fields else None, messages)
            else:
                self.add_error(None, error)
        return cleaned


class CodeLoginForm(forms.Form):
    username = forms.CharField(
        label=_("Votre identifiant"),
        help_text=_("Il est écrit sur votre carte. Par exemple : ahmed-482."),
        max_length=150,
        widget=forms.TextInput(attrs={"autocomplete": "username", "autocapitalize": "none"}),
        error_messages={"required": _("Écrivez votre identifiant.")},
    )
    code = forms.CharField(
        label=_("Votre code secret à 6 chiffres"),
        max_length=6,
        min_length=6,
        widget=forms.PasswordInput(
            attrs={"inputmode": "numeric", "autocomplete": "current-password"}
        ),
        error_messages={
            "required": _("Écrivez votre code à 6 chiffres."),
            "min_length": _("Le code a 6 chiffres."),
            "max_length": _("Le code a 6 chiffres."),
        },
    )

    def clean_username(self):
        return self.cleaned_data["username"].strip().lower()

    def clean_code(self):
        code = self.cleaned_data["code"].strip()
        if not code.isdigit():
            raise ValidationError(_("Le code a seulement des chiffres, de 0 à 9."))
        return code


class CertificateCodeForm(forms.Form):
    code = forms.CharField(
        label=_("Code de vérification"),
        help_text=_("Il est écrit en bas de l'attestation. 10 lettres et chiffres."),
        max_length=20,
        error_messages={"required": _("Écrivez le code de l'attestation.")},
    )

    def clean_code(self):
        return self.cleaned_data["code"].replace(" ", "").replace("-", "").upper()
