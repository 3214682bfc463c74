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
    "partner": "/partner/",
    "funder": "/funder/",
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
    assert response.status_code == 302
    assert response["Location"] == "/staff/"
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
    assert client.get("/funder/").status_code == 200


def test_logout_is_a_post_and_ends_the_session(client_for):
    client = client_for("coordinator")
    assert client.get("/accounts/logout/").status_code == 405
    response = client.post("/accounts/logout/")
    assert response.status_code == 302
    assert client.get("/staff/").status_code == 302


def test_passwords_are_hashed_with_argon2(personas):
    assert personas.volunteer.password.startswith("argon2")
