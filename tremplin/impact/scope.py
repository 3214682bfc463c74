"""What a user's figures cover: an ``ImpactScope`` (organisation, spaces, period, filters),
built from their role, never from a queryset of people.

- a coordinator: the spaces where they hold ``READ_STATISTICS``;
- the national team: every space of its organisation;
- a funder (``spaces.FunderAccess``): the spaces of their agreed ``FunderPerimeter``, or the
  whole organisation without one. Aggregates only: no view of this app shows them a person.

Filters (a space, a town, a cohort or programme, a partner) only narrow a scope, never widen it.
"""

import datetime
from dataclasses import dataclass, field, replace

from dateutil.relativedelta import relativedelta
from django.http import Http404
from django.utils import timezone

from tremplin.impact.models import FunderPerimeter
from tremplin.spaces.capabilities import Capability
from tremplin.spaces.models import FunderAccess, Space, organisation_id_of
from tremplin.spaces.permissions import space_ids_where

COORDINATOR, NATIONAL, FUNDER = "coordinator", "national", "funder"


@dataclass(frozen=True)
class Period:
    """From ``start`` to ``end``, both days included (local dates)."""

    start: datetime.date
    end: datetime.date

    @property
    def since(self) -> datetime.datetime:
        """The first moment of the period (aware, local midnight)."""
        return _midnight(self.start)

    @property
    def until(self) -> datetime.datetime:
        """The first moment after the period (aware, local midnight of the next day)."""
        return _midnight(self.end + datetime.timedelta(days=1))

    @property
    def days_range(self) -> tuple[datetime.date, datetime.date]:
        return self.start, self.end

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    def previous(self) -> "Period":
        """The period of the same length just before this one."""
        end = self.start - datetime.timedelta(days=1)
        return Period(end - datetime.timedelta(days=self.days - 1), end)

    @classmethod
    def last_twelve_months(cls, *, today: datetime.date | None = None) -> "Period":
        today = today or timezone.localdate()
        return cls(today - relativedelta(years=1) + datetime.timedelta(days=1), today)

    @classmethod
    def year(cls, year: int) -> "Period":
        return cls(datetime.date(year, 1, 1), datetime.date(year, 12, 31))


def _midnight(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


@dataclass(frozen=True)
class ImpactScope:
    organisation_id: int
    # None: every space of the organisation (activity at no space, a test taken alone, counts).
    space_ids: tuple[int, ...] | None
    period: Period
    audience: str
    cohort_id: int | None = None
    partner_id: int | None = None
    # The organisation's ``SummaryRefresh`` once looked up (``summary.with_refresh``); None: not yet.
    refresh: object = field(default=None, compare=False, repr=False)

    @property
    def sees_people(self) -> bool:
        """Staff audiences; a funder's pages never link to anything about a person."""
        return self.audience != FUNDER

    def during(self, period: Period) -> "ImpactScope":
        return replace(self, period=period)

    def narrowed(self, *, space_ids=None, cohort_id=None, partner_id=None) -> "ImpactScope":
        """This scope with filters applied; spaces outside it are ignored, never added."""
        spaces = self.space_ids
        if space_ids is not None:
            allowed = set(space_ids)
            spaces = tuple(sorted(allowed if spaces is None else allowed.intersection(spaces)))
        return replace(
            self,
            space_ids=spaces,
            cohort_id=cohort_id or self.cohort_id,
            partner_id=partner_id or self.partner_id,
        )

    def spaces(self):
        """The spaces of the scope (for labels and filters), in their organisation."""
        spaces = Space.objects.filter(organisation_id=self.organisation_id)
        return spaces if self.space_ids is None else spaces.filter(pk__in=self.space_ids)


def scope_for(user, *, period: Period) -> ImpactScope:
    """The widest scope ``user`` may read, for ``period``. Raises Http404 for anyone who may
    read no figures (volunteers, mediators, partners, learners, other organisations' rows do
    not exist for them)."""
    organisation_id = organisation_id_of(user)
    if organisation_id is None:
        raise Http404
    access = FunderAccess.objects.filter(user=user, organisation_id=organisation_id).first()
    if access is not None:
        perimeter = list(
            Space.objects.filter(organisation_id=organisation_id)
            .filter(pk__in=_perimeter_space_ids(access))
            .values_list("pk", flat=True)
        )
        has_perimeter = _has_perimeter(access)
        return ImpactScope(
            organisation_id, tuple(perimeter) if has_perimeter else None, period, FUNDER
        )
    if user.is_administrator:
        return ImpactScope(organisation_id, None, period, NATIONAL)
    space_ids = space_ids_where(user, Capability.READ_STATISTICS)
    if not space_ids:
        raise Http404
    return ImpactScope(organisation_id, tuple(sorted(space_ids)), period, COORDINATOR)


def _has_perimeter(access: FunderAccess) -> bool:
    return FunderPerimeter.objects.filter(access=access).exists()


def _perimeter_space_ids(access: FunderAccess):
    return FunderPerimeter.spaces.through.objects.filter(funderperimeter__access=access).values(
        "space_id"
    )
