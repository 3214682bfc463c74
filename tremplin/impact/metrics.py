"""The impact figures (definitions in ``METRICS.md`` beside this file), each a ``figures.Table``
computed by aggregate queries that compose the activity apps' queryset methods
(``in_spaces()``, ``in_period()``, ``minutes()``…). No figure loads people into Python: each is
one query or a handful, whatever the size of the network.

Every function takes an ``ImpactScope``; what leaves for a page goes through
``figures.publish``.
"""

import datetime
import functools

from django.apps import apps
from django.db import connection
from django.db.models import (
    Case,
    Count,
    F,
    IntegerField,
    Max,
    OuterRef,
    Q,
    Subquery,
    Sum,
    When,
)
from django.db.models.fields.json import KeyTextTransform
from django.db.models.functions import Cast, Coalesce
from django.utils.translation import gettext as _

from tremplin.accompaniment.models import Accompaniment
from tremplin.diagnostic import bank
from tremplin.diagnostic.models import DiagnosticSession
from tremplin.impact import figures, summary
from tremplin.impact.figures import Table, hours, people, rate
from tremplin.impact.models import FollowUp
from tremplin.impact.scope import ImpactScope, Period
from tremplin.learning import content as learning_content
from tremplin.learning.models import LEARNER_PATH, Enrolment, ModuleProgress
from tremplin.people.models import Person
from tremplin.spaces.models import Membership, Space
from tremplin.workshops.models import Booking, Cohort, CohortMember, Satisfaction

# Before any network used Tremplin: « since the beginning » for new against returning.
BEGINNING = datetime.date(2000, 1, 1)


def _narrow(rows, scope: ImpactScope, person_path: str):
    """Applies the cohort and partner filters, which are about the people concerned
    (``person_path`` leads from a row to its person; empty for people themselves)."""
    prefix = f"{person_path}__" if person_path else ""
    if scope.cohort_id:
        rows = rows.filter(**{f"{prefix}cohort_memberships__cohort_id": scope.cohort_id})
    if scope.partner_id:
        rows = rows.filter(**{f"{prefix}referred_by_id": scope.partner_id})
    return rows


# The activity of a scope, one queryset per app --------------------------------------------


def intakes(scope: ImpactScope, period: Period):
    rows = Person.objects.filter(organisation_id=scope.organisation_id)
    rows = rows.in_spaces(scope.space_ids).in_period(period.since, period.until)
    return _narrow(rows, scope, "").order_by()


def accompaniments(scope: ImpactScope, period: Period):
    rows = Accompaniment.objects.filter(organisation_id=scope.organisation_id)
    rows = rows.in_spaces(scope.space_ids).in_period(period.since, period.until)
    return _narrow(rows, scope, "person").order_by()


def attendances(scope: ImpactScope, period: Period):
    rows = Booking.objects.filter(organisation_id=scope.organisation_id).attended()
    rows = rows.in_spaces(scope.space_ids).in_period(period.since, period.until)
    return _narrow(rows, scope, "person").order_by()


def diagnostics(scope: ImpactScope, period: Period):
    rows = DiagnosticSession.objects.filter(organisation_id=scope.organisation_id).of_people()
    rows = rows.in_spaces(scope.space_ids).in_period(period.since, period.until)
    return _narrow(rows, scope, "person").order_by()


def sales(scope: ImpactScope, period: Period):
    """Completed solidarity sales, or None while the solidarity app is not installed."""
    if not apps.is_installed("tremplin.solidarity"):
        return None
    from tremplin.solidarity.models import Sale

    rows = Sale.objects.filter(organisation_id=scope.organisation_id).completed()
    rows = rows.in_period(period.start, period.end)
    if scope.space_ids is not None:
        rows = rows.in_spaces(scope.space_ids)
    return _narrow(rows, scope, "person").order_by()


def referrals(scope: ImpactScope, period: Period):
    """Referrals sent in the period, or None while the partners app is not installed."""
    if not apps.is_installed("tremplin.partners"):
        return None
    from tremplin.partners.models import Referral

    rows = Referral.objects.filter(organisation_id=scope.organisation_id)
    rows = rows.in_period(period.start, period.end)
    if scope.space_ids is not None:
        rows = rows.in_spaces(scope.space_ids)
    if scope.partner_id:
        rows = rows.filter(partner_id=scope.partner_id)
    if scope.cohort_id:
        rows = rows.filter(person__cohort_memberships__cohort_id=scope.cohort_id)
    return rows.order_by()


