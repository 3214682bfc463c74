#!/usr/bin/env python3
"""The national impact dashboard at scale, on PostgreSQL: bulk-loads one organisation with
1 million people and 10 million accompaniments (plus attendance, satisfaction, diagnostics,
cohorts and follow-ups in proportion) with ``generate_series`` in SQL, then times each query of
the national dashboard, without a period filter (everything since 2013) and with a one-year
filter. Target (PRODUCT.md): under 1 second each, on the 2-core development machine.

The whole-organisation figures read the summary (``tremplin/impact/summary.py``), rebuilt here
after the load as ``manage.py refresh_impact_summary`` does daily; its time is printed too
(``--refresh`` rebuilds it on a reused database).

    DATABASE_URL=postgresql://postgres@127.0.0.1:5432/h_impact_scale \\
        .venv/bin/python bench/impact_scale.py [--people 1000000] [--accompaniments 10000000]
        [--keep] [--reuse] [--refresh]

The database is created (and migrated) when it does not exist; ``--reuse`` times an already
loaded database again; without ``--keep`` the database is dropped at the end. Not a test:
it prints its figures and the date, for the README.
"""

import argparse
import datetime
import json
import os
import statistics
import sys
import time
from pathlib import Path
from urllib.parse import urlparse

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
DEFAULT_URL = "postgresql://postgres@127.0.0.1:5432/h_impact_scale"
SPACES = 100
TOWNS = 40
START, END = datetime.date(2021, 1, 1), datetime.date(2026, 11, 30)
TODAY = datetime.date(2026, 12, 1)


def log(message: str, started: float) -> None:
    print(f"[{time.monotonic() - started:7.1f} s] {message}", flush=True)


def ensure_database(url: str) -> bool:
    """Creates the database if needed; returns True when it was created."""
    import psycopg

    parsed = urlparse(url)
    name = parsed.path.lstrip("/")
    admin = parsed._replace(path="/postgres").geturl()
    with psycopg.connect(admin, autocommit=True) as connection:
        exists = connection.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", [name]
        ).fetchone()
        if not exists:
            connection.execute(f'CREATE DATABASE "{name}"')
    return not exists


