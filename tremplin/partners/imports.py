"""Referring a whole cohort from a file (CSV or XLSX): read, check line by line, import all or
nothing, once.

Reading never stores anything: ``read_file`` turns the upload into lines, or raises
``FileRefused`` with one plain message (too big, empty, not UTF-8, not a CSV or XLSX file,
columns missing, too many lines). ``check_lines`` reports every error with its line number, as a
spreadsheet numbers lines (the line of titles is line 1). Only a file without any error can be
imported; ``import_cohort`` makes the cohort, the people, their referrals and memberships in one
transaction, and refuses a file already imported by the same partner (its fingerprint is the
hash of its checked lines: the same people saved as CSV or as XLSX are the same file).

CSV is read with Python's ``csv`` module (tablib skips blank lines, which would shift line
numbers), XLSX with openpyxl (formulas kept as written, so that ``=HYPERLINK(…)`` is seen and
refused rather than silently replaced by its value). The template is written with tablib.
"""

import codecs
import csv
import datetime
import hashlib
import io
import json
import re
import zipfile
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from tremplin.partners.models import CohortImport, Sharing
from tremplin.partners.services import check_referral, make_referral
from tremplin.people.models import ConsentText, Person
from tremplin.people.phones import normalise_phone
from tremplin.spaces.models import PartnerOrganisation
from tremplin.workshops import cohorts

if TYPE_CHECKING:
    import tablib

MAX_BYTES = 2 * 1024 * 1024
MAX_LINES = 1000
# Column titles of the template; a file may add columns of its own, ignored.
COLUMNS = ["prenom", "nom", "telephone", "code_postal", "accord"]
OPTIONAL = ["annee_naissance", "email"]
# What the "accord" column may say, and what it means.
SHARING_WORDS = {
    "statut": Sharing.STATUS,
    "progression": Sharing.PROGRESS,
    "statut et progression": Sharing.PROGRESS,
}
# A cell read by a spreadsheet as a formula (CSV injection, OWASP): refused, never imported.
FORMULA_START = ("=", "@", "\t", "\r")
PHONE_LIKE = re.compile(r"\+?[0-9 .()-]+")
EXAMPLE = [
    ["Awa", "Diallo", "06 12 34 56 78", "67100", "statut et progression", "1985", ""],
    ["Marc", "L", "07 98 76 54 32", "67000", "statut", "", "marc@exemple.fr"],
]


