"""The summary of activity that the whole-organisation figures read (decision 0013, « Scale »).

At national scale the people supported over a year are a distinct count over millions of
activity rows (1 million people, 10 million helps: 15 million rows); no index makes that
sub-second. ``refresh`` rebuilds, per organisation, in a few set-based statements:

- ``ActivityMonth``: one row per *unit* (the organisation, a space, a town; and the organisation
  for attendances only), person and month with activity, with the days of that month
  (``days``, bit ``d - 1`` for day ``d``) and the unit's and person's activity just before the
  month (``previous_month``, ``previous_day``, by a window function);
- ``ActivityMonthCount``: those rows counted per unit, month and previous month;
- ``ActivityDay``: helps and minutes of presence per space and day (they simply add up).

**Counting people once without DISTINCT.** Over a period from day ``s`` (month ``a``) to day
``e`` (month ``b``), a unit's person is counted at the first of their rows that has a day in
the period, and only there:

- month ``a``: the row has a day from ``s`` on (``days & mask``);
- a month strictly between ``a`` and ``b``: its previous month is before ``a`` (or none): summed
  from ``ActivityMonthCount``, a few thousand rows whatever the history;
- month ``b``: the row has a day up to ``e`` and its previous month is before ``a`` (or none);
- any month after ``a``, up to ``b``, whose previous month is ``a`` itself: counted when the
  person's last day in ``a`` was before ``s``.

Each person counts once per unit, exactly, whatever the period's days; new people (no activity
in the unit before ``s``) are those of these rows with no activity before at all. Only rows of
the first and last month (and those right after the first) are read: a few hundred thousand at
national scale.

The summary is as of its last ``refresh`` (``SummaryRefresh``): the dashboard says when.
``covers(scope)`` tells whether a scope's figures come from it: the whole organisation, with no
cohort or partner filter, once refreshed; every other scope reads the activity tables, live.
"""

import datetime
import time
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, replace

from django.db import connection, transaction
from django.db.models import CharField, F, IntegerField, Max, Sum, Value
from django.db.models.fields.json import KeyTextTransform
from django.db.models.functions import Cast, TruncDate
from django.utils import timezone

from tremplin.accompaniment.models import Accompaniment
from tremplin.diagnostic.models import DiagnosticSession
from tremplin.impact.models import ActivityDay, ActivityMonth, ActivityMonthCount, SummaryRefresh
from tremplin.people.models import Person
from tremplin.spaces.models import Space
from tremplin.workshops.models import Booking

ORGANISATION, SPACE, TOWN, ATTENDANCE = (
    ActivityMonth.ORGANISATION,
    ActivityMonth.SPACE,
    ActivityMonth.TOWN,
    ActivityMonth.ATTENDANCE,
)
MEASURED, GAINED = ActivityMonth.MEASURED, ActivityMonth.GAINED
MONTHS = ActivityMonth._meta.db_table
COUNTS = ActivityMonthCount._meta.db_table
DAYS = ActivityDay._meta.db_table


def _vendor(postgresql: str, sqlite: str) -> str:
    return postgresql if connection.vendor == "postgresql" else sqlite


def _month_of(column: str) -> str:
    return _vendor(
        f"CAST(date_trunc('month', {column}) AS date)", f"date({column}, 'start of month')"
    )


def _day_of(column: str) -> str:
    return _vendor(
        f"CAST(extract(day FROM {column}) AS integer)",
        f"CAST(strftime('%%d', {column}) AS integer)",
    )


# Refresh ------------------------------------------------------------------------------------


def _activity(organisation_id: int, *, attendance_only: bool = False):
    """``(person, space, day)`` of every activity of the organisation, as SQL and parameters:
    the same rows as ``metrics.supported_ids`` (intake, help, attendance, diagnostic, sale),
    days in local time (``TruncDate``: the database's time zone conversion, SQLite's too)."""
    from django.apps import apps

    def rows(queryset, person, space, day):
        return (
            queryset.filter(organisation_id=organisation_id)
            .order_by()
            .values(p=F(person), s=F(space), d=F(day) if isinstance(day, str) else day)
        )

    attended = rows(
        Booking.objects.attended(), "person_id", "space_id", TruncDate("session__starts_at")
    )
    if attendance_only:
        return attended.query.sql_with_params()
    parts = [
        rows(Accompaniment.objects, "person_id", "space_id", "happened_on"),
        attended,
        rows(
            DiagnosticSession.objects.of_people(), "person_id", "space_id", TruncDate("finished_at")
        ),
    ]
    if apps.is_installed("tremplin.solidarity"):
        from tremplin.solidarity.models import Sale

        parts.append(rows(Sale.objects.completed(), "person_id", "space_id", "sold_on"))
    intakes = rows(Person.objects, "id", "home_space_id", TruncDate("created_at"))
    return intakes.union(*parts, all=True).query.sql_with_params()


