"""The summary the whole-organisation figures read (``summary.py``) agrees with the activity
tables, exactly: on the hand-built data set (``factories.py``) plus a few more helps, for every
period between boundary days (within a month, across months, across years), per space and per
town (people once across spaces), new against returning, erased people still counted."""

import datetime
import io
import itertools

import pytest
from django.core.management import call_command

from tremplin.impact import metrics, summary
from tremplin.impact.figures import publish
from tremplin.impact.models import ActivityMonth, SummaryRefresh
from tremplin.impact.scope import COORDINATOR, NATIONAL, ImpactScope, Period
from tremplin.impact.tests.factories import PERIOD, at, build, diagnostic, help_given
from tremplin.people.services import erase_person

pytestmark = pytest.mark.django_db

DAYS = [
    datetime.date(2013, 1, 1),
    datetime.date(2025, 1, 1),
    datetime.date(2025, 3, 1),
    datetime.date(2025, 12, 31),
    datetime.date(2026, 1, 1),
    datetime.date(2026, 1, 2),
    datetime.date(2026, 1, 20),
    datetime.date(2026, 1, 21),
    datetime.date(2026, 2, 10),
    datetime.date(2026, 3, 31),
    datetime.date(2026, 6, 29),
    datetime.date(2026, 6, 30),
    datetime.date(2026, 7, 1),
    datetime.date(2026, 8, 1),
    datetime.date(2026, 12, 31),
]
PERIODS = [Period(start, end) for start, end in itertools.combinations_with_replacement(DAYS, 2)]


@pytest.fixture
def data(personas):
    p = build(personas)
    # Gaëlle comes back often, at both spaces: several days in a month, months in between.
    for day in ((2026, 1, 5), (2026, 1, 20), (2026, 3, 15), (2026, 6, 30)):
        help_given(p.gaelle, personas.strasbourg, datetime.date(*day))
    help_given(p.gaelle, personas.marseille, datetime.date(2026, 2, 10))
    first = diagnostic(
        p.gaelle, personas.marseille, at(2026, 9, 1), profile="beginner", levels={"device": 2}
    )
    diagnostic(
        p.gaelle,
        personas.strasbourg,
        at(2026, 10, 15),
        profile="advanced",
        levels={"device": 3, "information": 1},
        previous=first,
    )
    return p


def national(personas, period=PERIOD) -> ImpactScope:
    return ImpactScope(personas.organisation.pk, None, period, NATIONAL)


def values(table) -> dict:
    rows = {str(label): [cell.value for cell in cells] for label, cells in table.rows}
    if table.total:
        rows[str(table.total[0])] = [cell.value for cell in table.total[1]]
    return rows


def published(table) -> list:
    """What the page shows of a table: suppression included."""
    return [[shown.text for shown in cells] for _label, cells in publish(table).all_rows()]


def figures_of(scope) -> dict:
    """Every figure the summary can change, by name, and the dashboard as published."""
    return {
        "published": [published(table) for table in metrics.dashboard_tables(scope)],
        "supported": metrics.count_supported(scope, scope.period),
        "new": metrics.count_new(scope, scope.period),
        "people": values(metrics.people_supported(scope)),
        "profiles": values(metrics.by_profile(scope)),
        "hours": values(metrics.training_hours(scope)),
        "key": values(metrics.key_figures(scope)),
        "spaces": values(metrics.by_space(scope)),
        "towns": values(metrics.by_town(scope)),
        "autonomy": values(metrics.autonomy(scope)),
    }


def from_activity_tables(scope, monkeypatch) -> dict:
    with monkeypatch.context() as patch:
        patch.setattr(summary, "covers", lambda scope: None)
        return figures_of(scope)


def test_the_summary_agrees_with_the_activity_tables_on_every_period(personas, data, monkeypatch):
    expected = {
        period: from_activity_tables(national(personas, period), monkeypatch) for period in PERIODS
    }
    summary.refresh(personas.organisation.pk)
    assert summary.covers(national(personas))
    for period in PERIODS:
        assert figures_of(national(personas, period)) == expected[period], period


