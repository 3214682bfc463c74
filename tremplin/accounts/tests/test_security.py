"""Sessions that end when staff walk away, the client address behind a proxy, the demo-account
deploy check, and a coordinator resetting a team member's second factor."""

from django.core.checks import run_checks
from django.test import Client, RequestFactory
from django.urls import reverse
from django.utils import timezone
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from tremplin.accounts.middleware import LAST_SEEN_SESSION_KEY
from tremplin.accounts.models import DEMO_PASSWORD, SecurityEvent
from tremplin.accounts.services import issue_backup_codes
from tremplin.core.addresses import client_address
from tremplin.spaces.models import Membership

# Idle staff sessions ------------------------------------------------------------------------


def idle_for(client: Client, minutes: int) -> None:
    session = client.session
    session[LAST_SEEN_SESSION_KEY] = int(timezone.now().timestamp()) - minutes * 60
    session.save()


def test_a_staff_session_ends_after_the_idle_time(client_for, settings):
    settings.TREMPLIN_STAFF_IDLE_MINUTES = 30
    client = client_for("volunteer")
    assert client.get("/staff/").status_code == 200
    idle_for(client, 31)
    response = client.get("/staff/")
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))
    assert "_auth_user_id" not in client.session


def test_a_staff_session_in_use_stays_open(client_for, settings):
    settings.TREMPLIN_STAFF_IDLE_MINUTES = 30
    client = client_for("coordinator")
    client.get("/staff/")
    idle_for(client, 29)
    assert client.get("/staff/").status_code == 200
    assert client.session[LAST_SEEN_SESSION_KEY] >= int(timezone.now().timestamp()) - 5


def test_partners_and_national_staff_are_logged_out_too(client_for):
    for role, home in (("partner", "/partners/"), ("admin", "/staff/")):
        client = client_for(role)
        client.get(home)
        idle_for(client, 60 * 3)
        assert client.get(home).status_code == 302, role


def test_learners_keep_the_normal_session_age(client_for):
    client = client_for("learner")
    client.get("/learn/")
    idle_for(client, 60 * 3)
    assert client.get("/learn/").status_code == 200


# Client address -------------------------------------------------------------------------------


def request_from(remote: str, forwarded: str = ""):
    meta = {"REMOTE_ADDR": remote}
    if forwarded:
        meta["HTTP_X_FORWARDED_FOR"] = forwarded
    return RequestFactory().get("/", **meta)


def test_x_forwarded_for_is_ignored_without_a_trusted_proxy(settings):
    settings.TREMPLIN_TRUSTED_PROXIES = []
    assert client_address(request_from("203.0.113.9", "198.51.100.1")) == "203.0.113.9"


def test_x_forwarded_for_is_read_behind_a_trusted_proxy(settings):
    settings.TREMPLIN_TRUSTED_PROXIES = ["10.0.0.0/8", "127.0.0.1"]
    # The client wrote the first entry; the proxies appended the rest.
    request = request_from("127.0.0.1", "6.6.6.6, 198.51.100.1, 10.1.2.3")
    assert client_address(request) == "198.51.100.1"
    assert client_address(request_from("203.0.113.9", "198.51.100.1")) == "203.0.113.9"
    assert client_address(request_from("127.0.0.1")) == "127.0.0.1"


# Demo accounts --------------------------------------------------------------------------------


def deploy_errors() -> list[str]:
    return [message.id for message in run_checks(include_deployment_checks=True)]


def test_check_deploy_fails_while_a_demo_account_opens_with_the_demo_password(personas, settings):
    settings.DEBUG = False
    settings.TREMPLIN_ALLOW_DEMO_ACCOUNTS = False
    admin = personas.admin
    admin.is_demo = True
    admin.set_password(DEMO_PASSWORD)
    admin.save()
    assert "tremplin.E001" in deploy_errors()
    admin.set_password("un-mot-de-passe-bien-long-2026")
    admin.save()
    assert "tremplin.E001" not in deploy_errors()


def test_check_deploy_warns_while_demo_accounts_skip_the_second_factor(personas, settings):
    settings.DEBUG = False
    settings.TREMPLIN_ALLOW_DEMO_ACCOUNTS = True
    personas.volunteer.is_demo = True
    personas.volunteer.save()
    assert "tremplin.W001" in deploy_errors()
    settings.TREMPLIN_ALLOW_DEMO_ACCOUNTS = False
    assert "tremplin.W001" not in deploy_errors()


def test_demo_accounts_are_fine_in_development(personas, settings):
    settings.DEBUG = True
    personas.admin.is_demo = True
    personas.admin.set_password(DEMO_PASSWORD)
    personas.admin.save()
    assert "tremplin.E001" not in deploy_errors()


# Second-factor reset --------------------------------------------------------------------------


def reset_url(personas, user) -> str:
    membership = Membership.objects.get(space=personas.strasbourg, user=user)
    return reverse(
        "spaces:membership_second_factor_reset", args=[personas.strasbourg.pk, membership.pk]
    )


def test_a_coordinator_resets_a_volunteer_s_second_factor_and_it_is_journaled(client_for, personas):
    TOTPDevice.objects.create(user=personas.volunteer, name="Application", confirmed=True)
    issue_backup_codes(personas.volunteer)
    response = client_for("coordinator").post(reset_url(personas, personas.volunteer))
    assert response.status_code == 302
    assert not TOTPDevice.objects.filter(user=personas.volunteer).exists()
    assert not StaticDevice.objects.filter(user=personas.volunteer).exists()
    event = SecurityEvent.objects.get()
    assert (event.actor, event.target, event.action, event.organisation) == (
        personas.coordinator,
        personas.volunteer,
        SecurityEvent.Action.SECOND_FACTOR_RESET,
        personas.organisation,
    )


def test_only_a_coordinator_of_the_space_may_reset_a_second_factor(client_for, personas):
    TOTPDevice.objects.create(user=personas.volunteer, name="Application", confirmed=True)
    url = reset_url(personas, personas.volunteer)
    for role, status in (("mediator", 403), ("outsider", 404), ("learner", 404)):
        assert client_for(role).post(url).status_code == status, role
    assert client_for("coordinator").get(url).status_code == 405
    assert TOTPDevice.objects.filter(user=personas.volunteer).exists()
    assert not SecurityEvent.objects.exists()


def test_a_coordinator_cannot_reset_a_peer_coordinator(client_for, personas):
    url = reset_url(personas, personas.coordinator)
    assert client_for("coordinator").post(url).status_code == 404
