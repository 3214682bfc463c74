"""No item of the real bank gives its answer away by sharing a word with the question.

``check_diagnostic_content`` only warns about such an overlap (it has no strict mode), so this
test is what keeps the bank at zero: a new or reworded item whose right option repeats a word of
the question (or of its drawn screen) that no wrong option repeats fails here.
"""

from io import StringIO

from django.core.management import call_command

from tremplin.diagnostic.bank import content_directory
from tremplin.diagnostic.content import answer_leaks, load_content


def test_the_real_bank_has_no_right_option_that_repeats_a_word_of_the_question():
    assert answer_leaks(load_content(content_directory())) == []


def test_the_check_command_reports_zero_answer_leak_warnings_on_the_real_bank():
    output = StringIO()
    call_command("check_diagnostic_content", stdout=output)
    assert "warning:" not in output.getvalue()
    assert "; 0 answer-leak warning(s)." in output.getvalue()
