import html
import re

import pytest
from django.http import QueryDict
from django.urls import reverse

from tremplin.learning import services
from tremplin.learning.exercises import model_answer
from tremplin.learning.models import Certificate, ModuleProgress, PageProgress
from tremplin.learning.tests.factories import make_learner, make_person, use_content


def right_answer(page) -> QueryDict:
    """The submission a learner who knows the answer sends, for any exercise page."""
    answer = QueryDict(mutable=True)
    for name, values in model_answer(page).items():
        answer.setlist(name, values)
    return answer


@pytest.fixture
def catalogue(settings):
    return use_content(settings)


@pytest.fixture
def learner(personas):
    return make_learner(personas.strasbourg, personas.volunteer, first_name="Ahmed").user


def shown(response) -> str:
    return html.unescape(response.content.decode())


def page_url(stem: str, module: str = "essai-tactile") -> str:
    return reverse("learning:page_detail", args=[module, stem])


def logged_in(client, user):
    client.force_login(user)
    return client


def test_the_learner_home_lists_pathways_and_nothing_to_continue_at_first(
    client, learner, catalogue
):
    response = logged_in(client, learner).get(reverse("learning:home"))
    assert response.status_code == 200
    assert "Parcours d'essai" in shown(response)
    assert "Reprendre où je me suis arrêté" not in shown(response)


def test_reading_a_lesson_marks_it_done_and_goes_to_the_next_page(client, learner, catalogue):
    response = logged_in(client, learner).post(page_url("01-toucher"))
    assert response.status_code == 302
    assert response["Location"] == page_url("02-choix")
    assert PageProgress.objects.get(user=learner, page_stem="01-toucher").is_done


def test_a_wrong_answer_shows_the_feedback_keeps_the_choice_and_lets_try_again(
    client, learner, catalogue
):
    response = logged_in(client, learner).post(page_url("02-choix"), {"answer": "b"})
    assert response.status_code == 200
    assert "Pas tout à fait. Touchez une fois, doucement." in shown(response)
    assert re.search(r'value="b" required id="id_answer_\d" checked', shown(response))
    assert "Réessayer" in shown(response)
    progress = PageProgress.objects.get(user=learner, page_stem="02-choix")
    assert (progress.is_done, progress.attempts, progress.is_last_answer_correct) == (
        False,
        1,
        False,
    )


def test_a_wrong_answer_says_which_choice_is_wrong_and_why(client, learner, catalogue):
    page = shown(logged_in(client, learner).post(page_url("02-choix"), {"answer": "b"}))
    assert "Pas encore." in page and "Presque" not in page
    assert (
        "« J'appuie fort sur l'écran pendant 10 secondes. » : "
        "Un appui long ouvre un menu, pas l'application." in page
    )


def test_feedback_says_almost_only_when_part_of_the_answer_is_right(client, learner, catalogue):
    logged_in(client, learner)
    nothing_right = shown(client.post(page_url("03-plusieurs"), {"answer": ["c"]}))
    assert "Pas encore." in nothing_right and "Presque." not in nothing_right
    one_right = shown(client.post(page_url("03-plusieurs"), {"answer": ["a"]}))
    assert "Presque." in one_right and "Pas encore." not in one_right
    nothing_in_place = {"position-1": "b", "position-2": "c", "position-3": "a"}
    nothing_placed = shown(client.post(page_url("04-ordre"), nothing_in_place))
    assert "Pas encore." in nothing_placed and "Presque." not in nothing_placed
    assert "« Je tape mon code. » n'est pas à la bonne place." in nothing_placed


def test_each_learner_sees_the_choices_in_their_own_order_on_every_visit(
    client, learner, catalogue
):
    from tremplin.learning.exercises import shuffled

    page = catalogue.modules["essai-tactile"].page("03-plusieurs")
    logged_in(client, learner)

    def shown_keys() -> list[str]:
        return re.findall(
            r'name="answer" value="(\w)"', shown(client.get(page_url("03-plusieurs")))
        )

    expected = [
        c.key for c in shuffled(page, page.choices, seed=f"user:{learner.pk}", never_as_given=False)
    ]
    assert shown_keys() == expected
    assert shown_keys() == expected


def test_a_right_answer_redirects_to_the_page_showing_the_feedback_and_continue(
    client, learner, catalogue
):
    client = logged_in(client, learner)
    response = client.post(page_url("02-choix"), {"answer": "a"})
    assert response.status_code == 302 and response["Location"] == page_url("02-choix")
    page = shown(client.get(page_url("02-choix")))
    assert "Bravo ! Un petit toucher suffit." in page
    assert f'href="{page_url("03-plusieurs")}"' in page


def test_a_malformed_answer_explains_and_records_nothing(client, learner, catalogue):
    client = logged_in(client, learner)
    response = client.post(page_url("04-ordre"), {"position-1": "a", "position-2": "a"})
    assert response.status_code == 200
    assert "Choisissez une étape pour cette place." in shown(response)
    response = client.post(
        page_url("04-ordre"), {"position-1": "a", "position-2": "a", "position-3": "c"}
    )
    assert "Une étape est choisie deux fois." in shown(response)
    assert 'value="c" selected' in shown(response)
    response = client.post(page_url("06-trou"), {"blank-1": ""})
    assert "Écrivez un mot dans la case." in shown(response)
    assert not PageProgress.objects.filter(user=learner).exists()


