"""The dashboards (coordinator, national team, funder), their filters, exports read back, the
PDF report rendered, and what a funder never reaches."""

import io
from urllib.parse import unquote

import openpyxl
import pytest
import tablib

from tremplin.impact import metrics
from tremplin.impact.figures import HIDDEN, publish
from tremplin.impact.models import FunderPerimeter
from tremplin.impact.report import build_funder_report
from tremplin.impact.scope import NATIONAL, ImpactScope
from tremplin.impact.tests.factories import PERIOD, at, build
from tremplin.people.services import erase_person
from tremplin.people.tests.factories import make_person

pytestmark = pytest.mark.django_db
QUERY = "?start=2026-01-01&end=2026-06-30"


@pytest.fixture
def data(personas):
    return build(personas)


def test_the_national_team_sees_every_space_and_the_people_counted_once(client_for, data):
    response = client_for("admin").get("/impact/" + QUERY)
    assert response.status_code == 200
    page = response.content.decode()
    assert "Personnes accompagnées" in page and "Par espace" in page and "Par ville" in page
    assert "<table>" in page
    # Every cell of this small data set rests on fewer than 5 people: no chart has a bar.
    assert "data:image/svg+xml" not in page


def test_a_chart_is_an_image_beside_its_table_and_shows_no_hidden_value(client_for, data):
    for number in range(6):
        make_person(data.strasbourg, first_name=f"Nouvelle {number}", now=at(2026, 2, 1))
    response = client_for("admin").get("/impact/" + QUERY)
    tables = dict((table.key, chart) for table, chart in response.context["tables"])
    # 10 without a diagnostic, the profiles under 5 hidden: only the first has a slice.
    assert tables["profiles"].startswith("data:image/svg+xml")
    svg = unquote(tables["profiles"])
    assert "<script" not in svg and "Sans diagnostic" in svg
    # New (8) against returning (3, hidden): the complement hides the new ones too.
    assert tables["people"] is None
    assert 'alt="Graphique : Personnes accompagnées par profil.' in response.content.decode()


def test_a_coordinator_sees_their_space_only(client_for, data):
    response = client_for("coordinator").get("/impact/" + QUERY)
    assert response.status_code == 200
    form = response.context["form"]
    assert [label for _value, label in form.fields["space"].choices][1:] == ["Tremplin Strasbourg"]
    assert response.context["scope"].space_ids == (data.strasbourg.pk,)


def test_a_filter_can_only_narrow_the_scope(client_for, data):
    response = client_for("coordinator").get(f"/impact/{QUERY}&space={data.marseille.pk}")
    assert response.status_code == 200
    assert response.context["scope"].space_ids == (data.strasbourg.pk,)  # choice refused
    assert "Sélectionnez un choix valide" in response.content.decode()


def test_a_period_ending_before_it_starts_says_so(client_for, data):
    response = client_for("admin").get("/impact/?start=2026-06-30&end=2026-01-01")
    assert response.status_code == 200
    assert "La fin de la période doit venir après son début." in response.content.decode()


def test_a_funder_reads_the_aggregates_of_their_perimeter(client_for, personas, data):
    perimeter = FunderPerimeter.objects.create(access=personas.funder.funder_access)
    perimeter.spaces.set([data.marseille])
    response = client_for("funder").get("/impact/" + QUERY)
    assert response.status_code == 200
    assert response.context["scope"].space_ids == (data.marseille.pk,)
    assert "/people/" not in response.content.decode()


def test_a_funder_never_reaches_a_person(client_for, data):
    client = client_for("funder")
    for path in [
        f"/people/{data.anne.pk}/",
        "/impact/suivis/",
        f"/impact/suivis/{data.emma.follow_ups.first().pk}/",
    ]:
        assert client.get(path).status_code == 404, path


def test_erased_people_are_counted_but_never_shown(client_for, personas, data):
    erase_person(data.farid, actor=personas.admin)
    page = client_for("admin").get("/impact/" + QUERY).content.decode()
    assert "Farid" not in page and "effacée" not in page


def test_the_dashboard_stays_within_a_bounded_number_of_queries(
    client_for, data, django_assert_max_num_queries
):
    client = client_for("admin")
    # 45, the diagnostic bank's three (calibrations, responses, exposure) and the summary's
    # refresh looked up once.
    with django_assert_max_num_queries(49):
        client.get("/impact/" + QUERY)


def test_every_table_exports_in_csv_and_reads_back(client_for, data):
    response = client_for("admin").get("/impact/export/people.csv" + QUERY)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    rows = tablib.Dataset().load(response.content.decode("utf-8-sig"), format="csv")
    assert rows.headers == ["", "Personnes"]
    assert list(rows) == [
        ("Nouvelles", HIDDEN),
        ("Déjà venues avant", HIDDEN),
        ("Total (chaque personne une fois)", "5"),
    ]


def test_xlsx_export_opens_again_with_numbers_and_hidden_cells(client_for, data):
    response = client_for("admin").get("/impact/export/spaces.xlsx" + QUERY)
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    values = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert values[0] == [None, "Personnes accompagnées", "Aides individuelles", "Heures d'ateliers"]
    assert values[-1][0] == "Ensemble (chaque personne une fois)" and values[-1][1] == 5
    assert [HIDDEN, HIDDEN, HIDDEN] in [row[1:] for row in values]


def test_ods_export_opens_again(client_for, data):
    response = client_for("admin").get("/impact/export/towns.ods" + QUERY)
    assert response["Content-Type"] == "application/vnd.oasis.opendocument.spreadsheet"
    rows = tablib.Dataset().load(response.content, format="ods")
    assert rows.headers[1] == "Personnes accompagnées"
    assert rows[-1][0] == "Ensemble" and int(rows[-1][1]) == 5


def test_the_whole_dashboard_exports_as_one_workbook(client_for, data):
    response = client_for("admin").get("/impact/export/all.xlsx" + QUERY)
    book = openpyxl.load_workbook(io.BytesIO(response.content))
    assert "Chiffres clés" in book.sheetnames and len(book.sheetnames) >= 10


def test_an_unknown_table_or_format_is_not_found(client_for, data):
    client = client_for("admin")
    assert client.get("/impact/export/nothing.csv").status_code == 404
    assert client.get("/impact/export/people.pdf").status_code == 404
    assert client.get("/impact/export/all.csv").status_code == 404


def test_the_funder_report_renders_every_page_with_every_table(personas, data):
    scope = ImpactScope(personas.organisation.pk, None, PERIOD, NATIONAL)
    tables = [publish(table) for table in metrics.dashboard_tables(scope)]
    pdf = build_funder_report(tables, scope=scope, organisation="Réseau Tremplin")
    body = pdf.to_bytes()
    assert body.startswith(b"%PDF-") and body.rstrip().endswith(b"%%EOF")
    assert pdf.pages_count >= 2
    assert set(pdf.page_lines) == set(range(1, pdf.pages_count + 1))  # no empty page
    written = [line for lines in pdf.page_lines.values() for line in lines]
    for table in tables:
        assert table.title in written
    assert HIDDEN in written
    assert "Du 1er janvier 2026 au 30 juin 2026" in written


def test_the_report_page_answers_a_pdf(client_for, data):
    response = client_for("admin").get(f"/impact/rapport.pdf{QUERY}&cohort={data.cohort.pk}")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF-")
