import html
from datetime import timedelta

import pytest
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from tremplin.learning import services
from tremplin.learning.models import CodeLock, LearnerProfile, LoginCard
from tremplin.learning.tests.factories import LEARNER_CODE, make_learner, make_person
from tremplin.people.models import JournalEntry


def shown(response) -> str:
    return html.unescape(response.content.decode())


@pytest.fixture
def profile(personas):
    return make_learner(personas.strasbourg, personas.volunteer, first_name="Awa")


# Code login -----------------------------------------------------------------------------------


def test_a_learner_logs_in_with_username_and_code(client, profile):
    response = client.post(
        reverse("learning:code_login"), {"username": profile.user.username, "code": LEARNER_CODE}
    )
    assert response.status_code == 302 and response["Location"] == reverse("learning:home")
    assert client.session["_auth_user_id"] == str(profile.user.pk)


def test_a_wrong_code_explains_keeps_the_username_and_logs_nobody_in(client, profile):
    response = client.post(
        reverse("learning:code_login"), {"username": profile.user.username, "code": "000000"}
    )
    assert response.status_code == 200
    assert "L'identifiant ou le code ne va pas." in shown(response)
    assert f'value="{profile.user.username}"' in shown(response)
    assert "_auth_user_id" not in client.session


@pytest.mark.parametrize(
    "code, message",
    [
        ("", "Écrivez votre code à 6 chiffres."),
        ("12a456", "seulement des chiffres"),
        ("123", "Le code a 6 chiffres."),
    ],
)
def test_a_malformed_code_gets_a_plain_message(client, profile, code, message):
    response = client.post(
        reverse("learning:code_login"), {"username": profile.user.username, "code": code}
    )
    assert message in shown(response)
    assert not CodeLock.objects.exists()


def fail_five_times(username: str, now) -> None:
    for _attempt in range(4):
        with pytest.raises(ValidationError, match="ne va pas"):
            services.log_in_with_code(username, "000000", now=now)
    with pytest.raises(ValidationError, match="Trop d'essais"):
        services.log_in_with_code(username, "000000", now=now)


def test_each_five_wrong_codes_lock_the_account_longer(profile):
    username = profile.user.username
    now = timezone.now()
    for minutes in (1, 5, 15, 60, 240):
        fail_five_times(username, now)
        with pytest.raises(ValidationError, match=f"attendez {minutes} minute"):
            services.log_in_with_code(username, LEARNER_CODE, now=now)
        almost = now + timedelta(minutes=minutes) - timedelta(seconds=1)
        with pytest.raises(ValidationError, match="Trop d'essais"):
            services.log_in_with_code(username, LEARNER_CODE, now=almost)
        now += timedelta(minutes=minutes, seconds=1)
    assert services.log_in_with_code(username, LEARNER_CODE, now=now) == profile.user
    # A right code forgets the escalation: the next lock is one minute again.
    fail_five_times(username, now)
    with pytest.raises(ValidationError, match="attendez 1 minute"):
        services.log_in_with_code(username, LEARNER_CODE, now=now)


def test_an_unknown_username_locks_exactly_like_a_real_one(profile):
    now = timezone.now()
    answers = {}
    for username in (profile.user.username, "personne-000"):
        messages = []
        for _attempt in range(7):
            try:
                services.log_in_with_code(username, "000000", now=now)
            except ValidationError as error:
                messages.append(error.messages[0])
        answers[username] = messages
    assert answers[profile.user.username] == answers["personne-000"]
    assert "Trop d'essais" in answers["personne-000"][-1]


def test_the_lock_shows_on_the_login_page(client, profile):
    for _attempt in range(5):
        response = client.post(
            reverse("learning:code_login"),
            {"username": profile.user.username, "code": "999999"},
        )
    assert "Trop d'essais" in shown(response)


def test_a_right_code_resets_the_failure_count(profile):
    with pytest.raises(ValidationError):
        services.log_in_with_code(profile.user.username, "000000")
    assert CodeLock.objects.count() == 1
    services.log_in_with_code(profile.user.username, LEARNER_CODE)
    assert not CodeLock.objects.exists()


def test_an_unknown_username_gets_the_same_message(client, db):
    with pytest.raises(ValidationError, match="ne va pas"):
        services.log_in_with_code("personne-000", "123456")


def test_the_code_is_stored_hashed(profile):
    assert LEARNER_CODE not in profile.code_hash
    assert not profile.user.has_usable_password()


# Cards ----------------------------------------------------------------------------------------


def test_a_card_logs_in_after_a_touch_and_a_new_card_stops_the_old_one(client, personas, profile):
    token = services.issue_login_card(profile, by=personas.volunteer)
    url = reverse("learning:card_login", args=[token])
    page = client.get(url)
    assert page.status_code == 200 and "Bonjour Awa" in shown(page)
    assert "_auth_user_id" not in client.session
    response = client.post(url)
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(profile.user.pk)
    newer = services.issue_login_card(profile, by=personas.volunteer)
    client.logout()
    assert client.post(url).status_code == 404
    assert client.post(reverse("learning:card_login", args=[newer])).status_code == 302


