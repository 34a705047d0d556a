"""Exceptions of the assembly layer: each carries a German message a form or the admin can show."""

from __future__ import annotations


class AssemblyError(ValueError):
    """Base class; ``str(error)`` is the German message, ``code`` a stable machine-readable key."""

    code = "assembly_error"

    def __init__(self, message: str, *, code: str | None = None):
        super().__init__(message)
        self.message = message
        if code:
            self.code = code


class StatuteError(AssemblyError):
    """Statute rules that cannot be right (a floor the law sets, a number out of range)."""

    code = "invalid_statute"

    def __init__(self, findings: list):
        self.findings = findings
        super().__init__(" ".join(finding.message for finding in findings))


class ModeNotAllowed(AssemblyError):
    """A virtual (or hybrid) assembly the statute or the members' resolution does not allow."""

    code = "mode_not_allowed"


class InvitationTooLate(AssemblyError):
    """An invitation whose period would not be kept; carries the check with the latest valid date."""

    code = "invitation_too_late"

    def __init__(self, check):
        self.check = check
        super().__init__(check.message)


class ProxyError(AssemblyError):
    """A proxy the statute does not allow (none at all, too many per person, chains, present principals)."""

    code = "proxy_not_allowed"


class VoteError(AssemblyError):
    """A vote that cannot be counted: twice, for someone not entitled, for someone not represented."""

    code = "vote_not_allowed"


class BallotError(AssemblyError):
    """A secret ballot that cannot be accepted (voted already, box closed, count mismatch)."""

    code = "ballot_not_allowed"