def supported_ids(scope: ImpactScope, period: Period):
    """The ids of the people supported in ``period``: at least one intake, help, attendance,
    diagnostic or sale. A UNION: each person once, across activities and spaces."""
    parts = [
        accompaniments(scope, period).values("person_id"),
        attendances(scope, period).values("person_id"),
        diagnostics(scope, period).values("person_id"),
    ]
    sold = sales(scope, period)
    if sold is not None:
        parts.append(sold.values("person_id"))
    return intakes(scope, period).values("id").union(*parts)


def count_supported(scope: ImpactScope, period: Period) -> int:
    if summary.covers(scope):
        return summary.total(scope.organisation_id, summary.ORGANISATION, *period.days_range).people
    return supported_ids(scope, period).count()


def count_new(scope: ImpactScope, period: Period) -> int:
    """Supported in the period, with no activity in the scope before it."""
    if summary.covers(scope):
        return summary.total(scope.organisation_id, summary.ORGANISATION, *period.days_range).new
    before = Period(BEGINNING, period.start - datetime.timedelta(days=1))
    now_sql, now_params = supported_ids(scope, period).query.sql_with_params()
    before_sql, before_params = supported_ids(scope, before).query.sql_with_params()
    with connection.cursor() as cursor:
        # EXCEPT, a set operation (hashed or sorted once), rather than NOT IN, which a large
        # subquery turns into a scan per row. The unions' column is named after their first
        # part (id).
        cursor.execute(
            f"SELECT COUNT(*) FROM (SELECT id FROM ({now_sql}) now EXCEPT "
            f"SELECT id FROM ({before_sql}) before) new",
            (*now_params, *before_params),
        )
        return cursor.fetchone()[0]


def _people_behind(rows, *, sample: int = 1000) -> int:
    """How many people a count of ``rows`` rests on, for suppression only (a figure whose
    table has no total, where only « under 5 or not » matters): the distinct people of the
    first ``sample`` rows when they are already 5 or more (a lower bound, enough to show the
    figure), the exact distinct count otherwise."""
    first = rows.values("person_id")[:sample]
    sql, params = first.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT COUNT(DISTINCT person_id) FROM ({sql}) sample", params)
        found = cursor.fetchone()[0]
    if found >= figures.SMALL_COUNT_THRESHOLD:
        return found
    return rows.aggregate(people=Count("person", distinct=True))["people"]


# The figures --------------------------------------------------------------------------------


def _tuned(function):
    """A figure computed with ``summary.tuned`` (PostgreSQL settings for its aggregates)."""

    @functools.wraps(function)
    def tuned_figure(scope: ImpactScope):
        with summary.tuned():
            return function(scope)

    return tuned_figure


@_tuned
def people_supported(scope: ImpactScope) -> Table:
    if summary.covers(scope):
        counted = summary.total(
            scope.organisation_id, summary.ORGANISATION, *scope.period.days_range
        )
        total, new = counted.people, counted.new
    else:
        total = count_supported(scope, scope.period)
        new = count_new(scope, scope.period)
    return Table(
        key="people",
        title=_("Personnes accompagnées"),
        columns=[_("Personnes")],
        rows=[(_("Nouvelles"), [people(new)]), (_("Déjà venues avant"), [people(total - new)])],
        total=(_("Total (chaque personne une fois)"), [people(total)]),
        chart="pie",
    )


def latest_profiles_sql(scope: ImpactScope):
    """``(person_id, profile)`` of each person's latest finished diagnostic before the end of
    the period, in the organisation: one grouped pass, no query per person."""
    sittings = DiagnosticSession.objects.of_people().filter(
        organisation_id=scope.organisation_id, finished_at__lt=scope.period.until
    )
    latest = sittings.order_by().values("person_id").annotate(at=Max("finished_at"))
    latest_sql, latest_params = latest.query.sql_with_params()
    table = DiagnosticSession._meta.db_table
    sql = (
        f"SELECT sitting.person_id, MAX(sitting.profile) AS profile FROM {table} sitting "
        f"JOIN ({latest_sql}) latest ON latest.person_id = sitting.person_id "
        "AND latest.at = sitting.finished_at WHERE sitting.organisation_id = %s "
        "GROUP BY sitting.person_id"
    )
    return sql, (*latest_params, scope.organisation_id)


