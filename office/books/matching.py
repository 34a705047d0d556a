"""Match proposals for imported statement lines: dues, returned debits, donations; the rest stays for a person.

Order of evidence, strongest first:

1. a return (reversal, return information, "Rücklastschrift") → the due with the same end-to-end id or
   mandate reference, kind "return";
2. money in with the end-to-end id or the mandate reference of an open due → that due;
3. money in whose text names a member number ("Mitgliedsnr. 1002", "Mitglied 1002", the "M-1002-…"
   of our mandate references) → that member's open due of the same amount;
3a. else money in naming a member (member number, the "Mahnung 17" of a reminder letter's reference, or
   a mandate reference) → that member's open items (the payer's, with those they pay for; dues, returns,
   reminder fees), oldest first: the amount settles the oldest items exactly, or pays them in part,
   kind "items" (never more than is open);
4. money in whose text says "Spende" → a donation, with the donor found by IBAN or by name (word order,
   case and umlauts ignored), else a donation of a donor still to be created;
5. everything else: "unmatched".

A due is proposed at most once. Proposals are proposals: the office's service books them only after a
person has confirmed (or the club allows automatic booking of kinds 1–3).
"""

from __future__ import annotations

import datetime
import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from office.money import euro
from office.sepa.identifiers import transliterate

from .spheres import Sphere
from .statements import StatementLine

CATEGORY_DUES = "2010"
CATEGORY_DONATIONS = "2030"
_MEMBER_NUMBER = re.compile(
    r"(?:mitglieds?(?:nummer|nr\.?|-nr\.?)?|mitgl\.?\s*-?\s*nr\.?|mg\.?\s*-?\s*nr\.?)\s*[:#.]?\s*(\d{1,10})\b"
    r"|\bM-(\d{1,10})-\d{8}-\d+\b",
    re.IGNORECASE,
)
_NOTICE = re.compile(r"\bmahnung\s*(?:nr\.?\s*)?[:#]?\s*(\d{1,10})\b", re.IGNORECASE)
_DONATION = re.compile(r"spende", re.IGNORECASE)
_TITLES = {"dr", "prof", "herr", "frau", "familie", "fam", "und", "u"}


@dataclass(frozen=True)
class OpenDue:
    """A member's open fee item as the office knows it (ids are the model's primary keys)."""

    id: int
    member_number: str
    member_name: str
    amount: Decimal
    mandate_reference: str = ""
    end_to_end_id: str = ""


@dataclass(frozen=True)
class AccountItem:
    """One open item of a member's account (a due, a return, a fee), `amount` what is still open of it."""

    id: int
    day: datetime.date
    text: str
    amount: Decimal


@dataclass(frozen=True)
class OpenAccount:
    """The open items (oldest first) of a payer and the members they pay for, and how a payment names them."""

    member_id: int  # the payer
    member_name: str
    items: tuple[AccountItem, ...]
    member_numbers: tuple[str, ...] = ()
    mandate_references: tuple[str, ...] = ()
    notice_ids: tuple[int, ...] = ()


@dataclass(frozen=True)
class KnownDonor:
    id: int
    name: str
    iban: str = ""


@dataclass(frozen=True)
class Proposal:
    line: StatementLine
    kind: str  # "due" | "return" | "items" | "donation" | "unmatched"
    target_id: int | None = None  # the due's, payer's (items) or donor's id; None for unmatched / a new donor
    reason: str = ""
    category: str = ""
    sphere: Sphere | None = None


def name_key(name: str) -> frozenset[str]:
    """ "MUSTERMANN, ERIKA", "Erika Mustermann" and "Dr. Erika Mustermann" give the same key."""
    words = re.findall(r"[a-z0-9]+", transliterate(name or "").lower())
    return frozenset(w for w in words if len(w) > 1 and w not in _TITLES)


