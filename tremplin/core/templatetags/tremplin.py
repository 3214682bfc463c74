from django import template
from django.utils.translation import gettext as _

from tremplin.core.privacy import hide_small_count

register = template.Library()


@register.filter
def people_count(count: int) -> str:
    """Shows a count of people, or « moins de 5 » when it is too small to publish."""
    shown = hide_small_count(count)
    return _("moins de 5") if shown is None else str(shown)
