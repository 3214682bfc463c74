"""Deploy checks (``manage.py check --deploy``) about accounts."""

from django.conf import settings
from django.contrib.auth.hashers import check_password
from django.core.checks import Error, Tags, Warning, register
from django.db import DatabaseError

from tremplin.accounts.models import DEMO_PASSWORD, User


@register(Tags.security, deploy=True)
def check_demo_accounts(app_configs=None, **kwargs) -> list:
    """Refuses a production database where a demo account still opens with the published
    password (``seed_demo`` makes a national administrator), and warns while active demo
    accounts skip the second factor. Only ``is_demo`` accounts are hashed (argon2 is slow)."""
    if settings.DEBUG:
        return []
    try:
        demo_accounts = list(User.objects.filter(is_demo=True, is_active=True))
    except DatabaseError:  # no database yet (first deploy): nothing to check
        return []
    problems = []
    opened = [
        user.username for user in demo_accounts if check_password(DEMO_PASSWORD, user.password)
    ]
    if opened:
        problems.append(
            Error(
                f"Demo accounts open with the published demo password: {', '.join(opened)}.",
                hint="Deactivate them or give them new passwords (manage.py changepassword).",
                id="tremplin.E001",
            )
        )
    if demo_accounts and settings.TREMPLIN_ALLOW_DEMO_ACCOUNTS:
        problems.append(
            Warning(
                "TREMPLIN_ALLOW_DEMO_ACCOUNTS is on with DEBUG off: demo accounts skip the "
                "second factor.",
                hint="Unset TREMPLIN_ALLOW_DEMO_ACCOUNTS outside a demonstration server.",
                id="tremplin.W001",
            )
        )
    return problems
