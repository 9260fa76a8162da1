# No "from __future__ import annotations": django-ninja reads real annotations at import.
"""The services app's API: one router collecting the catalogue, citizen, officer and
Open311 GeoReport v2 operations."""

from ninja import Router

from sigap.services.api_catalogue import router as catalogue_router
from sigap.services.api_citizen import router as citizen_router
from sigap.services.api_officer import router as officer_router
from sigap.services.open311 import router as open311_router

router = Router(tags=["layanan"])
router.add_router("/", catalogue_router)
router.add_router("/", citizen_router)
router.add_router("/", officer_router)
router.add_router("/", open311_router)
