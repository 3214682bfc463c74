"""The coordinator's team pages: invitations by single-use link, sign-up, roles, deactivation."""

import datetime

import pytest
from django.contrib.sessions.models import Session
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.utils import timezone

from tremplin.accounts.models import SecurityEvent, User
from tremplin.core.testing.clients import logged_in_client
from tremplin.spaces import team
from tremplin.spaces.models import HelperProfile, Invitation, Membership
from tremplin.spaces.tests.factories import make_staff

Role = Membership.Role
SIGN_UP = {
    "first_name": "Inès",
    "last_name": "Moreau",
    "username": "ines.moreau",
    "email": "",
    "password": "une phrase assez longue",
}


def _invite(personas, role=Role.VOLUNTEER, **fields):
    return team.invite(personas.strasbourg, role=role, by=personas.coordinator, **fields)


def test_a_coordinator_invites_and_sees_the_link_once(client_for, personas):
    client = client_for("coordinator")
    page = client.get(f"/staff/spaces/{personas.strasbourg.pk}/team/invite/").text
    assert "Bénévole" in page and 'value="coordinator"' not in page
    response = client.post(
        f"/staff/spaces/{personas.strasbourg.pk}/team/invite/", {"role": "volunteer"}
    )
    assert response.status_code == 200
    assert response["Cache-Control"] == "no-store"
    invitation = Invitation.objects.get()
    assert invitation.role == Role.VOLUNTEER
    assert invitation.expires_at - invitation.created_at == datetime.timedelta(days=7)
    link = response.text.split('readonly value="')[1].split('"')[0]
    assert "/join/" in link
    token = link.rstrip("/").rsplit("/", 1)[1]
    # Only the hash is kept.
    assert token not in invitation.token_hash and invitation.token_hash == team.hash_token(token)


def test_the_invited_person_signs_up_and_is_sent_to_enrol_their_phone(personas):
    _invitation, token = _invite(personas, role=Role.MEDIATOR)
    client = Client()
    page = client.get(f"/join/{token}/")
    assert page.status_code == 200 and "Médiateur" in page.text
    response = client.post(f"/join/{token}/", SIGN_UP)
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/second-factor/?next=%2Fstaff%2Fme%2F")
    user = User.objects.get(username="ines.moreau")
    assert user.kind == User.Kind.STAFF and user.requires_second_factor
    assert Membership.objects.get(user=user).role == Role.MEDIATOR
    assert SecurityEvent.objects.filter(target=user, action="joined").exists()
    # The second-factor page enrols the phone and, once confirmed, shows the backup codes.
    assert "QR code" in client.get(response["Location"]).text


def test_a_civic_service_volunteer_keeps_the_contract_dates(personas):
    _invitation, token = _invite(
        personas,
        is_civic_service=True,
        civic_service_starts_on=datetime.date(2026, 9, 1),
        civic_service_ends_on=datetime.date(2027, 6, 30),
    )
    user = team.accept_invitation(token, **SIGN_UP)
    profile = HelperProfile.objects.get(user=user)
    assert profile.is_civic_service
    assert profile.civic_service_ends_on == datetime.date(2027, 6, 30)


def test_a_used_link_does_not_make_a_second_account(personas):
    _invitation, token = _invite(personas)
    team.accept_invitation(token, **SIGN_UP)
    response = Client().post(f"/join/{token}/", {**SIGN_UP, "username": "autre"})
    assert response.status_code == 410
    assert "déjà servi" in response.text
    assert not User.objects.filter(username="autre").exists()


def test_a_coordinator_cancels_an_invitation_and_its_link_says_so(client_for, personas):
    invitation, token = _invite(personas)
    client = client_for("coordinator")
    team_page = f"/staff/spaces/{personas.strasbourg.pk}/team/"
    revoke = f"{team_page}invitations/{invitation.pk}/revoke/"
    assert revoke in client.get(team_page).text
    response = client.post(revoke, follow=True)
    assert "invitation est annulée" in response.text
    assert revoke not in response.text  # no longer among the pending ones
    invitation.refresh_from_db()
    assert invitation.revoked_by == personas.coordinator and invitation.revoked_at
    page = Client().get(f"/join/{token}/")
    assert page.status_code == 410 and "a été annulé" in page.text
    signed_up = Client().post(f"/join/{token}/", {**SIGN_UP, "username": "annule"})
    assert signed_up.status_code == 410
    assert not User.objects.filter(username="annule").exists()
    client.post(revoke)  # a second click changes nothing
    assert Invitation.objects.get(pk=invitation.pk).revoked_at == invitation.revoked_at