def test_a_revoked_or_forged_card_explains_and_logs_nobody_in(client, personas, profile):
    token = services.issue_login_card(profile, by=personas.volunteer)
    services.revoke_login_cards(profile, by=personas.volunteer)
    for url in (
        reverse("learning:card_login", args=[token]),
        reverse("learning:card_login", args=["forged-token"]),
    ):
        response = client.post(url)
        assert response.status_code == 404
        assert "Cette carte ne marche plus." in shown(response)
    assert "_auth_user_id" not in client.session


def test_only_the_token_hash_is_stored(personas, profile):
    token = services.issue_login_card(profile, by=personas.volunteer)
    assert not LoginCard.objects.filter(token_hash=token).exists()


# Helper pages ---------------------------------------------------------------------------------


def shown_code(response) -> str:
    return shown(response).split('<strong class="code">')[1][:6]


def test_a_helper_creates_the_account_and_sees_the_code_once(client_for, personas):
    person = make_person(personas.strasbourg, first_name="Fatou")
    client = client_for("volunteer")
    response = client.post(reverse("learning:person_account_create", args=[person.pk]))
    assert response.status_code == 200  # shown in the answer to the POST, not after a redirect
    assert response["Cache-Control"] == "no-store"
    assert "Code à donner à la personne" in shown(response)
    code = shown_code(response)
    profile = LearnerProfile.objects.get(user__person=person)
    assert profile.user.username.startswith("fatou-")
    assert code not in str(dict(client.session))
    page = shown(client.get(reverse("learning:person_learning", args=[person.pk])))
    assert "Code à donner" not in page and code not in page
    assert services.log_in_with_code(profile.user.username, code) == profile.user


def test_creating_an_account_twice_explains_and_creates_nothing(client_for, personas, profile):
    client = client_for("volunteer")
    client.post(reverse("learning:person_account_create", args=[profile.person.pk]))
    page = shown(client.get(reverse("learning:person_learning", args=[profile.person.pk])))
    assert "Cette personne a déjà un compte pour apprendre." in page
    assert LearnerProfile.objects.count() == 1


def lock_out(profile) -> None:
    for _attempt in range(5):
        with pytest.raises(ValidationError):
            services.log_in_with_code(profile.user.username, "000000")


def test_a_fresh_code_from_the_desk_always_works(client_for, personas, profile):
    for _round in range(3):  # locked for 15 minutes now
        lock_out(profile)
        CodeLock.objects.update(locked_until=None)
    lock_out(profile)
    client = client_for("mediator")
    page = client.get(reverse("learning:person_learning", args=[profile.person.pk]))
    assert "Trop de codes faux" in shown(page)
    response = client.post(reverse("learning:person_code_reset", args=[profile.person.pk]))
    assert response.status_code == 200 and response["Cache-Control"] == "no-store"
    code = shown_code(response)
    assert code.isdigit() and code != LEARNER_CODE
    assert code not in str(dict(client.session))
    assert services.lock_of(profile) is None
    assert services.log_in_with_code(profile.user.username, code) == profile.user
    assert JournalEntry.objects.filter(
        person=profile.person, actor=personas.mediator, fields=["code_hash"]
    ).exists()


def test_a_helper_lifts_the_lock_and_it_is_journaled(client_for, personas, profile):
    lock_out(profile)
    client = client_for("volunteer")
    response = client.post(reverse("learning:person_code_unlock", args=[profile.person.pk]))
    assert response.status_code == 302
    assert services.lock_of(profile) is None
    assert services.log_in_with_code(profile.user.username, LEARNER_CODE) == profile.user
    assert JournalEntry.objects.filter(
        person=profile.person,
        actor=personas.volunteer,
        action=JournalEntry.Action.UPDATE,
        fields=["code_lock"],
    ).exists()


def test_a_helper_prints_a_card_pdf_and_revokes_it(client_for, profile):
    client = client_for("coordinator")
    response = client.post(reverse("learning:person_card_print", args=[profile.person.pk]))
    assert response.status_code == 200 and response.content.startswith(b"%PDF")
    assert profile.cards.filter(revoked_at__isnull=True).count() == 1
    client.post(reverse("learning:person_card_revoke", args=[profile.person.pk]))
    assert profile.cards.filter(revoked_at__isnull=True).count() == 0


def test_actions_need_post(client_for, profile):
    client = client_for("volunteer")
    for name in (
        "person_account_create",
        "person_code_reset",
        "person_code_unlock",
        "person_card_print",
        "person_card_revoke",
    ):
        assert client.get(reverse(f"learning:{name}", args=[profile.person.pk])).status_code == 405


