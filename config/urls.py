from django.contrib import admin
from django.urls import include, path

from config.api import api

handler403 = "sigap.core.views.error_403"
handler404 = "sigap.core.views.error_404"
handler500 = "sigap.core.views.error_500"

urlpatterns = [
    path("admin/", admin.site.urls),
    path("api/v1/", api.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("", include("sigap.core.urls")),
    path("", include("sigap.accounts.urls")),
    path("", include("sigap.tenancy.urls")),
    path("", include("sigap.audit.urls")),
    path("", include("sigap.workcal.urls")),
    path("", include("sigap.workforce.urls")),
]