@_tuned
def by_profile(scope: ImpactScope) -> Table:
    """People supported by the profile of their latest diagnostic up to the period's end."""
    refreshed = summary.covers(scope)
    if refreshed and (
        refreshed.last_diagnostic_at is None or refreshed.last_diagnostic_at < scope.period.until
    ):
        # No diagnostic after the period's end: the summary's latest profile is the one then.
        counts = {
            profile: counted.people
            for profile, counted in summary.people(
                scope.organisation_id, summary.ORGANISATION, *scope.period.days_range, by="profile"
            ).items()
        }
        return _profile_table(counts)
    supported_sql, supported_params = supported_ids(scope, scope.period).query.sql_with_params()
    profiles_sql, profiles_params = latest_profiles_sql(scope)
    with connection.cursor() as cursor:
        cursor.execute(
            # The union's column takes the name of its first part (id).
            f"SELECT COALESCE(profiles.profile, ''), COUNT(*) FROM ({supported_sql}) supported "
            f"LEFT JOIN ({profiles_sql}) profiles ON profiles.person_id = supported.id "
            "GROUP BY COALESCE(profiles.profile, '')",
            (*supported_params, *profiles_params),
        )
        counts = dict(cursor.fetchall())
    return _profile_table(counts)


def _profile_table(counts: dict[str, int]) -> Table:
    profiles = [*DiagnosticSession.Profile.choices, ("", _("Sans diagnostic"))]
    return Table(
        key="profiles",
        title=_("Personnes accompagnées par profil"),
        columns=[_("Personnes")],
        rows=[(label, [people(counts.get(value, 0))]) for value, label in profiles],
        total=(_("Total"), [people(sum(counts.values()))]),
        chart="pie",
    )


def _learning_minutes(scope: ImpactScope, period: Period) -> tuple[int, int]:
    """Minutes of the modules completed in the period (their stated time), and the people."""
    done = ModuleProgress.objects.in_organisation(scope.organisation_id)
    done = done.in_spaces(scope.space_ids).completed_in_period(period.since, period.until)
    done = _narrow(done, scope, LEARNER_PATH).order_by()
    per_module = dict(done.values_list("module_slug").annotate(count=Count("pk")))
    modules = learning_content.catalogue().modules
    minutes = sum(modules[slug].minutes * n for slug, n in per_module.items() if slug in modules)
    learners = done.values(LEARNER_PATH).distinct().count()
    return minutes, learners


def _workshop(scope: ImpactScope, period: Period) -> dict:
    """Minutes of presence at sessions of the period, and the people present."""
    if summary.covers(scope):
        days = summary.day_totals(scope.organisation_id, *period.days_range)
        return {
            "minutes": sum(minutes for _helps, minutes in days.values()),
            "people": summary.total(
                scope.organisation_id, summary.ATTENDANCE, *period.days_range
            ).people,
        }
    return attendances(scope, period).aggregate(
        minutes=Sum("attended_minutes"), people=Count("person", distinct=True)
    )


@_tuned
def training_hours(scope: ImpactScope) -> Table:
    workshop = _workshop(scope, scope.period)
    learning_minutes, learners = _learning_minutes(scope, scope.period)
    return Table(
        key="hours",
        title=_("Heures de formation"),
        columns=[_("Heures"), _("Personnes")],
        rows=[
            (
                _("Ateliers et permanences (présence notée)"),
                [hours(workshop["minutes"], workshop["people"]), people(workshop["people"])],
            ),
            (
                _("Modules en ligne terminés (temps prévu)"),
                [hours(learning_minutes, learners), people(learners)],
            ),
        ],
        chart="bar",
    )


