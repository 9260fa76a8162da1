"""Role-aware staff navigation. Apps add entries here as they land."""

from __future__ import annotations

from dataclasses import dataclass

from django.urls import reverse


@dataclass(frozen=True)
class MenuItem:
    label: str
    url_name: str
    permission: str

    @property
    def url(self) -> str:
        return reverse(self.url_name)


def staff_menu() -> list[MenuItem]:
    return [
        MenuItem("Beranda", "core:dashboard", "core.view_staff_shell"),
        MenuItem("Unit organisasi", "tenancy:unit_list", "tenancy.view_agency_units"),
        MenuItem("Pegawai dan peran", "accounts:staff_roles", "accounts.manage_agency_roles"),
        MenuItem("Kalender kerja", "workcal:calendar", "workcal.view_agency_calendar"),
        MenuItem("Jejak audit", "audit:search", "audit.view_agency_trail"),
        MenuItem("Token API", "accounts:api_tokens", "core.view_staff_shell"),
        MenuItem("Back office", "admin:index", "admin.use_back_office"),
    ]
