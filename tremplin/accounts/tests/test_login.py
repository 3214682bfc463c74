import re

import pytest
from django.test import Client
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from tremplin.spaces.tests.factories import TEST_PASSWORD

HOME_BY_ROLE = {
    "admin": "/staff/",
    "coordinator": "/staff/",
    "mediator": "/staff/",
    "volunteer": "/staff/",
    "outsider": "/staff/",
    "partner": "/partners/",
    "funder": "/impact/",
    "learner": "/learn/",
}


def log_in(client: Client, username: str, password: str = TEST_PASSWORD):
    return client.post("/accounts/login/", {"username": username, "password": password})


def current_totp(device: TOTPDevice) -> str:
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}"


@pytest.mark.parametrize("role", HOME_BY_ROLE)
def test_each_role_lands_on_its_home_page(client_for, role):
    client = client_for(role)
    response = client.get("/accounts/home/")
    assert response.status_code == 302
    assert response["Location"] == HOME_BY_ROLE[role]
    assert client.get(response["Location"]).status_code == 200


def test_wrong_password_explains_and_keeps_the_username(personas, client):
    response = log_in(client, "benevole-strasbourg", "pas-le-bon")
    assert response.status_code == 200
    assert "Nom d&#x27;utilisateur ou mot de passe incorrect" in response.text
    assert 'value="benevole-strasbourg"' in response.text
    assert "_auth_user_id" not in client.session


