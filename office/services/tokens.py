"""Members' personal links: signed, expiring and bound to the club's schema (ARCHITECTURE.md:
members are no Wagtail users). One scheme for the join confirmation, self-service and assembly
links; each has its own salt, so a link of one kind opens nothing of another."""

from __future__ import annotations

from django.core import signing
from django.db import connection


class TokenInvalid(Exception):
    """A link that is forged, expired or made for another club."""

    def __init__(self, message: str, *, expired: bool = False):
        super().__init__(message)
        self.expired = expired


def schema_token(data: dict, *, salt: str) -> str:
    """`data` signed for the current club's schema."""
    return signing.dumps({**data, "s": connection.schema_name}, salt=salt, compress=True)


def schema_token_data(token: str, *, salt: str, max_age: int, expired: str, invalid: str, foreign: str) -> dict:
    """What `schema_token` signed, or `TokenInvalid` with the message for the case: expired,
    forged, or made on another club's host."""
    try:
        data = signing.loads(token, salt=salt, max_age=max_age)
    except signing.SignatureExpired:
        raise TokenInvalid(expired, expired=True) from None
    except signing.BadSignature:
        raise TokenInvalid(invalid) from None
    if not isinstance(data, dict) or data.get("s") != connection.schema_name:
        raise TokenInvalid(foreign)
    return data
