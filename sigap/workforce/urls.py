"""Each feature module owns its URL patterns; this file only gathers them."""

from sigap.workforce import views_handover, views_placement, views_registry, views_roster

app_name = "workforce"

urlpatterns = [
    *views_registry.urlpatterns,
    *views_roster.urlpatterns,
    *views_placement.urlpatterns,
    *views_handover.urlpatterns,
]
