from django.urls import path

from sigap.shell import views

app_name = "shell"

urlpatterns = [
    path("", views.home, name="home"),
    path("privasi/", views.privacy_notice, name="privacy"),
    path("p/<slug:agency_slug>/", views.agency_home, name="agency_home"),
    path("kerja/", views.dashboard, name="dashboard"),
    path("kerja/pemda/", views.switch_agency, name="switch_agency"),
    path("healthz", views.healthz, name="healthz"),
]
