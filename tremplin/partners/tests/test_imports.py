"""Cohort referral from a file: every error with its line number, all or nothing, once; files
that cannot be read get one plain message and store nothing."""

import io

import pytest
import tablib
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from tremplin.partners import imports
from tremplin.partners.models import CohortImport, Referral, Sharing
from tremplin.people.models import ConsentEntry, Person
from tremplin.workshops.models import Cohort, CohortMember

pytestmark = pytest.mark.django_db

HEADER = "prenom;nom;telephone;code_postal;accord"


def rows(count: int) -> list[str]:
    return [
        f"Personne{number};Nom{number};06 12 34 {number // 100:02d} {number % 100:02d};67100;"
        + ("statut et progression" if number % 2 else "statut")
        for number in range(count)
    ]


def csv_file(lines: list[str], *, header: str = HEADER, encoding: str = "utf-8") -> bytes:
    return "\n".join([header, *lines]).encode(encoding)


def cohort_fields(personas) -> dict:
    today = timezone.localdate()
    return {
        "name": "Parcours emploi 32 h",
        "space": personas.strasbourg.pk,
        "starts_on": today.isoformat(),
        "ends_on": (today + timezone.timedelta(days=60)).isoformat(),
        "planned_hours": "32",
    }


def upload(client, personas, content: bytes, name: str = "cohorte.csv"):
    data = {**cohort_fields(personas), "file": SimpleUploadedFile(name, content)}
    return client.post("/partners/cohorte/", data)


def confirm(client, preview):
    signed = preview.context["signed"]
    return client.post("/partners/cohorte/importer/", {"signed": signed})


def nothing_stored():
    return not (
        Person.objects.exists()
        or Referral.objects.exists()
        or Cohort.objects.exists()
        or CohortImport.objects.exists()
    )


def test_a_file_with_errors_on_lines_3_and_7_imports_nothing_and_names_exactly_those(
    client_for, personas, consent
):
    lines = rows(8)
    lines[1] = "Personne1;Nom1;06 12;67100;statut"  # line 3: an impossible phone
    lines[5] = "Personne5;;06 12 34 00 05;6710;oui"  # line 7: no name, bad postcode, no consent
    preview = upload(client_for("partner"), personas, csv_file(lines))
    assert preview.status_code == 200
    assert {number for number, _message in preview.context["errors"]} == {3, 7}
    page = preview.content.decode()
    assert "Ligne 3 : téléphone" in page and "Ligne 7 : le nom" in page
    assert "signed" not in preview.context
    assert nothing_stored()


def test_a_valid_file_imports_every_line_once_and_again_creates_nothing(
    client_for, personas, consent
):
    client = client_for("partner")
    content = csv_file(rows(40))
    preview = upload(client, personas, content)
    assert preview.context["errors"] == [] and len(preview.context["lines"]) == 40
    assert nothing_stored()  # the preview stores nothing
    response = confirm(client, preview)
    assert response["Location"] == "/partners/"
    cohort = Cohort.objects.get()
    assert cohort.partner == personas.partner.partner_adviser.partner
    assert (cohort.planned_hours, cohort.space) == (32, personas.strasbourg)
    assert Referral.objects.count() == 40 == CohortMember.objects.filter(cohort=cohort).count()
    assert Person.objects.filter(came_through=Person.Channel.PARTNER_REFERRAL).count() == 40
    assert ConsentEntry.objects.filter(channel=ConsentEntry.Channel.REFERRAL).count() == 40
    assert Referral.objects.filter(sharing=Sharing.PROGRESS).count() == 20
    assert Person.objects.filter(is_job_seeker=True).count() == 40  # the employment service

    again = confirm(client, upload(client, personas, content))
    assert again["Location"] == "/partners/cohorte/"
    assert Referral.objects.count() == 40 and Cohort.objects.count() == 1
    replay = confirm(client, preview)  # the same preview posted twice
    assert Referral.objects.count() == 40 and replay.status_code == 302


def test_the_same_people_as_xlsx_are_the_same_file(client_for, personas, consent):
    client = client_for("partner")
    lines = rows(6)
    confirm(client, upload(client, personas, csv_file(lines)))
    data = tablib.Dataset(*[line.split(";") for line in lines], headers=HEADER.split(";"))
    preview = upload(client, personas, data.export("xlsx"), "cohorte.xlsx")
    assert preview.context["errors"] == []
    confirm(client, preview)
    assert Referral.objects.count() == 6


