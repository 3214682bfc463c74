from functools import cache

from django import template
from django.templatetags.static import static
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from tremplin.core import styles
from tremplin.core.phones import display_phone
from tremplin.core.privacy import hide_small_count
from tremplin.core.submissions import FIELD_NAME, new_token

register = template.Library()


@register.filter
def people_count(count: int) -> str:
    """Shows a count of people, or « moins de 5 » when it is too small to publish."""
    shown = hide_small_count(count)
    return _("moins de 5") if shown is None else str(shown)


@register.filter
def phone(e164: str) -> str:
    """+33388000001 → 03 88 00 00 01."""
    return display_phone(e164) if e164 else ""


@register.simple_tag
def icon(name: str) -> str:
    """A pictogram from the sprite, hidden from screen readers: the word beside it speaks."""
    return _icon_markup(name)


@register.simple_tag(takes_context=True)
def stylesheet(context, path: str) -> str:
    """A stylesheet, written inline on a browser's first visit and linked afterwards
    (``tremplin.core.styles``: one round trip less before the first paint)."""
    request = context.get("request")
    if hasattr(request, "inline_styles"):  # None outside a request (``InlineStylesMiddleware``)
        request.styles_depend_on_cookie = True
        if styles.should_inline(request):
            css, source = styles.inline_stylesheet(path)
            request.inline_styles.append(source)
            # Our own file, which holds no "</style": the hash in the policy is of this exact text.
            return mark_safe(f"<style>{css}</style>")
    return format_html('<link rel="stylesheet" href="{}">', static(path))


@register.simple_tag
def submission_token() -> str:
    """The hidden one-time token of a creating form: sent twice, it makes one row
    (``tremplin.core.submissions``). A fresh token on every rendering."""
    return format_html('<input type="hidden" name="{}" value="{}">', FIELD_NAME, new_token())


@cache
def _icon_markup(name: str) -> str:
    # Built once per name and process: icons are on every page, so this stays off the hot path.
    return format_html(
        '<svg class="icon" aria-hidden="true" focusable="false"><use href="{}#{}"></use></svg>',
        static("img/icons.svg"),
        name,
    )
