import pytest
from django.utils.translation import override

from tremplin.people import timeline
from tremplin.people.models import JournalEntry
from tremplin.people.tests.factories import make_consent_text, make_person

pytestmark = pytest.mark.django_db


def test_other_apps_add_timeline_entries_and_buttons_without_people_importing_them(
    client_for, personas
):
    person = make_person(personas.strasbourg)

    def visits(person, user):
        return [timeline.Entry(at=person.created_at, kind="booking", title="Atelier e-mail")]

    def book(person, user):
        return [timeline.Action("Réserver un atelier", "/workshops/book/", "calendar")]

    timeline.register(visits)
    timeline.register_actions(book)
    try:
        response = client_for("volunteer").get(person.get_absolute_url())
    finally:
        timeline._providers.remove(visits)
        timeline._action_providers.remove(book)
    assert "Atelier e-mail" in response.text
    assert 'href="/workshops/book/"' in response.text
    assert "Premier accueil" in response.text


def test_timeline_is_newest_first(personas):
    import datetime

    person = make_person(personas.strasbourg)
    later = person.created_at + datetime.timedelta(days=3)
    entries = [timeline.Entry(at=later, kind="x", title="later")]
    timeline.register(provider := (lambda person, user: entries))
    try:
        found = timeline.entries_for(person, personas.volunteer)
    finally:
        timeline._providers.remove(provider)
    assert found[0].title == "later"


def test_coordinator_reads_only_the_journal_of_their_spaces(client_for, personas):
    here = make_person(personas.strasbourg, last_name="Ici")
    there = make_person(personas.marseille, last_name="Ailleurs")
    response = client_for("coordinator").get("/people/journal/")
    assert f"?person={here.pk}" in response.text
    assert f"?person={there.pk}" not in response.text
    assert JournalEntry.objects.visible_to(personas.admin).count() == 2


def test_list_pages_do_not_query_once_per_row(client_for, personas, django_assert_max_num_queries):
    for _ in range(20):
        make_person(personas.strasbourg)
    client = client_for("coordinator")
    client.get("/staff/")  # the first page after login also notes the session's last activity
    # The session and the account, then the page: a count and a page of people.
    with django_assert_max_num_queries(4):
        client.get("/people/")
    with django_assert_max_num_queries(4):
        client.get("/people/?q=a")
    with django_assert_max_num_queries(5):  # the filter form lists the staff members: one query
        client.get("/people/journal/")


def test_intake_page_speaks_english(client_for, personas):
    make_consent_text(personas.organisation, text_en="We keep your information.")
    client = client_for("volunteer")
    client.cookies["tremplin_language"] = "en"
    with override("en"):
        response = client.get("/people/new/")
    assert "New intake" in response.text
    assert "We keep your information." in response.text
    assert "Year of birth" in response.text


def test_publishing_a_consent_version_retires_the_previous_one(client_for, personas):
    from tremplin.people.models import ConsentText

    old = make_consent_text(personas.organisation, version="2025-01")
    make_person(personas.strasbourg)
    client = client_for("admin")
    response = client.post(
        "/admin/people/consenttext/add/",
        {
            "organisation": personas.organisation.pk,
            "version": "2026-02",
            "published_on": "2026-02-01",
            "is_current": "on",
            "text_fr": "Nouveau texte.",
            "text_en": "New text.",
        },
    )
    assert response.status_code == 302
    old.refresh_from_db()
    assert not old.is_current
    assert ConsentText.current_for(personas.organisation).version == "2026-02"
    page = client.get(f"/admin/people/consenttext/{old.pk}/change/")
    assert 'name="text_fr"' not in page.text


def test_the_person_page_does_not_query_once_per_timeline_row(client_for, personas):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from tremplin.accompaniment.tests.factories import make_accompaniment, make_mandate

    client = client_for("mediator")
    client.get("/staff/")  # the first page after login also notes the session's last activity

    def queries_for(person) -> int:
        client.get(f"/people/{person.pk}/")  # journals the read; the next one does not
        with CaptureQueriesContext(connection) as captured:
            assert client.get(f"/people/{person.pk}/").status_code == 200
        return len(captured.captured_queries)

    few = make_person(personas.strasbourg)
    make_accompaniment(few)
    many = make_person(personas.strasbourg)
    for _ in range(12):
        make_accompaniment(many)
        make_mandate(many)
    assert queries_for(many) == queries_for(few)
