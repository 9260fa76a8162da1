from django.urls import path

from sigap.tenancy import views

app_name = "tenancy"

urlpatterns = [
    path("kerja/unit/", views.unit_list, name="unit_list"),
    path("kerja/unit/tambah/", views.unit_create, name="unit_create"),
]
