"""Each feature package owns its URL patterns; this file only gathers them."""

from sigap.workforce.analysis.urls import urlpatterns as analysis_urls
from sigap.workforce.handover.urls import urlpatterns as handover_urls
from sigap.workforce.placement.urls import urlpatterns as placement_urls
from sigap.workforce.registry.urls import urlpatterns as registry_urls
from sigap.workforce.roster.urls import urlpatterns as roster_urls

app_name = "workforce"

urlpatterns = [
    *registry_urls,
    *analysis_urls,
    *roster_urls,
    *placement_urls,
    *handover_urls,
]
