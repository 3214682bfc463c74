import pytest
from django.core.exceptions import ValidationError
from django.http import QueryDict
from hypothesis import given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from tremplin.core.text import fold as normalise
from tremplin.learning.exercises import check_answer, shuffled
from tremplin.learning.forms import ExerciseForm
from tremplin.learning.tests.factories import GOOD_CONTENT, use_content


@pytest.fixture
def module(settings):
    return use_content(settings).modules["essai-tactile"]


def data(**values) -> QueryDict:
    query = QueryDict(mutable=True)
    for name, value in values.items():
        name = name.replace("_", "-")
        query.setlist(name, value if isinstance(value, list) else [value])
    return query


CASES = {
    # page: (right submission, wrong submission, malformed submissions with the expected field)
    "02-choix": (
        {"answer": "a"},
        {"answer": "b"},
        [({}, "answer"), ({"answer": "z"}, "answer"), ({"answer": ["a", "b"]}, "answer")],
    ),
    "03-plusieurs": (
        {"answer": ["b", "a"]},
        {"answer": ["a"]},
        [({}, "answer"), ({"answer": ["a", "zz"]}, "answer")],
    ),
    "04-ordre": (
        {"position_1": "a", "position_2": "b", "position_3": "c"},
        {"position_1": "b", "position_2": "a", "position_3": "c"},
        [
            ({"position_1": "a", "position_2": "b"}, "position-3"),
            ({"position_1": "a", "position_2": "x", "position_3": "c"}, "position-2"),
            ({"position_1": "a", "position_2": "a", "position_3": "c"}, "__all__"),
        ],
    ),
    "05-paires": (
        {"match_a": "a", "match_b": "b", "match_c": "c"},
        {"match_a": "b", "match_b": "a", "match_c": "c"},
        [
            ({"match_a": "a", "match_b": "b"}, "match-c"),
            ({"match_a": "<script>", "match_b": "b", "match_c": "c"}, "match-a"),
        ],
    ),
    "06-trou": (
        {"blank_1": "  ADRESSE "},
        {"blank_1": "nom"},
        [({}, "blank-1"), ({"blank_1": "   "}, "blank-1"), ({"blank_1": "x" * 300}, "blank-1")],
    ),
}


@pytest.mark.parametrize("stem", CASES)
def test_a_right_answer_is_recognised(module, stem):
    right, _wrong, _malformed = CASES[stem]
    assert check_answer(module.page(stem), data(**right)) is True


@pytest.mark.parametrize("stem", CASES)
def test_a_wrong_answer_is_recognised(module, stem):
    _right, wrong, _malformed = CASES[stem]
    assert check_answer(module.page(stem), data(**wrong)) is False


@pytest.mark.parametrize(
    "stem, submission, field",
    [(stem, submission, field) for stem, case in CASES.items() for submission, field in case[2]],
)
def test_a_malformed_answer_gets_a_plain_message_not_a_verdict(module, stem, submission, field):
    with pytest.raises(ValidationError) as raised:
        check_answer(module.page(stem), data(**submission))
    messages = (
        raised.value.message_dict
        if hasattr(raised.value, "error_dict")
        else {"__all__": raised.value.messages}
    )
    assert field in messages
    assert all(message.endswith(".") for message in messages[field])


@pytest.mark.parametrize("stem", CASES)
def test_the_form_grades_like_the_check_and_keeps_what_was_typed(module, stem):
    right, wrong, malformed = CASES[stem]
    page = module.page(stem)
    form = ExerciseForm(data(**right), page=page)
    assert form.is_valid() and form.is_right is True
    form = ExerciseForm(data(**wrong), page=page)
    assert form.is_valid() and form.is_right is False
    submission, _field = malformed[0]
    form = ExerciseForm(data(**submission), page=page)
    assert not form.is_valid()
    assert form.is_right is None


def test_a_fill_in_answer_ignores_case_accents_and_spaces():
    assert normalise("  Adrèsse   du SITE ") == "adresse du site"
    assert normalise("l’adresse") == normalise("l'adresse")


def test_the_alternative_accepted_answers_count_as_right(module):
    assert check_answer(module.page("06-trou"), data(blank_1="Adresse du site")) is True


def test_items_are_shown_shuffled_the_same_way_every_time(module):
    page = module.page("04-ordre")
    first = shuffled(page, page.items)
    assert first != list(page.items)
    assert shuffled(page, page.items) == first
    assert sorted(first, key=lambda item: item.key) == list(page.items)


def test_every_exercise_of_the_real_content_accepts_its_own_answer():
    from tremplin.learning import content
    from tremplin.learning.tests.test_views import right_answer

    for module in content.catalogue("fr").modules.values():
        for page in module.pages:
            if page.is_exercise:
                assert check_answer(page, right_answer(page)) is True, (module.slug, page.stem)


def _field_names(page) -> list[str]:
    names = ["answer", "position-1", "position-9", "match-a", "match-zz", "blank-1", "blank-2"]
    names += [f"position-{n}" for n in range(1, len(page.items) + 1)]
    names += [f"match-{pair.key}" for pair in page.pairs]
    return names


@given(data=st.data())
@hypothesis_settings(max_examples=150, deadline=None)
def test_any_submission_gets_a_verdict_or_a_plain_message_never_a_crash(data):
    from tremplin.learning import content

    module = content.build_catalogue(content.read_tree(GOOD_CONTENT), "fr").modules["essai-tactile"]
    page = data.draw(st.sampled_from([p for p in module.pages if p.is_exercise]))
    keys = [c.key for c in page.choices] + [i.key for i in page.items] + [p.key for p in page.pairs]
    value = st.one_of(st.sampled_from(keys or ["a"]), st.text(max_size=30))
    submission = data.draw(
        st.dictionaries(st.sampled_from(_field_names(page)), st.lists(value, max_size=3))
    )
    query = QueryDict(mutable=True)
    for name, values in submission.items():
        query.setlist(name, values)
    try:
        verdict = check_answer(page, query)
    except ValidationError as error:
        assert error.messages
    else:
        assert verdict in {True, False}
    form = ExerciseForm(query, page=page)
    assert form.is_valid() in {True, False}
