"""Questions inside a simulator (where to keep a password, what to do when the sound fails):
choices shown in each attempt's own order, so no place holds the right answer for everyone."""

from dataclasses import dataclass

from django import forms
from django.utils.translation import gettext as _

from tremplin.simulators import engine


@dataclass(frozen=True)
class Question:
    key: str
    text: str
    choices: tuple  # ((key, text), …)
    answer: frozenset
    explanation: str = ""

    @property
    def is_multiple(self) -> bool:
        return len(self.answer) > 1


def quiz_form(questions, context: engine.Context, data=None):
    """A form with one field per question; choices shuffled per attempt and question."""
    fields = {}
    for question in questions:
        choices = context.shuffled(question.choices, salt=question.key)
        if question.is_multiple:
            fields[question.key] = forms.MultipleChoiceField(
                label=question.text,
                choices=choices,
                widget=forms.CheckboxSelectMultiple,
                help_text=_("Cochez toutes les bonnes réponses."),
                error_messages={"required": _("Cochez au moins une réponse.")},
            )
        else:
            fields[question.key] = forms.ChoiceField(
                label=question.text,
                choices=choices,
                widget=forms.RadioSelect,
                error_messages={"required": _("Choisissez une réponse.")},
            )
    form_class = type("QuizForm", (forms.Form,), fields)
    return form_class(data)


def grade(questions, cleaned_data) -> dict:
    """{question key: answered right}."""
    graded = {}
    for question in questions:
        given = cleaned_data.get(question.key)
        given = set(given) if isinstance(given, list) else {given}
        graded[question.key] = given == set(question.answer)
    return graded
