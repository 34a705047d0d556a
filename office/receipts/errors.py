"""Exceptions of the receipts layer: ``str(error)`` is a German message a form or the admin can show."""

from __future__ import annotations


class ReceiptError(ValueError):
    """Base class; ``code`` is a stable machine-readable key."""

    code = "receipt_error"

    def __init__(self, message: str, *, code: str | None = None):
        super().__init__(message)
        self.message = message
        if code:
            self.code = code


class ReceiptInputError(ReceiptError):
    """The data handed in is incomplete or contradicts itself (no donor name, amount ≤ 0, …)."""

    code = "invalid_receipt_data"


class ReceiptRefused(ReceiptError):
    """The tax rules forbid this receipt; the message names the rule (§ 63 Abs. 5 AO, § 10b Abs. 1 Satz 8 EStG)."""

    code = "receipt_refused"


class ReceiptTooLong(ReceiptError):
    """The receipt does not fit on one A4 page even in the smallest allowed type size."""

    code = "receipt_too_long"