@_tuned
def completion(scope: ImpactScope) -> Table:
    """Pathways: people enrolled in the period, and those of them who completed. Cohorts: the
    members of cohorts that ended in the period, and those who attended the planned hours."""
    enrolled = Enrolment.objects.in_organisation(scope.organisation_id).in_spaces(scope.space_ids)
    enrolled = _narrow(enrolled, scope, LEARNER_PATH).filter(
        enrolled_at__gte=scope.period.since, enrolled_at__lt=scope.period.until
    )
    pathways = enrolled.aggregate(
        started=Count(LEARNER_PATH, distinct=True),
        completed=Count(LEARNER_PATH, distinct=True, filter=Q(completed_at__isnull=False)),
    )
    cohorts = Cohort.objects.filter(organisation_id=scope.organisation_id).filter(
        ends_on__gte=scope.period.start, ends_on__lte=scope.period.end
    )
    if scope.space_ids is not None:
        cohorts = cohorts.filter(space_id__in=scope.space_ids)
    if scope.cohort_id:
        cohorts = cohorts.filter(pk=scope.cohort_id)
    minutes_done = (
        Booking.objects.attended()
        .filter(session__cohort=OuterRef("cohort"), person=OuterRef("person"))
        .order_by()
        .values("person")
        .annotate(total=Sum("attended_minutes"))
        .values("total")
    )
    members = _narrow(CohortMember.objects.filter(cohort__in=cohorts), scope, "person")
    members = members.annotate(
        done=Coalesce(Subquery(minutes_done, output_field=IntegerField()), 0)
    ).aggregate(
        members=Count("pk"),
        completed=Count("pk", filter=Q(done__gte=F("cohort__planned_hours") * 60)),
    )
    return Table(
        key="completion",
        title=_("Parcours et cohortes terminés"),
        columns=[_("Personnes"), _("Ont terminé"), _("Taux")],
        rows=[
            (
                _("Parcours en ligne commencés dans la période"),
                [
                    people(pathways["started"]),
                    people(pathways["completed"]),
                    rate(pathways["completed"], pathways["started"]),
                ],
            ),
            (
                _("Cohortes finies dans la période"),
                [
                    people(members["members"]),
                    people(members["completed"]),
                    rate(members["completed"], members["members"]),
                ],
            ),
        ],
        chart="",
    )


@_tuned
def satisfaction(scope: ImpactScope) -> Table:
    """Share of answers at the two best smileys (4 and 5 of 5)."""
    answers = Satisfaction.objects.filter(organisation_id=scope.organisation_id)
    answers = answers.in_spaces(scope.space_ids).in_period(scope.period.since, scope.period.until)
    answers = _narrow(answers, scope, "booking__person")
    counts = answers.aggregate(answers=Count("pk"))
    per_score = dict(answers.order_by().values_list("score").annotate(count=Count("pk")))
    return Table(
        key="satisfaction",
        title=_("Satisfaction après les séances"),
        columns=[_("Réponses")],
        rows=[
            (label, [people(per_score.get(score, 0))])
            for score, label in reversed(Satisfaction.Score.choices)
        ],
        total=(_("Toutes les réponses"), [people(counts["answers"])]),
        note=_("Taux de satisfaction : part des réponses aux deux meilleurs sourires."),
        chart="bar",
    )


def satisfaction_rate(scope: ImpactScope) -> figures.Cell:
    answers = Satisfaction.objects.filter(organisation_id=scope.organisation_id)
    answers = answers.in_spaces(scope.space_ids).in_period(scope.period.since, scope.period.until)
    counts = _narrow(answers, scope, "booking__person").aggregate(
        answers=Count("pk"), happy=Count("pk", filter=Q(score__gte=Satisfaction.Score.HAPPY))
    )
    return rate(counts["happy"], counts["answers"])


