"""Staff login lockout: django-axes, with one limit per lockout parameter.

Axes compares the failures of every lockout parameter with one ``AXES_FAILURE_LIMIT``. Three
attacks need three limits: guessing one account's password from one address (the combination,
``AXES_FAILURE_LIMIT``), a password spray of many usernames from one address
(``TREMPLIN_LOGIN_FAILURES_PER_ADDRESS``, high, since a space's team shares one address), and
one username tried from many addresses (``TREMPLIN_LOGIN_FAILURES_PER_USERNAME``). This handler
expresses each count in units of ``AXES_FAILURE_LIMIT``: a parameter counts as over the limit
exactly when its own count reaches its own limit.
"""

from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_failure_limit, get_lockout_parameters
from django.conf import settings
from django.db.models import Sum


def _limit_of(parameter) -> int | None:
    if parameter == "username":
        return settings.TREMPLIN_LOGIN_FAILURES_PER_USERNAME
    if parameter == "ip_address":
        return settings.TREMPLIN_LOGIN_FAILURES_PER_ADDRESS
    return None  # a combination: the base AXES_FAILURE_LIMIT


class LimitPerParameterHandler(AxesDatabaseHandler):
    def get_failures(self, request, credentials: dict | None = None) -> int:
        base = get_failure_limit(request, credentials)
        parameters = get_lockout_parameters(request, credentials)
        attempts_list = self.get_user_attempts(request, credentials)
        scaled = [0]
        for parameter, attempts in zip(parameters, attempts_list, strict=True):
            count = attempts.aggregate(total=Sum("failures_since_start"))["total"] or 0
            limit = _limit_of(parameter) or base
            scaled.append(count * base // limit)
        return max(scaled)
