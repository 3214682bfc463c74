from django import forms
from django.utils.translation import gettext_lazy as _

from tremplin.diagnostic.models import RESUME_ALPHABET, RESUME_CODE_LENGTH, DiagnosticSession


class ScreeningForm(forms.Form):
    has_smartphone = forms.TypedChoiceField(
        label=_("Avez-vous un smartphone ?"),
        help_text=_("Un téléphone avec un écran tactile, pour aller sur Internet."),
        choices=[("yes", _("Oui")), ("no", _("Non"))],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
        error_messages={"required": _("Choisissez « Oui » ou « Non ».")},
    )
    email_use = forms.ChoiceField(
        label=_("Envoyez-vous des e-mails sans aide ?"),
        # Learners read plain words, without the middle dot of the staff label « seul·e ».
        choices=[
            (DiagnosticSession.EmailUse.NEVER, DiagnosticSession.EmailUse.NEVER.label),
            (DiagnosticSession.EmailUse.WITH_HELP, DiagnosticSession.EmailUse.WITH_HELP.label),
            (DiagnosticSession.EmailUse.ALONE, _("Oui, sans aide")),
        ],
        widget=forms.RadioSelect,
        error_messages={"required": _("Choisissez une réponse.")},
    )
    # Not part of the starting estimate: it chooses the pathway the result recommends.
    looking_for_work = forms.TypedChoiceField(
        label=_("Cherchez-vous un emploi ?"),
        help_text=_("Vous pouvez ne pas répondre."),
        choices=[("yes", _("Oui")), ("no", _("Non"))],
        coerce=lambda value: value == "yes",
        empty_value=None,
        required=False,
        widget=forms.RadioSelect,
    )


class ResumeForm(forms.Form):
    code = forms.CharField(
        label=_("Votre code"),
        help_text=_("9 lettres et chiffres, par exemple : KD4-M7P-XAC"),
        max_length=16,
        error_messages={"required": _("Écrivez votre code.")},
        widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "characters"}),
    )

    def clean_code(self) -> str:
        """The code without spaces or dashes, in capitals. Whether a sitting has it is the
        view's question: guesses are counted per address there."""
        code = "".join(self.cleaned_data["code"].replace("-", " ").split()).upper()
        if len(code) != RESUME_CODE_LENGTH or not set(code) <= set(RESUME_ALPHABET):
            raise forms.ValidationError(
                _("Ce code n'a pas la bonne forme. Il a 9 lettres et chiffres.")
            )
        return code


class TextAnswerForm(forms.Form):
    answer = forms.CharField(
        max_length=200,
        error_messages={"required": _("Écrivez votre réponse, ou touchez « Je ne sais pas ».")},
    )

    def __init__(self, *args, label: str, placeholder: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["answer"].label = label
        self.fields["answer"].widget.attrs.update(
            {"autocomplete": "off", "autocapitalize": "none", "spellcheck": "false"}
        )
        if placeholder:
            self.fields["answer"].widget.attrs["placeholder"] = placeholder


class MultipleAnswerForm(forms.Form):
    answer = forms.MultipleChoiceField(
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "required": _("Cochez au moins une réponse, ou touchez « Je ne sais pas »."),
        },
    )

    def __init__(self, *args, label: str, choices: list[tuple[str, str]], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["answer"].label = label
        self.fields["answer"].choices = choices


class ResultEmailForm(forms.Form):
    email = forms.EmailField(
        label=_("Votre adresse e-mail"),
        help_text=_("Nous envoyons le lien une fois. Nous ne gardons pas votre adresse."),
        error_messages={
            "required": _("Écrivez votre adresse e-mail."),
            "invalid": _("Cette adresse n'est pas complète. Exemple : prenom.nom@exemple.fr"),
        },
    )
