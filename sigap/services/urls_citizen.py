"""The citizen's pages: apply, follow one's applications, public tracking, and the
manifest and service worker that make the citizen pages installable."""

from django.urls import path

from sigap.services import views_citizen as views

urlpatterns = [
    path(
        "p/<slug:agency_slug>/layanan/<str:service_code>/ajukan/",
        views.apply,
        name="apply",
    ),
    path("layanan/permohonan/", views.my_applications, name="my_applications"),
    path(
        "layanan/permohonan/<str:tracking_number>/",
        views.my_application,
        name="my_application",
    ),
    path(
        "layanan/permohonan/<str:tracking_number>/ubah/",
        views.edit_application,
        name="edit_application",
    ),
    path(
        "layanan/permohonan/<str:tracking_number>/batalkan/",
        views.withdraw_application,
        name="withdraw_application",
    ),
    path(
        "layanan/permohonan/<str:tracking_number>/dokumen/<int:document_id>/",
        views.document,
        name="document",
    ),
    path("lacak/", views.track, name="track"),
    path("layanan/manifest.webmanifest", views.manifest, name="manifest"),
    path("layanan/sw.js", views.service_worker, name="service_worker"),
]
