from django.urls import path

from sigap.trail import views

app_name = "audit"

urlpatterns = [
    path("kerja/audit/", views.search, name="search"),
    path("kerja/audit/ekspor/", views.export, name="export"),
    path("kerja/audit/<int:entry_id>/", views.detail, name="detail"),
]
