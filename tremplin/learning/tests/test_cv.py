"""The CV builder: a PDF in the response, nothing stored, plain messages on bad input."""

from django.urls import reverse

from tremplin.learning.tests.factories import make_learner

GOOD = {
    "first_name": "Samia",
    "last_name": "Benali",
    "phone": "06 12 34 56 78",
    "email": "samia.benali@example.org",
    "town": "Metz",
    "job": "Vendeuse",
    "experience": "2025 : vendeuse, boulangerie Marie, Metz\n2023 : caissière, Metz",
    "skills": "Tenir une caisse\nArabe : courant",
}


def _login(client, personas):
    client.force_login(make_learner(personas.strasbourg, personas.volunteer).user)


def test_the_form_makes_a_pdf_named_after_the_learner(
    client, personas, django_assert_max_num_queries
):
    _login(client, personas)
    page = client.get(reverse("learning:cv_builder"))
    assert page.status_code == 200 and "Faire mon CV en PDF" in page.content.decode()
    response = client.post(reverse("learning:cv_builder"), GOOD)
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    assert 'filename="CV-Samia-Benali.pdf"' in response["Content-Disposition"]
    assert response["Cache-Control"] == "no-store"


def test_bad_input_gives_a_plain_message_and_no_pdf(client, personas):
    _login(client, personas)
    bad = {**GOOD, "email": "samia.benali.example.org", "experience": "", "skills": ""}
    response = client.post(reverse("learning:cv_builder"), bad)
    text = response.content.decode()
    assert response.status_code == 200 and response["Content-Type"].startswith("text/html")
    assert "L&#x27;adresse e-mail doit avoir un @ et un point." in text
    assert "Remplissez au moins une partie" in text


def test_nothing_is_stored(client, personas, django_assert_max_num_queries):
    _login(client, personas)
    with django_assert_max_num_queries(3):  # session and user only: no write of the CV
        client.post(reverse("learning:cv_builder"), GOOD)
    assert not any("Benali" in str(value) for value in client.session.values())
