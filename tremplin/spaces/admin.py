from django.contrib import admin

from tremplin.spaces.models import (
    Closure,
    FunderAccess,
    HelperProfile,
    Invitation,
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


@admin.register(Closure)
class ClosureAdmin(admin.ModelAdmin):
    list_display = ["space", "starts_on", "ends_on", "reason"]
    list_filter = ["space__organisation"]


@admin.register(Invitation)
class InvitationAdmin(admin.ModelAdmin):
    """Read-only: invitations are made by coordinators on the team page (the link is shown once
    there, never stored)."""

    list_display = ["space", "role", "created_by", "created_at", "expires_at", "used_at"]
    list_filter = ["role", "space__organisation"]
    readonly_fields = [field.name for field in Invitation._meta.fields]

    def has_add_permission(self, request):
        return False


@admin.register(HelperProfile)
class HelperProfileAdmin(admin.ModelAdmin):
    list_display = ["user", "is_civic_service", "civic_service_starts_on", "civic_service_ends_on"]
    list_filter = ["is_civic_service"]
    autocomplete_fields = ["user"]
