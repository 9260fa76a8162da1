"""URLs: the back office, the API, the language switch and every app's own URLconf,
collected from the apps' declarations (``SigapAppConfig.urls``)."""

from django.contrib import admin
from django.urls import include, path

from config.api import api
from sigap.platform.declarations import sigap_apps
from sigap.shell.views import set_language

handler403 = "sigap.shell.views.error_403"
handler404 = "sigap.shell.views.error_404"
handler500 = "sigap.shell.views.error_500"

urlpatterns = [
    path("admin/", admin.site.urls),
    path("api/v1/", api.urls),
    path("i18n/setlang/", set_language, name="set_language"),
    *(path("", include(config.urls)) for config in sigap_apps() if config.urls),
]
