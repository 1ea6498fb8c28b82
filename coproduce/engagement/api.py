"""API: see the module that fills this router."""

from ninja import Router

router = Router(tags=["activities"])
