"""Project-wide form rendering: labels, hints and errors linked to their field (RGAA 11).

Django 5.2 already points ``aria-describedby`` at ``<id>_helptext`` and ``<id>_error`` and sets
``aria-invalid``; our templates give those ids to the hint and the error message.
"""

from django.forms.renderers import TemplatesSetting


class FormRenderer(TemplatesSetting):
    form_template_name = "components/form.html"
    field_template_name = "components/field.html"