def _profiles_sql(organisation_id: int):
    """``(person_id, profile)``: each person's latest finished diagnostic (the greatest profile
    of the sittings finished at that moment, as ``metrics.latest_profiles_sql``)."""
    table = DiagnosticSession._meta.db_table
    latest = (
        DiagnosticSession.objects.of_people()
        .filter(organisation_id=organisation_id)
        .order_by()
        .values("person_id")
        .annotate(at=Max("finished_at"))
    )
    latest_sql, latest_params = latest.query.sql_with_params()
    sql = (
        f"SELECT sitting.person_id, MAX(sitting.profile) AS profile FROM {table} sitting "
        f"JOIN ({latest_sql}) latest ON latest.person_id = sitting.person_id "
        "AND latest.at = sitting.finished_at WHERE sitting.organisation_id = %s "
        "GROUP BY sitting.person_id"
    )
    return sql, (*latest_params, organisation_id)


def _retests(organisation_id: int, *, gained: bool):
    """``(person, space, day, area)`` of each retest (a finished sitting with a previous one)
    and each area measured both times (and, with ``gained``, whose level rose): the rows of
    ``metrics.autonomy``."""
    from tremplin.diagnostic import bank

    parts = []
    for area in bank.current().content.areas:
        before = Cast(KeyTextTransform(area.code, "previous__area_levels"), IntegerField())
        after = Cast(KeyTextTransform(area.code, "area_levels"), IntegerField())
        rows = (
            DiagnosticSession.objects.of_people()
            .filter(organisation_id=organisation_id, previous__isnull=False)
            .annotate(before=before, after=after)
            .filter(before__isnull=False, after__isnull=False)
        )
        if gained:
            rows = rows.filter(after__gt=F("before"))
        parts.append(
            rows.order_by().values(
                p=F("person_id"),
                s=F("space_id"),
                d=TruncDate("finished_at"),
                k=Value(area.code, CharField()),
            )
        )
    if not parts:
        return None
    return parts[0].union(*parts[1:], all=True).query.sql_with_params()


def _insert_months(cursor, organisation_id: int, level: int) -> None:
    """The rows of one level: the activity grouped per unit, person and month, then each row's
    previous month and day in its unit (``LAG``)."""
    space, town, profile, joins, where = "CAST(NULL AS bigint)", "''", "''", "", ""
    if level in (MEASURED, GAINED):
        found = _retests(organisation_id, gained=level == GAINED)
        if found is None:
            return
        activity_sql, params = found
        profile = "a.k"  # the unit is the area
    else:
        activity_sql, params = _activity(organisation_id, attendance_only=level == ATTENDANCE)
    if level == SPACE:
        space, where = "a.s", "WHERE a.s IS NOT NULL"
    elif level == TOWN:
        town = "sp.town"
        joins = f"JOIN {Space._meta.db_table} sp ON sp.id = a.s"
    elif level == ORGANISATION:
        profiles_sql, profiles_params = _profiles_sql(organisation_id)
        profile = "COALESCE(pr.profile, '')"
        joins = f"LEFT JOIN ({profiles_sql}) pr ON pr.person_id = a.p"
        params = (*params, *profiles_params)
    cursor.execute(
        f"INSERT INTO {MONTHS} (organisation_id, level, space_id, town, profile, person_id, "
        "month, days, last_day, previous_month, previous_day) "
        f"SELECT %s, %s, space_id, town, profile, person_id, month, days, last_day, "
        "LAG(month) OVER unit, LAG(last_day) OVER unit FROM ("
        f"SELECT {space} AS space_id, {town} AS town, {profile} AS profile, a.p AS person_id, "
        f"{_month_of('a.d')} AS month, SUM(DISTINCT 1 << ({_day_of('a.d')} - 1)) AS days, "
        f"MAX(a.d) AS last_day FROM ({activity_sql}) a {joins} {where} "
        f"GROUP BY 1, 2, 3, 4, 5) grouped "
        "WINDOW unit AS (PARTITION BY space_id, town, profile, person_id ORDER BY month) "
        # Stored by month: a period's first and last months are then a few contiguous pages.
        "ORDER BY month",
        (organisation_id, level, *params),
    )


