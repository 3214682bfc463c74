import pytest
from django.core.exceptions import ValidationError
from django.http import QueryDict
from hypothesis import given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from tremplin.core.text import fold as normalise
from tremplin.learning import exercises
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


SEEDS = [f"user:{number}" for number in range(1, 41)]


def _shown_keys(form) -> list[str]:
    return [key for key, _text in form.fields[next(iter(form.fields))].choices if key]


def test_choices_come_in_each_learners_own_order_the_same_on_every_visit(module):
    page = module.page("03-plusieurs")
    orders = {tuple(_shown_keys(ExerciseForm(page=page, seed=seed))) for seed in SEEDS}
    assert len(orders) > 1
    assert {order[0] for order in orders} == {"a", "b", "c"}  # no place holds the right one
    for seed in SEEDS[:5]:
        once = _shown_keys(ExerciseForm(page=page, seed=seed))
        assert _shown_keys(ExerciseForm(page=page, seed=seed)) == once
        assert sorted(once) == ["a", "b", "c"]


def test_the_shuffle_only_changes_what_is_shown_the_answer_is_checked_by_key(module):
    page = module.page("02-choix")
    for seed in SEEDS[:10]:
        assert ExerciseForm(data(answer="a"), page=page, seed=seed).is_valid()
        form = ExerciseForm(data(answer="a"), page=page, seed=seed)
        assert form.is_valid() and form.is_right is True


def test_an_order_exercise_never_starts_in_the_right_order():
    from tremplin.learning import content

    pages = [
        page
        for module in content.catalogue("fr").modules.values()
        for page in module.pages
        if page.type in {"order", "match"}
    ]
    assert pages
    for page in pages:
        for seed in SEEDS:
            if page.type == "order":
                assert shuffled(page, page.items, seed=seed) != list(page.items), page.stem
            else:
                right = [option.key for option in exercises.right_options(page, seed=seed)]
                assert right != [pair.key for pair in page.pairs], page.stem


def test_a_visitor_without_an_account_gets_the_shuffle_of_their_session(rf):
    from django.contrib.auth.models import AnonymousUser
    from django.contrib.sessions.backends.db import SessionStore

    request = rf.get("/")
    request.user = AnonymousUser()
    request.session = SessionStore()
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(
            request.session, "save", lambda: setattr(request.session, "_session_key", "k" * 32)
        )
        seed = exercises.learner_seed(request)
    assert seed == "session:" + "k" * 32
    assert exercises.learner_seed(request) == seed


def test_a_wrong_single_choice_says_why_the_chosen_option_is_wrong(module):
    result = exercises.grade(module.page("02-choix"), data(answer="b"))
    assert not result.is_right and not result.is_partial
    assert result.notes == (
        "« J'appuie fort sur l'écran pendant 10 secondes. » : "
        "Un appui long ouvre un menu, pas l'application.",
    )


def test_a_multiple_choice_with_no_right_answer_ticked_is_not_almost(module):
    page = module.page("03-plusieurs")
    nothing_right = exercises.grade(page, data(answer=["c"]))
    assert not nothing_right.is_partial
    assert "« Souffler » : L'écran ne sent pas le souffle." in nothing_right.notes
    assert "Il manque 2 bonnes réponses : cochez-les aussi." in nothing_right.notes
    half = exercises.grade(page, data(answer=["a", "c"]))
    assert half.is_partial and not half.is_right
    assert "Il manque 1 bonne réponse : cochez-la aussi." in half.notes


def test_an_order_with_nothing_in_place_is_not_almost_and_names_the_misplaced_steps(module):
    page = module.page("04-ordre")
    nothing = exercises.grade(page, data(position_1="b", position_2="c", position_3="a"))
    assert not nothing.is_partial
    assert len(nothing.notes) == 3
    some = exercises.grade(page, data(position_1="b", position_2="a", position_3="c"))
    assert some.is_partial
    assert some.notes == (
        "« J'attends que l'écran s'allume. » n'est pas à la bonne place.",
        "« J'appuie sur le bouton du côté. » n'est pas à la bonne place.",
    )


def test_a_wrong_match_names_the_pairs_that_do_not_go_together(module):
    page = module.page("05-paires")
    result = exercises.grade(page, data(match_a="b", match_b="a", match_c="c"))
    assert result.is_partial
    assert "« Toucher » ne va pas avec « Faire défiler »." in result.notes
    assert not exercises.grade(page, data(match_a="b", match_b="c", match_c="a")).is_partial
