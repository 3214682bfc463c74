import re
import shutil
from io import StringIO

import pytest
import yaml
from django.core.management import CommandError, call_command
from playwright.sync_api import expect

from tremplin.learning import content, guides
from tremplin.learning.tests.factories import GOOD_CONTENT

REAL_GUIDES = content.content_root() / guides.FOLDER


def test_every_guide_loads_in_french_and_english_without_problem():
    tree = guides.read_guides()
    assert tree.problems == []
    assert tree.slugs == tree.order
    for slug in tree.order:
        assert (slug, "fr") in tree.data and (slug, "en") in tree.data
    french, english = guides.guides("fr"), guides.guides("en")
    assert [g.slug for g in french] == [g.slug for g in english] == tree.order
    for fr, en in zip(french, english, strict=True):
        assert fr.title != en.title
        assert [s.minutes for s in fr.steps] == [s.minutes for s in en.steps]
        assert sum(s.minutes for s in fr.steps) == fr.duration_minutes


def test_the_course_adds_the_online_time_and_the_workshops():
    course = guides.course("fr")
    assert course["pathway"] == "emploi"
    assert course["planned_minutes"] == 32 * 60
    assert course["workshop_minutes"] == sum(g.duration_minutes for g in guides.guides())
    assert course["total_minutes"] == course["online_minutes"] + course["workshop_minutes"]
    for sheet in guides.guides():
        assert 120 <= sheet.duration_minutes <= 150
        assert {s.kind for s in sheet.steps} >= guides.REQUIRED_STEP_KINDS


def test_check_content_prints_the_course_total():
    report = guides.course_report(guides.read_guides())
    assert len(report) == 1
    assert re.fullmatch(
        r"course emploi: online \d+ h \d\d \+ \d+ workshops \d+ h \d\d = \d+ h \d\d "
        r"\(planned 32 h 00(, \d+ h \d\d (to add|over))?\)",
        report[0],
    ), report


def _tree_with_guide(tmp_path, **changes) -> tuple:
    """The small test tree plus one guide (a copy of the first real one, pointed at its module),
    with ``changes`` applied to the French front matter."""
    root = tmp_path / "content"
    shutil.copytree(GOOD_CONTENT, root)
    folder = root / guides.FOLDER
    folder.mkdir()
    (folder / "index.yaml").write_text(
        "pathway: essai\ncourse_hours: 3\nguides: [premier]\n", encoding="utf-8"
    )
    for lang in content.LANGUAGES:
        data, body = content.split_front_matter(
            (REAL_GUIDES / f"mon-adresse-mail.{lang}.md").read_text(encoding="utf-8")
        )
        data.update(slug="premier", modules=["essai-tactile"], simulators=["messagerie"])
        if lang == "fr":
            data.update(changes)
        head = yaml.safe_dump(data, allow_unicode=True)
        (folder / f"premier.{lang}.md").write_text(f"---\n{head}---\n{body}", encoding="utf-8")
    return root, folder


def test_a_guide_naming_a_missing_module_fails_the_content_check(tmp_path):
    root, _folder = _tree_with_guide(tmp_path, modules=["essai-tactile", "module-fantome"])
    errors = StringIO()
    with pytest.raises(CommandError):
        call_command("check_content", root=str(root), stdout=StringIO(), stderr=errors)
    assert (
        "guides/premier.fr.md: unknown module 'module-fantome' "
        "(no modules/module-fantome/module.yaml)" in errors.getvalue()
    )


def test_a_valid_small_guide_passes_and_counts_in_the_course(tmp_path):
    root, _folder = _tree_with_guide(tmp_path)
    output = StringIO()
    call_command("check_content", root=str(root), stdout=output, stderr=StringIO())
    assert "1 workshop guide(s) OK." in output.getvalue()
    assert "+ 1 workshops 2 h 00 = " in output.getvalue()


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"simulators": ["simulateur-fantome"]}, "unknown simulator 'simulateur-fantome'"),
        ({"duration_minutes": 150}, "the steps last 120 min but 'duration_minutes' says 150"),
        ({"material": {"devices": ["Un ordinateur"]}}, "'material.wifi' must list at least"),
        ({"difficulties": []}, "'difficulties' must list {problem, answer} entries"),
        ({"slug": "autre"}, "slug 'autre' must be the file name 'premier'"),
    ],
)
def test_a_faulty_guide_is_reported_in_plain_words(tmp_path, changes, message):
    root, _folder = _tree_with_guide(tmp_path, **changes)
    problems = guides.read_guides(root).problems
    assert any(message in problem for problem in problems), problems


def test_a_step_missing_a_part_of_the_session_is_reported(tmp_path):
    first = guides.read_guides().data[("mon-adresse-mail", "fr")]
    steps = [dict(s) for s in first["steps"] if s["kind"] != "pairs"]
    steps[0]["minutes"] += 30
    root, _folder = _tree_with_guide(tmp_path, steps=steps)
    problems = guides.read_guides(root).problems
    assert "guides/premier.fr.md: steps lack the part(s): pairs" in problems


