"""Routing of applications to authorities: a registry of routers, asked in order.

A router gets the template snapshot, the club and the answers and returns an `Authority` or
None ("not mine"). The default router sends an application to the template's authority; a region
can register a router in front of it, e.g. by the postal code of the event's place.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

ROUTERS: list[Callable[..., Any]] = []


def register(router: Callable[..., Any], *, first: bool = False) -> Callable[..., Any]:
    if first:
        ROUTERS.insert(0, router)
    else:
        ROUTERS.append(router)
    return router


def route(*, template, club, answers: dict):
    for router in ROUTERS:
        authority = router(template=template, club=club, answers=answers)
        if authority is not None:
            return authority
    raise LookupError("no authority for this application")


def template_authority(*, template, club, answers):
    from .models import Authority

    return Authority.objects.get(pk=template.authority_id)


register(template_authority)