def test_the_script_gets_only_the_exercise_fragment(client, learner, catalogue):
    client = logged_in(client, learner)
    response = client.post(
        page_url("05-paires"),
        {"match-a": "a", "match-b": "b", "match-c": "c"},
        headers={"X-Tremplin-Fragment": "1"},
    )
    assert response.status_code == 200
    assert shown(response).lstrip().startswith('<div id="exercise"')
    assert "Bravo, tout est bien relié." in shown(response)
    assert "<html" not in shown(response)


def test_finishing_every_page_completes_the_module_and_issues_the_certificate(
    client, learner, catalogue
):
    client = logged_in(client, learner)
    module = catalogue.modules["essai-tactile"]
    for page in module.pages:
        client.post(
            page_url(page.stem), dict(right_answer(page).lists()) if page.is_exercise else {}
        )
    assert ModuleProgress.objects.get(user=learner).completed_at is not None
    certificate = Certificate.objects.get(user=learner, pathway_slug="essai")
    assert len(certificate.code) == 10
    assert certificate.learner_name == learner.get_full_name()
    home = shown(client.get(reverse("learning:home")))
    assert certificate.display_code in home
    pdf = client.get(reverse("learning:certificate_pdf", args=[certificate.code]))
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")


def test_home_offers_to_continue_where_the_learner_stopped(client, learner, catalogue):
    client = logged_in(client, learner)
    client.post(page_url("01-toucher"))
    client.post(page_url("02-choix"), {"answer": "a"})
    home = shown(client.get(reverse("learning:home")))
    assert "Reprendre où je me suis arrêté" in home
    assert f'href="{page_url("03-plusieurs")}"' in home


def test_starting_a_pathway_enrols_and_opens_its_first_page(client, learner, catalogue):
    response = logged_in(client, learner).post(reverse("learning:pathway_detail", args=["essai"]))
    assert response["Location"] == page_url("01-toucher")
    assert learner.learning_enrolments.filter(pathway_slug="essai").exists()


def test_unknown_module_page_or_pathway_is_not_found(client, learner, catalogue):
    client = logged_in(client, learner)
    assert client.get(page_url("99-nope")).status_code == 404
    assert client.get(reverse("learning:module_detail", args=["nope"])).status_code == 404
    assert client.get(reverse("learning:pathway_detail", args=["nope"])).status_code == 404


def test_staff_follow_pages_with_their_own_progress(client_for, personas, catalogue):
    client = client_for("volunteer")
    client.post(page_url("01-toucher"))
    assert PageProgress.objects.get(user=personas.volunteer).organisation == (personas.organisation)


def test_a_picture_used_by_a_page_is_served_and_others_are_not(client, catalogue):
    url = reverse("learning:picture", args=["essai-tactile", "toucher.svg"])
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "image/svg+xml"
    assert (
        client.get(reverse("learning:picture", args=["essai-tactile", "module.yaml"])).status_code
        == 404
    )


def test_the_certificate_check_accepts_a_real_code_and_rejects_a_forged_one(
    client, learner, catalogue
):
    certificate = services.issue_certificate(learner, catalogue.pathways["essai"])
    url = reverse("learning:certificate_verify")
    response = client.get(url, {"code": certificate.display_code.lower()})
    assert "Cette attestation est authentique." in shown(response)
    assert learner.get_full_name() in shown(response)
    forged = client.get(url, {"code": "AAAAA-AAAAA"})
    assert "Aucune attestation ne porte ce code." in shown(forged)
    empty = client.get(url, {"code": ""})
    assert "Écrivez le code de l'attestation." in shown(empty)


def test_the_certificate_pdf_is_not_found_for_someone_else(client, learner, personas, catalogue):
    certificate = services.issue_certificate(learner, catalogue.pathways["essai"])
    other = make_learner(personas.marseille, personas.outsider).user
    url = reverse("learning:certificate_pdf", args=[certificate.code])
    assert logged_in(client, other).get(url).status_code == 404


def test_the_person_timeline_gets_module_completions_and_certificates(learner, personas, catalogue):
    from tremplin.people import timeline

    for page in catalogue.modules["essai-tactile"].pages:
        services.record_page(
            learner, page, catalogue=catalogue, is_right=True if page.is_exercise else None
        )
    entries = timeline.entries_for(learner.learner_profile.person, personas.volunteer)
    titles = [str(entry.title) for entry in entries if entry.kind == "learning"]
    assert "Module fini : Toucher l'écran" in titles
    assert "Attestation : Parcours d'essai" in titles
    assert "Compte pour apprendre créé (identifiant et code)" in titles
    assert {entry.url for entry in entries if entry.kind == "learning"} == {
        reverse("learning:person_learning", args=[learner.person.pk])
    }


def test_a_helper_without_the_person_in_scope_cannot_create_an_account(personas):
    person = make_person(personas.marseille)
    with pytest.raises(services.PermissionDenied):
        services.create_learner_account(person, by=personas.volunteer)
