"""Phone numbers: stored in E.164 (+33612345678), shown the way people write them (06 12 34 56 78)."""

import phonenumbers


def display_phone(e164: str) -> str:
    try:
        number = phonenumbers.parse(e164, "FR")
    except phonenumbers.NumberParseException:
        return e164
    if number.country_code == 33:
        return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.NATIONAL)
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.INTERNATIONAL)
