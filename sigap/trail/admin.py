"""The audit trail is read-only everywhere: no add, change or delete through the app."""

from auditlog.models import LogEntry
from django.contrib import admin

from sigap.platform.admin import SystemAdminOnly

if admin.site.is_registered(LogEntry):
    admin.site.unregister(LogEntry)


@admin.register(LogEntry)
class ReadOnlyLogEntryAdmin(SystemAdminOnly):
    list_display = ["timestamp", "action", "content_type", "object_repr", "actor", "remote_addr"]
    list_filter = ["action", "content_type"]
    search_fields = ["object_repr", "changes_text"]
    # Read-only: the platform's admin base writes only through a domain_save.
