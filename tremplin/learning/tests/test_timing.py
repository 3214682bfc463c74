"""The learner-time estimate: words at 80 a minute, a stated time per exercise, simulators."""

from io import StringIO

from django.core.management import call_command

from tremplin.learning import content, timing
from tremplin.learning.tests.factories import GOOD_CONTENT


def test_words_count_addresses_and_elisions_once():
    assert timing.words("Tapez l'adresse francetravail.fr, puis Entrée.") == 5


def test_a_module_adds_reading_exercises_and_each_simulator_once():
    tree = content.read_tree(GOOD_CONTENT)
    slug = next(iter(tree.modules))
    estimate = timing.module_estimate(tree, slug)
    assert estimate.words > 0
    assert estimate.exercises == sum(
        1
        for stem in tree.modules[slug]["pages"]
        if tree.pages[(slug, stem, "fr")]["kind"] == "exercise"
    )
    assert estimate.minutes == estimate.reading_minutes + estimate.exercise_minutes
    page = tree.pages[(slug, tree.modules[slug]["pages"][0], "fr")]
    page["body"] += (
        "\n[Essayer](/learn/simulateurs/messagerie/) et [encore](/learn/simulateurs/messagerie/)"
    )
    again = timing.module_estimate(tree, slug)
    assert again.simulators == {"messagerie"}
    assert again.simulator_minutes == timing.SIMULATOR_MINUTES["messagerie"]


def test_durations_read_as_hours_and_minutes():
    assert timing.duration(45.4) == "45 min"
    assert timing.duration(725) == "12 h 05"


def test_check_content_prints_each_pathways_time():
    output = StringIO()
    call_command("check_content", stdout=output, stderr=StringIO())
    text = output.getvalue()
    for slug in content.read_tree().pathways:
        assert f"pathway {slug}: about " in text
    assert "words at 80/min" in text
