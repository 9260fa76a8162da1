"""The survey's pages (``views``)."""

from sigap.surveys.views import urlpatterns

app_name = "surveys"

__all__ = ["urlpatterns"]
