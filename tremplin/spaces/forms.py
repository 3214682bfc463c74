from django import forms
from django.utils.translation import gettext_lazy as _


class DirectorySearchForm(forms.Form):
    where = forms.CharField(
        label=_("Votre code postal ou votre ville"),
        help_text=_("Par exemple : 67100 ou Strasbourg"),
        max_length=80,
        error_messages={"required": _("Écrivez un code postal ou le nom d'une ville.")},
        widget=forms.TextInput(attrs={"autocomplete": "postal-code", "type": "search"}),
    )
