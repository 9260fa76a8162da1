"""The learning app's pages (``views``)."""

from sigap.learning.views import urlpatterns

app_name = "learning"

__all__ = ["app_name", "urlpatterns"]
