from ninja import Router

router = Router(tags=["kalender kerja"])
