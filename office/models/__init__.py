"""Models of the club office, split by topic; import them from here."""

from .assembly import (
    AgendaItem,
    Assembly,
    Attendance,
    Invitation,
    Motion,
    Proxy,
    ResultRecord,
    SecretBallot,
    StatuteSettings,
    Vote,
    VoterMark,
)
from .debits import DebitLine, DebitLineStatus, DebitRun, DebitRunStatus
from .dunning import DunningChannel, DunningLevel, DunningNotice
from .fees import FeeGroup, MemberAccountEntry
from .finance import (
    Account,
    Booking,
    Donation,
    DonationReceipt,
    Donor,
    FinancialYear,
    LedgerCategory,
    OfficeSettings,
    OpeningBalance,
    StatementEntry,
    StatementImport,
)
from .history import ChangeRecord
from .joining import JoinApplication, JoinStatus, PaymentMethod
from .mailing import SavedFilter, SentMessage
from .members import Department, Member, MemberNumberCounter
from .privacy import MemberAnonymisation, RetentionSettings
from .resolutions import ResolutionNotice, WrittenResolution, WrittenVote
from .sepa import SepaMandate

__all__ = [
    "AgendaItem",
    "Assembly",
    "Attendance",
    "Invitation",
    "Motion",
    "Proxy",
    "ResultRecord",
    "SecretBallot",
    "StatuteSettings",
    "Vote",
    "VoterMark",
    "Account",
    "Booking",
    "Donation",
    "DonationReceipt",
    "Donor",
    "FinancialYear",
    "LedgerCategory",
    "OfficeSettings",
    "OpeningBalance",
    "StatementEntry",
    "StatementImport",
    "ChangeRecord",
    "DebitLine",
    "DebitLineStatus",
    "DebitRun",
    "DebitRunStatus",
    "Department",
    "DunningChannel",
    "DunningLevel",
    "DunningNotice",
    "FeeGroup",
    "JoinApplication",
    "JoinStatus",
    "Member",
    "MemberAccountEntry",
    "MemberAnonymisation",
    "MemberNumberCounter",
    "PaymentMethod",
    "RetentionSettings",
    "SavedFilter",
    "SentMessage",
    "SepaMandate",
    "ResolutionNotice",
    "WrittenResolution",
    "WrittenVote",
]
