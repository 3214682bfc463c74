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
