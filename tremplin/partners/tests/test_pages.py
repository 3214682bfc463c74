"""Adviser and staff pages: success, bad input, and the scope rules of decision 0010."""

import re

import pytest
from django.core import mail

from tremplin.core.testing.clients import logged_in_client
from tremplin.partners import services
from tremplin.partners.models import Referral, Sharing, Status
from tremplin.partners.tests.factories import finish_diagnostic, make_referral
from tremplin.people.models import Person
from tremplin.people.tests.factories import make_person
from tremplin.workshops import services as workshop_services
from tremplin.workshops.tests.factories import make_ongoing_session

pytestmark = pytest.mark.django_db

FORM = {
    "first_name": "Awa",
    "last_name": "Diallo",
    "phone": "06 12 34 56 78",
    "goals": ["job"],
    "reason": "Créer son espace France Travail",
    "sharing": "progress",
    "has_consent": "on",
}


def test_an_adviser_refers_someone_in_one_form(client_for, personas, consent):
    client = client_for("partner")
    page = client.get("/partners/orienter/")
    assert consent.text_fr in page.content.decode()
    response = client.post("/partners/orienter/", {**FORM, "space": personas.strasbourg.pk})
    referral = Referral.objects.get()
    assert response["Location"] == f"/partners/orientations/{referral.pk}/"
    assert (referral.person.first_name, referral.person.phone) == ("Awa", "+33612345678")
    assert referral.sharing == Sharing.PROGRESS and referral.adviser == personas.partner


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"has_consent": ""}, "Sans l&#x27;accord de la personne"),
        ({"sharing": ""}, "Cochez ce que la personne accepte"),
        ({"phone": "", "email": ""}, "Écrivez un téléphone ou une adresse e-mail"),
        ({"phone": "06 12"}, "Ce numéro de téléphone"),
        ({"first_name": ""}, "Écrivez le prénom."),
        ({"postcode": "6710"}, "Le code postal a 5 chiffres"),
    ],
)
def test_a_bad_referral_form_explains_and_keeps_what_was_typed(
    client_for, personas, consent, change, message
):
    data = {**FORM, "space": personas.strasbourg.pk, **change}
    response = client_for("partner").post("/partners/orienter/", data)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert 'value="Créer son espace France Travail"' in response.content.decode() or (
        "Créer son espace France Travail" in response.content.decode()
    )
    assert not Referral.objects.exists() and not Person.objects.exists()


def test_a_double_click_refers_once(client_for, personas, consent):
    client = client_for("partner")
    data = {**FORM, "space": personas.strasbourg.pk, "submission_token": "t" * 40}
    first = client.post("/partners/orienter/", data)
    second = client.post("/partners/orienter/", data)
    assert first["Location"] == second["Location"]
    assert Referral.objects.count() == 1


def test_an_adviser_of_partner_a_gets_404_on_everything_of_partner_b(client_for, personas, consent):
    theirs = make_referral(personas.partner_b, personas.strasbourg)
    client = client_for("partner")
    assert client.get(f"/partners/orientations/{theirs.pk}/").status_code == 404
    assert theirs.person.first_name not in client.get("/partners/").content.decode()
    for path in [
        f"/people/{theirs.person.pk}/",
        f"/partners/recues/{theirs.pk}/",
    ]:
        assert client.get(path).status_code == 404


def test_an_adviser_never_reaches_a_person_page_even_of_their_own_referral(
    client_for, personas, consent
):
    mine = make_referral(personas.partner, personas.strasbourg)
    client = client_for("partner")
    assert client.get(f"/partners/orientations/{mine.pk}/").status_code == 200
    for path in [
        f"/people/{mine.person.pk}/",
        f"/people/{mine.person.pk}/edit/",
        "/people/",
        f"/partners/recues/{mine.pk}/",
    ]:
        assert client.get(path).status_code == 404, path


def test_status_only_hides_progress(client_for, personas, consent):
    referral = make_referral(personas.partner, personas.strasbourg, sharing=Sharing.STATUS)
    finish_diagnostic(referral.person)
    page = client_for("partner").get(f"/partners/orientations/{referral.pk}/").content.decode()
    assert "Diagnostic fait" in page
    assert "Débutant" not in page and "Heures d'ateliers" not in page
    assert "son statut seulement" in page


