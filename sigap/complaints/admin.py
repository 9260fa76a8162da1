"""Back office: the agency admin maps categories to units, sets their deadlines and
keywords, and keeps the response templates, through ``categories`` (audited). The
complaints themselves are read-only here: every change is a ``handling`` function with
its own page. Identities are not registered at all (only the inspectorate reads them,
with a recorded reason, on the complaint's page)."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from sigap.complaints import categories
from sigap.complaints.models import Category, ClassifierModel, Complaint, ResponseTemplate
from sigap.platform.admin import TenantModelAdmin


@admin.register(Category)
class CategoryAdmin(TenantModelAdmin):
    list_display = [
        "name",
        "code",
        "unit",
        "verify_days",
        "follow_up_days",
        "close_after_days",
        "is_active",
    ]
    list_filter = ["is_active"]
    search_fields = ["name", "code"]
    fields = [
        "code",
        "name",
        "unit",
        "keywords",
        "verify_days",
        "follow_up_days",
        "close_after_days",
        "is_active",
    ]

    def domain_save(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        saved = categories.save_category(
            request.agency,
            code=obj.code,
            name=obj.name,
            unit=obj.unit,
            keywords=list(obj.keywords or []),
            verify_days=obj.verify_days,
            follow_up_days=obj.follow_up_days,
            close_after_days=obj.close_after_days,
            is_active=obj.is_active,
            by=request.user,
        )
        obj.pk = saved.pk


@admin.register(ResponseTemplate)
class ResponseTemplateAdmin(TenantModelAdmin):
    list_display = ["name", "category"]
    fields = ["name", "category", "body"]

    def domain_save(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        saved = categories.save_response_template(
            request.agency, name=obj.name, body=obj.body, category=obj.category, by=request.user
        )
        obj.pk = saved.pk


@admin.register(Complaint)
class ComplaintAdmin(TenantModelAdmin):
    list_display = ["tracking_number", "status", "category", "unit", "created_at", "due_at"]
    list_filter = ["status", "channel", "mode"]
    search_fields = ["tracking_number"]
    exclude = ["idempotency_key"]


@admin.register(ClassifierModel)
class ClassifierModelAdmin(TenantModelAdmin):
    list_display = ["trained_at", "samples", "holdout_accuracy", "is_active"]
    exclude = ["params"]
