# No "from __future__ import annotations": django-ninja reads real annotations at import.
"""Each feature package owns its API router; this file only gathers them."""

from ninja import Router

from sigap.workforce.analysis.api import router as analysis_router
from sigap.workforce.handover.api import router as handover_router
from sigap.workforce.placement.api import router as placement_router
from sigap.workforce.registry.api import router as registry_router
from sigap.workforce.roster.api import router as roster_router

router = Router(tags=["kepegawaian"])
router.add_router("", registry_router)
router.add_router("", analysis_router)
router.add_router("", roster_router)
router.add_router("", placement_router)
router.add_router("", handover_router)
