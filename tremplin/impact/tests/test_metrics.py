"""Every figure on the hand-built data set (``factories.py``), exactly: period boundaries,
people counted once across spaces and activities, erased people still counted."""

import datetime

import pytest

from tremplin.impact import metrics
from tremplin.impact.scope import COORDINATOR, NATIONAL, ImpactScope, Period
from tremplin.impact.tests.factories import PERIOD, build, module_minutes
from tremplin.people.services import erase_person

pytestmark = pytest.mark.django_db


@pytest.fixture
def data(personas):
    return build(personas)


@pytest.fixture
def national(personas, data):
    return ImpactScope(personas.organisation.pk, None, PERIOD, NATIONAL)


def values(table) -> dict:
    """``{row label: [values]}`` of a raw table, the total row included."""
    rows = {str(label): [cell.value for cell in cells] for label, cells in table.rows}
    if table.total:
        rows[str(table.total[0])] = [cell.value for cell in table.total[1]]
    return rows


def test_people_supported_counts_each_person_once_within_the_period_boundaries(national):
    assert metrics.count_supported(national, PERIOD) == 5
    assert values(metrics.people_supported(national)) == {
        "Nouvelles": [2],
        "Déjà venues avant": [3],
        "Total (chaque personne une fois)": [5],
    }


def test_a_day_more_or_less_at_either_end_moves_the_boundary_people(national):
    # Anne's intake (31/12 23:30) and David's (1/7 00:00) are just outside.
    wider = Period(datetime.date(2025, 12, 31), datetime.date(2026, 7, 1))
    assert metrics.count_supported(national, wider) == 6  # + David; Anne already in
    narrower = Period(datetime.date(2026, 1, 2), datetime.date(2026, 6, 29))
    # Anne (1/1), Bruno (1/1), Chloé's intake (30/6) and Emma's help (30/6) drop; Chloé's
    # workshop (10/3) and Farid's retest (1/2) stay.
    assert metrics.count_supported(national, narrower) == 2


def test_by_profile_reads_the_latest_diagnostic_up_to_the_end_of_the_period(national):
    assert values(metrics.by_profile(national)) == {
        "Éloigné du numérique": [0],
        "Débutant ou intermédiaire": [1],
        "Avancé": [0],
        "Sans diagnostic": [4],
        "Total": [5],
    }


def test_training_hours_from_attendance_and_completed_modules(national):
    assert values(metrics.training_hours(national)) == {
        "Ateliers et permanences (présence notée)": [2.5, 2],
        "Modules en ligne terminés (temps prévu)": [round(module_minutes() / 60, 1), 1],
    }


def test_completion_of_pathways_and_cohorts(national):
    assert values(metrics.completion(national)) == {
        "Parcours en ligne commencés dans la période": [1, 1, 100],
        "Cohortes finies dans la période": [2, 1, 50],
    }


def test_satisfaction_counts_answers_and_the_two_best_smileys(national):
    assert values(metrics.satisfaction(national)) == {
        "Très content·e": [1],
        "Content·e": [0],
        "Moyen": [1],
        "Pas content·e": [0],
        "Pas du tout content·e": [0],
        "Toutes les réponses": [2],
    }
    assert metrics.satisfaction_rate(national).value == 50


def test_autonomy_compares_each_retest_with_the_sitting_before(national):
    rows = values(metrics.autonomy(national))
    assert rows["Utiliser un appareil"] == [1, 1, 100]
    assert rows["Trouver des informations"] == [1, 0, 0]
    assert rows["Communiquer"] == [0, 0, None]


def test_employment_at_three_and_six_months_counts_unanswered_as_unknown(national):
    assert values(metrics.employment(national)) == {
        "En emploi": [1, 0],
        "En formation": [1, 0],
        "Toujours en recherche": [0, 0],
        "Situation inconnue": [0, 1],
        "Suivis prévus": [2, 1],
    }


def test_per_space_counts_a_person_in_each_space_and_once_in_the_whole(national, data):
    rows = values(metrics.by_space(national))
    assert rows["Tremplin Strasbourg"] == [4, 1, 2.5]
    assert rows["Tremplin Marseille"] == [2, 1, 0.0]
    assert rows["Ensemble (chaque personne une fois)"] == [5, 2, 2.5]
    assert values(metrics.by_town(national)) == {
        "Marseille": [2],
        "Strasbourg": [4],
        "Ensemble": [5],
    }


def test_key_figures_compare_with_the_previous_period_of_the_same_length(national):
    rows = values(metrics.key_figures(national))
    assert rows["Personnes accompagnées"] == [5, 1]  # Anne's intake on 31/12/2025
    assert rows["Aides individuelles"] == [2, 0]
    assert rows["Heures d'ateliers"] == [2.5, 0.0]
    assert rows["Satisfaction"] == [50, None]


def test_a_coordinator_scope_counts_their_space_only(personas, data):
    scope = ImpactScope(personas.organisation.pk, (personas.strasbourg.pk,), PERIOD, COORDINATOR)
    assert metrics.count_supported(scope, PERIOD) == 4


def test_cohort_and_partner_filters_narrow_to_the_people_concerned(national, data, personas):
    assert metrics.count_supported(national.narrowed(cohort_id=data.cohort.pk), PERIOD) == 2
    data.emma.referred_by = personas.partner.partner_adviser.partner
    data.emma.save()
    assert (
        metrics.count_supported(national.narrowed(partner_id=data.emma.referred_by_id), PERIOD) == 1
    )


def test_erased_people_are_still_counted(national, data, personas):
    before = [values(table) for table in metrics.dashboard_tables(national)]
    erase_person(data.farid, actor=personas.admin)
    after = [values(table) for table in metrics.dashboard_tables(national)]
    assert after == before


def test_another_organisation_counts_nothing_of_this_one(personas, data):
    scope = ImpactScope(personas.other_organisation.pk, None, PERIOD, NATIONAL)
    assert metrics.count_supported(scope, PERIOD) == 0


def test_the_dashboard_runs_a_bounded_number_of_queries(national, django_assert_max_num_queries):
    with django_assert_max_num_queries(40):
        metrics.dashboard_tables(national)


def test_the_network_counts_open_spaces_towns_and_staff_per_role(national):
    assert values(metrics.network(national)) == {
        "Espaces ouverts": [2],
        "Communes": [2],
        "Bénévole": [2],
        "Médiateur·rice numérique": [1],
        "Coordinateur·rice": [1],
    }