def test_repeated_failed_logins_are_throttled(personas, client, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        log_in(client, "benevole-strasbourg", "pas-le-bon")
    response = log_in(client, "benevole-strasbourg")  # even the right password is refused now
    assert response.status_code == 429
    assert "Trop d'essais" in response.text
    assert "_auth_user_id" not in client.session


def test_staff_must_give_a_second_factor_before_seeing_anything(personas, client):
    log_in(client, "benevole-strasbourg")
    response = client.get("/staff/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/second-factor/")


def test_staff_enrol_a_totp_app_then_get_in(personas, client):
    log_in(client, "benevole-strasbourg")
    page = client.get("/accounts/second-factor/")
    assert "<svg" in page.text  # the QR code to scan
    device = TOTPDevice.objects.get(user=personas.volunteer)
    assert not device.confirmed
    response = client.post("/accounts/second-factor/?next=/staff/", {"code": current_totp(device)})
    assert response.status_code == 200  # the backup codes, shown once
    assert 'href="/staff/"' in response.text
    device.refresh_from_db()
    assert device.confirmed
    assert client.get("/staff/").status_code == 200


def test_a_wrong_totp_code_is_refused_with_a_clear_message(personas, client):
    log_in(client, "benevole-strasbourg")
    client.get("/accounts/second-factor/")
    response = client.post("/accounts/second-factor/", {"code": "000000"})
    assert response.status_code == 200
    assert "Ce code ne marche pas" in response.text
    assert client.get("/staff/").status_code == 302


def test_demo_accounts_skip_the_second_factor_only_when_the_demo_is_allowed(
    personas, client, settings
):
    personas.volunteer.is_demo = True
    personas.volunteer.save()
    settings.TREMPLIN_ALLOW_DEMO_ACCOUNTS = False
    log_in(client, "benevole-strasbourg")
    assert client.get("/staff/").status_code == 302
    settings.TREMPLIN_ALLOW_DEMO_ACCOUNTS = True
    assert client.get("/staff/").status_code == 200


def test_funders_and_learners_need_no_second_factor(personas, client):
    log_in(client, "financeur")
    assert client.get("/impact/").status_code == 200


def test_logout_is_a_post_and_ends_the_session(client_for):
    client = client_for("coordinator")
    assert client.get("/accounts/logout/").status_code == 405
    response = client.post("/accounts/logout/")
    assert response.status_code == 302
    assert client.get("/staff/").status_code == 302


# Backup codes ----------------------------------------------------------------------------------


def enrol(client: Client, user) -> list[str]:
    """Logs in, enrols the TOTP app and returns the backup codes the page shows."""
    log_in(client, user.username)
    client.get("/accounts/second-factor/")
    device = TOTPDevice.objects.get(user=user)
    response = client.post("/accounts/second-factor/", {"code": current_totp(device)})
    return re.findall(r"<li><code>([a-z2-7]{8})</code></li>", response.text)


def test_enrolment_shows_ten_backup_codes_once_and_never_caches_them(personas, client):
    log_in(client, "benevole-strasbourg")
    client.get("/accounts/second-factor/")
    device = TOTPDevice.objects.get(user=personas.volunteer)
    response = client.post("/accounts/second-factor/", {"code": current_totp(device)})
    codes = re.findall(r"<li><code>([a-z2-7]{8})</code></li>", response.text)
    assert len(set(codes)) == 10
    assert response["Cache-Control"] == "no-store"
    assert not any(code in str(dict(client.session)) for code in codes)
    assert codes[0] not in client.get("/staff/").text


def test_a_backup_code_opens_the_second_factor_once(personas, client):
    codes = enrol(client, personas.volunteer)
    client.post("/accounts/logout/")
    log_in(client, "benevole-strasbourg")
    response = client.post("/accounts/second-factor/?next=/staff/", {"code": codes[0].upper()})
    assert response.status_code == 302 and response["Location"] == "/staff/"
    assert client.get("/staff/").status_code == 200
    client.post("/accounts/logout/")
    log_in(client, "benevole-strasbourg")
    response = client.post("/accounts/second-factor/", {"code": codes[0]})
    assert "Ce code ne marche pas" in response.text
    assert client.get("/staff/").status_code == 302


def test_backup_codes_do_not_replace_the_first_enrolment(personas, client):
    from tremplin.accounts.services import issue_backup_codes

    codes = issue_backup_codes(personas.volunteer)
    log_in(client, "benevole-strasbourg")
    client.get("/accounts/second-factor/")  # the TOTP app is not enrolled yet
    response = client.post("/accounts/second-factor/", {"code": codes[0]})
    assert "Ce code ne marche pas" in response.text
    assert client.get("/staff/").status_code == 302


# Lockouts ---------------------------------------------------------------------------------------


def test_a_password_spray_from_one_address_is_blocked(personas, client, settings):
    for number in range(settings.TREMPLIN_LOGIN_FAILURES_PER_ADDRESS):
        log_in(client, f"inconnu-{number}", "Printemps2026!")
    response = log_in(client, "coord-strasbourg")  # the right password, from that address
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session
    other = Client(REMOTE_ADDR="192.0.2.7")
    assert log_in(other, "coord-strasbourg").status_code == 302


def test_a_colleague_s_mistakes_do_not_lock_the_team_behind_one_address(personas, client):
    for _attempt in range(5):
        log_in(client, "mediateur-strasbourg", "pas-le-bon")
    assert log_in(client, "mediateur-strasbourg").status_code == 429
    colleague = Client()  # same address (127.0.0.1)
    assert log_in(colleague, "coord-strasbourg").status_code == 302


def test_one_username_tried_from_ten_addresses_is_blocked(personas, settings):
    for number in range(settings.TREMPLIN_LOGIN_FAILURES_PER_USERNAME):
        log_in(Client(REMOTE_ADDR=f"198.51.100.{number + 1}"), "coord-strasbourg", "pas-le-bon")
    client = Client(REMOTE_ADDR="203.0.113.5")
    response = log_in(client, "coord-strasbourg")
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session


def test_x_forwarded_for_does_not_spread_a_spray_without_a_trusted_proxy(personas, settings):
    settings.TREMPLIN_TRUSTED_PROXIES = []
    for number in range(settings.TREMPLIN_LOGIN_FAILURES_PER_ADDRESS):
        forged = Client(HTTP_X_FORWARDED_FOR=f"198.51.100.{number + 1}")
        log_in(forged, f"inconnu-{number}", "Printemps2026!")
    assert log_in(Client(), "coord-strasbourg").status_code == 429


def test_behind_the_trusted_proxy_each_client_counts_alone(personas, settings):
    settings.TREMPLIN_TRUSTED_PROXIES = ["127.0.0.1"]
    for _attempt in range(settings.TREMPLIN_LOGIN_FAILURES_PER_ADDRESS):
        log_in(Client(HTTP_X_FORWARDED_FOR="198.51.100.1"), "inconnu", "Printemps2026!")
    assert log_in(Client(HTTP_X_FORWARDED_FOR="198.51.100.1"), "coord-strasbourg").status_code == (
        429
    )
    assert log_in(Client(HTTP_X_FORWARDED_FOR="198.51.100.2"), "coord-strasbourg").status_code == (
        302
    )