class FileRefused(Exception):
    """The file cannot be read as a list of people; ``message`` says why, plainly."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


@dataclass
class Line:
    number: int
    first_name: str = ""
    last_name: str = ""
    phone: str = ""
    postcode: str = ""
    sharing: str = ""
    birth_year: int | None = None
    email: str = ""
    errors: list[str] = field(default_factory=list)

    def as_data(self) -> list:
        return [
            self.number,
            self.first_name,
            self.last_name,
            self.phone,
            self.postcode,
            self.sharing,
            self.birth_year,
            self.email,
        ]

    @classmethod
    def from_data(cls, data: list) -> "Line":
        return cls(*data)


def _normalise_title(title) -> str:
    text = str(title or "").strip().lower().replace("é", "e").replace("è", "e")
    return re.sub(r"[\s-]+", "_", text)


def _csv_rows(content: bytes) -> list[list[str]]:
    if content.startswith(codecs.BOM_UTF8):
        content = content[len(codecs.BOM_UTF8) :]
    try:
        text = content.decode("utf-8")
    except UnicodeDecodeError:
        raise FileRefused(
            _(
                "Ce fichier n'est pas en UTF-8 (les accents seraient mal lus). Dans votre "
                "tableur, enregistrez-le en « CSV UTF-8 », ou envoyez-le en XLSX."
            )
        ) from None
    if "\x00" in text:
        raise FileRefused(_("Ce fichier n'est pas un fichier CSV lisible."))
    first_line = text.split("\n", 1)[0]
    delimiter = ";" if first_line.count(";") > first_line.count(",") else ","
    try:
        return list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
    except csv.Error:
        raise FileRefused(_("Ce fichier CSV est mal formé : enregistrez-le à nouveau.")) from None


def _xlsx_rows(content: bytes) -> list[list[str]]:
    from openpyxl import load_workbook

    try:
        book = load_workbook(io.BytesIO(content), read_only=True, data_only=False)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError):
        raise FileRefused(
            _("Ce fichier XLSX est abîmé ou n'en est pas un : enregistrez-le à nouveau.")
        ) from None
    rows = []
    for row in book.active.iter_rows(values_only=True):
        rows.append(["" if value is None else _cell_text(value) for value in row])
        if len(rows) > MAX_LINES + 1:
            break
    book.close()
    return rows


def _cell_text(value) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime.datetime | datetime.date):
        return value.isoformat()
    return str(value)


def read_file(upload) -> list[Line]:
    """The lines of an uploaded file (``name`` and ``read()``), each with its number and its
    cells by column, not yet checked. Raises FileRefused with a plain message."""
    if upload is None:
        raise FileRefused(_("Choisissez un fichier CSV ou XLSX."))
    if upload.size > MAX_BYTES:
        raise FileRefused(
            _("Ce fichier pèse plus de 2 Mo : découpez-le en plusieurs fichiers de %(max)s lignes.")
            % {"max": MAX_LINES}
        )
    content = upload.read(MAX_BYTES + 1)
    if not content.strip():
        raise FileRefused(_("Ce fichier est vide : téléchargez le modèle et remplissez-le."))
    name = (upload.name or "").lower()
    if name.endswith(".xlsx") or content.startswith(b"PK\x03\x04"):
        rows = _xlsx_rows(content)
    elif name.endswith((".csv", ".txt")):
        rows = _csv_rows(content)
    else:
        raise FileRefused(_("Envoyez un fichier CSV ou XLSX (le modèle, par exemple)."))
    while rows and not any(cell.strip() for cell in rows[-1]):
        rows.pop()
    if not rows:
        raise FileRefused(_("Ce fichier est vide : téléchargez le modèle et remplissez-le."))
    titles = [_normalise_title(title) for title in rows[0]]
    missing = [column for column in COLUMNS if column not in titles]
    if missing:
        raise FileRefused(
            _("Il manque des colonnes : %(missing)s. Téléchargez le modèle : il les a toutes.")
            % {"missing": ", ".join(missing)}
        )
    if len(rows) == 1:
        raise FileRefused(_("Ce fichier n'a que la ligne des titres : ajoutez les personnes."))
    if len(rows) > MAX_LINES + 1:
        raise FileRefused(
            _("Ce fichier a plus de %(max)s personnes : découpez-le.") % {"max": MAX_LINES}
        )
    index = {title: titles.index(title) for title in COLUMNS + OPTIONAL if title in titles}
    lines = []
    for number, row in enumerate(rows[1:], start=2):
        cells = {name: (row[at] if at < len(row) else "") for name, at in index.items()}
        lines.append(_check_line(number, cells))
    return lines


def _check_line(number: int, cells: dict[str, str]) -> Line:
    line = Line(number=number)
    for name, value in cells.items():
        text = value.strip()
        if text.startswith(FORMULA_START) or (
            text.startswith(("+", "-")) and not (name == "telephone" and PHONE_LIKE.fullmatch(text))
        ):
            line.errors.append(
                _("colonne %(column)s : une formule n'est pas acceptée (« %(start)s… »).")
                % {"column": name, "start": text[:12]}
            )
            cells[name] = ""
    first_name = " ".join(cells["prenom"].split())
    last_name = " ".join(cells["nom"].split())
    if not first_name:
        line.errors.append(_("le prénom manque."))
    elif len(first_name) > 100:
        line.errors.append(_("le prénom fait plus de 100 caractères."))
    if not last_name:
        line.errors.append(_("le nom (ou son initiale) manque."))
    elif len(last_name) > 100:
        line.errors.append(_("le nom fait plus de 100 caractères."))
    line.first_name, line.last_name = first_name, last_name
    try:
        line.phone = normalise_phone(cells["telephone"])
    except ValidationError as error:
        line.errors.append(_("téléphone : %(error)s") % {"error": error.messages[0]})
    else:
        if not line.phone:
            line.errors.append(_("le téléphone manque (l'espace appellera la personne)."))
    postcode = cells["code_postal"].replace(" ", "")
    if not re.fullmatch(r"[0-9]{5}", postcode):
        line.errors.append(_("le code postal a 5 chiffres, par exemple 67100."))
    line.postcode = postcode
    sharing = SHARING_WORDS.get(" ".join(cells["accord"].lower().split()))
    if sharing is None:
        line.errors.append(
            _(
                "accord : écrivez « statut » ou « statut et progression », après avoir lu le "
                "texte de consentement à la personne. Sans son accord, ne l'inscrivez pas."
            )
        )
    line.sharing = sharing or ""
    year = cells.get("annee_naissance", "").strip()
    this_year = timezone.localdate().year
    if year:
        if re.fullmatch(r"[0-9]{4}", year) and this_year - 110 <= int(year) <= this_year - 10:
            line.birth_year = int(year)
        else:
            line.errors.append(_("l'année de naissance s'écrit en 4 chiffres, par exemple 1975."))
    email = cells.get("email", "").strip().lower()
    if email:
        from django.core.validators import validate_email

        try:
            validate_email(email)
        except ValidationError:
            line.errors.append(_("l'adresse e-mail est incomplète."))
        line.email = email
    return line


def check_lines(lines: list[Line]) -> list[tuple[int, str]]:
    """Every error of the file as ``(line number, message)``, in order; a phone given twice is
    an error on its second line."""
    seen: dict[str, int] = {}
    for line in lines:
        if line.phone and line.phone in seen:
            line.errors.append(
                _("ce téléphone est déjà à la ligne %(line)s.") % {"line": seen[line.phone]}
            )
        elif line.phone:
            seen[line.phone] = line.number
    return [(line.number, error) for line in lines for error in line.errors]


def fingerprint(lines: list[Line]) -> str:
    data = [line.as_data()[1:] for line in lines]
    return hashlib.sha256(json.dumps(data, ensure_ascii=False).encode()).hexdigest()


ALREADY_IMPORTED = gettext_lazy("Ce fichier a déjà été importé : rien de nouveau n'est créé.")


@transaction.atomic
def import_cohort(
    partner,
    *,
    adviser,
    space,
    lines: list[Line],
    name: str,
    starts_on: datetime.date,
    ends_on: datetime.date,
    planned_hours: int,
    now: datetime.datetime | None = None,
) -> CohortImport:
    """Makes the cohort at ``space`` with ``partner``, and for each line a person referred
    (with the consent the adviser collected) who is a member of it. All or nothing: any error
    saves nothing. Raises ValidationError for a line with an error, a file already imported by
    this partner, or what ``create_cohort`` and ``refer_person`` refuse."""
    errors = check_lines(lines)
    if errors:
        raise ValidationError(_("Le fichier a des erreurs : corrigez-les d'abord."))
    key = fingerprint(lines)
    if CohortImport.objects.filter(partner=partner, fingerprint=key).exists():
        raise ValidationError(ALREADY_IMPORTED, code="already")
    moment = now or timezone.now()
    cohort = cohorts.create_cohort(
        space,
        name=name,
        starts_on=starts_on,
        ends_on=ends_on,
        planned_hours=planned_hours,
        partner=partner,
    )
    try:
        with transaction.atomic():
            batch = CohortImport.objects.create(
                partner=partner,
                cohort=cohort,
                fingerprint=key,
                line_count=len(lines),
                imported_at=moment,
            )
    except IntegrityError:
        raise ValidationError(ALREADY_IMPORTED, code="already") from None
    # The employment service refers job seekers (their programmes are counted by that status).
    is_employment = partner.kind == PartnerOrganisation.Kind.EMPLOYMENT
    for sharing in {line.sharing for line in lines}:
        check_referral(partner, adviser=adviser, space=space, sharing=sharing)
    consent_text = ConsentText.current_for(partner.organisation)
    for line in lines:
        person = Person(
            first_name=line.first_name,
            last_name=line.last_name,
            phone=line.phone,
            email=line.email,
            postcode=line.postcode,
            birth_year=line.birth_year,
            is_job_seeker=is_employment,
        )
        try:
            referral = make_referral(
                partner,
                adviser=adviser,
                space=space,
                person=person,
                reason="",
                goals=[Person.Goal.JOB] if is_employment else [],
                sharing=line.sharing,
                has_consent=True,
                consent_text=consent_text,
                cohort_import=batch,
                now=moment,
            )
        except ValidationError as error:
            raise ValidationError(
                _("Ligne %(line)s : %(error)s") % {"line": line.number, "error": error.messages[0]}
            ) from None
        cohorts.add_cohort_member(cohort, person=referral.person, added_by=adviser, now=moment)
    return batch


def template_dataset() -> "tablib.Dataset":
    import tablib  # loaded by the first template, not by every worker

    return tablib.Dataset(*EXAMPLE, headers=COLUMNS + OPTIONAL)
