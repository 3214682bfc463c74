"""The national team publishes consent texts here. People and their journal are not in the
admin: they are read through the scoped pages, so that every read is journaled."""

from django.contrib import admin
from django.db import transaction

from tremplin.people.models import ConsentText


@admin.register(ConsentText)
class ConsentTextAdmin(admin.ModelAdmin):
    list_display = ["version", "organisation", "published_on", "is_current"]
    list_filter = ["organisation", "is_current"]
    fields = ["organisation", "version", "published_on", "is_current", "text_fr", "text_en"]

    def get_readonly_fields(self, request, obj=None):
        """A wording people agreed to never changes: publish a new version instead."""
        if obj is not None and obj.entries.exists():
            return ["organisation", "version", "published_on", "text_fr", "text_en"]
        return []

    @transaction.atomic
    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if obj.is_current:
            ConsentText.objects.filter(organisation=obj.organisation).exclude(pk=obj.pk).update(
                is_current=False
            )
