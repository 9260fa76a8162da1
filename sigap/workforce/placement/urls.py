"""The placement advisor: runs and the decisions on recommendations. (``sigap.workforce.urls`` gathers every package's patterns.)"""

from django.urls import path

from sigap.workforce.placement import views

urlpatterns = [
    path("kerja/penempatan/", views.placement_index, name="placement"),
    path("kerja/penempatan/<int:run_id>/", views.placement_run, name="placement_run"),
    path(
        "kerja/penempatan/rekomendasi/<int:recommendation_id>/terima/",
        views.placement_accept,
        name="placement_accept",
    ),
    path(
        "kerja/penempatan/rekomendasi/<int:recommendation_id>/tolak/",
        views.placement_reject,
        name="placement_reject",
    ),
]
