"""The ASN list, its export and the profile. (``sigap.workforce.urls`` gathers every package's patterns.)"""

from django.urls import path

from sigap.workforce.registry import corrections, views

urlpatterns = [
    path("kerja/asn/", views.asn_list, name="asn_list"),
    path("kerja/asn/ekspor/", views.asn_export, name="asn_export"),
    path("kerja/asn/<int:employee_id>/", views.asn_profile, name="asn_profile"),
    path("kerja/asn/<int:employee_id>/koreksi/", corrections.asn_correct, name="asn_correct"),
    path("kerja/asn/<int:employee_id>/asesmen/", corrections.asn_assess, name="asn_assess"),
]
