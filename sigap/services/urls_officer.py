"""The officers' pages (``views_officer``): work queue, applications, quick entry,
Open311 clients."""

from sigap.services.views_officer import urlpatterns

__all__ = ["urlpatterns"]