def test_a_used_invitation_cannot_be_cancelled(client_for, personas):
    invitation, token = _invite(personas)
    team.accept_invitation(token, **SIGN_UP)
    response = client_for("coordinator").post(
        f"/staff/spaces/{personas.strasbourg.pk}/team/invitations/{invitation.pk}/revoke/",
        follow=True,
    )
    assert "déjà servi" in response.text
    assert Invitation.objects.get(pk=invitation.pk).revoked_at is None


def test_only_who_may_give_the_role_cancels_an_invitation(personas):
    invitation, _token = _invite(personas, role=Role.MEDIATOR)
    with pytest.raises(PermissionDenied):
        team.revoke_invitation(invitation, by=personas.mediator)
    elsewhere = make_staff(personas.marseille, Role.COORDINATOR)
    with pytest.raises(PermissionDenied):
        team.revoke_invitation(invitation, by=elsewhere)
    assert Invitation.objects.get(pk=invitation.pk).revoked_at is None


def test_an_expired_link_says_so(personas):
    invitation, token = _invite(personas)
    Invitation.objects.filter(pk=invitation.pk).update(
        expires_at=timezone.now() - datetime.timedelta(seconds=1)
    )
    response = Client().get(f"/join/{token}/")
    assert response.status_code == 410 and "plus de 7 jours" in response.text
    with pytest.raises(team.InvitationUnusable):
        team.accept_invitation(token, **SIGN_UP)
    assert not User.objects.filter(username="ines.moreau").exists()


def test_an_invitation_is_valid_for_seven_days(personas):
    now = timezone.now()
    invitation, token = team.invite(
        personas.strasbourg, role=Role.VOLUNTEER, by=personas.coordinator, now=now
    )
    assert team.find_invitation(token, now=now + datetime.timedelta(days=6, hours=23))
    with pytest.raises(team.InvitationUnusable):
        team.find_invitation(token, now=now + datetime.timedelta(days=7))


@pytest.mark.parametrize("forged", ["abc", "x" * 43, "A" * 200])
def test_a_forged_link_finds_nothing(personas, forged):
    _invite(personas)
    response = Client().get(f"/join/{forged}/")
    assert response.status_code == 410 and "existe pas" in response.text


def test_a_coordinator_cannot_invite_a_coordinator(personas, client_for):
    with pytest.raises(ValidationError):
        _invite(personas, role=Role.COORDINATOR)
    response = client_for("coordinator").post(
        f"/staff/spaces/{personas.strasbourg.pk}/team/invite/", {"role": "coordinator"}
    )
    assert response.status_code == 200
    assert "Choisissez un rôle de la liste" in response.text
    assert not Invitation.objects.exists()


def test_the_national_team_may_invite_a_coordinator(personas):
    invitation, _token = team.invite(personas.strasbourg, role=Role.COORDINATOR, by=personas.admin)
    assert invitation.role == Role.COORDINATOR


def test_a_volunteer_or_mediator_cannot_invite(personas, client_for):
    for role in ("volunteer", "mediator"):
        url = f"/staff/spaces/{personas.strasbourg.pk}/team/invite/"
        assert client_for(role).post(url, {"role": "volunteer"}).status_code == 403
    with pytest.raises(PermissionDenied):
        team.invite(personas.strasbourg, role=Role.VOLUNTEER, by=personas.volunteer)
    assert not Invitation.objects.exists()


def test_a_coordinator_cannot_invite_to_another_space(personas, client_for):
    url = f"/staff/spaces/{personas.marseille.pk}/team/invite/"
    assert client_for("coordinator").post(url, {"role": "volunteer"}).status_code == 404


def test_sign_up_with_a_weak_password_keeps_what_was_typed(personas):
    _invitation, token = _invite(personas)
    response = Client().post(f"/join/{token}/", {**SIGN_UP, "password": "12345678"})
    assert response.status_code == 200
    assert 'value="ines.moreau"' in response.text
    assert not User.objects.filter(username="ines.moreau").exists()
    assert not Invitation.objects.get().is_used


