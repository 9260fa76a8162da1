"""The services app's pages, one module per side: the catalogue (staff and public),
the citizen's applications, the officers' work."""

from django.urls import include, path

app_name = "services"

urlpatterns = [
    path("", include("sigap.services.urls_catalogue")),
    path("", include("sigap.services.urls_citizen")),
    path("", include("sigap.services.urls_officer")),
]