def refresh(organisation_id: int, *, now: datetime.datetime | None = None) -> SummaryRefresh:
    """Rebuilds the organisation's summary from its activity tables, in one transaction
    (readers see the old summary until it commits). Daily from cron
    (``manage.py refresh_impact_summary``), and after a bulk load."""
    begin = time.monotonic()
    now = now or timezone.now()
    with transaction.atomic(), connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SET LOCAL work_mem = '256MB'")
        for model in (ActivityMonth, ActivityMonthCount, ActivityDay):
            model.objects.filter(organisation_id=organisation_id).delete()
        for level in (ORGANISATION, SPACE, TOWN, ATTENDANCE, MEASURED, GAINED):
            _insert_months(cursor, organisation_id, level)
        cursor.execute(
            f"INSERT INTO {COUNTS} (organisation_id, level, space_id, town, profile, month, "
            "previous_month, people) SELECT organisation_id, level, space_id, town, profile, "
            f"month, previous_month, COUNT(*) FROM {MONTHS} WHERE organisation_id = %s "
            "GROUP BY organisation_id, level, space_id, town, profile, month, previous_month",
            (organisation_id,),
        )
        help_rows = (
            Accompaniment.objects.filter(organisation_id=organisation_id)
            .order_by()
            .values("space_id", "happened_on")
        )
        minute_rows = (
            Booking.objects.attended()
            .filter(organisation_id=organisation_id)
            .order_by()
            .values("space_id", "attended_minutes", d=TruncDate("session__starts_at"))
        )
        helps_sql, helps_params = help_rows.query.sql_with_params()
        minutes_sql, minutes_params = minute_rows.query.sql_with_params()
        cursor.execute(
            f"INSERT INTO {DAYS} (organisation_id, space_id, day, helps, attended_minutes) "
            "SELECT %s, space_id, day, SUM(helps), SUM(minutes) FROM ("
            f"SELECT space_id, happened_on AS day, COUNT(*) AS helps, 0 AS minutes FROM "
            f"({helps_sql}) h GROUP BY space_id, happened_on UNION ALL "
            f"SELECT b.space_id, b.d, 0, COALESCE(SUM(b.attended_minutes), 0) FROM "
            f"({minutes_sql}) b GROUP BY b.space_id, b.d"
            ") days GROUP BY space_id, day",
            (organisation_id, *helps_params, *minutes_params),
        )
        last_diagnostic = (
            DiagnosticSession.objects.of_people()
            .filter(organisation_id=organisation_id)
            .aggregate(at=Max("finished_at"))["at"]
        )
        if connection.vendor == "postgresql":
            for table in (MONTHS, COUNTS, DAYS):
                cursor.execute(f"ANALYZE {table}")
        done, _created = SummaryRefresh.objects.update_or_create(
            organisation_id=organisation_id,
            defaults={
                "refreshed_at": now,
                "last_diagnostic_at": last_diagnostic,
                "seconds": time.monotonic() - begin,
            },
        )
    return done


# Reading ------------------------------------------------------------------------------------


def last_refresh(organisation_id: int) -> SummaryRefresh | None:
    return SummaryRefresh.objects.filter(organisation_id=organisation_id).first()


NONE = "none"  # looked up: no refresh


def with_refresh(scope):
    """``scope`` with its organisation's refresh looked up once (``covers`` then asks nothing)."""
    if scope.refresh is not None:
        return scope
    return replace(scope, refresh=last_refresh(scope.organisation_id) or NONE)


def covers(scope) -> SummaryRefresh | None:
    """The refresh a scope's figures are read from, or None when they come from the activity
    tables (a set of spaces, a cohort or partner filter, or no refresh yet)."""
    if scope.space_ids is not None or scope.cohort_id or scope.partner_id:
        return None
    refresh = with_refresh(scope).refresh
    return refresh if isinstance(refresh, SummaryRefresh) else None


@dataclass(frozen=True)
class Counted:
    people: int
    new: int


def _mask(first: int, last: int) -> int:
    """The bits of days ``first`` to ``last`` of a month (none when ``last < first``)."""
    if last < first:
        return 0
    return ((1 << last) - 1) & ~((1 << (first - 1)) - 1)


