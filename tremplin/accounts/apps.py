"""Accounts: the custom User, login and logout, the second factor, the role home pages.

A user's *kind* says which family of roles they belong to; the detail of a staff role lives on
``spaces.Membership`` (per space), a partner adviser's link on ``spaces.PartnerAdviser``.
Imports ``core`` only.
"""

from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "tremplin.accounts"
    label = "accounts"
    verbose_name = "Comptes"

    def ready(self):
        from tremplin.accounts import (
            checks,  # noqa: F401  (registers the deploy checks)
            signals,
        )

        signals.connect()
