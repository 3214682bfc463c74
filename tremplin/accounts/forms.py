from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.core.validators import MaxLengthValidator
from django.utils.translation import gettext_lazy as _


class LoginForm(AuthenticationForm):
    error_messages = {
        "invalid_login": _(
            "Nom d'utilisateur ou mot de passe incorrect. Vérifiez les majuscules et réessayez."
        ),
        "inactive": _("Ce compte est désactivé. Demandez de l'aide à l'accueil."),
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["username"].label = _("Nom d'utilisateur")
        self.fields["password"].label = _("Mot de passe")
        # AuthenticationForm sets max_length without its validator: a longer name would reach
        # authenticate() and the lockout's 255-character columns (a server error on PostgreSQL).
        username = self.fields["username"]
        username.validators.append(
            MaxLengthValidator(
                username.max_length,
                message=_("Le nom d'utilisateur a au plus %(limit_value)d caractères."),
            )
        )


class SecondFactorForm(forms.Form):
    code = forms.CharField(
        label=_("Code à 6 chiffres"),
        help_text=_("Le code affiché par votre application d'authentification."),
        min_length=6,
        max_length=6,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "one-time-code"}),
        error_messages={
            "required": _("Tapez le code à 6 chiffres."),
            "min_length": _("Le code a 6 chiffres."),
            "max_length": _("Le code a 6 chiffres."),
        },
    )

    def __init__(self, *args, device, **kwargs):
        super().__init__(*args, **kwargs)
        self.device = device

    def clean_code(self):
        code = self.cleaned_data["code"].strip()
        if not code.isdigit() or not self.device.verify_token(code):
            raise forms.ValidationError(
                _("Ce code ne marche pas. Il change toutes les 30 secondes : tapez le nouveau.")
            )
        return code
