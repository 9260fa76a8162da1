"""Role-aware staff navigation. Apps add entries here as they land."""

from __future__ import annotations

from dataclasses import dataclass

from django.urls import NoReverseMatch, reverse


@dataclass(frozen=True)
class MenuItem:
    label: str
    url_name: str
    permission: str

    @property
    def url(self) -> str:
        return reverse(self.url_name)

    @property
    def resolves(self) -> bool:
        try:
            reverse(self.url_name)
        except NoReverseMatch:
            return False
        return True


def staff_menu() -> list[MenuItem]:
    return [
        MenuItem("Beranda", "core:dashboard", "core.view_staff_shell"),
        MenuItem("Unit organisasi", "tenancy:unit_list", "tenancy.view_agency_units"),
        MenuItem("Data ASN", "workforce:asn_list", "workforce.view_asn"),
        MenuItem("Impor data ASN", "workforce:roster_import", "workforce.manage_asn"),
        MenuItem("Kesenjangan kompetensi", "workforce:gaps", "workforce.view_asn"),
        MenuItem("Penasihat penempatan", "workforce:placement", "workforce.run_placement"),
        MenuItem("Rotasi jatuh tempo", "workforce:rotation_due", "workforce.view_continuity"),
        MenuItem("Serah terima jabatan", "workforce:handover_list", "workforce.manage_handover"),
        MenuItem("Kesinambungan", "workforce:continuity", "workforce.view_continuity"),
        MenuItem("Kebutuhan pegawai", "workforce:recruitment", "workforce.view_continuity"),
        MenuItem("Pegawai dan peran", "accounts:staff_roles", "accounts.manage_agency_roles"),
        MenuItem("Kalender kerja", "workcal:calendar", "workcal.view_agency_calendar"),
        MenuItem("Jejak audit", "audit:search", "audit.view_agency_trail"),
        MenuItem("Token API", "accounts:api_tokens", "core.view_staff_shell"),
        MenuItem("Back office", "admin:index", "admin.use_back_office"),
    ]