@contextmanager
def tuned():
    """The figures' queries on PostgreSQL: no JIT (it compiles any query estimated above
    ``jit_above_cost``, and compiling these index-driven aggregates took longer than running
    them: 2.7 s against 0.9 s at national scale), and 64 MB per sort or hash (the default 4 MB
    sorted the retests on disk). ``SET LOCAL``: until the end of the transaction the block
    opens (or of the request's, inside one); set once for a whole dashboard (nested blocks ask
    nothing more)."""
    if connection.vendor != "postgresql" or _tuned.get():
        yield
        return
    token = _tuned.set(True)
    try:
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("SET LOCAL jit = off; SET LOCAL work_mem = '64MB'")
            yield
    finally:
        _tuned.reset(token)


_tuned: ContextVar[bool] = ContextVar("impact_tuned", default=False)


def people(
    organisation_id: int, level: int, start: datetime.date, end: datetime.date, *, by: str = ""
) -> dict:
    """``{unit key: Counted(people, new)}`` for a period of local dates (both included): each
    person once per unit (see the module docstring). ``by`` names the key: ``space_id``,
    ``town``, ``profile`` or nothing (one key, ``None``)."""
    if end < start:
        return {}
    key = by or "NULL"
    first_month, last_month = start.replace(day=1), end.replace(day=1)
    base = "organisation_id = %s AND level = %s"
    month_a, month_b = first_month.isoformat(), last_month.isoformat()
    before = _mask(1, start.day - 1)
    new_first = f"CASE WHEN previous_month IS NULL AND (days & {before}) = 0 THEN 1 ELSE 0 END"
    new_later = "CASE WHEN previous_month IS NULL THEN 1 ELSE 0 END"
    parts, params = [], []
    if first_month == last_month:
        parts.append(
            f"SELECT {key} AS k, 1 AS n, {new_first} AS fresh FROM {MONTHS} WHERE {base} "
            f"AND month = %s AND (days & {_mask(start.day, end.day)}) <> 0"
        )
        params += [organisation_id, level, month_a]
    else:
        to_end, from_start = _mask(start.day, 31), _mask(1, end.day)
        parts.append(
            f"SELECT {key} AS k, 1 AS n, {new_first} AS fresh FROM {MONTHS} WHERE {base} "
            f"AND month = %s AND (days & {to_end}) <> 0"
        )
        params += [organisation_id, level, month_a]
        parts.append(
            f"SELECT {key} AS k, people AS n, "
            "CASE WHEN previous_month IS NULL THEN people ELSE 0 END AS fresh "
            f"FROM {COUNTS} WHERE {base} AND month > %s AND month < %s "
            "AND (previous_month IS NULL OR previous_month < %s)"
        )
        params += [organisation_id, level, month_a, month_b, month_a]
        parts.append(
            f"SELECT {key} AS k, 1 AS n, {new_later} AS fresh FROM {MONTHS} WHERE {base} "
            f"AND month = %s AND (days & {from_start}) <> 0 "
            "AND (previous_month IS NULL OR previous_month < %s)"
        )
        params += [organisation_id, level, month_b, month_a]
        parts.append(
            f"SELECT {key} AS k, 1 AS n, 0 AS fresh FROM {MONTHS} WHERE {base} "
            "AND previous_month = %s AND month <= %s AND previous_day < %s "
            f"AND (month < %s OR (days & {from_start}) <> 0)"
        )
        params += [organisation_id, level, month_a, month_b, start.isoformat(), month_b]
    with tuned(), connection.cursor() as cursor:
        cursor.execute(
            f"SELECT k, SUM(n), SUM(fresh) FROM ({' UNION ALL '.join(parts)}) counted GROUP BY k",
            params,
        )
        return {k: Counted(int(n), int(fresh)) for k, n, fresh in cursor.fetchall()}


def total(organisation_id: int, level: int, start, end) -> Counted:
    return people(organisation_id, level, start, end).get(None, Counted(0, 0))


def day_totals(organisation_id: int, start: datetime.date, end: datetime.date) -> dict:
    """``{space id: (helps, attended minutes)}`` of the period (both days included)."""
    rows = (
        ActivityDay.objects.filter(organisation_id=organisation_id, day__gte=start, day__lte=end)
        .order_by()
        .values_list("space_id")
        .annotate(helps=Sum("helps"), minutes=Sum("attended_minutes"))
    )
    return {space_id: (helps or 0, minutes or 0) for space_id, helps, minutes in rows}