@_tuned
def autonomy(scope: ImpactScope) -> Table:
    """Diagnostic before against after, per area: the retests finished in the period (a sitting
    with a previous one), and the people whose level in the area rose, stayed or fell."""
    retests = diagnostics(scope, scope.period).filter(previous__isnull=False)
    areas = bank.current().content.areas
    levels, per_person = {}, {}
    for area in areas:
        before, after = f"before_{area.code}", f"after_{area.code}"
        levels[before] = Cast(KeyTextTransform(area.code, "previous__area_levels"), IntegerField())
        levels[after] = Cast(KeyTextTransform(area.code, "area_levels"), IntegerField())
        both = Q(**{f"{before}__isnull": False, f"{after}__isnull": False})
        gained = both & Q(**{f"{after}__gt": F(before)})
        # Per person: measured (gained) in at least one retest. One grouped pass, where a
        # distinct count per area and outcome would sort the retests once each.
        per_person[f"{area.code}_measured"] = Max(Case(When(both, then=1), default=0))
        per_person[f"{area.code}_gained"] = Max(Case(When(gained, then=1), default=0))
    counts = {}
    if areas and summary.covers(scope):
        for level, outcome in ((summary.MEASURED, "measured"), (summary.GAINED, "gained")):
            found = summary.people(
                scope.organisation_id, level, *scope.period.days_range, by="profile"
            )
            for area in areas:
                counted = found.get(area.code)
                counts[f"{area.code}_{outcome}"] = counted.people if counted else 0
    elif areas:
        people_rows = retests.annotate(**levels).values("person_id").annotate(**per_person)
        found = people_rows.aggregate(**{f"all_{name}": Sum(name) for name in per_person})
        counts = {name: found[f"all_{name}"] or 0 for name in per_person}
    rows = []
    for area in areas:
        measured, gained = counts[f"{area.code}_measured"], counts[f"{area.code}_gained"]
        rows.append(
            (
                area.name.get("fr", area.code),
                [people(measured), people(gained), rate(gained, measured)],
            )
        )
    return Table(
        key="autonomy",
        title=_("Autonomie gagnée : diagnostic avant et après"),
        columns=[_("Personnes mesurées deux fois"), _("Niveau en hausse"), _("Part en hausse")],
        rows=rows,
        chart="",
    )


@_tuned
def employment(scope: ImpactScope) -> Table:
    """Follow-ups due in the period, by situation, at 3 and at 6 months (not answered: unknown)."""
    due = FollowUp.objects.filter(organisation_id=scope.organisation_id)
    due = _narrow(due.in_spaces(scope.space_ids), scope, "person").in_period(
        scope.period.since, scope.period.until
    )
    if scope.cohort_id:
        due = due.filter(cohort_id=scope.cohort_id)
    rows = due.order_by().values_list("months", "situation").annotate(count=Count("pk"))
    counts: dict[tuple[int, str], int] = {}
    for months, situation, count in rows:
        key = (months, situation or FollowUp.Situation.UNKNOWN)
        counts[key] = counts.get(key, 0) + count
    table_rows = []
    for value, label in FollowUp.Situation.choices:
        at = [counts.get((months, value), 0) for months in FollowUp.MONTHS]
        table_rows.append((label, [people(n) for n in at]))
    totals = [
        sum(counts.get((m, v), 0) for v in FollowUp.Situation.values) for m in FollowUp.MONTHS
    ]
    return Table(
        key="employment",
        title=_("Situation à 3 et 6 mois après un parcours ou une cohorte"),
        columns=[_("À 3 mois"), _("À 6 mois")],
        rows=table_rows,
        total=(_("Suivis prévus"), [people(n) for n in totals]),
        chart="bar",
    )


def solidarity(scope: ImpactScope) -> Table | None:
    sold = sales(scope, scope.period)
    if sold is None:
        return None
    counts = sold.aggregate(
        sales=Count("pk"),
        units=Coalesce(Sum("quantity"), 0),
        amount=Sum("amount_paid"),
        people=Count("person", distinct=True),
    )
    return Table(
        key="solidarity",
        title=_("Ventes solidaires"),
        columns=[_("Valeur")],
        rows=[
            (_("Personnes équipées"), [people(counts["people"])]),
            (_("Ventes"), [figures.amount(counts["sales"], counts["people"])]),
            (_("Articles"), [figures.amount(counts["units"], counts["people"])]),
            (
                _("Montant payé"),
                [figures.amount(counts["amount"], counts["people"], figures.EUROS)],
            ),
        ],
        chart="",
    )


