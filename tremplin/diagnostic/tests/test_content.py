"""The content contract: the real bank passes, broken banks are refused with a readable list."""

from io import StringIO

import pytest
import yaml
from django.core.management import call_command
from django.core.management.base import CommandError

from tremplin.diagnostic.bank import content_directory
from tremplin.diagnostic.content import ContentError, load_content
from tremplin.diagnostic.tests.factories import write_content


def test_the_real_bank_passes_the_check_command():
    output = StringIO()
    call_command("check_diagnostic_content", stdout=output)
    assert "items" in output.getvalue()


def test_the_real_bank_meets_its_quotas():
    content = load_content(content_directory())
    items = list(content.items.values())
    assert len(items) >= 80
    assert sum(item.is_interactive for item in items) >= len(items) / 4
    assert {item.area for item in items} == {area.code for area in content.areas}
    assert all(0.5 <= item.discrimination <= 2.5 for item in items)


def break_first_item(directory, **changes):
    path = directory / "items" / "device.yaml"
    items = yaml.safe_load(path.read_text())
    items[0].update(changes)
    path.write_text(yaml.safe_dump(items, allow_unicode=True))


def test_a_broken_bank_fails_the_check_command_with_each_problem(tmp_path):
    directory = write_content(tmp_path / "bank", per_area=14)
    break_first_item(directory, discrimination=4.0, competence="device.nowhere")
    errors = StringIO()
    with pytest.raises(CommandError):
        call_command("check_diagnostic_content", path=directory, stderr=errors)
    assert "unknown competence 'device.nowhere'" in errors.getvalue()


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"discrimination": 0.2}, "discrimination 0.2 outside"),
        ({"difficulty": 5}, "difficulty 5 outside"),
        ({"type": "drag"}, "type must be one of"),
        ({"calibration": ""}, "calibration must say why"),
        ({"en": None}, "missing the en block"),
        ({"id": "device-01"}, "item id device-01 is used twice"),
    ],
)
def test_each_broken_rule_is_reported(tmp_path, changes, message):
    directory = write_content(tmp_path / "bank", per_area=14)
    break_first_item(directory, **changes)
    with pytest.raises(ContentError) as error:
        load_content(directory)
    assert any(message in problem for problem in error.value.problems), error.value.problems


def test_a_tap_item_without_a_screen_is_refused(tmp_path):
    directory = write_content(tmp_path / "bank", per_area=14, types=("tap",))
    path = directory / "items" / "safety.yaml"
    items = yaml.safe_load(path.read_text())
    del items[0]["fr"]["screen"]
    path.write_text(yaml.safe_dump(items, allow_unicode=True))
    with pytest.raises(ContentError, match="needs a screen"):
        load_content(directory)


def test_an_illustration_with_a_script_or_without_a_label_is_refused(tmp_path):
    directory = write_content(tmp_path / "bank", per_area=14)
    path = directory / "items" / "device.yaml"
    items = yaml.safe_load(path.read_text())
    items[0]["fr"]["illustration"] = '<svg viewBox="0 0 1 1"><script>alert(1)</script></svg>'
    path.write_text(yaml.safe_dump(items, allow_unicode=True))
    with pytest.raises(ContentError) as error:
        load_content(directory)
    text = "\n".join(error.value.problems)
    assert "script" in text and 'role="img"' in text


def test_a_bank_too_small_or_not_interactive_enough_is_refused(tmp_path):
    directory = write_content(tmp_path / "bank", per_area=4, types=("choice",))
    with pytest.raises(ContentError) as error:
        load_content(directory)
    text = "\n".join(error.value.problems)
    assert "at least 80 are needed" in text
    assert "at least 25% must be tap or text" in text


def test_different_answer_keys_between_languages_are_refused(tmp_path):
    directory = write_content(tmp_path / "bank", per_area=14, types=("choice",))
    path = directory / "items" / "device.yaml"
    items = yaml.safe_load(path.read_text())
    items[0]["en"]["answer"] = ["b"]
    path.write_text(yaml.safe_dump(items, allow_unicode=True))
    with pytest.raises(ContentError, match="same option keys and answer"):
        load_content(directory)


def real_item(item_id):
    return load_content(content_directory()).items[item_id]


def test_the_current_service_public_address_is_asked_for_and_both_addresses_are_right():
    """service-public.fr became service-public.gouv.fr on 1 October 2025; the old one redirects."""
    from tremplin.diagnostic.content import check_answer

    item = real_item("information-browse-03")
    for lang in ("fr", "en"):
        assert "service-public.gouv.fr" in item.text(lang)["question"]
        assert "service-public.gouv.fr" in item.text(lang)["answer"]
    for typed in [
        "service-public.gouv.fr",
        "https://www.service-public.gouv.fr",
        "service-public.fr",
    ]:
        assert check_answer(item, [typed]), typed


def test_the_frozen_phone_item_does_not_teach_a_long_press_of_the_side_button_alone():
    """A long press alone opens Bixby, Gemini or Siri on recent phones."""
    item = real_item("problem_solving-technical-02")
    for lang in ("fr", "en"):
        text = item.text(lang)
        right = next(o["text"] for o in text["options"] if o["key"] in text["answer"])
        assert "appui long" not in right and "long press" not in right


def test_android_settings_are_called_parametres_and_english_screens_show_the_french_label():
    """A person in France sees French labels, whatever language they read Tremplin in."""
    items = load_content(content_directory()).items.values()
    for item in items:
        french = item.text("fr")
        for option in french.get("options", []):
            assert "Réglages" not in option["text"], item.id
        english = item.text("en")
        texts = [english["question"]] + [o["text"] for o in english.get("options", [])]
        for text in texts:
            if "Settings" in text or "Sponsored" in text:
                assert "«" in text, (item.id, text)
    sponsored = real_item("information-search-04").text("en")["options"][0]["text"]
    assert "« Sponsorisé »" in sponsored


def test_the_content_check_reports_a_right_option_that_shares_a_word_with_the_question(
    tmp_path,
):
    from tremplin.diagnostic.content import answer_leaks, load_content
    from tremplin.diagnostic.tests.factories import write_content

    directory = write_content(tmp_path / "bank")
    content = load_content(directory, min_items=1)
    assert answer_leaks(content) == []
    path = directory / "items" / "device.yaml"
    path.write_text(
        path.read_text(encoding="utf-8").replace("Bonne réponse", "Question trombone"),
        encoding="utf-8",
    )
    path.write_text(
        path.read_text(encoding="utf-8").replace("Question device-00 ?", "Le trombone ?"),
        encoding="utf-8",
    )
    leaks = answer_leaks(load_content(directory, min_items=1))
    assert any(line.startswith("device-00:") and "trombone" in line for line in leaks)
