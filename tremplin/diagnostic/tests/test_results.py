"""What a result may claim: a level only where the area was measured, progress only beyond
chance (the reliable-change rule), the same on the public and the staff pages."""

import pytest
from django.urls import reverse

from tremplin.diagnostic import results, services
from tremplin.diagnostic.models import DiagnosticSession, Response
from tremplin.diagnostic.tests.factories import make_person
from tremplin.diagnostic.timeline import latest_skills

pytestmark = pytest.mark.usefixtures("small_bank")


def sitting(organisation, answers, *, person=None) -> DiagnosticSession:
    """A finished sitting with exactly these ``(item_id, is_correct)`` answers, scored by the
    engine as a real one is."""
    session = services.start_session(organisation, language="fr", person=person)
    session = services.record_screening(session, has_smartphone=True, email_use="with_help")
    for item_id, is_correct in answers:
        Response.objects.create(
            organisation=organisation, session=session, item_id=item_id, is_correct=is_correct
        )
    diagnosis = services.diagnosis_of(session)
    services._finish(session, diagnosis, now=session.started_at)
    return session


def items_of(area: str) -> list[str]:
    return [f"{area}-{number:02d}" for number in range(4)]


def test_progress_needs_more_than_1_96_standard_errors_of_the_difference():
    # sqrt(0.3² + 0.4²) = 0.5: the gain must exceed 1.96 × 0.5 = 0.98.
    assert results.is_reliable_progress(-1.0, 0.0, se_before=0.3, se_after=0.4)
    assert not results.is_reliable_progress(-1.0, -0.03, se_before=0.3, se_after=0.4)
    assert not results.is_reliable_progress(0.0, -1.0, se_before=0.3, se_after=0.4)
    assert not results.is_reliable_progress(0.0, 0.5, se_before=0.2, se_after=0.2)


def test_an_area_with_too_few_answers_has_no_level(client, personas):
    """Five questions: four in « device », one in « information », none elsewhere."""
    answers = [(item_id, True) for item_id in items_of("device")] + [("information-00", True)]
    session = sitting(personas.organisation, answers)
    assert set(session.area_levels) == set(session.area_answers) | {
        "communication",
        "content",
        "safety",
        "problem_solving",
    }
    assert session.area_answers == {"device": 4, "information": 1}
    assert set(results.measured_levels(session)) == {"device"}
    rows = {row["code"]: row for row in results.summary(session)["areas"]}
    assert rows["device"]["level"] == session.area_levels["device"]
    assert rows["safety"]["level"] is None
    assert rows["safety"]["label"] == "pas encore mesuré"
    page = client.get(reverse("diagnostic:session_result", args=[session.share_token]))
    text = page.content.decode()
    assert text.count("pas encore mesuré") == 5
    assert "Niveau d'ensemble" in text
    client.cookies["tremplin_language"] = "en"
    page = client.get(reverse("diagnostic:session_result", args=[session.share_token]))
    assert page.content.decode().count("not measured yet") == 5


def test_a_retest_without_real_change_shows_no_progress(client_for, personas):
    person = make_person(personas.strasbourg)
    before = sitting(
        personas.organisation,
        list(zip(items_of("device"), (True, True, False, False), strict=True)),
        person=person,
    )
    after = sitting(
        personas.organisation,
        list(zip(items_of("device"), (True, True, True, False), strict=True)),
        person=person,
    )
    assert after.previous == before
    assert after.area_thetas["device"] > before.area_thetas["device"]
    summary = results.summary(after)
    assert not summary["overall"]["is_progress"]
    assert not any(row["is_progress"] for row in summary["areas"])
    staff = client_for("mediator")
    for url in (
        reverse("diagnostic:session_result", args=[after.share_token]),
        reverse("diagnostic:person_diagnostics", args=[person.pk]),
        reverse("diagnostic:session_detail", args=[after.pk]),
    ):
        page = staff.get(url).content.decode()
        assert "Avant" in page
        assert "(en progrès)" not in page


def test_a_real_gain_in_a_measured_area_shows_progress_on_every_page(client_for, personas):
    person = make_person(personas.strasbourg)
    wrong = [(item_id, False) for item_id in items_of("device")] + [("safety-00", False)]
    right = [(item_id, True) for item_id in items_of("device")] + [("safety-00", True)]
    sitting(personas.organisation, wrong, person=person)
    after = sitting(personas.organisation, right, person=person)
    rows = {row["code"]: row for row in results.summary(after)["areas"]}
    assert rows["device"]["is_progress"]
    assert not rows["safety"]["is_progress"]  # measured by neither sitting
    assert rows["safety"]["before_label"] == "pas encore mesuré"
    assert results.summary(after)["overall"]["is_progress"]
    staff = client_for("mediator")
    for url in (
        reverse("diagnostic:session_result", args=[after.share_token]),
        reverse("diagnostic:person_diagnostics", args=[person.pk]),
        reverse("diagnostic:session_detail", args=[after.pk]),
    ):
        page = staff.get(url).content.decode()
        # The area's row and the overall level.
        assert page.count("(en progrès)") == 2


def test_the_skill_source_leaves_unmeasured_areas_out(personas):
    person = make_person(personas.strasbourg)
    answers = [(item_id, True) for item_id in items_of("safety")] + [("device-00", True)]
    sitting(personas.organisation, answers, person=person)
    skills = latest_skills(person)
    assert set(skills["levels"]) == {"safety"}