def test_an_english_guide_that_differs_from_the_french_one_is_reported(tmp_path):
    first = guides.read_guides().data[("mon-adresse-mail", "fr")]
    steps = [dict(s) for s in first["steps"]]
    steps[0]["minutes"] += 5
    steps[1]["minutes"] -= 5
    root, _folder = _tree_with_guide(tmp_path, steps=steps)
    tree = guides.read_guides(root)
    assert any(p.startswith("guides/premier.en.md: number, duration") for p in tree.problems)
    assert ("premier", "fr") in tree.data and ("premier", "en") not in tree.data


def test_a_guide_file_left_out_of_the_index_is_reported(tmp_path):
    root, folder = _tree_with_guide(tmp_path)
    shutil.copy(folder / "premier.fr.md", folder / "oublie.fr.md")
    problems = guides.read_guides(root).problems
    assert "guides/oublie.fr.md: the guide 'oublie' is not listed in index.yaml" in problems


def test_no_guides_folder_means_no_guides_and_no_problem():
    tree = guides.read_guides(GOOD_CONTENT)
    assert tree.problems == [] and tree.slugs == []
    assert guides.course_report(tree) == []


def test_the_pdf_renders_each_guide_with_its_title_and_steps():
    titles = {slug: m.title for slug, m in content.catalogue("fr").modules.items()}
    for lang in content.LANGUAGES:
        for sheet in guides.guides(lang):
            pdf = guides.guide_pdf(sheet, titles, lang)
            assert pdf.startswith(b"%PDF-")
            assert 1 <= len(re.findall(rb"/Type /Page\b", pdf)) <= 4
            sections = guides.sheet_sections(sheet, titles)
            steps = next(s for s in sections if s.title in {"Déroulé", "Steps"})
            assert len(steps.lines) == len(sheet.steps)
            assert all(
                step.title in line for step, line in zip(sheet.steps, steps.lines, strict=True)
            )


def test_the_prefill_carries_what_the_workshops_form_needs():
    sheet = guides.guides("fr")[0]
    assert guides.workshop_prefill(sheet) == {
        "guide": sheet.slug,
        "title": sheet.title,
        "minutes": str(sheet.duration_minutes),
        "modules": ",".join(sheet.modules),
    }


# ---------------------------------------------------------------------------------------------
# Staff pages

FIRST = "/learn/guides/mon-adresse-mail/"


@pytest.mark.django_db
def test_the_staff_page_shows_the_steps_material_and_links(client_for):
    sheet = guides.guide("mon-adresse-mail")
    response = client_for("volunteer").get(FIRST)
    assert response.status_code == 200
    page = response.content.decode()
    for step in sheet.steps:
        assert step.title.replace("'", "&#x27;") in page
    assert "Matériel à préparer" in page and "Wi-Fi de l&#x27;espace" in page
    assert 'href="/learn/modules/adresse-mail/"' in page
    assert 'href="/learn/simulateurs/messagerie/"' in page
    assert 'href="/learn/guides/mon-adresse-mail.pdf"' in page
    assert len(response.content) <= 100 * 1024
    # A volunteer may not schedule a session: no link to the workshops form.
    assert "Programmer cet atelier" not in page


@pytest.mark.django_db
def test_a_coordinator_gets_the_link_to_schedule_the_workshop(client_for):
    page = client_for("coordinator").get(FIRST).content.decode()
    assert "Programmer cet atelier" in page
    link = re.search(r'href="(/workshops/[^"]*\?guide=mon-adresse-mail[^"]*)"', page)
    assert link and "minutes=120" in link.group(1) and "modules=adresse-mail" in link.group(1)


@pytest.mark.django_db
def test_the_list_gives_every_guide_and_the_course_total(client_for, django_assert_max_num_queries):
    client = client_for("mediator")
    with django_assert_max_num_queries(8):
        response = client.get("/learn/guides/")
    page = response.content.decode()
    for sheet in guides.guides():
        assert f'href="/learn/guides/{sheet.slug}/"' in page
    assert "Total du parcours" in page and "32 h 00" in page


@pytest.mark.django_db
def test_staff_download_the_pdf(client_for):
    response = client_for("other_volunteer").get("/learn/guides/mon-adresse-mail.pdf")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF-")


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["learner", "partner", "funder"])
def test_learners_partners_and_funders_cannot_open_a_guide(client_for, role):
    client = client_for(role)
    for path in ["/learn/guides/", FIRST, "/learn/guides/mon-adresse-mail.pdf"]:
        assert client.get(path).status_code == 404


@pytest.mark.django_db
def test_an_unknown_guide_is_not_found(client_for):
    assert client_for("admin").get("/learn/guides/inconnu/").status_code == 404
    assert client_for("admin").get("/learn/guides/inconnu.pdf").status_code == 404


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_the_guide_pages_pass_axe_within_the_staff_budget(page, personas, log_in):
    from tremplin.core.testing.browser import assert_staff_page

    log_in(page, personas.coordinator)
    for path in ["/learn/guides/", FIRST]:
        assert_staff_page(page, path)
    expect(page.get_by_role("link", name="Programmer cet atelier")).to_be_visible()
