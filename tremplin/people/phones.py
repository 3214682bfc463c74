"""Phone numbers: parsed with libphonenumber (France by default), stored in E.164."""

import phonenumbers
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

DEFAULT_REGION = "FR"


def normalise_phone(raw: str, *, region: str = DEFAULT_REGION) -> str:
    """``"06 12 34 56 78"`` → ``"+33612345678"``; an empty string stays empty.

    Raises ValidationError with a plain message when the number cannot be a real one.
    """
    raw = (raw or "").strip()
    if not raw:
        return ""
    try:
        number = phonenumbers.parse(raw, region)
    except phonenumbers.NumberParseException as error:
        raise ValidationError(
            _("Ce numéro de téléphone est illisible. Écrivez-le ainsi : 06 12 34 56 78."),
            code="invalid_phone",
        ) from error
    if not phonenumbers.is_valid_number(number):
        raise ValidationError(
            _(
                "Ce numéro de téléphone n'existe pas. Vérifiez les chiffres : "
                "10 chiffres en France, par exemple 06 12 34 56 78."
            ),
            code="invalid_phone",
        )
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def looks_like_phone(text: str) -> bool:
    """A search made mostly of digits is a phone number, not a name."""
    digits = sum(char.isdigit() for char in text)
    return digits >= 6 and digits >= len(text.replace(" ", "")) - 2
