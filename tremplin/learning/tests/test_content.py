import shutil
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from tremplin.learning import content
from tremplin.learning.tests.factories import BROKEN_CONTENT, GOOD_CONTENT, use_content
from tremplin.learning.validation import check_tree


def test_the_real_content_tree_is_valid():
    problems = check_tree()
    assert problems == []


def test_the_real_tree_ships_first_steps_and_helper_training_when_written():
    catalogue = content.catalogue("fr")
    first_steps = catalogue.pathways["premiers-pas"]
    assert len(first_steps.modules) >= 4
    assert first_steps.audience == "learners"
    assert content.catalogue("en").pathways["premiers-pas"].title == "First steps"


def test_check_content_command_passes_on_the_real_tree():
    output = StringIO()
    call_command("check_content", stdout=output, stderr=StringIO())
    assert "Learning content OK" in output.getvalue()


def test_check_content_fails_on_a_broken_module_with_readable_messages():
    errors = StringIO()
    with pytest.raises(CommandError):
        call_command("check_content", root=str(BROKEN_CONTENT), stdout=StringIO(), stderr=errors)
    report = errors.getvalue()
    expected = [
        "modules/casse/module.yaml: slug 'pas-le-bon-nom' must be the folder name 'casse'",
        "modules/casse/module.yaml: 'minutes' must be a positive whole number",
        "modules/casse/module.yaml: icon 'licorne' is not a symbol",
        "modules/casse/01-lecon.en.md: the English translation is missing",
        "modules/casse/01-lecon.fr.md: illustration 'piege.svg' needs an 'alt' text",
        "modules/casse/piege.svg: contains a <script> element",
        "modules/casse/piege.svg: contains a style attribute",
        "modules/casse/piege.svg: contains an event handler (onload)",
        "modules/casse/02-choix.fr.md: 'answer' ['c'] names a key that is not a choice",
        "modules/casse/03-trou.fr.md: 'answer' needs one list of accepted answers per blank (2)",
        "modules/casse/04-absente.fr.md: the page is missing",
        "pathways/casse.yaml: 'summary' has no English translation",
        "pathways/casse.yaml: 'audience' must be learners or helpers",
        "pathways/casse.yaml: unknown module 'module-fantome'",
    ]
    for message in expected:
        assert message in report


def test_a_broken_module_is_left_out_of_the_catalogue_instead_of_breaking_pages(settings):
    catalogue = use_content(settings, BROKEN_CONTENT)
    assert catalogue.modules == {}
    assert catalogue.pathways == {}


def test_unknown_competence_codes_are_reported_when_the_framework_exists(tmp_path):
    (tmp_path / "framework.yaml").write_text(
        "areas:\n  - code: device\n    competences:\n      - code: device.keyboard\n"
    )
    problems = check_tree(GOOD_CONTENT, diagnostic_root=tmp_path)
    assert problems == [
        "modules/essai-tactile/module.yaml: unknown competence 'device.touch' "
        "(not in content/diagnostic/framework.yaml)"
    ]


def test_a_page_over_the_weight_budget_is_reported(tmp_path):
    import random

    root = tmp_path / "learning"
    shutil.copytree(GOOD_CONTENT, root)
    words = random.Random(1)
    heavy = " ".join(
        "".join(words.choice("abcdefghijklmnopqrstuvwxyz") for _ in range(7)) for _ in range(6000)
    )
    page = root / "modules" / "essai-tactile" / "01-toucher.fr.md"
    page.write_text(page.read_text() + "\n" + heavy)
    problems = check_tree(root)
    assert any(
        p.startswith("modules/essai-tactile/01-toucher.fr.md: the page's HTML weighs")
        for p in problems
    )
    assert any("over 30 KB" in p for p in problems)


def test_french_is_used_where_the_english_text_is_missing(settings, tmp_path):
    root = tmp_path / "learning"
    shutil.copytree(GOOD_CONTENT, root)
    (root / "modules" / "essai-tactile" / "02-choix.en.md").unlink()
    settings.LEARNING_CONTENT_DIR = root
    english = content.catalogue("en").modules["essai-tactile"]
    assert english.title == "Touch the screen"
    assert english.page("02-choix").title == "Ouvrir une application"
    assert english.page("01-toucher").title == "Touch the screen"


def test_markdown_escapes_raw_html_and_neutralises_script_links(settings):
    catalogue = use_content(settings)
    html = catalogue.modules["essai-tactile"].page("01-toucher").body_html
    assert "<strong>une fois</strong>" in html
    assert "<b>" not in html and "&lt;b&gt;" in html
    assert "javascript:" not in html


def test_pages_know_their_neighbours(settings):
    module = use_content(settings).modules["essai-tactile"]
    first = module.pages[0]
    assert module.page_after(first).stem == "02-choix"
    assert module.page_after(module.pages[-1]) is None
    assert module.page("nope") is None


@pytest.mark.parametrize(
    "svg, problem",
    [
        (b'<svg xmlns="http://www.w3.org/2000/svg"><a href="https://x.example"/></svg>', "links"),
        (b"<svg><style>*{}</style></svg>", "<style>"),
        (b"<svg", "well-formed"),
        (b"<svg>" + b" " * 4000 + b"</svg>", "more than 3072"),
    ],
)
def test_unsafe_or_heavy_pictures_are_refused(svg, problem):
    assert any(problem in message for message in content.svg_problems(svg))