class Matcher:
    """Indexes the open dues and known donors once; :meth:`propose` then costs a few dict look-ups per line."""

    def __init__(
        self, dues: Iterable[OpenDue] = (), donors: Iterable[KnownDonor] = (), accounts: Iterable[OpenAccount] = ()
    ):
        self.by_e2e: dict[str, OpenDue] = {}
        self.by_mandate: dict[str, list[OpenDue]] = defaultdict(list)
        self.by_member: dict[str, list[OpenDue]] = defaultdict(list)
        for due in dues:
            if due.end_to_end_id:
                self.by_e2e[due.end_to_end_id] = due
            if due.mandate_reference:
                self.by_mandate[due.mandate_reference].append(due)
            self.by_member[due.member_number.lstrip("0")].append(due)
        self.donor_by_iban: dict[str, KnownDonor] = {}
        self.donor_by_name: dict[frozenset[str], KnownDonor] = {}
        for donor in donors:
            if donor.iban:
                self.donor_by_iban[donor.iban.replace(" ", "").upper()] = donor
            key = name_key(donor.name)
            if key:
                self.donor_by_name.setdefault(key, donor)
        self.used: set[int] = set()
        self.paid: dict[int, Decimal] = defaultdict(Decimal)  # item id → paid by earlier lines of the statement
        self.account_by_number: dict[str, OpenAccount] = {}
        self.account_by_mandate: dict[str, OpenAccount] = {}
        self.account_by_notice: dict[int, OpenAccount] = {}
        for account in accounts:
            for number in account.member_numbers:
                self.account_by_number[number.lstrip("0")] = account
            for reference in account.mandate_references:
                self.account_by_mandate[reference] = account
            for notice_id in account.notice_ids:
                self.account_by_notice[notice_id] = account

    def _free(self, dues: Iterable[OpenDue]) -> list[OpenDue]:
        return [d for d in dues if d.id not in self.used]

    def _by_reference(self, line: StatementLine) -> tuple[OpenDue | None, str]:
        due = self.by_e2e.get(line.end_to_end_id) if line.end_to_end_id else None
        if due is not None and (due.id not in self.used or line.is_return):
            return due, f"End-to-End-Referenz {line.end_to_end_id}"
        if line.mandate_reference:
            candidates = self.by_mandate.get(line.mandate_reference, [])
            free = candidates if line.is_return else self._free(candidates)
            same = [d for d in free if d.amount == abs(line.amount)]
            if same or free:
                return (same or free)[0], f"Mandatsreferenz {line.mandate_reference}"
        return None, ""

    def propose(self, line: StatementLine) -> Proposal:
        if line.is_return:
            due, why = self._by_reference(line)
            if due is not None:
                return Proposal(
                    line, "return", due.id, f"Rücklastschrift zu {due.member_name} ({why})", CATEGORY_DUES, Sphere.IDEAL
                )
            return Proposal(line, "unmatched", reason="Rücklastschrift ohne passende Lastschrift")
        if line.amount <= 0:
            return Proposal(line, "unmatched")
        due, why = self._by_reference(line)
        if due is None:
            due, why = self._by_member_number(line)
        if due is not None:
            self.used.add(due.id)
            note = "" if due.amount == line.amount else f"; Betrag weicht ab (offen: {due.amount})"
            return Proposal(
                line, "due", due.id, f"Beitrag von {due.member_name} ({why}{note})", CATEGORY_DUES, Sphere.IDEAL
            )
        items = self._by_account(line)
        if items is not None:
            return items
        if _DONATION.search(line.purpose or ""):
            donor = self.donor_by_iban.get(line.iban.upper()) if line.iban else None
            how = "IBAN"
            if donor is None:
                donor, how = self.donor_by_name.get(name_key(line.name)), "Name"
            if donor is not None:
                reason = f"Spende von {donor.name} (erkannt an {how})"
                return Proposal(line, "donation", donor.id, reason, CATEGORY_DONATIONS, Sphere.IDEAL)
            reason = f"Spende von {line.name or 'unbekannt'} (neue Spenderin / neuer Spender)"
            return Proposal(line, "donation", None, reason, CATEGORY_DONATIONS, Sphere.IDEAL)
        return Proposal(line, "unmatched")

    def _by_member_number(self, line: StatementLine) -> tuple[OpenDue | None, str]:
        for match in _MEMBER_NUMBER.finditer(f"{line.purpose} {line.mandate_reference}"):
            number = (match.group(1) or match.group(2)).lstrip("0")
            same = [d for d in self._free(self.by_member.get(number, [])) if d.amount == line.amount]
            if same:
                return same[0], f"Mitgliedsnummer {number}"
        return None, ""

    def _account(self, line: StatementLine) -> tuple[OpenAccount | None, str]:
        text = f"{line.purpose} {line.mandate_reference}"
        for match in _NOTICE.finditer(text):
            account = self.account_by_notice.get(int(match.group(1)))
            if account is not None:
                return account, f"Mahnung {match.group(1)}"
        for match in _MEMBER_NUMBER.finditer(text):
            number = (match.group(1) or match.group(2)).lstrip("0")
            if number in self.account_by_number:
                return self.account_by_number[number], f"Mitgliedsnummer {number}"
        for reference in {line.mandate_reference, *text.split()}:
            if reference and reference in self.account_by_mandate:
                return self.account_by_mandate[reference], f"Mandatsreferenz {reference}"
        return None, ""

    def _by_account(self, line: StatementLine) -> Proposal | None:
        """Money in naming a member whose open items it settles (or pays in part), oldest first."""
        account, why = self._account(line)
        if account is None:
            return None
        open_items = [
            (item, item.amount - self.paid[item.id])
            for item in account.items
            if item.id not in self.used and item.amount > self.paid[item.id]
        ]
        if not open_items or line.amount > sum(rest for _item, rest in open_items):
            return None
        left, settled, partly = line.amount, [], None
        for item, rest in open_items:
            if left <= 0:
                break
            paid = min(left, rest)
            left -= paid
            self.paid[item.id] += paid
            if paid == rest:
                self.used.add(item.id)
                settled.append(item)
            else:
                partly = (item, paid)
        parts = [f"{item.day:%d.%m.%Y} {item.text} {euro(item.amount)}" for item in settled]
        if partly is not None:
            item, paid = partly
            parts.append(f"{item.day:%d.%m.%Y} {item.text} {euro(paid)} von {euro(item.amount)}")
        how = "begleicht" if partly is None else "zahlt, älteste zuerst"
        reason = f"Offene Posten von {account.member_name} ({why}): {how} " + "; ".join(parts)
        return Proposal(line, "items", account.member_id, reason, CATEGORY_DUES, Sphere.IDEAL)


def propose_matches(
    lines: Iterable[StatementLine],
    *,
    dues: Iterable[OpenDue] = (),
    donors: Iterable[KnownDonor] = (),
    accounts: Iterable[OpenAccount] = (),
) -> list[Proposal]:
    """One proposal per line, in the order of the statement."""
    matcher = Matcher(dues, donors, accounts)
    return [matcher.propose(line) for line in lines]
