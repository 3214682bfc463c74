from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.core.validators import MaxLengthValidator
from django.utils.translation import gettext_lazy as _
from django_otp.plugins.otp_static.models import StaticDevice


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
    """The 6-digit code of the authenticator app, or one of the backup codes (8 characters,
    each works once). ``device`` is the app's device; after ``is_valid()``,
    ``verified_device`` is the one that accepted the code."""

    code = forms.CharField(
        label=_("Code à 6 chiffres"),
        help_text=_(
            "Le code affiché par votre application d'authentification, "
            "ou un de vos codes de secours."
        ),
        min_length=6,
        max_length=12,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code"}),
        error_messages={
            "required": _("Tapez le code à 6 chiffres."),
            "min_length": _("Le code a 6 chiffres, un code de secours en a 8."),
            "max_length": _("Le code a 6 chiffres, un code de secours en a 8."),
        },
    )

    def __init__(self, *args, device, **kwargs):
        super().__init__(*args, **kwargs)
        self.device = device
        self.verified_device = None

    def clean_code(self):
        code = "".join(self.cleaned_data["code"].split()).lower()
        if code.isdigit() and len(code) == 6:
            if self.device.verify_token(code):
                self.verified_device = self.device
                return code
        elif self.device.confirmed:
            backup = StaticDevice.objects.filter(user_id=self.device.user_id).first()
            if backup is not None and backup.verify_token(code):
                self.verified_device = backup
                return code
        raise forms.ValidationError(
            _("Ce code ne marche pas. Il change toutes les 30 secondes : tapez le nouveau.")
        )
