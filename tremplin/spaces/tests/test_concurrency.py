"""An invitation link under concurrent requests, on PostgreSQL (row lock): one account, however
many clicks. Skipped on SQLite, which serialises every write (see workshops' test_concurrency)."""

from django.test import Client

from tremplin.accounts.models import User
from tremplin.core.testing.concurrency import ON_POSTGRESQL, run_together
from tremplin.spaces import team
from tremplin.spaces.models import Invitation, Membership

pytestmark = ON_POSTGRESQL


def test_twenty_sign_ups_with_one_link_make_one_account(personas):
    _invitation, token = team.invite(
        personas.strasbourg, role=Membership.Role.VOLUNTEER, by=personas.coordinator
    )

    def sign_up(number):
        def job():
            response = Client().post(
                f"/join/{token}/",
                {
                    "first_name": "Inès",
                    "last_name": "Moreau",
                    "username": f"ines.moreau.{number}",
                    "password": "une phrase assez longue",
                },
            )
            return response.status_code

        return job

    statuses = run_together([sign_up(number) for number in range(20)])
    assert sorted(statuses) == [302] + [410] * 19, statuses
    assert User.objects.filter(username__startswith="ines.moreau").count() == 1
    invitation = Invitation.objects.get()
    assert invitation.used_by.username.startswith("ines.moreau")
    assert Membership.objects.filter(user=invitation.used_by).count() == 1


def test_twenty_changes_of_one_role_leave_one_journal_entry_per_change(personas):
    membership = Membership.objects.get(user=personas.volunteer)
    statuses = run_together(
        [
            lambda: team.change_role(
                membership, role=Membership.Role.MEDIATOR, by=personas.coordinator
            )
            for _number in range(20)
        ]
    )
    assert not [status for status in statuses if isinstance(status, Exception)], statuses
    assert personas.volunteer.security_events.filter(action="role_changed").count() == 1
