"""Indexes on the activity tables that the national figures read by organisation and period
(decision 0013). They lead with ``organisation_id`` (the Citus distribution key, decision 0005)
and hold the person (and space) so that the union of people supported is read from the index
alone. Created here, by the app that needs them, in plain SQL that SQLite and PostgreSQL both
run; the tables' own apps may take them over into their models later."""

from django.db import migrations

INDEXES = {
    "impact_accompaniment_org_day": (
        "accompaniment_accompaniment",
        "organisation_id, happened_on, person_id, space_id",
    ),
    "impact_person_org_created": ("people_person", "organisation_id, created_at, home_space_id"),
    "impact_diagnostic_org_finished": (
        "diagnostic_diagnosticsession",
        "organisation_id, finished_at, person_id, space_id",
    ),
    "impact_booking_org_session": (
        "workshops_booking",
        "organisation_id, session_id, status, person_id",
    ),
}


class Migration(migrations.Migration):
    dependencies = [
        ("impact", "0001_initial"),
        ("accompaniment", "0001_initial"),
        ("diagnostic", "0001_initial"),
        ("people", "0001_initial"),
        ("workshops", "0001_sessions_series_bookings"),
    ]

    operations = [
        migrations.RunSQL(
            f"CREATE INDEX IF NOT EXISTS {name} ON {table} ({columns})",
            reverse_sql=f"DROP INDEX IF EXISTS {name}",
        )
        for name, (table, columns) in INDEXES.items()
    ]