def test_an_xlsx_file_is_read_with_its_line_numbers(client_for, personas, consent):
    lines = [line.split(";") for line in rows(4)]
    lines[2][3] = "ABCDE"
    data = tablib.Dataset(*lines, headers=HEADER.split(";"))
    preview = upload(client_for("partner"), personas, data.export("xlsx"), "cohorte.xlsx")
    assert [number for number, _m in preview.context["errors"]] == [4]


@pytest.mark.parametrize(
    ("content", "name", "message"),
    [
        (
            csv_file(["Hélène;Müller;06 12 34 56 78;67100;statut"], encoding="latin-1"),
            "cohorte.csv",
            "pas en UTF-8",
        ),
        (
            csv_file(rows(2), header="prenom;nom;code_postal"),
            "cohorte.csv",
            "Il manque des colonnes : telephone, accord",
        ),
        (b"", "cohorte.csv", "Ce fichier est vide"),
        (b"\n\n", "cohorte.csv", "Ce fichier est vide"),
        (HEADER.encode(), "cohorte.csv", "que la ligne des titres"),
        (b"x" * (10 * 1024 * 1024), "cohorte.csv", "plus de 2 Mo"),
        (b"PK\x03\x04 not a zip", "cohorte.xlsx", "abîmé"),
        (b"%PDF-1.4", "cohorte.pdf", "Envoyez un fichier CSV ou XLSX"),
    ],
    ids=["encoding", "columns", "empty", "blank", "titles-only", "10-mb", "bad-xlsx", "pdf"],
)
def test_a_file_that_cannot_be_read_gets_a_clear_message_and_stores_nothing(
    client_for, personas, consent, content, name, message
):
    response = upload(client_for("partner"), personas, content, name)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert nothing_stored()


def test_a_formula_cell_is_refused_on_its_line(client_for, personas, consent):
    lines = rows(3)
    lines[1] = '=HYPERLINK("http://pirate.example";"Cliquez");Nom;06 12 34 56 78;67100;statut'
    preview = upload(client_for("partner"), personas, csv_file(lines))
    errors = preview.context["errors"]
    assert {number for number, _m in errors} == {3}
    assert "colonne prenom : une formule n'est pas acceptée" in errors[0][1]
    assert nothing_stored()


def test_a_formula_in_an_xlsx_cell_is_refused_too(client_for, personas, consent):
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.append(HEADER.split(";"))
    sheet.append(
        ["Awa", '=HYPERLINK("http://pirate.example")', "06 12 34 56 78", "67100", "statut"]
    )
    stream = io.BytesIO()
    book.save(stream)
    preview = upload(client_for("partner"), personas, stream.getvalue(), "cohorte.xlsx")
    errors = preview.context["errors"]
    assert {number for number, _m in errors} == {2}
    assert "colonne nom : une formule n'est pas acceptée" in errors[0][1]
    assert nothing_stored()


def test_international_phones_and_a_bom_are_fine(personas):
    content = (
        "\ufeffprenom,nom,telephone,code_postal,accord\nAwa,D,+33 6 12 34 56 78,67100,statut\n"
    )
    lines = imports.read_file(SimpleUploadedFile("c.csv", content.encode()))
    assert imports.check_lines(lines) == [] and lines[0].phone == "+33612345678"


def test_a_phone_twice_is_an_error_on_its_second_line(personas):
    lines = imports.read_file(SimpleUploadedFile("c.csv", csv_file([*rows(2), rows(1)[0]])))
    assert imports.check_lines(lines) == [(4, "ce téléphone est déjà à la ligne 2.")]


def test_a_tampered_preview_imports_nothing(client_for, personas, consent):
    response = client_for("partner").post("/partners/cohorte/importer/", {"signed": "forged"})
    assert response["Location"] == "/partners/cohorte/"
    assert nothing_stored()


def test_the_template_downloads_in_csv_and_xlsx_and_is_a_valid_file(client_for, personas):
    client = client_for("partner")
    csv = client.get("/partners/cohorte/modele.csv")
    assert csv["Content-Type"].startswith("text/csv")
    assert imports.check_lines(imports.read_file(SimpleUploadedFile("m.csv", csv.content))) == []
    xlsx = client.get("/partners/cohorte/modele.xlsx")
    lines = imports.read_file(SimpleUploadedFile("m.xlsx", xlsx.content))
    assert imports.check_lines(lines) == [] and len(lines) == 2
    assert client.get("/partners/cohorte/modele.pdf").status_code == 404
