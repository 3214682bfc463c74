"""Spotting sensitive data in the free text staff type (help notes today, workshop notes later).

A note is read again by every helper of the space and goes into the person's export, so it must
not hold what the GDPR protects most (art. 9: health) or what the CNIL asks never to copy (the
social-security number, decree 2019-341), nor a secret that lets someone act in the person's
name (a password, a payment card number). ``find_sensitive`` says what it found, in plain words:

- ``REFUSED`` kinds (passwords, card numbers) are never stored: the form asks to remove them;
- the others (social-security numbers, health words) are warnings the helper may confirm, since
  a word list and a checksum also catch innocent text.

Pure functions, no database: forms call them, and services call them again for the refused kinds.
"""

import re
from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from tremplin.core.text import fold

NIR = "nir"
CARD = "card"
PASSWORD = "password"
HEALTH = "health"
REFUSED = frozenset({CARD, PASSWORD})

_SEP = r"[ .\-\u00a0\u202f]?"
# Sex (1, 2; 3, 4, 7, 8 for temporary numbers), year, month, département (2A/2B for Corsica),
# commune, order number, then the two-digit key.
_NIR = re.compile(
    rf"(?<![0-9A-Za-z])([1-478]){_SEP}([0-9]{{2}}){_SEP}([0-9]{{2}}){_SEP}([0-9]{{2}}|2[ABab])"
    rf"{_SEP}([0-9]{{3}}){_SEP}([0-9]{{3}}){_SEP}([0-9]{{2}})(?![0-9A-Za-z])"
)
_DIGIT_RUN = re.compile(r"(?<![0-9])[0-9](?:[ \-\u00a0\u202f]?[0-9]){12,18}(?![0-9])")
# A card number starts with the industry digit of cards (2 to 6: Mastercard, Amex, Visa, CB,
# Maestro…). 14 digits is left out: it is the length of a SIRET, Luhn-valid by design, which
# self-employed people's procedures need, and 14-digit cards (Diners Club) are not used here.
_CARD_FIRST_DIGITS = "23456"
_CARD_LENGTHS = {13, 15, 16, 17, 18, 19}

_PASSWORD_WORD = (
    r"\b(?:mots?\s+de\s+passe|mdp|password|passwd|pwd|code\s+(?:secret|pin|confidentiel))\b"
)
_VALUE = r"\s*(?P<value>[^\s,;]+)"
# « mot de passe : x », « mdp ameli = x », « le mot de passe est x »…
_PASSWORD_LABELLED = re.compile(
    _PASSWORD_WORD + r"(?:[ \t]+[^\s:=,;]{1,20}){0,3}?[ \t]*(?:[:=]|\best\b|\bc'est\b)" + _VALUE,
    re.IGNORECASE,
)
# … and « mot de passe Soleil2024 », where only the value's shape tells.
_PASSWORD_INLINE = re.compile(_PASSWORD_WORD + r"\s*(?P<value>[^\s,;:=][^\s,;]*)", re.IGNORECASE)
# Words that often follow « mot de passe : » in a note and are not the password itself.
_NOT_A_PASSWORD = {
    "a", "au", "avec", "bloque", "bloquee", "change", "changes", "cree", "dans", "de", "des",
    "du", "en", "envoye", "fait", "la", "le", "les", "mis", "modifie", "non", "note", "nouveau",
    "ok", "oublie", "oubliee", "oui", "par", "pas", "perdu", "pour", "provisoire", "recu",
    "refait", "reinitialise", "reinitialisee", "remis", "sa", "ses", "son", "sur", "temporaire",
    "un", "une", "valide", "trop", "bien", "court", "long", "faible", "simple", "correct",
    "incorrect", "faux", "bon", "mauvais", "expire", "enregistre", "ecrit", "toujours", "encore",
    "maintenant", "identique", "different", "vide", "demande", "chez", "elle", "lui",
}  # fmt: skip

# Health words (GDPR art. 9), matched on folded text (no accents, no case), each with the word
# shown back to the helper. Institutions and office words that share a stem are left out.
_HEALTH = [
    (r"(?<!assurance )\bmaladi\w*|\bmalade\w*", "maladie"),
    (r"\bdiabet\w*", "diabète"),
    (r"\bcancer\w*", "cancer"),
    (r"\bvih\b|\bsida\b|\bseropositi\w*", "VIH"),
    (r"\bdepressi\w*", "dépression"),
    (r"\benceinte\b(?!\s+(?:bluetooth|connectee|audio|portable))|\bgrossesse\w*", "enceinte"),
    (r"\bhandicap\w*", "handicap"),
    (
        r"(?<!cours de )\btraitements?\b(?!\s+(?:de\s+texte|(?:du|des|de\s+(?:la|sa|son|leur))"
        r"\s+(?:dossiers?|demandes?|declarations?|donnees|courriers?)))",
        "traitement",
    ),
    (r"\bmedicament\w*", "médicament"),
    (r"\bhopita\w*|\bhospitalis\w*", "hôpital"),
    (r"\bpsychiatr\w*", "psychiatrie"),
]
_HEALTH = [(re.compile(pattern), word) for pattern, word in _HEALTH]


