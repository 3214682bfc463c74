import html

import pytest
from django.urls import reverse

from tremplin.learning import content
from tremplin.learning.recommendation import (
    recommend,
    register_skill_source,
    unregister_skill_source,
)
from tremplin.learning.tests.factories import make_learner, use_content


def shown(response) -> str:
    return html.unescape(response.content.decode())


@pytest.fixture
def skill_source():
    """A stand-in for the diagnostic app: it answers for the people it was told about."""
    results = {}

    def source(person):
        return results.get(person.pk)

    register_skill_source(source)
    yield results
    unregister_skill_source(source)


@pytest.fixture
def profile(personas):
    return make_learner(personas.strasbourg, personas.volunteer)


def test_without_a_skill_source_nothing_is_recommended_and_all_pathways_show(client, profile):
    catalogue = content.catalogue("fr")
    assert recommend(profile.person, catalogue).pathway is None
    client.force_login(profile.user)
    page = shown(client.get(reverse("learning:home")))
    assert "Premiers pas" in page
    assert "Conseillé pour vous" not in page


def test_a_beginner_gets_first_steps_and_mastered_modules_are_marked(client, profile, skill_source):
    catalogue = content.catalogue("fr")
    first_steps = catalogue.pathways["premiers-pas"]
    mastered_module = first_steps.modules[0]
    skill_source[profile.person.pk] = {
        "profile": "beginner",
        "levels": {code: 3 for code in mastered_module.competences},
    }
    advice = recommend(profile.person, catalogue)
    assert advice.pathway == first_steps
    assert mastered_module.slug in advice.mastered
    assert first_steps.modules[1].slug not in advice.mastered or set(
        first_steps.modules[1].competences
    ) <= set(mastered_module.competences)
    client.force_login(profile.user)
    assert "Conseillé pour vous" in shown(client.get(reverse("learning:home")))
    pathway_page = shown(client.get(reverse("learning:pathway_detail", args=["premiers-pas"])))
    assert "Vous le savez déjà" in pathway_page


def test_an_area_level_masters_the_modules_of_that_area(profile, skill_source, settings):
    catalogue = use_content(settings)
    skill_source[profile.person.pk] = {"profile": "advanced", "levels": {"device": 3}}
    advice = recommend(profile.person, catalogue)
    assert advice.mastered == {"essai-tactile"}
    assert advice.pathway is None  # the trial pathway is not for advanced people


def test_a_level_below_mastery_does_not_mark_the_module(profile, skill_source, settings):
    catalogue = use_content(settings)
    skill_source[profile.person.pk] = {"profile": "excluded", "levels": {"device.touch": 2}}
    advice = recommend(profile.person, catalogue)
    assert advice.mastered == set()
    assert advice.pathway == catalogue.pathways["essai"]


def test_learners_see_learner_pathways_and_staff_also_see_helper_training(
    client, client_for, profile
):
    client.force_login(profile.user)
    learner_home = shown(client.get(reverse("learning:home")))
    staff_home = shown(client_for("volunteer").get(reverse("learning:home")))
    helper_titles = [
        p.title for p in content.catalogue("fr").pathways.values() if p.audience == "helpers"
    ]
    assert helper_titles
    for title in helper_titles:
        assert title not in learner_home
        assert title in staff_home


def test_pages_are_in_english_when_the_learner_chose_english(client, profile):
    client.force_login(profile.user)
    client.cookies["tremplin_language"] = "en"
    page = shown(client.get(reverse("learning:pathway_detail", args=["premiers-pas"])))
    assert "<h1>First steps</h1>" in page


def test_the_home_page_runs_a_bounded_number_of_queries(
    client, profile, django_assert_max_num_queries
):
    catalogue = content.catalogue("fr")
    from tremplin.learning import services

    client.force_login(profile.user)
    client.get(reverse("learning:home"))
    # The learner's progress is read once, whatever the number of modules begun or done.
    for module in catalogue.pathways["premiers-pas"].modules:
        for page in module.pages[:-1] if module.slug == "wifi" else module.pages:
            services.record_page(profile.user, page, catalogue=catalogue, is_right=True)
    # The first page that shows workshops near a space gives their data a version, once per
    # cache (``core.page_cache``): not a cost of the page.
    client.get(reverse("learning:home"))
    with django_assert_max_num_queries(9):
        page = client.get(reverse("learning:home"))
    assert "Continuer" in page.text