def test_with_consent_the_adviser_sees_profile_and_hours_and_nothing_else(
    client_for, personas, consent
):
    referral = make_referral(
        personas.partner, personas.strasbourg, email="awa@exemple.fr", birth_year=1980
    )
    finish_diagnostic(referral.person)
    _session, [booking] = make_ongoing_session(personas.strasbourg, referral.person)
    workshop_services.record_attendance(booking, is_present=True, minutes=90)
    page = client_for("partner").get(f"/partners/orientations/{referral.pk}/").content.decode()
    assert "En formation" in page
    assert "Débutant ou intermédiaire" in page and "1,5 h" in page
    person = referral.person
    for secret in [person.phone, "06 1", "awa@exemple.fr", "1980", person.last_name]:
        assert secret not in page, secret


def test_an_attached_earlier_record_shows_the_adviser_nothing_more(client_for, personas, consent):
    earlier = make_person(
        personas.strasbourg, first_name="Awa", last_name="Diallo", email="vieux@exemple.fr"
    )
    referral = make_referral(
        personas.partner, personas.strasbourg, first_name="Awa", last_name="Diallo"
    )
    services.attach_to_person(referral, person=earlier, by=personas.mediator)
    client = client_for("partner")
    page = client.get(f"/partners/orientations/{referral.pk}/").content.decode()
    assert "vieux@exemple.fr" not in page and "Awa D." in page
    assert client.get(f"/people/{earlier.pk}/").status_code == 404


def test_the_adviser_list_follows_records_and_stays_within_a_few_queries(
    personas, consent, django_assert_max_num_queries
):
    referrals = [make_referral(personas.partner, personas.strasbourg) for _ in range(8)]
    finish_diagnostic(referrals[0].person)
    client = logged_in_client(personas.partner)
    client.get("/partners/")
    referrals[0].refresh_from_db()
    assert referrals[0].status == Status.DIAGNOSED
    with django_assert_max_num_queries(14):
        page = client.get("/partners/")
    assert page.content.decode().count("/partners/orientations/") == 8


def test_the_dashboard_hides_small_counts(client_for, personas, consent):
    for _ in range(6):
        make_referral(personas.partner, personas.strasbourg)
    make_referral(personas.partner_b, personas.strasbourg)
    page = client_for("partner").get("/partners/tableau-de-bord/").content.decode()
    assert "Personnes orientées : 6" in page
    assert "moins de 5" in page  # received, diagnosed… are under 5
    assert "100 %" in page  # everyone reached « sent »
    other = client_for("partner_b").get("/partners/tableau-de-bord/").content.decode()
    assert "Personnes orientées : moins de 5" in other


def test_staff_receive_and_advance_a_referral(client_for, personas, consent):
    referral = make_referral(personas.partner, personas.strasbourg)
    client = client_for("mediator")
    assert referral.person.first_name in client.get("/partners/recues/").content.decode()
    page = client.get(f"/partners/recues/{referral.pk}/")
    assert "Noter l'orientation reçue" in page.content.decode()
    client.post(f"/partners/recues/{referral.pk}/recevoir/")
    client.post(f"/partners/recues/{referral.pk}/avancer/", {"status": "diagnosed"})
    referral.refresh_from_db()
    assert referral.status == Status.DIAGNOSED
    again = client.post(f"/partners/recues/{referral.pk}/recevoir/", follow=True)
    assert "déjà à l&#x27;étape" in again.content.decode()
    assert referral.events.count() == 3


def test_a_bad_step_or_reason_is_explained_and_changes_nothing(client_for, personas, consent):
    referral = make_referral(personas.partner, personas.strasbourg)
    client = client_for("mediator")
    response = client.post(f"/partners/recues/{referral.pk}/avancer/", {"status": "sent"})
    assert response.status_code == 400
    assert "Choisissez une étape de la liste." in response.content.decode()
    response = client.post(f"/partners/recues/{referral.pk}/cloturer/", {})
    assert "Choisissez la raison de la clôture." in response.content.decode()
    referral.refresh_from_db()
    assert referral.status == Status.SENT and referral.events.count() == 1


def test_staff_see_the_duplicate_and_attach_the_referral_to_it(client_for, personas, consent):
    earlier = make_person(
        personas.strasbourg, first_name="Awa", last_name="Diallo", birth_year=1980
    )
    referral = make_referral(
        personas.partner,
        personas.strasbourg,
        first_name="Awa",
        last_name="Diallo",
        birth_year=1980,
    )
    client = client_for("mediator")
    page = client.get(f"/partners/recues/{referral.pk}/").content.decode()
    assert "Cette personne a peut-être déjà une fiche" in page
    client.post(f"/partners/recues/{referral.pk}/rattacher/", {"person": earlier.pk})
    referral.refresh_from_db()
    assert referral.person == earlier


