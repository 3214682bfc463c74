import pytest

from tremplin.diagnostic.models import DiagnosticSession, Response
from tremplin.people.models import Person

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("demo_network")]


def test_demo_diagnoses_most_people_with_retests():
    count = DiagnosticSession.objects.count()
    diagnosed = Person.objects.filter(diagnostic_sessions__isnull=False).distinct().count()
    assert diagnosed >= Person.objects.count() / 2
    assert set(DiagnosticSession.objects.values_list("profile", flat=True)) == {
        "excluded",
        "beginner",
        "advanced",
    }
    assert DiagnosticSession.objects.filter(previous__isnull=False).count() >= 20
    assert not DiagnosticSession.objects.exclude(state=DiagnosticSession.State.FINISHED).exists()
    assert Response.objects.count() >= count * 4


def test_demo_learner_ahmed_diallo_has_a_diagnostic_and_a_retest():
    ahmed = Person.objects.get(first_name="Ahmed", last_name="Diallo")
    sessions = DiagnosticSession.objects.filter(person=ahmed).order_by("finished_at")
    assert sessions.count() == 2
    assert sessions[1].previous == sessions[0]