def referral_steps(scope: ImpactScope) -> Table | None:
    """Referrals sent in the period: how many reached each step, and the conversion from the
    step before (a closed referral counts for the steps it had reached)."""
    sent = referrals(scope, scope.period)
    if sent is None:
        return None
    from tremplin.partners.models import STEPS

    reached = sent.counts_reaching()
    rows = []
    previous = None
    for step in STEPS:
        count = reached.get(step, 0)
        conversion = rate(count, reached.get(previous, 0)) if previous else rate(count, count)
        rows.append((step.label, [people(count), conversion]))
        previous = step
    return Table(
        key="referrals",
        title=_("Orientations par les partenaires, étape par étape"),
        columns=[_("Personnes orientées"), _("Depuis l'étape d'avant")],
        rows=rows,
        chart="bar",
    )


def referrals_by_partner(scope: ImpactScope) -> Table | None:
    sent = referrals(scope, scope.period)
    if sent is None:
        return None
    rows = (
        sent.values("partner__name")
        .annotate(count=Count("person", distinct=True))
        .order_by("partner__name")
    )
    return Table(
        key="partners",
        title=_("Orientations par partenaire"),
        columns=[_("Personnes orientées")],
        rows=[(row["partner__name"], [people(row["count"])]) for row in rows],
        chart="bar",
    )


@_tuned
def key_figures(scope: ImpactScope) -> Table:
    """This period against the previous one."""
    before = scope.during(scope.period.previous())

    def both(function):
        return [function(scope), function(before)]

    def supported(s):
        return people(count_supported(s, s.period))

    def helps(s):
        if summary.covers(s):
            days = summary.day_totals(s.organisation_id, *s.period.days_range)
            helped = sum(n for n, _minutes in days.values())
            return figures.amount(helped, _people_behind(accompaniments(s, s.period)))
        count = accompaniments(s, s.period).aggregate(
            n=Count("pk"), people=Count("person", distinct=True)
        )
        return figures.amount(count["n"], count["people"])

    def workshop_hours(s):
        found = _workshop(s, s.period)
        return hours(found["minutes"], found["people"])

    return Table(
        key="key",
        title=_("Chiffres clés"),
        columns=[_("Période"), _("Période précédente")],
        rows=[
            (_("Personnes accompagnées"), both(supported)),
            (_("Aides individuelles"), both(helps)),
            (_("Heures d'ateliers"), both(workshop_hours)),
            (_("Satisfaction"), both(satisfaction_rate)),
        ],
        compare=True,
        chart="",
    )


@_tuned
def by_space(scope: ImpactScope) -> Table:
    """Per space of the scope: people supported (once per space), helps, workshop hours."""
    spaces = list(scope.spaces().order_by("town", "name").values_list("pk", "name"))
    if summary.covers(scope):
        days = summary.day_totals(scope.organisation_id, *scope.period.days_range)
        helps = {pk: n for pk, (n, _minutes) in days.items() if n}
        minutes = {pk: m for pk, (n, m) in days.items() if m}
    else:
        helps = dict(
            accompaniments(scope, scope.period).values_list("space_id").annotate(n=Count("pk"))
        )
        minutes = dict(
            attendances(scope, scope.period)
            .values_list("space_id")
            .annotate(m=Coalesce(Sum("attended_minutes"), 0))
        )
    reach = _people_per_space(scope)
    everyone = count_supported(scope, scope.period)
    rows = []
    for pk, name in spaces:
        count = reach.get(pk, 0)
        rows.append(
            (
                name,
                [
                    people(count),
                    figures.amount(helps.get(pk, 0), count),
                    hours(minutes.get(pk, 0), count),
                ],
            )
        )
    return Table(
        key="spaces",
        title=_("Par espace"),
        columns=[_("Personnes accompagnées"), _("Aides individuelles"), _("Heures d'ateliers")],
        rows=rows,
        total=(
            _("Ensemble (chaque personne une fois)"),
            [
                people(everyone),
                figures.amount(sum(helps.values()), everyone),
                hours(sum(minutes.values()), everyone),
            ],
        ),
        chart="bar",
    )


