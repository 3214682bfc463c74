"""A person without an account starts a module right away: progress stays in their session,
and goes to their account when they log in on the same device with the account a helper made."""

import html

import pytest
from django.http import QueryDict
from django.urls import reverse

from tremplin.learning import guest
from tremplin.learning.exercises import model_answer
from tremplin.learning.models import Certificate, ModuleProgress, PageProgress
from tremplin.learning.services import create_learner_account, issue_login_card
from tremplin.learning.tests.factories import LEARNER_CODE, make_person, use_content

pytestmark = pytest.mark.django_db


@pytest.fixture
def catalogue(settings):
    return use_content(settings)


@pytest.fixture
def module(catalogue):
    return catalogue.modules["essai-tactile"]


def shown(response) -> str:
    return html.unescape(response.content.decode())


def page_url(stem: str, module: str = "essai-tactile") -> str:
    return reverse("learning:page_detail", args=[module, stem])


def answer(page) -> dict:
    data = QueryDict(mutable=True)
    for name, values in model_answer(page).items():
        data.setlist(name, values)
    return dict(data.lists())


WRONG = {"answer": "b"}  # on « 02-choix », the single choice of the test module


def do_every_page(client, module) -> None:
    for page in module.pages:
        client.post(page_url(page.stem), answer(page) if page.is_exercise else {})


def test_a_visitor_opens_a_module_and_its_first_page_without_an_account(client, module):
    response = client.get(reverse("learning:module_detail", args=[module.slug]))
    assert response.status_code == 200
    assert "Vous apprenez sans compte" in shown(response)
    first = client.get(page_url(module.pages[0].stem))
    assert first.status_code == 200


def test_a_visitors_progress_stays_in_their_session_not_in_the_database(client, module):
    lesson = module.pages[0]
    response = client.post(page_url(lesson.stem))
    assert response.status_code == 302
    progress = guest.progress_of(client.session)
    assert progress == {module.slug: {lesson.stem: {"done": True}}}
    assert not PageProgress.objects.exists() and not ModuleProgress.objects.exists()
    page = shown(client.get(reverse("learning:module_detail", args=[module.slug])))
    assert f"1 page finie sur {len(module.pages)}" in page
    assert "Continuer" in page


def test_a_visitor_finishes_a_module_and_is_told_without_a_certificate(client, module):
    do_every_page(client, module)
    page = shown(client.get(reverse("learning:module_detail", args=[module.slug]), follow=True))
    assert "Module fini. Bravo !" in page
    assert not Certificate.objects.exists()


def test_a_wrong_answer_of_a_visitor_is_kept_as_an_attempt(client, module):
    exercise = module.page("02-choix")
    response = client.post(page_url(exercise.stem), WRONG)
    assert response.status_code == 200
    entry = guest.progress_of(client.session)[module.slug][exercise.stem]
    assert entry["attempts"] == 1 and entry["done"] is False


def test_logging_in_with_the_code_a_helper_gave_attaches_the_progress(
    client, personas, module, catalogue
):
    do_every_page(client, module)
    person = make_person(personas.strasbourg, first_name="Awa")
    profile, _code = create_learner_account(person, by=personas.volunteer, code=LEARNER_CODE)

    response = client.post(
        reverse("learning:code_login"),
        {"username": profile.user.username, "code": LEARNER_CODE},
        follow=True,
    )

    assert "Ce que vous avez fait avant de vous connecter est gardé." in shown(response)
    done = PageProgress.objects.filter(user=profile.user, is_done=True)
    assert done.count() == len(module.pages)
    assert ModuleProgress.objects.get(user=profile.user).completed_at is not None
    assert Certificate.objects.filter(user=profile.user, pathway_slug="essai").exists()
    assert guest.SESSION_KEY not in client.session


def test_a_card_login_attaches_the_progress_too_and_keeps_what_the_account_did(
    client, personas, module
):
    lesson = module.pages[0]
    client.post(page_url(lesson.stem))
    exercise = module.page("02-choix")
    client.post(page_url(exercise.stem), WRONG)
    person = make_person(personas.strasbourg)
    profile, _code = create_learner_account(person, by=personas.volunteer)
    token = issue_login_card(profile, by=personas.volunteer)

    client.post(reverse("learning:card_login", args=[token]))

    lesson_progress = PageProgress.objects.get(user=profile.user, page_stem=lesson.stem)
    wrong = PageProgress.objects.get(user=profile.user, page_stem=exercise.stem)
    assert lesson_progress.is_done
    assert (wrong.is_done, wrong.attempts, wrong.is_last_answer_correct) == (False, 1, False)
    # A second login on the device has nothing more to attach.
    client.logout()
    client.post(reverse("learning:card_login", args=[token]))
    assert PageProgress.objects.filter(user=profile.user).count() == 2


def test_the_session_holds_no_personal_data(client, module):
    do_every_page(client, module)
    progress = guest.progress_of(client.session)
    values = {key for pages in progress.values() for entry in pages.values() for key in entry}
    assert values <= {"done", "attempts", "right"}
    assert set(progress) == {module.slug}


def test_an_unknown_module_or_page_is_still_not_found_for_a_visitor(client, catalogue):
    assert client.get(reverse("learning:module_detail", args=["nope"])).status_code == 404
    assert client.get(page_url("99-nope")).status_code == 404
