"""Every question of the real bank, rendered as its page, stays within the learner budgets."""

from pathlib import Path

import pytest
from django.contrib.auth.models import AnonymousUser
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.utils import translation

from tremplin.core.testing.browser import (
    LEARNER_HTML_BUDGET,
    LEARNER_PAGE_BUDGET,
    compressed_size,
)
from tremplin.diagnostic import bank
from tremplin.diagnostic.forms import MultipleAnswerForm, TextAnswerForm
from tremplin.diagnostic.models import DiagnosticSession

ROOT = Path(__file__).resolve().parents[3]
STATIC_FILES = [
    ROOT / "tremplin/static/css/tremplin.css",
    ROOT / "tremplin/static/img/icons.svg",
    ROOT / "tremplin/static/js/read-aloud.js",
    ROOT / "tremplin/diagnostic/static/diagnostic/diagnostic.css",
    ROOT / "tremplin/diagnostic/static/diagnostic/print.js",
]


def page_for(item, language: str) -> bytes:
    request = RequestFactory().get("/diagnostic/t/ACDEFG/")
    request.user = AnonymousUser()
    text = item.text(language)
    form = None
    if item.type == "text":
        form = TextAnswerForm(label=text.get("label") or "Réponse")
    elif item.type == "multiple":
        form = MultipleAnswerForm(
            label="Cochez", choices=[(o["key"], o["text"]) for o in text["options"]]
        )
    context = {
        "session": DiagnosticSession(resume_code="ACDEFG"),
        "item": item,
        "text": text,
        "form": form,
        "number": 12,
    }
    return render_to_string("diagnostic/session_question.html", context, request=request).encode()


@pytest.mark.parametrize("language", ["fr", "en"])
def test_every_question_page_of_the_real_bank_fits_the_learner_budget(db, language):
    bank.reload()
    assets = sum(compressed_size(path.read_bytes()) for path in STATIC_FILES)
    with translation.override(language):
        for item in bank.current().content.items.values():
            html = compressed_size(page_for(item, language))
            assert html <= LEARNER_HTML_BUDGET, (item.id, html)
            assert html + assets <= LEARNER_PAGE_BUDGET, (item.id, html + assets)
    bank.reload()