def test_sign_up_with_a_taken_username_says_so(personas):
    _invitation, token = _invite(personas)
    response = Client().post(f"/join/{token}/", {**SIGN_UP, "username": "Coord-Strasbourg"})
    assert "déjà pris" in response.text
    assert not Invitation.objects.get().is_used


def test_a_civic_service_needs_its_dates(personas, client_for):
    response = client_for("coordinator").post(
        f"/staff/spaces/{personas.strasbourg.pk}/team/invite/",
        {"role": "volunteer", "is_civic_service": "on"},
    )
    assert "Donnez les dates" in response.text
    assert not Invitation.objects.exists()


def test_changing_a_role_is_journaled(personas, client_for):
    membership = Membership.objects.get(user=personas.volunteer)
    response = client_for("coordinator").post(
        f"/staff/spaces/{personas.strasbourg.pk}/team/{membership.pk}/role/", {"role": "mediator"}
    )
    assert response.status_code == 302
    membership.refresh_from_db()
    assert membership.role == Role.MEDIATOR
    event = SecurityEvent.objects.get(target=personas.volunteer, action="role_changed")
    assert event.actor == personas.coordinator and "Bénévole" in event.detail


def test_a_coordinator_cannot_make_a_coordinator_nor_change_a_peer(personas):
    volunteer = Membership.objects.get(user=personas.volunteer)
    with pytest.raises(ValidationError):
        team.change_role(volunteer, role=Role.COORDINATOR, by=personas.coordinator)
    peer = make_staff(personas.strasbourg, Role.COORDINATOR)
    with pytest.raises(PermissionDenied):
        team.change_role(
            Membership.objects.get(user=peer), role=Role.MEDIATOR, by=personas.coordinator
        )
    with pytest.raises(PermissionDenied):
        team.change_role(
            Membership.objects.get(user=personas.coordinator),
            role=Role.VOLUNTEER,
            by=personas.coordinator,
        )


def test_deactivating_ends_sessions_and_memberships_at_once(personas, client_for):
    volunteer = personas.volunteer
    Membership.objects.create(space=personas.marseille, user=volunteer, role=Role.VOLUNTEER)
    their_client = logged_in_client(volunteer)
    assert their_client.get("/staff/").status_code == 200
    membership = Membership.objects.get(user=volunteer, space=personas.strasbourg)
    response = client_for("coordinator").post(
        f"/staff/spaces/{personas.strasbourg.pk}/team/{membership.pk}/deactivate/"
    )
    assert response.status_code == 302
    volunteer.refresh_from_db()
    assert not volunteer.is_active and not volunteer.has_usable_password()
    assert not Membership.objects.filter(user=volunteer).exists()
    assert not any(
        session.get_decoded().get("_auth_user_id") == str(volunteer.pk)
        for session in Session.objects.all()
    )
    assert their_client.get("/staff/")["Location"].startswith("/accounts/login/")
    assert SecurityEvent.objects.filter(target=volunteer, action="deactivated").exists()


def test_a_coordinator_cannot_deactivate_themselves_or_the_national_team(personas):
    own = Membership.objects.get(user=personas.coordinator)
    with pytest.raises(PermissionDenied):
        team.deactivate(own, by=personas.coordinator)
    personas.coordinator.refresh_from_db()
    assert personas.coordinator.is_active


def test_the_team_page_shows_roles_onboarding_and_contracts(
    personas, client_for, django_assert_max_num_queries
):
    HelperProfile.objects.create(
        organisation=personas.organisation,
        user=personas.volunteer,
        is_civic_service=True,
        civic_service_starts_on=datetime.date(2026, 9, 1),
        civic_service_ends_on=datetime.date(2027, 6, 30),
    )
    for _number in range(5):
        make_staff(personas.strasbourg)
    client = client_for("coordinator")
    with django_assert_max_num_queries(20):
        page = client.get(f"/staff/spaces/{personas.strasbourg.pk}/team/").text
    assert "Service civique" in page and "30/06/2027" in page
    assert "0 étapes sur 4" in page