def _reach_sql(scope: ImpactScope):
    """The union of (space, person) of every activity of the period, as SQL and parameters."""
    period = scope.period
    parts = [
        accompaniments(scope, period).values("space_id", "person_id"),
        attendances(scope, period).values("space_id", "person_id"),
        diagnostics(scope, period).values("space_id", "person_id"),
    ]
    sold = sales(scope, period)
    if sold is not None:
        parts.append(sold.values("space_id", "person_id"))
    union = intakes(scope, period).values("home_space_id", "id").union(*parts)
    return union.query.sql_with_params()


def _people_per_space(scope: ImpactScope) -> dict[int, int]:
    """``{space id: people supported there}``: one grouped query over the union of activities
    (a person who came to two spaces counts in each)."""
    if summary.covers(scope):
        found = summary.people(
            scope.organisation_id, summary.SPACE, *scope.period.days_range, by="space_id"
        )
        return {pk: counted.people for pk, counted in found.items()}
    sql, params = _reach_sql(scope)
    with connection.cursor() as cursor:
        cursor.execute(
            # The union's columns take the names of its first part (home_space_id, id).
            f"SELECT home_space_id, COUNT(*) FROM ({sql}) reach GROUP BY home_space_id",
            params,
        )
        return dict(cursor.fetchall())


def _people_per_town(scope: ImpactScope) -> dict[str, int]:
    """``{town: people supported at its spaces}``, each person once per town, in one query."""
    if summary.covers(scope):
        found = summary.people(
            scope.organisation_id, summary.TOWN, *scope.period.days_range, by="town"
        )
        return {town: counted.people for town, counted in found.items()}
    sql, params = _reach_sql(scope)
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT space.town, COUNT(DISTINCT reach.id) FROM ({sql}) reach "
            f"JOIN {Space._meta.db_table} space ON space.id = reach.home_space_id "
            "GROUP BY space.town",
            params,
        )
        return dict(cursor.fetchall())


@_tuned
def by_town(scope: ImpactScope) -> Table:
    """Per town: the people supported at its spaces (once per town)."""
    towns = sorted(set(scope.spaces().values_list("town", flat=True)))
    reach = _people_per_town(scope)
    return Table(
        key="towns",
        title=_("Par ville"),
        columns=[_("Personnes accompagnées")],
        rows=[(town, [people(reach.get(town, 0))]) for town in towns],
        total=(_("Ensemble"), [people(count_supported(scope, scope.period))]),
        chart="bar",
    )


def network(scope: ImpactScope) -> Table:
    """The network itself (formerly the funder's page of the spaces app): open spaces and
    towns, which name no one, and staff per role, hidden under 5 like any count of people."""
    spaces = scope.spaces().filter(is_active=True)
    roles = dict(
        Membership.objects.filter(organisation_id=scope.organisation_id, space__in=spaces)
        .order_by()
        .values_list("role")
        .annotate(count=Count("user", distinct=True))
    )
    places = spaces.aggregate(spaces=Count("pk"), towns=Count("town", distinct=True))
    return Table(
        key="network",
        title=_("Le réseau"),
        columns=[_("Nombre")],
        rows=[
            (_("Espaces ouverts"), [figures.amount(places["spaces"], figures.NOT_PEOPLE)]),
            (_("Communes"), [figures.amount(places["towns"], figures.NOT_PEOPLE)]),
            *[(label, [people(roles.get(value, 0))]) for value, label in Membership.Role.choices],
        ],
        chart="",
    )


def dashboard_tables(scope: ImpactScope) -> list[Table]:
    """Every table of the dashboard, in the order of the page."""
    scope = summary.with_refresh(scope)
    with summary.tuned():
        return _dashboard_tables(scope)


def _dashboard_tables(scope: ImpactScope) -> list[Table]:
    tables = [
        key_figures(scope),
        people_supported(scope),
        by_profile(scope),
        training_hours(scope),
        completion(scope),
        satisfaction(scope),
        autonomy(scope),
        employment(scope),
        solidarity(scope),
        referral_steps(scope),
        referrals_by_partner(scope),
    ]
    if scope.space_ids is None or len(scope.space_ids) > 1:
        tables += [by_space(scope), by_town(scope)]
    tables.append(network(scope))
    return [table for table in tables if table is not None]
