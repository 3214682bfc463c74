"""The diagnostic feeds learning's pathway recommendation (registered skill source)."""

from django.core.management import call_command
from django.test import Client

from tremplin.accounts.models import User
from tremplin.diagnostic.results import MIN_AREA_ANSWERS
from tremplin.diagnostic.timeline import latest_skills
from tremplin.learning.recommendation import _sources


def test_the_latest_diagnostic_is_a_registered_skill_source():
    assert latest_skills in _sources


def test_a_diagnosed_learner_is_recommended_a_pathway(db):
    call_command("seed_demo", force=True, verbosity=0)
    learner = User.objects.get(username="apprenant")
    skills = latest_skills(learner.person)
    assert skills["profile"] in {"excluded", "beginner", "advanced"}
    # Only the areas the sitting measured: a short test leaves most of them out.
    counts = learner.person.diagnostic_sessions.latest("finished_at").area_answers
    assert all(counts[area] >= MIN_AREA_ANSWERS for area in skills["levels"])
    client = Client()
    client.force_login(learner)
    assert "Conseillé pour vous" in client.get("/learn/").text
