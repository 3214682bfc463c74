"""Validation of the whole content tree, for ``manage.py check_content`` and the tests.

Beyond the reading problems of ``content.read_tree``: competence codes unknown to the diagnostic
framework (when ``content/diagnostic/framework.yaml`` exists), and each page's weight on a first
visit, measured as the browser tests do (gzip): the rendered HTML ≤ 14 KB, and HTML + stylesheets
+ scripts + icons + picture ≤ 30 KB (PRODUCT.md, learner pages).

``answer_warnings`` looks for answers that can be found without knowing them (content review,
E1 and E2): a right single answer that is the longest option in more than half of the
exercises, or always at the same place in the files; a place right in every multiple-choice
exercise; and, per exercise, right options longer than every wrong one by more than
``LENGTH_MARGIN``. These are warnings: ``check_content`` prints them and does not fail.
"""

import gzip
from pathlib import Path

from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.urls import reverse
from django.utils import translation

from tremplin.accounts.models import User
from tremplin.learning import content

# A right option this many times as long as the longest wrong one gives itself away.
LENGTH_MARGIN = 1.3
# Patterns across exercises are only read from this many exercises of a type.
PATTERN_MINIMUM = 3
HTML_BUDGET = 14 * 1024
PAGE_BUDGET = 30 * 1024
# What a first visit of a page loads besides the document and its picture.
PAGE_ASSETS = [
    "css/tremplin.css",
    "learning/learning.css",
    "js/read-aloud.js",
    "learning/exercise.js",
    "img/icons.svg",
    "img/favicon.svg",
]


def _gzip_size(data: bytes) -> int:
    return len(gzip.compress(data, compresslevel=6))


def assets_weight() -> int:
    total = 0
    for name in PAGE_ASSETS:
        path = finders.find(name)
        if path:
            total += _gzip_size(Path(path).read_bytes())
    return total


def render_page(page: content.Page, module: content.Module, lang: str) -> bytes:
    from tremplin.learning.views import page_context

    with translation.override(lang):
        url = reverse("learning:page_detail", args=[module.slug, page.stem])
        request = RequestFactory().get(url)
        request.user = User(username="apprenant-000", kind=User.Kind.LEARNER)
        context = page_context(page, module, url)
        return render_to_string("learning/page_detail.html", context, request=request).encode()


def check_tree(root: Path | None = None, *, diagnostic_root: Path | None = None) -> list[str]:
    tree = content.read_tree(root)
    problems = list(tree.problems)
    codes = content.competence_codes(diagnostic_root or tree.root.parent / "diagnostic")
    if codes is not None:
        for slug, data in tree.modules.items():
            for code in data.get("competences") or []:
                if code not in codes:
                    problems.append(
                        f"modules/{slug}/module.yaml: unknown competence '{code}' "
                        "(not in content/diagnostic/framework.yaml)"
                    )
    assets = assets_weight()
    for lang in content.LANGUAGES:
        catalogue = content.build_catalogue(tree, lang)
        for module in catalogue.modules.values():
            for page in module.pages:
                problems.extend(_weigh(tree, module, page, lang, assets))
    return problems


def _weigh(tree, module, page, lang: str, assets: int) -> list[str]:
    where = f"modules/{module.slug}/{page.stem}.{lang}.md"
    html = _gzip_size(render_page(page, module, lang))
    picture = 0
    if page.illustration:
        path = tree.root / "modules" / module.slug / page.illustration
        picture = _gzip_size(path.read_bytes()) if path.is_file() else 0
    problems = []
    if html > HTML_BUDGET:
        problems.append(f"{where}: the page's HTML weighs {html} B compressed, over 14 KB")
    if html + picture + assets > PAGE_BUDGET:
        problems.append(
            f"{where}: the page weighs {html + picture + assets} B compressed with its picture, "
            "styles and scripts, over 30 KB"
        )
    return problems


def answer_warnings(root: Path | None = None) -> list[str]:
    """Readable warnings, per language, about answers that length or place give away."""
    tree = content.read_tree(root)
    warnings = []
    for lang in content.LANGUAGES:
        catalogue = content.build_catalogue(tree, lang)
        pages = [
            page
            for module in catalogue.modules.values()
            for page in module.pages
            if page.type in {"single", "multiple"} and (module.slug, page.stem, lang) in tree.pages
        ]
        warnings.extend(_length_warnings(pages, lang))
        warnings.extend(_pattern_warnings([p for p in pages if p.type == "single"], lang))
        warnings.extend(_place_warnings([p for p in pages if p.type == "multiple"], lang))
    return warnings


def _where(page, lang: str) -> str:
    return f"modules/{page.module_slug}/{page.stem}.{lang}.md"


def _length_warnings(pages, lang: str) -> list[str]:
    warnings = []
    for page in pages:
        right = [len(c.text) for c in page.choices if c.key in page.answer]
        wrong = [len(c.text) for c in page.choices if c.key not in page.answer]
        if right and wrong and min(right) > LENGTH_MARGIN * max(wrong):
            warnings.append(
                f"{_where(page, lang)}: the right option is much longer than every wrong one "
                f"({min(right)} characters against {max(wrong)} at most): make a wrong option "
                "as long, or shorten the right one"
            )
    return warnings


def _pattern_warnings(pages, lang: str) -> list[str]:
    if len(pages) < PATTERN_MINIMUM:
        return []
    warnings = []
    longest = 0
    places = set()
    for page in pages:
        lengths = {c.key: len(c.text) for c in page.choices}
        right = page.answer[0]
        if all(lengths[right] > length for key, length in lengths.items() if key != right):
            longest += 1
        places.add([c.key for c in page.choices].index(right))
    if longest * 2 > len(pages):
        warnings.append(
            f"{lang}: the right answer is the longest option in {longest} of {len(pages)} "
            "single-choice exercises: length gives it away"
        )
    if len(places) == 1:
        warnings.append(
            f"{lang}: the right answer is option {places.pop() + 1} in all {len(pages)} "
            "single-choice exercises: spread it over the places"
        )
    return warnings


def _place_warnings(pages, lang: str) -> list[str]:
    if len(pages) < PATTERN_MINIMUM:
        return []
    widest = min(len(page.choices) for page in pages)
    always = [
        place
        for place in range(widest)
        if all(page.choices[place].key in page.answer for page in pages)
    ]
    return [
        f"{lang}: option {place + 1} is right in all {len(pages)} multiple-choice exercises: "
        "make it wrong in some"
        for place in always
    ]
