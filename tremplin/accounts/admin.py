from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin

from tremplin.accounts.models import User


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    list_display = ["username", "first_name", "last_name", "kind", "is_active", "is_demo"]
    list_filter = ["kind", "is_active", "is_demo"]
    fieldsets = [
        *DjangoUserAdmin.fieldsets,
        ("Tremplin", {"fields": ["kind", "is_demo"]}),
    ]
