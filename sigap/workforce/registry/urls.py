"""The ASN list, its export and the profile. (``sigap.workforce.urls`` gathers every package's patterns.)"""

from django.urls import path

from sigap.workforce.registry import views

urlpatterns = [
    path("kerja/asn/", views.asn_list, name="asn_list"),
    path("kerja/asn/ekspor/", views.asn_export, name="asn_export"),
    path("kerja/asn/<int:employee_id>/", views.asn_profile, name="asn_profile"),
]
