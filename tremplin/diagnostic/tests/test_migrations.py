"""Data migrations of the diagnostic: what a sitting recorded before them still shows."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from tremplin.spaces.tests.factories import make_organisation

BEFORE = [("diagnostic", "0005_looking_for_work")]
AFTER = [("diagnostic", "0006_area_answers_at_finish")]


@pytest.fixture
def latest_schema_after():
    """The test migrates back and forth; the tests after it need every migration applied."""
    yield
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())


@pytest.mark.django_db(transaction=True)
def test_a_sitting_finished_before_the_area_counts_keeps_its_measured_areas(latest_schema_after):
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    apps = executor.loader.project_state(BEFORE).apps
    organisation = apps.get_model("spaces", "Organisation").objects.get(pk=make_organisation().pk)
    sitting = apps.get_model("diagnostic", "DiagnosticSession")
    response = apps.get_model("diagnostic", "Response")
    finished = sitting.objects.create(
        organisation=organisation, resume_code="AAAAAAAAA", share_token="a", state="finished"
    )
    running = sitting.objects.create(
        organisation=organisation, resume_code="BBBBBBBBB", share_token="b", state="in_progress"
    )
    answers = [
        ("device-01", False),
        ("device-02", False),
        ("problem_solving-01", False),
        ("safety-03", True),  # a pretest slot: not counted
        ("retired", False),  # no longer in the bank's naming: not counted
    ]
    for item_id, is_pretest in answers:
        response.objects.create(
            organisation=organisation,
            session=finished,
            item_id=item_id,
            answer=["x"],
            is_correct=False,
            is_pretest=is_pretest,
        )
    response.objects.create(
        organisation=organisation,
        session=running,
        item_id="device-01",
        answer=["x"],
        is_correct=True,
    )

    executor = MigrationExecutor(connection)
    executor.migrate(AFTER)
    apps = executor.loader.project_state(AFTER).apps
    sitting = apps.get_model("diagnostic", "DiagnosticSession")
    assert sitting.objects.get(pk=finished.pk).area_answers == {"device": 2, "problem_solving": 1}
    assert sitting.objects.get(pk=running.pk).area_answers == {}


@pytest.mark.django_db(transaction=True)
def test_the_schema_is_the_latest_after_the_migration_test():
    """Runs after the test above in the same process (transactional tests keep the file's
    order, after the others): the browser tests that follow need every column."""
    columns = {
        c.name
        for c in connection.introspection.get_table_description(
            connection.cursor(), "diagnostic_diagnosticsession"
        )
    }
    assert {"area_answers", "on_screen"} <= columns
