"""A URL configuration without the workforce app's pages (test_navigation)."""

from django.urls import include, path

urlpatterns = [path("", include("sigap.shell.urls"))]
