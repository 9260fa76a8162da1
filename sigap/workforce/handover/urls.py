"""Serah terima jabatan: the list, a new handover and its record. (``sigap.workforce.urls`` gathers every package's patterns.)"""

from django.urls import path

from sigap.workforce.handover import views

urlpatterns = [
    path("kerja/serah-terima/", views.handover_list, name="handover_list"),
    path("kerja/serah-terima/baru/", views.handover_new, name="handover_new"),
    path("kerja/serah-terima/<int:handover_id>/", views.handover_detail, name="handover_detail"),
]
