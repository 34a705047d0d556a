"""Models of the club office, split by topic; import them from here."""

from .fees import FeeGroup, MemberAccountEntry
from .history import ChangeRecord
from .members import Department, Member, MemberNumberCounter
from .sepa import SepaMandate

__all__ = [
    "ChangeRecord",
    "Department",
    "FeeGroup",
    "Member",
    "MemberAccountEntry",
    "MemberNumberCounter",
    "SepaMandate",
]
