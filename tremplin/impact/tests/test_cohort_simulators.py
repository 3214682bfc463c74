import pytest

from tremplin.people.tests.factories import make_person
from tremplin.simulators.models import Attempt
from tremplin.workshops.tests.factories import make_cohort

pytestmark = pytest.mark.django_db


def attempt(person, *, failed):
    return Attempt.objects.create(
        person=person,
        organisation=person.organisation,
        simulator="messagerie",
        finished_at="2026-12-01T10:00Z",
        is_passed=not failed,
        failed_checks=failed,
    )


def test_the_cohort_page_counts_what_members_did_and_names_no_one(personas, client_for):
    members = [make_person(personas.strasbourg, last_name=f"Membre{n}") for n in range(3)]
    cohort = make_cohort(personas.strasbourg, members=members)
    attempt(members[0], failed=["attachment"])
    attempt(members[1], failed=["attachment"])
    attempt(members[2], failed=[])
    stranger = make_person(personas.strasbourg, last_name="Horscohorte")
    attempt(stranger, failed=["attachment"])

    page = client_for("mediator").get(f"/impact/cohortes/{cohort.pk}/simulateurs/").text
    assert "Joindre un fichier (2 fois)" in page  # the stranger's miss is not counted
    assert "Membre" not in page and "Horscohorte" not in page


def test_staff_of_another_space_do_not_see_the_cohort(personas, client_for):
    cohort = make_cohort(personas.strasbourg, members=[make_person(personas.strasbourg)])
    url = f"/impact/cohortes/{cohort.pk}/simulateurs/"
    assert client_for("outsider").get(url).status_code == 404
    assert client_for("funder").get(url).status_code == 404
