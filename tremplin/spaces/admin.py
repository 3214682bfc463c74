from django.contrib import admin

from tremplin.spaces.models import (
    FunderAccess,
    Membership,
    Organisation,
    PartnerAdviser,
    PartnerOrganisation,
    Space,
)


class MembershipInline(admin.TabularInline):
    model = Membership
    fields = ["user", "role"]
    autocomplete_fields = ["user"]
    extra = 0


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Space)
class SpaceAdmin(admin.ModelAdmin):
    list_display = ["name", "town", "department", "is_active"]
    list_filter = ["department", "is_active"]
    search_fields = ["name", "town", "postcode"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [MembershipInline]


@admin.register(PartnerOrganisation)
class PartnerOrganisationAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "town"]
    list_filter = ["kind"]
    search_fields = ["name", "town"]


@admin.register(PartnerAdviser)
class PartnerAdviserAdmin(admin.ModelAdmin):
    list_display = ["user", "partner"]
    autocomplete_fields = ["user"]


@admin.register(FunderAccess)
class FunderAccessAdmin(admin.ModelAdmin):
    list_display = ["label", "user", "organisation"]
    autocomplete_fields = ["user"]