def test_someone_logged_out_is_sent_to_the_code_login_and_comes_back(client, profile, settings):
    from tremplin.learning.tests.factories import use_content

    use_content(settings)
    url = reverse("learning:pathway_detail", args=["essai"])
    response = client.get(url)
    assert response.status_code == 302
    login_url = response["Location"]
    assert login_url.startswith(reverse("learning:code_login"))
    assert "Connexion avec mot de passe" in shown(client.get(login_url))
    response = client.post(login_url, {"username": profile.user.username, "code": LEARNER_CODE})
    assert response["Location"] == url
    client.logout()
    evil = client.post(
        reverse("learning:code_login") + "?next=https://evil.example/",
        {"username": profile.user.username, "code": LEARNER_CODE},
    )
    assert evil["Location"] == reverse("learning:home")


def test_the_code_login_speaks_english_when_asked(client, db):
    client.cookies["tremplin_language"] = "en"
    page = shown(client.get(reverse("learning:code_login")))
    assert "Log in with my code" in page
    assert "Your 6-digit secret code" in page


def test_erasing_the_person_closes_the_code_login_and_the_export_has_no_code_hash(
    personas, profile
):
    from tremplin.people.services import erase_person, export_person

    export = export_person(profile.person, actor=personas.volunteer)
    assert profile.code_hash not in str(export)
    username = profile.user.username
    erase_person(profile.person, actor=personas.coordinator)
    with pytest.raises(ValidationError):
        services.log_in_with_code(username, LEARNER_CODE)
    with pytest.raises(ValidationError):
        services.create_learner_account(
            services.Person.objects.get(pk=profile.user.person.pk), by=personas.volunteer
        )


def test_a_person_who_already_has_an_account_gets_the_code_on_that_account(personas):
    from tremplin.spaces.tests.factories import make_user

    account = make_user(kind="learner")
    person = make_person(personas.strasbourg)
    services.Person.objects.filter(pk=person.pk).update(account=account)
    person.refresh_from_db()
    profile, code = services.create_learner_account(person, by=personas.volunteer)
    assert profile.user == account
    assert services.log_in_with_code(account.username, code) == account


def try_code(client, username: str, code: str = "000000"):
    return client.post(reverse("learning:code_login"), {"username": username, "code": code})


def test_one_address_trying_codes_on_many_usernames_is_stopped(client, personas, profile, settings):
    settings.TREMPLIN_CODE_LOGIN_USERNAMES_PER_ADDRESS = 5
    others = [make_learner(personas.strasbourg, personas.volunteer) for _index in range(2)]
    for username in [other.user.username for other in others] + ["personne-1", "personne-2"]:
        try_code(client, username)
    assert client.session.get("_auth_user_id") is None
    try_code(client, "personne-3")
    response = try_code(client, profile.user.username, LEARNER_CODE)
    assert "Trop d'essais" in shown(response)
    assert "_auth_user_id" not in client.session
    assert all(services.lock_of(other) is None for other in others)
    cache.clear()  # another worker process, with its own memory, sees the same count
    assert "Trop d'essais" in shown(try_code(Client(), profile.user.username, LEARNER_CODE))
    assert try_code(Client(REMOTE_ADDR="192.0.2.44"), profile.user.username, LEARNER_CODE)[
        "Location"
    ] == reverse("learning:home")


def test_one_learner_s_mistakes_never_lock_out_the_room_behind_one_address(
    client, personas, profile
):
    room = [make_learner(personas.strasbourg, personas.volunteer) for _index in range(29)]
    for _attempt in range(30):  # one person keeps trying, past their own lock
        try_code(client, profile.user.username)
    for typo in range(10):  # and mistypes their username
        try_code(client, f"{profile.user.username}{typo}")
    for learner in room:
        neighbour = Client()  # same address: 127.0.0.1
        response = try_code(neighbour, learner.user.username, LEARNER_CODE)
        assert response.status_code == 302, learner.user.username
    assert "Trop d'essais" in shown(try_code(client, profile.user.username, LEARNER_CODE))


def test_behind_the_trusted_proxy_learners_are_told_apart(client, personas, profile, settings):
    settings.TREMPLIN_TRUSTED_PROXIES = ["127.0.0.1"]
    settings.TREMPLIN_CODE_LOGIN_USERNAMES_PER_ADDRESS = 3
    attacker = Client(HTTP_X_FORWARDED_FOR="198.51.100.1")
    for number in range(3):
        try_code(attacker, f"personne-{number}")
    response = try_code(attacker, profile.user.username, LEARNER_CODE)
    assert "Trop d'essais" in shown(response)
    learner = Client(HTTP_X_FORWARDED_FOR="198.51.100.2")
    assert try_code(learner, profile.user.username, LEARNER_CODE).status_code == 302


def test_reading_a_person_learning_and_creating_the_account_are_journaled(client_for, personas):
    from tremplin.people.models import JournalEntry

    person = make_person(personas.strasbourg)
    client = client_for("volunteer")
    client.get(reverse("learning:person_learning", args=[person.pk]))
    client.post(reverse("learning:person_account_create", args=[person.pk]))
    actions = list(
        JournalEntry.objects.filter(person=person, actor=personas.volunteer).values_list(
            "action", "fields"
        )
    )
    assert (JournalEntry.Action.READ, []) in actions
    assert (JournalEntry.Action.UPDATE, ["account"]) in actions
