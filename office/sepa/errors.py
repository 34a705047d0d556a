"""Exceptions of the SEPA layer: each carries a German message a form or the admin can show."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.utils.translation import gettext as _


class SepaError(ValueError):
    """Base class; ``str(error)`` is the German message, ``code`` a stable machine-readable key."""

    code = "sepa_error"

    def __init__(self, message: str, *, code: str | None = None):
        super().__init__(message)
        self.message = message
        if code:
            self.code = code


class InvalidIdentifier(SepaError):
    """An IBAN, BIC, creditor identifier, mandate reference or end-to-end id that is not valid."""

    code = "invalid_identifier"


class CollectionDateError(SepaError):
    """A collection date that is no TARGET2 business day or comes too early; names the next valid day."""

    code = "invalid_collection_date"

    def __init__(self, message: str, *, next_valid: datetime.date, code: str | None = None):
        super().__init__(message, code=code)
        self.next_valid = next_valid


@dataclass(frozen=True)
class LineProblem:
    """One problem of one debit line (or of the creditor when ``end_to_end_id`` is empty)."""

    end_to_end_id: str
    field: str
    message: str

    def __str__(self) -> str:
        prefix = _("Lastschrift %(id)s: ") % {"id": self.end_to_end_id} if self.end_to_end_id else ""
        return prefix + self.message


class Pain008InputError(SepaError):
    """The data handed to the file builder is not usable; ``problems`` lists every one of them."""

    code = "invalid_debit_data"

    def __init__(self, problems: list[LineProblem]):
        shown = "; ".join(str(p) for p in problems[:5])
        more = _(" (und %(count)d weitere)") % {"count": len(problems) - 5} if len(problems) > 5 else ""
        super().__init__(
            _("Die Lastschriftdatei kann nicht erstellt werden: %(problems)s") % {"problems": shown + more}
        )
        self.problems = problems


@dataclass(frozen=True)
class SchemaIssue:
    """One finding of the XML schema check: line, element path, the German explanation."""

    line: int
    path: str
    message: str
    end_to_end_id: str = ""

    def __str__(self) -> str:
        where = _("Zeile %(line)d") % {"line": self.line}
        if self.end_to_end_id:
            where += _(" (Lastschrift %(id)s)") % {"id": self.end_to_end_id}
        return f"{where}: {self.message}"


class Pain008SchemaError(SepaError):
    """The generated file does not validate against the ISO 20022 schema of its version."""

    code = "schema_invalid"

    def __init__(self, version: str, issues: list[SchemaIssue]):
        shown = "; ".join(str(i) for i in issues[:3])
        super().__init__(
            _("Die Datei entspricht nicht dem Schema %(version)s: %(issues)s") % {"version": version, "issues": shown}
        )
        self.version = version
        self.issues = issues


class ReturnsFileError(SepaError):
    """A camt.053/054 or CSV file of returns that cannot be read."""

    code = "invalid_returns_file"