def test_a_volunteer_reads_a_referral_but_cannot_move_it(client_for, personas, consent):
    referral = make_referral(personas.partner, personas.strasbourg)
    client = client_for("volunteer")
    page = client.get(f"/partners/recues/{referral.pk}/").content.decode()
    assert "Noter l'orientation reçue" not in page
    assert client.post(f"/partners/recues/{referral.pk}/recevoir/").status_code == 403


def test_the_staff_list_stays_within_a_few_queries(
    personas, consent, django_assert_max_num_queries
):
    for _ in range(10):
        make_referral(personas.partner, personas.strasbourg)
    client = logged_in_client(personas.mediator)
    client.get("/partners/recues/")
    with django_assert_max_num_queries(14):
        client.get("/partners/recues/?statut=sent")


def test_the_person_page_shows_the_referral_and_the_staff_home_what_to_receive(
    client_for, personas, consent
):
    referral = make_referral(personas.partner, personas.strasbourg)
    client = client_for("mediator")
    person_page = client.get(f"/people/{referral.person.pk}/").content.decode()
    assert "Orientée par France Travail Strasbourg Meinau" in person_page
    assert "1 orientation à recevoir" in client.get("/staff/").content.decode()
    assert "à recevoir" not in client_for("outsider").get("/staff/").content.decode()


def test_a_partner_admin_invites_an_adviser_who_chooses_a_password(
    client, personas, partner_admin, django_capture_on_commit_callbacks
):
    admin_client = logged_in_client(partner_admin)
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(
            "/partners/organisation/inviter/",
            {"first_name": "Léa", "last_name": "Martin", "email": "Lea.Martin@exemple.fr"},
        )
    assert response.status_code == 302
    invited = personas.partner.partner_adviser.partner.advisers.get(
        user__username="lea.martin@exemple.fr"
    )
    assert not invited.user.has_usable_password()
    [message] = mail.outbox
    path = re.search(r"https?://[^/]+(/partners/invitation/\S+)", message.body).group(1)
    page = client.get(path)
    assert "Choisir votre mot de passe" in page.content.decode()
    done = client.post(
        path,
        {"new_password1": "Un-mot-de-passe-long-42", "new_password2": "Un-mot-de-passe-long-42"},
    )
    assert done["Location"] == "/accounts/login/"
    assert "ne marche plus" in client.get(path).content.decode()
    again = admin_client.post(
        "/partners/organisation/inviter/",
        {"first_name": "Léa", "last_name": "Martin", "email": "lea.martin@exemple.fr"},
    )
    assert "déjà un compte" in again.content.decode()


def test_an_adviser_who_is_not_admin_cannot_invite(client_for, personas):
    response = client_for("partner").post(
        "/partners/organisation/inviter/",
        {"first_name": "Léa", "last_name": "Martin", "email": "lea@exemple.fr"},
    )
    assert response.status_code == 403


def test_an_adviser_lands_on_their_referrals_after_login(client_for):
    assert client_for("partner").get("/accounts/home/")["Location"] == "/partners/"


def test_staff_see_the_partner_organisations_and_the_spaces_they_refer_to(client_for, personas):
    partner = personas.partner.partner_adviser.partner
    partner.spaces.set([personas.strasbourg])
    page = client_for("volunteer").get("/partners/organisations/").content.decode()
    assert "France Travail Strasbourg Meinau" in page and "Tremplin Strasbourg" in page
    assert "CAF du Bas-Rhin" in page and "Tous les espaces" in page
    other = client_for("other_coordinator").get("/partners/organisations/").content.decode()
    assert "France Travail Strasbourg Meinau" not in other


def test_the_adviser_sees_their_organisation_and_its_spaces(client_for, personas):
    partner = personas.partner.partner_adviser.partner
    partner.spaces.set([personas.marseille])
    page = client_for("partner").get("/partners/organisation/").content.decode()
    assert "Agence France Travail" in page and "Tremplin Marseille" in page
    assert "Inviter" not in page
    form = client_for("partner").get("/partners/orienter/").content.decode()
    assert "Tremplin Marseille" in form and "Tremplin Strasbourg" not in form
