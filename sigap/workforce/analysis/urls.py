"""Competency gaps, rotation due, continuity risk and recruitment needs. (``sigap.workforce.urls`` gathers every package's patterns.)"""

from django.urls import path

from sigap.workforce.analysis import views

urlpatterns = [
    path("kerja/kompetensi/", views.gap_report, name="gaps"),
    path("kerja/rotasi/", views.rotation_due, name="rotation_due"),
    path("kerja/kesinambungan/", views.continuity_report, name="continuity"),
    path("kerja/kebutuhan-pegawai/", views.recruitment_report, name="recruitment"),
    path("kerja/kebutuhan-pegawai/ekspor/", views.recruitment_export, name="recruitment_export"),
]
