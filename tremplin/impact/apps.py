"""Impact: the figures a network shows its funders and local authorities, per space, town,
programme and period (PRODUCT.md, capability 10), and the 3- and 6-month follow-ups they need.

- ``scope.py``: an ``ImpactScope`` (organisation, spaces, period, filters) built from the user's
  role: a coordinator's spaces (``READ_STATISTICS``), the national team's organisation, a
  funder's agreed perimeter (``FunderPerimeter``). Never from a queryset of people.
- ``metrics.py``: each figure as aggregate queries composing the activity apps' queryset
  methods (``in_spaces()``, ``in_period()``, ``minutes()``); definitions in ``METRICS.md``.
- ``figures.py``: ``publish``, the one exit of every figure, hides counts under 5 people and
  the complementary cells that would give them away.
- ``charts.py`` (pygal, server-rendered SVG, each chart beside its table), ``exports.py``
  (tablib: CSV, XLSX, ODS) and ``report.py`` (the funder's PDF, fpdf2).
- ``FollowUp``: a person's situation 3 and 6 months after a pathway or a cohort, recorded by
  staff (``FOLLOW_UP``) or answered by the person from a secret link sent by SMS or e-mail
  (``core.senders``); due follow-ups are notices on the staff home (``spaces.home``).

Decision record 0013. Reads every app below it (core, accounts, spaces, people, the activity
apps, partners); nothing imports it.
"""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ImpactConfig(AppConfig):
    name = "tremplin.impact"
    label = "impact"
    verbose_name = _("Impact")
    staff_nav = [("impact:home", _("Impact"), "chart", 60, {"admin", "funder"})]

    def ready(self):
        from tremplin.impact import providers
        from tremplin.spaces import home

        home.register(providers.follow_ups_due)
