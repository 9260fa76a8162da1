# No "from __future__ import annotations": django-ninja reads real annotations at import.
from ninja import Router

from sigap.workforce.api_handover import router as handover_router
from sigap.workforce.api_placement import router as placement_router
from sigap.workforce.api_registry import router as registry_router
from sigap.workforce.api_roster import router as roster_router

router = Router(tags=["kepegawaian"])
router.add_router("", registry_router)
router.add_router("", roster_router)
router.add_router("", placement_router)
router.add_router("", handover_router)
