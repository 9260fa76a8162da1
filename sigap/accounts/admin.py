from django.contrib import admin

from sigap.accounts.models import ApiToken, CitizenProfile, RoleGrant, User
from sigap.platform.admin import SystemAdminOnly


@admin.register(User)
class UserAdmin(SystemAdminOnly):
    list_display = ["username", "full_name", "kind", "is_active"]
    list_filter = ["kind", "is_active"]
    search_fields = ["username", "full_name", "email", "phone"]
    exclude = ["password", "groups", "user_permissions", "last_login"]


@admin.register(RoleGrant)
class RoleGrantAdmin(SystemAdminOnly):
    list_display = ["user", "role", "agency", "unit"]
    list_filter = ["role", "agency"]
    raw_id_fields = ["user", "unit"]


@admin.register(CitizenProfile)
class CitizenProfileAdmin(SystemAdminOnly):
    list_display = ["user", "consent_version", "consent_withdrawn_at"]
    raw_id_fields = ["user"]


@admin.register(ApiToken)
class ApiTokenAdmin(SystemAdminOnly):
    list_display = ["user", "name", "prefix", "created_at", "revoked_at"]
    readonly_fields = ["prefix", "key_hash", "created_at", "last_used_at"]