def test_the_summary_counts_each_person_once_across_spaces_and_at_each_space(personas, data):
    summary.refresh(personas.organisation.pk)
    organisation = personas.organisation.pk
    # 2026: Anne, Bruno, Chloé, David (intakes), Emma (helps at Marseille), Farid (retest),
    # Gaëlle (Strasbourg and Marseille).
    year = (datetime.date(2026, 1, 1), datetime.date(2026, 12, 31))
    assert summary.total(organisation, summary.ORGANISATION, *year).people == 7
    per_space = summary.people(organisation, summary.SPACE, *year, by="space_id")
    assert {pk: counted.people for pk, counted in per_space.items()} == {
        # Anne, Bruno, Chloé (the cohort's session), David, Farid, Gaëlle (Emma: only 2025).
        personas.strasbourg.pk: 6,
        personas.marseille.pk: 3,  # Chloé (intake), Emma, Gaëlle
    }
    # Gaëlle's five helps of 2026 count her once; her first in 2025 makes her returning.
    gaelle = ActivityMonth.objects.filter(
        level=summary.ORGANISATION, person=data.gaelle, month=datetime.date(2026, 1, 1)
    ).get()
    assert gaelle.days == (1 << 4) | (1 << 19)
    assert gaelle.previous_month == datetime.date(2025, 3, 1)


def test_the_exact_figures_of_the_data_set_through_the_summary(personas, data):
    summary.refresh(personas.organisation.pk)
    scope = national(personas)
    assert summary.covers(scope)
    # factories.PERIOD: Anne, Bruno, Chloé, Farid, Emma (test_metrics), and Gaëlle now.
    assert values(metrics.people_supported(scope)) == {
        "Nouvelles": [2],
        "Déjà venues avant": [4],
        "Total (chaque personne une fois)": [6],
    }
    boundary = national(personas, Period(datetime.date(2026, 1, 2), datetime.date(2026, 6, 29)))
    # Chloé's workshop (10/3), Farid's retest (1/2), Gaëlle's helps (5/1 … 15/3).
    assert metrics.count_supported(boundary, boundary.period) == 3


def test_erased_people_stay_counted_in_the_summary(personas, data):
    summary.refresh(personas.organisation.pk)
    before = figures_of(national(personas))
    erase_person(data.farid, actor=personas.admin)
    erase_person(data.gaelle, actor=personas.admin)
    summary.refresh(personas.organisation.pk)
    assert figures_of(national(personas)) == before


def test_the_summary_is_as_of_its_refresh_and_only_for_the_whole_organisation(personas, data):
    organisation = personas.organisation.pk
    assert summary.covers(national(personas)) is None
    done = summary.refresh(organisation)
    assert SummaryRefresh.objects.get(organisation_id=organisation) == done
    assert summary.covers(national(personas)) == done
    # A coordinator's spaces, a cohort or a partner filter read the activity tables, live.
    coordinator = ImpactScope(organisation, (personas.strasbourg.pk,), PERIOD, COORDINATOR)
    assert summary.covers(coordinator) is None
    assert summary.covers(national(personas).narrowed(cohort_id=data.cohort.pk)) is None
    # Activity after the refresh shows at the next one.
    help_given(data.david, personas.marseille, datetime.date(2026, 5, 5))
    assert metrics.count_supported(national(personas), PERIOD) == 6
    summary.refresh(organisation)
    assert metrics.count_supported(national(personas), PERIOD) == 7
    # Rebuilding replaces the rows, never adds to them.
    rows = ActivityMonth.objects.filter(organisation_id=organisation).count()
    summary.refresh(organisation)
    assert ActivityMonth.objects.filter(organisation_id=organisation).count() == rows


def test_the_command_rebuilds_every_organisation_and_the_dashboard_says_as_of_when(
    client_for, personas, data
):
    page = client_for("admin").get("/impact/?start=2026-01-01&end=2026-06-30")
    assert "calculés le" not in page.content.decode()
    out = io.StringIO()
    call_command("refresh_impact_summary", stdout=out)
    assert f"{personas.organisation.slug}: summary rebuilt" in out.getvalue()
    assert SummaryRefresh.objects.filter(organisation=personas.organisation).exists()
    page = client_for("admin").get("/impact/?start=2026-01-01&end=2026-06-30")
    assert page.status_code == 200
    assert "Chiffres de tout le réseau calculés le" in page.content.decode()
    # A coordinator's figures are live: no « as of ».
    page = client_for("coordinator").get("/impact/")
    assert page.status_code == 200
    assert "calculés le" not in page.content.decode()


def test_the_figures_queries_run_without_jit_and_with_room_to_sort_on_postgresql():
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL settings")
    with summary.tuned(), connection.cursor() as cursor:
        cursor.execute("SHOW jit")
        assert cursor.fetchone()[0] == "off"
        with summary.tuned():  # nested: nothing more asked
            cursor.execute("SHOW work_mem")
            assert cursor.fetchone()[0] == "64MB"
