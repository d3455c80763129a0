"""The people's API. Taking part's operations are in `api_taking_part.py`, mounted here."""

from ninja import Router

from .api_taking_part import router as taking_part_router

router = Router(tags=["people"])
router.add_router("/", taking_part_router)
