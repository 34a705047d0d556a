"""The secret ballot: *that* a member voted is recorded, *what* is recorded apart, and nothing joins the two.

Two records, never one:
* the **voter register** holds the members (and proxy principals) who have voted on one question —
  so nobody votes twice, and the count can be checked;
* the **urn** holds the ballots: a random ballot id, the content and the weight. No voter id, no
  running number, no time. Ballots reach the urn in shuffled batches (``batch_size``), so the order
  of the urn does not follow the order of voting, and the urn is read back sorted by content and id,
  so a listing reveals nothing about the order in which ballots came in.
``count(ballots) == count(voters marked)`` is the integrity check after closing
(:meth:`BallotBox.close`). The voter may take the random ballot id as a receipt to check that the
ballot was counted — only if they ask for it (``receipt=True``): a receipt also lets a voter *prove*
a vote to someone else, which a secret ballot usually wants to prevent.

:class:`BallotStore` is the protocol the database models implement (docs/office-assembly.md says how
PostgreSQL keeps the two tables unlinkable); :class:`MemoryBallotStore` is the reference
implementation the tests use.
"""

from __future__ import annotations

import secrets
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Protocol, runtime_checkable

from django.utils.translation import gettext as _

from .errors import BallotError

_random = secrets.SystemRandom()


def new_ballot_id() -> str:
    """128 random bits, URL-safe: not guessable, not ordered, not derived from anything."""
    return secrets.token_urlsafe(16)


@dataclass(frozen=True)
class SecretBallot:
    """What is in the urn. Deliberately without any field naming or ordering a voter."""

    ballot_id: str
    content: str  # "yes" / "no" / "abstain" / "invalid", or the candidates as a sorted, comma-joined list
    weight: int = 1


@runtime_checkable
class BallotStore(Protocol):
    """Storage of one secret vote (one question). Implemented by memory here and by the office models.

    ``voter_mark`` must refuse (raise :class:`BallotError`) a member already marked; it and
    ``ballots_add`` are called in the same transaction for a batch, so the two counts stay equal.
    """

    def voter_mark(self, members: Sequence[str]) -> None: ...

    def has_voted(self, member: str) -> bool: ...

    def ballots_add(self, ballots: Sequence[SecretBallot]) -> None: ...

    def voters_count(self) -> int: ...

    def ballots_count(self) -> int: ...

    def ballots(self) -> Iterable[SecretBallot]: ...


@dataclass
class MemoryBallotStore:
    """In memory: a set of members, a dict of ballots keyed by random id (no order kept)."""

    _voters: set[str] = field(default_factory=set)
    _ballots: dict[str, SecretBallot] = field(default_factory=dict)

    def voter_mark(self, members: Sequence[str]) -> None:
        already = [member for member in members if member in self._voters]
        if already or len(set(members)) != len(members):
            raise BallotError(_("Für dieses Mitglied wurde bereits abgestimmt."), code="already_voted")
        self._voters.update(members)

    def has_voted(self, member: str) -> bool:
        return member in self._voters

    def ballots_add(self, ballots: Sequence[SecretBallot]) -> None:
        for ballot in ballots:
            if ballot.ballot_id in self._ballots:
                raise BallotError(_("Doppelte Stimmzettel-Kennung."), code="duplicate_ballot")
            self._ballots[ballot.ballot_id] = ballot

    def voters_count(self) -> int:
        return len(self._voters)

    def ballots_count(self) -> int:
        return len(self._ballots)

    def ballots(self) -> Iterable[SecretBallot]:
        return list(self._ballots.values())


@dataclass(frozen=True)
class BallotReceipt:
    """Shown to the voter once, never stored with them."""

    ballot_id: str


@dataclass(frozen=True)
class ClosedBox:
    ballots: tuple[SecretBallot, ...]  # sorted by content and id: independent of the order of voting
    voters: int
    counts: dict[str, int]  # weighted per content


class BallotBox:
    """One secret vote. ``cast`` marks the voter and drops the ballot into a pending batch; a batch
    goes to the store shuffled once it holds ``batch_size`` ballots, the rest at ``close``.

    The voter is marked at once (so a second attempt is refused at once); the ballot may wait in the
    batch. The pending batch lives only in this object: an implementation across processes puts the
    batch in the same transaction as the marks (docs/office-assembly.md).
    """

    def __init__(self, store: BallotStore | None = None, *, batch_size: int = 1):
        if batch_size < 1:
            raise ValueError("batch_size must be at least 1")
        self.store = store if store is not None else MemoryBallotStore()
        self.batch_size = batch_size
        self._pending_voters: list[str] = []
        self._pending: list[SecretBallot] = []
        self.closed = False

    def cast(self, *, member: str, content: str, weight: int = 1, receipt: bool = False) -> BallotReceipt | None:
        """Record that ``member`` voted and, apart, what; a receipt only if ``receipt``."""
        if self.closed:
            raise BallotError(_("Die Abstimmung ist geschlossen."), code="closed")
        if self.has_voted(member):
            raise BallotError(_("Für dieses Mitglied wurde bereits abgestimmt."), code="already_voted")
        if not isinstance(weight, int) or weight < 0:
            raise BallotError(_("Ein Stimmgewicht muss eine ganze Zahl ab 0 sein."), code="invalid_weight")
        ballot = SecretBallot(ballot_id=new_ballot_id(), content=str(content), weight=weight)
        self._pending_voters.append(member)
        self._pending.append(ballot)
        if len(self._pending) >= self.batch_size:
            self.flush()
        return BallotReceipt(ballot.ballot_id) if receipt else None

    def has_voted(self, member: str) -> bool:
        return member in self._pending_voters or self.store.has_voted(member)

    def flush(self) -> None:
        """Write the pending marks and the shuffled pending ballots to the store."""
        if not self._pending:
            return
        voters, ballots = sorted(self._pending_voters), list(self._pending)
        _random.shuffle(ballots)
        self.store.voter_mark(voters)
        self.store.ballots_add(ballots)
        self._pending_voters.clear()
        self._pending.clear()

    def close(self) -> ClosedBox:
        """Flush, check count(ballots) == count(voters), and return the ballots in a voting-order-free order."""
        self.flush()
        self.closed = True
        voters, count = self.store.voters_count(), self.store.ballots_count()
        if voters != count:
            raise BallotError(
                _(
                    "Die Zahl der Stimmzettel (%(ballots)d) stimmt nicht mit der Zahl der Abstimmenden (%(voters)d) überein."
                )
                % {"ballots": count, "voters": voters},
                code="count_mismatch",
            )
        ballots = tuple(sorted(self.store.ballots(), key=lambda ballot: (ballot.content, ballot.ballot_id)))
        counts: dict[str, int] = {}
        for ballot in ballots:
            counts[ballot.content] = counts.get(ballot.content, 0) + ballot.weight
        return ClosedBox(ballots, voters, counts)

    def verify_receipt(self, receipt: BallotReceipt | str) -> SecretBallot | None:
        """The ballot a receipt names (for the voter's own check), or None."""
        ballot_id = receipt.ballot_id if isinstance(receipt, BallotReceipt) else receipt
        return next((ballot for ballot in self.store.ballots() if ballot.ballot_id == ballot_id), None)


def election_content(choices: Iterable[str]) -> str:
    """An election ballot's content: the chosen candidates, sorted (so the order of marking is lost)."""
    return ",".join(sorted(choices))