@dataclass(frozen=True)
class Finding:
    kind: str
    found: str | Promise  # what was found, in plain words
    why: str | Promise  # why it should not be written

    @property
    def is_refused(self) -> bool:
        return self.kind in REFUSED


def nir_key(number: str) -> int:
    """The key of the 13 first characters of a social-security number: 97 − (number mod 97),
    Corsica's 2A and 2B counted as 19 and 18."""
    digits = number.upper().replace("2A", "19").replace("2B", "18")
    return 97 - int(digits) % 97


def is_valid_nir(text: str) -> bool:
    """Whether ``text`` is one social-security number with the right key (spaces allowed)."""
    match = _NIR.fullmatch(text.strip())
    return match is not None and _nir_matches(match)


def _nir_matches(match: re.Match) -> bool:
    *parts, key = match.groups()
    return nir_key("".join(parts)) == int(key)


def passes_luhn(digits: str) -> bool:
    """The Luhn checksum of payment cards (ISO/IEC 7812)."""
    total = 0
    for position, char in enumerate(reversed(digits)):
        value = int(char)
        if position % 2:
            value = value * 2 - 9 if value > 4 else value * 2
        total += value
    return total % 10 == 0


def _nir_spans(text: str) -> list[tuple[int, int]]:
    return [match.span() for match in _NIR.finditer(text) if _nir_matches(match)]


def _has_card_number(text: str, *, besides: list[tuple[int, int]]) -> bool:
    for match in _DIGIT_RUN.finditer(text):
        start, end = match.span()
        if any(start < other_end and other_start < end for other_start, other_end in besides):
            continue
        digits = re.sub(r"[^0-9]", "", match.group())
        if len(digits) in _CARD_LENGTHS and digits[0] in _CARD_FIRST_DIGITS and passes_luhn(digits):
            return True
    return False


def _looks_like_a_secret(value: str, *, is_labelled: bool) -> bool:
    value = value.rstrip(".!?)»\"'")
    if not value:
        return False
    if (
        any(char.isdigit() for char in value)
        or not value.replace("-", "").replace("'", "").isalpha()
    ):
        return True
    if any(char.isupper() for char in value[1:]):
        return True
    return is_labelled and len(value) >= 4 and fold(value) not in _NOT_A_PASSWORD


def _has_password(text: str) -> bool:
    text = text.replace("’", "'")
    return any(
        _looks_like_a_secret(match["value"], is_labelled=True)
        for match in _PASSWORD_LABELLED.finditer(text)
    ) or any(
        _looks_like_a_secret(match["value"], is_labelled=False)
        for match in _PASSWORD_INLINE.finditer(text)
    )


def health_words(text: str) -> list[str]:
    """The health words found, as shown to the helper (« diabète », « hôpital »), in list order."""
    folded = fold(text)
    return [word for pattern, word in _HEALTH if pattern.search(folded)]


def find_sensitive(text: str) -> list[Finding]:
    """What the text holds that should not be written, at most one finding per kind, refused
    kinds first. An empty list when nothing was found."""
    if not text or not text.strip():
        return []
    findings = []
    nir_spans = _nir_spans(text)
    if _has_password(text):
        findings.append(
            Finding(
                PASSWORD,
                _("un mot de passe"),
                _(
                    "Un mot de passe ne s'écrit nulle part, même ici : Tremplin ne l'enregistre "
                    "jamais. Enlevez-le de la note. Si la personne l'oublie souvent, proposez-lui "
                    "de le noter dans un carnet qu'elle garde chez elle."
                ),
            )
        )
    if _has_card_number(text, besides=nir_spans):
        findings.append(
            Finding(
                CARD,
                _("un numéro de carte bancaire"),
                _(
                    "Ce numéro permet de payer à la place de la personne : Tremplin ne "
                    "l'enregistre jamais. Enlevez-le de la note."
                ),
            )
        )
    if nir_spans:
        findings.append(
            Finding(
                NIR,
                _("un numéro de sécurité sociale"),
                _(
                    "Ce numéro est très protégé par la loi : il ne s'écrit pas dans une note. "
                    "Si une démarche le demande, la personne le donne elle-même sur le site."
                ),
            )
        )
    if words := health_words(text):
        findings.append(
            Finding(
                HEALTH,
                _("un mot qui parle de santé (%(words)s)")
                % {"words": ", ".join(f"« {word} »" for word in words)},
                _(
                    "La santé est une donnée sensible : on n'en écrit rien, même pour aider. "
                    "Notez seulement la démarche, par exemple « dossier Assurance maladie »."
                ),
            )
        )
    return findings
