"""The roster import: upload, the dry run's report, the template. (``sigap.workforce.urls`` gathers every package's patterns.)"""

from django.urls import path

from sigap.workforce.roster import views

urlpatterns = [
    path("kerja/asn/impor/", views.roster_import, name="roster_import"),
    path("kerja/asn/impor/templat/", views.roster_template, name="roster_template"),
    path(
        "kerja/asn/impor/<int:import_id>/",
        views.roster_import_detail,
        name="roster_import_detail",
    ),
]