def test_answers_that_length_or_place_give_away_are_warned_about():
    from tremplin.learning.tests.factories import LEAKY_CONTENT
    from tremplin.learning.validation import answer_warnings

    warnings = [w for w in answer_warnings(LEAKY_CONTENT) if w.startswith(("fr", "modules"))]
    french = [w for w in warnings if ".en.md" not in w and not w.startswith("en:")]
    assert sum("01-un.fr.md: the right option is much longer" in w for w in french) == 1
    assert sum("the right option is much longer than every wrong one" in w for w in french) == 3
    assert "fr: the right answer is the longest option in 3 of 3 single-choice exercises" in (
        "\n".join(french)
    )
    assert any("fr: the right answer is option 1 in all 3 single-choice" in w for w in french)
    assert any("fr: option 1 is right in all 3 multiple-choice exercises" in w for w in french)


def test_check_content_prints_the_warnings_without_failing():
    from tremplin.learning.tests.factories import LEAKY_CONTENT

    output = StringIO()
    call_command("check_content", root=str(LEAKY_CONTENT), stdout=output, stderr=StringIO())
    assert "warning: fr: the right answer is option 1 in all 3" in output.getvalue()
    assert "Learning content OK" in output.getvalue()


def test_a_right_option_a_little_longer_is_not_warned_about():
    from tremplin.learning.validation import answer_warnings

    assert answer_warnings(GOOD_CONTENT) == []


def test_the_real_content_gives_no_answer_away_by_length_or_place():
    from tremplin.learning.validation import answer_warnings

    assert answer_warnings() == []
    output = StringIO()
    call_command("check_content", stdout=output, stderr=StringIO())
    assert "warning" not in output.getvalue()


def test_every_wrong_choice_of_the_real_content_says_why_in_both_languages():
    from tremplin.learning import content

    for lang in content.LANGUAGES:
        for module in content.catalogue(lang).modules.values():
            for page in module.pages:
                for choice in page.choices:
                    if choice.key not in page.answer:
                        assert choice.why, (lang, module.slug, page.stem, choice.key)


def real_page_text(module, stem, lang):
    return (content.content_root() / "modules" / module / f"{stem}.{lang}.md").read_text()


def test_112_is_said_to_need_a_sim_card_in_france():
    assert "carte SIM" in real_page_text("detresse-orienter", "05-urgence", "fr")
    assert "SIM card" in real_page_text("detresse-orienter", "05-urgence", "en")
    assert "n'importe quel téléphone" not in real_page_text("detresse-orienter", "05-urgence", "fr")


def test_volunteers_are_never_told_they_may_use_aidants_connect_or_a_mandate():
    """Aidants Connect habilitates salaried professionals only (official FAQ)."""
    french = real_page_text("faire-avec", "03-aidants-connect", "fr")
    english = real_page_text("faire-avec", "03-aidants-connect", "en")
    assert "bénévoles ne peuvent pas être habilités" in french.lower()
    assert "volunteers cannot be authorised" in english.lower()
    assert "Bénévole** : vous ne faites jamais à sa place" in real_page_text(
        "faire-avec", "02-faire-pour", "fr"
    )
    assert "Volunteer**: you never do it in their place" in real_page_text(
        "faire-avec", "02-faire-pour", "en"
    )


def every_real_page():
    for path in sorted((content.content_root() / "modules").glob("*/*.md")):
        yield path, path.read_text()


def test_the_iphone_name_reglages_always_comes_with_the_android_name_parametres():
    for path, text in every_real_page():
        if "Réglages" in text:
            assert "Paramètres" in text and "iPhone" in text, path


def test_switching_off_is_not_promised_by_a_long_press_of_one_button():
    """A long press opens Bixby, Gemini or Siri; the power menu needs a volume button too."""
    french = real_page_text("telephone-allumer", "09-veille-eteindre", "fr")
    english = real_page_text("telephone-allumer", "09-veille-eteindre", "en")
    assert "bouton du son" in french and "assistant" in french
    assert "volume button" in english and "assistant" in english


def test_public_wifi_teaches_what_makes_a_procedure_safe_instead_of_forbidding_it():
    for lang, words in {
        "fr": ["cadenas", "favoris", "SMS", "l'espace", "données mobiles"],
        "en": ["padlock", "bookmarks", "text message", "the space", "mobile data"],
    }.items():
        text = real_page_text("wifi", "08-wifi-public", lang)
        for word in words:
            assert word in text, (lang, word)
    for path, text in every_real_page():
        assert "ne faites pas vos comptes bancaires ni vos démarches" not in text, path


def test_english_pages_give_the_french_label_the_person_sees():
    for path, text in every_real_page():
        if not path.name.endswith(".en.md"):
            continue
        for english, french in [
            ("Settings", "Paramètres"),
            ("Sponsored", "Sponsorisé"),
            ("Power off", "Éteindre"),
        ]:
            if english in text:
                assert french in text, (path, english)