def drop_database(url: str) -> None:
    import psycopg

    parsed = urlparse(url)
    admin = parsed._replace(path="/postgres").geturl()
    with psycopg.connect(admin, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{parsed.path.lstrip("/")}" WITH (FORCE)')


def insert_sql(model, count_sql: str, values: dict[str, str]) -> str:
    """``INSERT INTO <table> (every concrete column) SELECT … FROM generate_series``: the
    columns come from the model, so a field added later gets its default instead of breaking
    the load (``values`` gives SQL expressions of ``g``, the series number)."""
    from django.db.models import NOT_PROVIDED

    columns, expressions = [], []
    for field in model._meta.concrete_fields:
        if field.primary_key:
            continue
        if field.name in values:
            expression = values[field.name]
        elif field.null:
            expression = "NULL"
        elif field.default is not NOT_PROVIDED:
            expression = _literal(
                field.get_default(), is_json=field.get_internal_type() == "JSONField"
            )
        elif getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
            expression = "now()"
        else:
            expression = "''"
        columns.append(f'"{field.column}"')
        expressions.append(expression)
    return (
        f'INSERT INTO "{model._meta.db_table}" ({", ".join(columns)}) '
        f"SELECT {', '.join(expressions)} FROM {count_sql}"
    )


def _literal(value, *, is_json: bool = False) -> str:
    if is_json:
        return "'" + json.dumps(value).replace("'", "''") + "'::jsonb"
    if value is None:
        return "NULL"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return str(value)
    if isinstance(value, datetime.datetime | datetime.date):
        return f"'{value.isoformat()}'"
    return "'" + str(value).replace("'", "''") + "'"


def without_indexes(cursor, tables: list[str]):
    """Drops the secondary indexes of ``tables`` (not primary keys or unique constraints) and
    returns their definitions: one sorted build after the load is far cheaper than keeping
    them up to date row by row."""
    cursor.execute(
        "SELECT indexdef, indexname FROM pg_indexes WHERE tablename = ANY(%s) AND indexname NOT IN "
        "(SELECT conname FROM pg_constraint WHERE contype IN ('p', 'u'))",
        [tables],
    )
    definitions = cursor.fetchall()
    for _definition, name in definitions:
        cursor.execute(f'DROP INDEX "{name}"')
    return [definition for definition, _name in definitions]


def day_of(expression: str) -> str:
    """A day between START and END drawn from ``expression`` (an integer)."""
    span = (END - START).days + 1
    return f"(DATE '{START}' + (({expression}) % {span})::int)"


def load(people: int, accompaniments: int, started: float) -> None:
    from django.db import connection

    from tremplin.accompaniment.models import Accompaniment
    from tremplin.diagnostic.models import DiagnosticSession
    from tremplin.impact.models import FollowUp
    from tremplin.people.models import Person
    from tremplin.spaces.models import Organisation, Space
    from tremplin.workshops.models import Booking, Cohort, CohortMember, Satisfaction, Session

    sessions = max(accompaniments // 50, 10)  # 200,000 sessions
    bookings = accompaniments * 3 // 10  # 3 million bookings, 80 % attended
    diagnostic_count = people * 3 // 2  # 1.5 million sittings, a third of them retests
    cohorts = max(people // 200, 1)
    members = people // 10
    follow_ups = members * 2

    organisation = Organisation.objects.create(name="Réseau à l'échelle", slug="echelle")
    for index in range(SPACES):
        Space.objects.create(
            organisation=organisation,
            name=f"Espace {index:03}",
            slug=f"espace-{index:03}",
            address="1 rue de la Paix",
            postcode=f"{(index % TOWNS) + 10:02}000",
            town=f"Ville {index % TOWNS:02}",
        )
    first_space = Space.objects.filter(organisation=organisation).order_by("pk").first().pk
    org = organisation.pk

    def space_of(expression: str) -> str:
        return f"({first_space} + (({expression}) % {SPACES}))"

    with connection.cursor() as cursor:
        cursor.execute("SET session_replication_role = replica")  # no FK triggers while loading
        cursor.execute("SET synchronous_commit = off")
        cursor.execute("SET maintenance_work_mem = '512MB'")
        big_tables = [
            model._meta.db_table
            for model in (Person, Accompaniment, Booking, Satisfaction, DiagnosticSession, Session)
        ]
        indexes = without_indexes(cursor, big_tables)
        cursor.execute(
            insert_sql(
                Person,
                f"generate_series(1, {people}) AS g",
                {
                    "organisation": str(org),
                    "home_space": space_of("g"),
                    "first_name": "'Personne'",
                    "last_name": "'n° ' || g",
                    "search_name": "'personne n ' || g",
                    "came_through": "'walk_in'",
                    "is_job_seeker": "(g % 3 = 0)",
                    "created_at": f"({day_of('g * 7')})::timestamptz + interval '10 hours'",
                    "last_activity_at": "now()",
                },
            )
        )
        log(f"{people:,} people", started)
        first_person = Person.objects.filter(organisation=organisation).order_by("pk").first().pk
        person = f"({first_person} + (hashint % {people}))"
        # Each row draws its person from a hash of g; the person's home space is its space (the
        # space of a person is derived from the person's number, as above).
        cursor.execute(
            insert_sql(
                Accompaniment,
                f"(SELECT g, abs(hashint4(g)) AS hashint FROM generate_series(1, {accompaniments}) AS g) AS s",
                {
                    "organisation": str(org),
                    "space": space_of(f"{person} - {first_person} + 1"),
                    "person": person,
                    "kind": "'individual'",
                    "happened_on": day_of("abs(hashint4(g + 1))"),
                    "duration_minutes": "15 + (g % 76)",
                    "themes": "'[\"email\"]'::jsonb",
                    "outcome": "'done'",
                    "created_at": "now()",
                },
            )
        )
        log(f"{accompaniments:,} accompaniments", started)
        cursor.execute(
            insert_sql(
                Session,
                f"generate_series(1, {sessions}) AS g",
                {
                    "organisation": str(org),
                    "space": space_of("g"),
                    "kind": "'workshop'",
                    "theme": "'email'",
                    "title": "'Atelier ' || g",
                    "starts_at": f"({day_of('g * 13')})::timestamptz + interval '14 hours'",
                    "ends_at": f"({day_of('g * 13')})::timestamptz + interval '15 hours 30 minutes'",
                    "capacity": "12",
                },
            )
        )
        first_session = Session.objects.filter(organisation=organisation).order_by("pk").first()
        cursor.execute(
            insert_sql(
                Booking,
                f"(SELECT g, g / 3 AS hashint FROM generate_series(1, {bookings}) AS g) AS s",
                {
                    "organisation": str(org),
                    # g / 3 draws the person: one person at most once per session.
                    "session": f"({first_session.pk} + (g % {sessions}))",
                    "space": space_of(f"(g % {sessions}) + 1"),
                    "person": person,
                    "status": "CASE WHEN g % 5 = 0 THEN 'absent' ELSE 'attended' END",
                    "channel": "'staff'",
                    "code": "NULL",
                    "booked_at": "now()",
                    "attended_minutes": "CASE WHEN g % 5 = 0 THEN NULL ELSE 60 + (g % 31) END",
                },
            )
        )
        log(f"{sessions:,} sessions, {bookings:,} bookings", started)
        first_booking = Booking.objects.filter(organisation=organisation).order_by("pk").first()
        cursor.execute(
            insert_sql(
                Satisfaction,
                f"generate_series(1, {bookings}, 5) AS g",
                {
                    "organisation": str(org),
                    "space": space_of("g"),
                    "booking": f"({first_booking.pk} + g)",
                    "score": "1 + (abs(hashint4(g)) % 5)",
                    "word": "''",
                    "answered_at": f"({day_of('g')})::timestamptz + interval '16 hours'",
                },
            )
        )
        log(f"{bookings // 5:,} satisfaction answers", started)
        cursor.execute(
            insert_sql(
                DiagnosticSession,
                f"(SELECT g, abs(hashint4(g + 11)) AS hashint FROM generate_series(1, {diagnostic_count}) AS g) AS s",
                {
                    "organisation": str(org),
                    "space": space_of("g"),
                    "person": person,
                    "resume_code": "lpad(g::text, 9, '0')",
                    "share_token": "md5(g::text || 'share')",
                    "language": "'fr'",
                    "state": "'finished'",
                    "profile": "(ARRAY['excluded','beginner','advanced'])[1 + g % 3]",
                    "area_levels": "jsonb_build_object('device', 1 + g % 3, 'information', "
                    "1 + (g / 3) % 3, 'communication', 1 + (g / 7) % 3)",
                    "started_at": f"({day_of('g * 3')})::timestamptz + interval '9 hours'",
                    "finished_at": f"({day_of('g * 3')})::timestamptz + interval '9 hours 20 minutes'",
                    "prior_mean": "0",
                    "prior_sd": "1",
                },
            )
        )
        # A third of the sittings are retests: their previous sitting is an earlier one.
        first_diagnostic = (
            DiagnosticSession.objects.filter(organisation=organisation).order_by("pk").first().pk
        )
        cursor.execute(
            f"UPDATE diagnostic_diagnosticsession SET previous_id = id - 1 "
            f"WHERE organisation_id = {org} AND (id - {first_diagnostic}) % 3 = 2"
        )
        log(f"{diagnostic_count:,} diagnostics (a third of them retests)", started)
        cursor.execute(
            insert_sql(
                Cohort,
                f"generate_series(1, {cohorts}) AS g",
                {
                    "organisation": str(org),
                    "space": space_of("g"),
                    "name": "'Cohorte ' || g",
                    "starts_on": day_of("g * 17"),
                    "ends_on": f"{day_of('g * 17')} + 60",
                    "planned_hours": "32",
                    "pathway": "''",
                },
            )
        )
        first_cohort = Cohort.objects.filter(organisation=organisation).order_by("pk").first().pk
        cursor.execute(
            insert_sql(
                CohortMember,
                f"generate_series(1, {members}) AS g",
                {
                    "organisation": str(org),
                    "cohort": f"({first_cohort} + (g % {cohorts}))",
                    "person": f"({first_person} + g)",
                    "joined_on": day_of("g * 17"),
                },
            )
        )
        cursor.execute(
            insert_sql(
                FollowUp,
                f"generate_series(1, {follow_ups}) AS g",
                {
                    "organisation": str(org),
                    "space": space_of("g / 2"),
                    "person": f"({first_person} + g / 2)",
                    "source": "'cohort'",
                    "cohort": f"({first_cohort} + ((g / 2) % {cohorts}))",
                    "pathway_slug": "''",
                    "ended_on": day_of("g * 5"),
                    "months": "CASE WHEN g % 2 = 0 THEN 3 ELSE 6 END",
                    "due_on": f"{day_of('g * 5')} + 90",
                    "situation": "(ARRAY['job','training','searching','unknown',''])[1 + g % 5]",
                    "answered_by": "''",
                    "token_hash": "''",
                },
            )
        )
        log(f"{cohorts:,} cohorts, {members:,} members, {follow_ups:,} follow-ups", started)
        for definition in indexes:
            cursor.execute(definition)
        log(f"{len(indexes)} indexes built", started)
        cursor.execute("SET session_replication_role = DEFAULT")
        cursor.execute("VACUUM ANALYZE")
        log("vacuum analyze", started)


def time_queries(repeat: int, only: str | None = None) -> list[tuple[str, str, float]]:
    """Each table of the national dashboard, timed (best of ``repeat``), for both periods."""
    from tremplin.impact import metrics
    from tremplin.impact.scope import NATIONAL, ImpactScope, Period
    from tremplin.spaces.models import Organisation

    organisation = Organisation.objects.get(slug="echelle")
    periods = {
        "since 2013": Period(datetime.date(2013, 1, 1), TODAY),
        "one year": Period.last_twelve_months(today=TODAY),
    }
    functions = [
        ("people supported (new / returning)", metrics.people_supported),
        ("people by profile", metrics.by_profile),
        ("training hours", metrics.training_hours),
        ("completion (pathways, cohorts)", metrics.completion),
        ("satisfaction", metrics.satisfaction),
        ("autonomy gained per area", metrics.autonomy),
        ("employment at 3 and 6 months", metrics.employment),
        ("key figures (with the previous period)", metrics.key_figures),
        ("per space", metrics.by_space),
        ("per town", metrics.by_town),
    ]
    if only:
        periods = {only: periods[only]}
    results = []
    for label, period in periods.items():
        scope = ImpactScope(organisation.pk, None, period, NATIONAL)
        for name, function in functions:
            timings = []
            for _attempt in range(repeat):
                begin = time.perf_counter()
                function(scope)
                timings.append(time.perf_counter() - begin)
            results.append((label, name, min(timings)))
            print(f"  {label:>10} | {name:<40} | {min(timings) * 1000:8.0f} ms", flush=True)
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, default=1_000_000)
    parser.add_argument("--accompaniments", type=int, default=10_000_000)
    parser.add_argument("--repeat", type=int, default=2)
    parser.add_argument("--keep", action="store_true", help="keep the database afterwards")
    parser.add_argument("--reuse", action="store_true", help="time an already loaded database")
    parser.add_argument("--only", choices=["since 2013", "one year"], help="one period only")
    parser.add_argument("--refresh", action="store_true", help="rebuild the summary again")
    arguments = parser.parse_args()

    url = os.environ.get("DATABASE_URL", DEFAULT_URL)
    if not url.startswith("postgres"):
        sys.exit("DATABASE_URL must name a PostgreSQL database (this benchmark is about it).")
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DEBUG", "1")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tremplin.settings")
    started = time.monotonic()
    created = ensure_database(url)
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    if not created and not arguments.reuse:
        sys.exit("The database exists: drop it, or pass --reuse to time it again.")
    call_command("migrate", verbosity=0)
    log("migrated", started)
    if created:
        load(arguments.people, arguments.accompaniments, started)
    from tremplin.impact import summary
    from tremplin.spaces.models import Organisation

    organisation = Organisation.objects.get(slug="echelle")
    refreshed = summary.last_refresh(organisation.pk)
    if refreshed is None or arguments.refresh:
        refreshed = summary.refresh(organisation.pk)
        log("summary rebuilt (manage.py refresh_impact_summary)", started)
    with connection.cursor() as cursor:
        cursor.execute("SELECT version()")
        version = cursor.fetchone()[0].split(" on ")[0]
        cursor.execute(
            "SELECT (SELECT COUNT(*) FROM impact_activitymonth WHERE organisation_id = %s), "
            "(SELECT COUNT(*) FROM impact_activitymonthcount WHERE organisation_id = %s)",
            [organisation.pk, organisation.pk],
        )
        months, counts = cursor.fetchone()
        baseline = []
        for _attempt in range(5):
            begin = time.perf_counter()
            cursor.execute("SELECT 1")
            cursor.fetchone()
            baseline.append(time.perf_counter() - begin)
    print(
        f"\nNational dashboard, {arguments.people:,} people, {arguments.accompaniments:,} "
        f"accompaniments; {version}; {os.cpu_count()} cores; "
        f"{datetime.datetime.now(datetime.UTC):%Y-%m-%d %H:%M} UTC"
    )
    print(
        f"summary: {months:,} person-month rows, {counts:,} counts, rebuilt in "
        f"{refreshed.seconds:.0f} s; baseline SELECT 1: {min(baseline) * 1000:.2f} ms"
    )
    results = time_queries(arguments.repeat, arguments.only)
    slow = [(label, name, seconds) for label, name, seconds in results if seconds >= 1]
    print(
        f"\nmedian {statistics.median(s for *_rest, s in results) * 1000:.0f} ms, "
        f"worst {max(s for *_rest, s in results) * 1000:.0f} ms; "
        f"{len(slow)} of {len(results)} at or over 1 s"
    )
    connection.close()
    if not arguments.keep:
        drop_database(url)
        print("database dropped")


if __name__ == "__main__":
    main()
