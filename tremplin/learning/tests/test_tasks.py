"""Guided tasks (``kind: task``): a real step on the learner's own phone or the space's computer,
with a checklist, a stated duration, and « Je l'ai fait » / « J'ai besoin d'aide » recorded like
an answer."""

import html
import shutil

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from playwright.sync_api import expect

from tremplin.learning import content, timing
from tremplin.learning.exercises import check_task, model_answer
from tremplin.learning.models import PageProgress
from tremplin.learning.tests.factories import GOOD_CONTENT, make_learner, use_content

TASK = """---
kind: task
title: {title}
minutes: {minutes}
steps:
  - {step}
  - Notez votre adresse dans votre carnet.
feedback:
  right: Bravo ! Vous avez votre adresse.
  wrong: Demandez à l'accueil de l'espace. Un aidant le fait avec vous.
---
Vous allez créer votre adresse, sur votre téléphone.
"""


def tree_with_task(tmp_path, *, minutes_fr=10, minutes_en=10, steps=True):
    root = tmp_path / "content"
    shutil.copytree(GOOD_CONTENT, root)
    module = root / "modules" / "essai-tactile"
    yaml_path = module / "module.yaml"
    yaml_path.write_text(
        yaml_path.read_text().replace("06-trou]", "06-trou, 07-tache]"), encoding="utf-8"
    )
    step = "Ouvrez Gmail." if steps else ""
    (module / "07-tache.fr.md").write_text(
        TASK.format(title="Créer mon adresse", minutes=minutes_fr, step=step), encoding="utf-8"
    )
    english = TASK.format(title="Create my address", minutes=minutes_en, step=step or "")
    (module / "07-tache.en.md").write_text(english, encoding="utf-8")
    return root


def test_a_task_page_is_read_with_its_minutes_and_checklist(tmp_path):
    tree = content.read_tree(tree_with_task(tmp_path))
    assert tree.problems == []
    page = content.build_catalogue(tree, "fr").modules["essai-tactile"].page("07-tache")
    assert page.is_task and page.is_exercise and page.type == "task"
    assert page.minutes == 10
    assert page.steps == ("Ouvrez Gmail.", "Notez votre adresse dans votre carnet.")


@pytest.mark.parametrize("minutes", [0, 3, 25, 60, "dix"])
def test_a_task_states_an_honest_duration_from_5_to_20_minutes(tmp_path, minutes):
    tree = content.read_tree(tree_with_task(tmp_path, minutes_fr=minutes, minutes_en=minutes))
    assert any("a task states its 'minutes'" in problem for problem in tree.problems)


def test_a_task_needs_a_checklist_and_the_same_minutes_in_english(tmp_path):
    tree = content.read_tree(tree_with_task(tmp_path, steps=False))
    assert any("a task needs 'steps'" in problem for problem in tree.problems)
    tree = content.read_tree(tree_with_task(tmp_path / "other", minutes_en=15))
    assert any("07-tache.en.md" in p and "differ from the French" in p for p in tree.problems)


def test_a_task_counts_its_stated_minutes_and_the_words_of_its_checklist(tmp_path):
    tree = content.read_tree(tree_with_task(tmp_path))
    before = timing.module_estimate(content.read_tree(GOOD_CONTENT), "essai-tactile")
    after = timing.module_estimate(tree, "essai-tactile")
    assert after.tasks == 1 and after.task_minutes == 10
    assert after.exercises == before.exercises
    assert after.words - before.words == timing.page_words(
        tree.pages[("essai-tactile", "07-tache", "fr")]
    )
    assert after.minutes == pytest.approx(
        before.minutes + 10 + (after.words - before.words) / timing.WORDS_PER_MINUTE
    )
    assert "1 guided tasks = 10 min" in timing.pathway_report(tree)[0]


def test_the_two_buttons_are_the_only_answers(tmp_path):
    tree = content.read_tree(tree_with_task(tmp_path))
    page = content.build_catalogue(tree, "fr").modules["essai-tactile"].page("07-tache")
    assert check_task(page, {"answer": "done"}).is_right
    assert not check_task(page, {"answer": "help"}).is_right
    with pytest.raises(ValidationError):
        check_task(page, {"answer": "maybe"})
    assert check_task(page, model_answer(page)).is_right


@pytest.fixture
def learner(personas):
    return make_learner(personas.strasbourg, personas.volunteer).user


def test_help_is_recorded_like_a_wrong_answer_and_done_finishes_the_page(
    client, settings, tmp_path, learner
):
    use_content(settings, tree_with_task(tmp_path))
    client.force_login(learner)
    url = reverse("learning:page_detail", args=["essai-tactile", "07-tache"])
    page = html.unescape(client.get(url).content.decode())
    assert "Environ 10 minutes" in page and "Ouvrez Gmail." in page
    assert 'value="done"' in page and 'value="help"' in page

    response = client.post(url, {"answer": "help"})
    shown = html.unescape(response.content.decode())
    assert response.status_code == 200
    assert "Un aidant le fait avec vous." in shown and "Pas encore" not in shown
    progress = PageProgress.objects.get(user=learner, page_stem="07-tache")
    assert (progress.attempts, progress.is_done, progress.is_last_answer_correct) == (
        1,
        False,
        False,
    )

    response = client.post(url, {"answer": "done"})
    assert response.status_code == 302
    progress.refresh_from_db()
    assert progress.is_done and progress.attempts == 2
    assert "Bravo ! Vous avez votre adresse." in html.unescape(client.get(url).content.decode())


def test_a_forged_answer_records_nothing(client, settings, tmp_path, learner):
    use_content(settings, tree_with_task(tmp_path))
    client.force_login(learner)
    url = reverse("learning:page_detail", args=["essai-tactile", "07-tache"])
    response = client.post(url, {"answer": "maybe"})
    assert response.status_code == 200
    assert "Touchez « Je l'ai fait » ou « J'ai besoin d'aide »." in html.unescape(
        response.content.decode()
    )
    assert not PageProgress.objects.filter(user=learner, page_stem="07-tache").exists()


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_a_learner_asks_for_help_then_says_done_on_a_real_task_page(page, personas, log_in):
    from tremplin.core.testing.browser import assert_learner_page, axe_violations

    catalogue = content.catalogue("fr")
    task = next(
        item
        for module in catalogue.pathways["emploi"].modules
        for item in module.pages
        if item.is_task
    )
    learner = make_learner(personas.strasbourg, personas.volunteer).user
    log_in(page, learner)
    url = reverse("learning:page_detail", args=[task.module_slug, task.stem])
    assert_learner_page(page, url)
    page.get_by_role("button", name="J'ai besoin d'aide").click()
    page.locator(".feedback-help").wait_for()
    assert axe_violations(page) == []
    page.get_by_role("button", name="Je l'ai fait").click()
    page.locator(".feedback-right").wait_for()
    expect(page.get_by_role("link", name="Continuer")).to_be_visible()
    assert PageProgress.objects.get(user=learner, page_stem=task.stem).is_done
