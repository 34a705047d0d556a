"""Counting votes: proxies and their limits, the quorum at the moment of a vote, majorities, elections.

Abstentions and invalid votes are not votes cast (BGHZ 83, 35 of 25 January 1982; § 32 Abs. 1
Satz 3 BGB since 30 September 2009): a motion with 10 yes, 9 no and 30 abstentions is carried by a
simple majority. A tie is no majority: the motion is rejected unless the statute says otherwise.
Weights are whole numbers (a statute giving some members two votes); a proxy holder casts each
represented member's vote separately, so every vote names the member it counts for.
Elections: see :func:`election_count`.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass
from enum import StrEnum
from fractions import Fraction

from django.utils.translation import gettext as _

from .errors import ProxyError, VoteError
from .statute import Basis, ElectionMethod, MajorityRule, Statute, fraction_words


class Choice(StrEnum):
    YES = "yes"
    NO = "no"
    ABSTAIN = "abstain"
    INVALID = "invalid"


def _n(count: int, one: str, many: str) -> str:
    return f"{count} {one if count == 1 else many}"


# --- proxies -------------------------------------------------------------------------------------


class ProxyRegister:
    """Who holds whose vote at one assembly, within the statute's limits (§ 38 Satz 2 BGB).

    Refused with a German message: proxies the statute does not allow, more than
    ``max_proxies_per_person`` per holder, a member represented twice, a member present in person,
    self-representation, and chains (a holder who is represented, or a principal holding proxies).
    """

    def __init__(self, statute: Statute, *, present: Iterable[str] = ()):
        self.statute = statute
        self.present = set(present)
        self._holder_of: dict[str, str] = {}

    def add(self, *, principal: str, holder: str) -> None:
        if not self.statute.proxies_allowed:
            raise ProxyError(_("Die Satzung lässt keine Stimmrechtsvollmacht zu (§ 38 Satz 2 BGB)."))
        if principal == holder:
            raise ProxyError(_("Ein Mitglied kann sich nicht selbst vertreten."))
        if principal in self._holder_of:
            raise ProxyError(_("%(principal)s ist bereits vertreten.") % {"principal": principal})
        if principal in self.present:
            raise ProxyError(_("%(principal)s ist selbst anwesend und stimmt selbst ab.") % {"principal": principal})
        if holder in self._holder_of or principal in self._holder_of.values():
            raise ProxyError(_("Vollmachten können nicht weitergegeben werden (keine Vollmachtsketten)."))
        held = self.principals_of(holder)
        limit = self.statute.max_proxies_per_person
        if len(held) >= limit:
            raise ProxyError(
                _(
                    "%(holder)s vertritt bereits %(count)d Mitglied(er); die Satzung erlaubt höchstens "
                    "%(limit)d Vollmacht(en) je Person."
                )
                % {"holder": holder, "count": len(held), "limit": limit}
            )
        self._holder_of[principal] = holder

    def mark_present(self, member: str) -> None:
        """A represented member who arrives in person takes the vote back."""
        self._holder_of.pop(member, None)
        self.present.add(member)

    def holder_of(self, principal: str) -> str | None:
        return self._holder_of.get(principal)

    def principals_of(self, holder: str) -> list[str]:
        return sorted(principal for principal, held_by in self._holder_of.items() if held_by == holder)

    @property
    def represented(self) -> int:
        return len(self._holder_of)


# --- quorum --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class QuorumStatus:
    reached: bool
    entitled: int
    present: int
    represented: int
    required: int | None
    text: str


def quorum_check(*, statute: Statute, entitled: int, present: int, represented: int = 0) -> QuorumStatus:
    """The quorum at the moment of a vote: entitled voters present plus represented against all entitled."""
    here = present + represented
    if statute.quorum_share is None:
        # The BGB has no quorum: the assembly may resolve with however few are there, even before anyone
        # has checked in; say why, so "Beschlussfähig … (0 von 230)" does not read as an error.
        if statute.proxies_allowed:
            text = _(
                "Beschlussfähig: Die Satzung verlangt keine Mindestanwesenheit (%(here)d von %(entitled)d "
                "Stimmberechtigten anwesend oder vertreten)."
            )
        else:
            text = _(
                "Beschlussfähig: Die Satzung verlangt keine Mindestanwesenheit (%(here)d von %(entitled)d "
                "Stimmberechtigten anwesend)."
            )
        return QuorumStatus(True, entitled, present, represented, None, text % {"here": here, "entitled": entitled})
    required = MajorityRule(statute.quorum_share, strict=False).required(entitled)
    values = {"here": here, "entitled": entitled, "required": required, "share": fraction_words(statute.quorum_share)}
    if here >= required:
        text = _(
            "Beschlussfähig: %(here)d von %(entitled)d Stimmberechtigten anwesend oder vertreten (erforderlich: %(required)d, %(share)s)."
        )
    else:
        text = _(
            "Nicht beschlussfähig: %(here)d von %(entitled)d Stimmberechtigten anwesend oder vertreten (erforderlich: %(required)d, %(share)s)."
        )
    return QuorumStatus(here >= required, entitled, present, represented, required, text % values)


# --- motions -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Vote:
    """One member's vote; ``cast_by`` is the proxy holder when someone else cast it."""

    member: str
    choice: Choice
    weight: int = 1
    cast_by: str | None = None


@dataclass(frozen=True)
class Tally:
    yes: int = 0
    no: int = 0
    abstain: int = 0
    invalid: int = 0

    @property
    def cast(self) -> int:
        """Votes cast: yes and no only."""
        return self.yes + self.no

    @property
    def voted(self) -> int:
        """Everyone who took part in the vote, abstaining and invalid included."""
        return self.yes + self.no + self.abstain + self.invalid


def tally(
    votes: Iterable[Vote], *, entitled: Collection[str] | None = None, proxies: ProxyRegister | None = None
) -> Tally:
    """Sum the weighted votes; refuse a member voting twice, a vote for someone not entitled or not represented."""
    sums: Counter[Choice] = Counter()
    seen: set[str] = set()
    for vote in votes:
        if vote.member in seen:
            raise VoteError(_("%(member)s hat bereits abgestimmt.") % {"member": vote.member})
        if entitled is not None and vote.member not in entitled:
            raise VoteError(_("%(member)s ist nicht stimmberechtigt.") % {"member": vote.member})
        if (
            vote.cast_by
            and vote.cast_by != vote.member
            and (proxies is None or proxies.holder_of(vote.member) != vote.cast_by)
        ):
            raise VoteError(
                _("%(holder)s hat keine Vollmacht von %(member)s.") % {"holder": vote.cast_by, "member": vote.member}
            )
        if not isinstance(vote.weight, int) or vote.weight < 0:
            raise VoteError(_("Ein Stimmgewicht muss eine ganze Zahl ab 0 sein."))
        seen.add(vote.member)
        sums[Choice(vote.choice)] += vote.weight
    return Tally(sums[Choice.YES], sums[Choice.NO], sums[Choice.ABSTAIN], sums[Choice.INVALID])


@dataclass(frozen=True)
class MotionResult:
    accepted: bool
    tally: Tally
    rule: MajorityRule
    base: int
    required: int
    tie: bool
    text: str


def _not_counted(result: Tally) -> str:
    parts = []
    if result.abstain:
        parts.append(_n(result.abstain, _("Enthaltung"), _("Enthaltungen")))
    if result.invalid:
        parts.append(_n(result.invalid, _("ungültige Stimme"), _("ungültige Stimmen")))
    if not parts:
        return ""
    verb = _("zählt nicht") if len(parts) == 1 and (result.abstain or result.invalid) == 1 else _("zählen nicht")
    return "; " + _(" und ").join(parts) + f" {verb}"


def motion_result(
    result: Tally,
    rule: MajorityRule,
    *,
    present: int | None = None,
    members: int | None = None,
    consents_in_text_form: int = 0,
    quorum: QuorumStatus | None = None,
) -> MotionResult:
    """Whether ``rule`` is reached, and the sentence for the minutes naming the rule that applied.

    ``present`` (the entitled weight present and represented) is needed for :attr:`Basis.PRESENT`,
    ``members`` (all entitled) for :attr:`Basis.MEMBERS`, where ``consents_in_text_form`` adds the
    absent members' consents (§ 33 Abs. 1 Satz 2 BGB).
    """
    basis = Basis(rule.basis)
    yes = result.yes + (consents_in_text_form if basis == Basis.MEMBERS else 0)
    if basis == Basis.CAST:
        base, base_words = result.cast, _("abgegebenen Stimmen")
    elif basis == Basis.PRESENT:
        if present is None:
            raise ValueError("present is needed for a majority of those present")
        base, base_words = present, _("anwesenden oder vertretenen Stimmen")
    else:
        if members is None:
            raise ValueError("members is needed for a majority of all members")
        base, base_words = members, _("Stimmen aller Stimmberechtigten")
    required = rule.required(base)
    tie = basis == Basis.CAST and result.yes == result.no and result.cast > 0
    accepted = rule.reached(yes, base) and (quorum is None or quorum.reached)
    rule_words = _("Mehrheit erforderlich: %(rule)s") % {"rule": rule.label()}
    counts = _("%(yes)s von %(base)d %(base_words)s") % {
        "yes": _n(yes, _("Ja-Stimme"), _("Ja-Stimmen")),
        "base": base,
        "base_words": base_words,
    }
    if consents_in_text_form and basis == Basis.MEMBERS:
        counts += " " + _("(davon %(n)d Zustimmungen in Textform)") % {"n": consents_in_text_form}
    if quorum is not None and not quorum.reached:
        head = _("Nicht beschlossen – %(quorum)s") % {"quorum": quorum.text}
        return MotionResult(False, result, rule, base, required, tie, head)
    if base == 0:
        head = _("Abgelehnt: keine Ja- oder Nein-Stimme abgegeben")
        text = f"{head} ({rule_words}){_not_counted(result)}."
        return MotionResult(False, result, rule, base, required, False, text)
    if accepted:
        head = _("Angenommen")
    elif tie:
        head = _("Abgelehnt bei Stimmengleichheit")
    else:
        head = _("Abgelehnt")
    text = f"{head}: {counts} ({rule_words}){_not_counted(result)}."
    return MotionResult(accepted, result, rule, base, required, tie, text)


# --- elections -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class ElectionBallot:
    """One ballot: approval of up to ``max_choices`` candidates, an explicit no to all, or an abstention."""

    choices: tuple[str, ...] = ()
    no: bool = False
    abstain: bool = False
    weight: int = 1


@dataclass(frozen=True)
class ElectionResult:
    elected: tuple[str, ...]
    votes: dict[str, int]
    valid: int  # weight of the valid, non-abstaining ballots: the votes cast
    abstain: int
    invalid: int
    required: int | None  # votes a candidate needs (absolute majority); None for relative
    runoff_needed: bool
    runoff_candidates: tuple[str, ...]
    text: str


def _ballot_valid(ballot: ElectionBallot, candidates: set[str], max_choices: int) -> bool:
    if ballot.abstain or ballot.no:
        return not ballot.choices and not (ballot.abstain and ballot.no)
    return (
        0 < len(ballot.choices) <= max_choices
        and len(set(ballot.choices)) == len(ballot.choices)
        and set(ballot.choices) <= candidates
    )


def election_count(
    *,
    candidates: Sequence[str],
    seats: int,
    ballots: Iterable[ElectionBallot],
    method: ElectionMethod | str = ElectionMethod.ABSOLUTE,
    max_choices: int | None = None,
    runoff: bool = True,
) -> ElectionResult:
    """Count an election for ``seats`` seats.

    Absolute majority (the BGB's, an election being a resolution under § 32 Abs. 1 Satz 3 BGB): a
    candidate needs more than half of the valid ballots cast, abstentions and invalid ballots not
    counted; the best placed with that majority take the seats. Seats left open, or a tie at the last
    seat, need a runoff: between the best placed not elected, twice as many as open seats (those tied
    at the edge included). Relative majority (if the statute says so): the most votes win; only a
    tie at the last seat needs a runoff (or the lot, as the statute says).
    """
    method = ElectionMethod(method)
    max_choices = max_choices or seats
    known = set(candidates)
    votes = dict.fromkeys(candidates, 0)
    valid = abstain = invalid = 0
    for ballot in ballots:
        if not _ballot_valid(ballot, known, max_choices):
            invalid += ballot.weight
        elif ballot.abstain:
            abstain += ballot.weight
        else:
            valid += ballot.weight
            for name in ballot.choices:
                votes[name] += ballot.weight
    ranking = sorted(candidates, key=lambda name: (-votes[name], list(candidates).index(name)))
    required = MajorityRule(Fraction(1, 2), strict=True).required(valid) if method == ElectionMethod.ABSOLUTE else None
    eligible = [name for name in ranking if votes[name] > 0 and (required is None or votes[name] >= required)]
    elected = eligible[:seats]
    tied_at_edge: list[str] = []
    if len(eligible) > seats:
        edge = votes[eligible[seats - 1]]
        if votes[eligible[seats]] == edge:
            tied_at_edge = [name for name in eligible if votes[name] == edge]
            elected = [name for name in elected if votes[name] > edge]
    open_seats = seats - len(elected)
    runoff_candidates: list[str] = []
    if open_seats and (runoff or tied_at_edge):
        rest = [name for name in ranking if name not in elected and votes[name] > 0]
        if tied_at_edge:
            runoff_candidates = tied_at_edge
        elif method == ElectionMethod.ABSOLUTE and rest:
            take = min(len(rest), 2 * open_seats)
            cut = votes[rest[take - 1]]
            runoff_candidates = [name for name in rest if votes[name] >= cut]
    text = _election_text(elected, votes, valid, abstain, invalid, required, runoff_candidates, open_seats)
    return ElectionResult(
        tuple(elected),
        votes,
        valid,
        abstain,
        invalid,
        required,
        bool(runoff_candidates),
        tuple(runoff_candidates),
        text,
    )


def _election_text(elected, votes, valid, abstain, invalid, required, runoff_candidates, open_seats) -> str:
    parts = []
    if elected:
        names = ", ".join(f"{name} ({_n(votes[name], _('Stimme'), _('Stimmen'))})" for name in elected)
        parts.append(_("Gewählt: %(names)s.") % {"names": names})
    counts = _("%(valid)s") % {"valid": _n(valid, _("gültige Stimme"), _("gültige Stimmen"))}
    if abstain:
        counts += ", " + _n(abstain, _("Enthaltung"), _("Enthaltungen"))
    if invalid:
        counts += ", " + _n(invalid, _("ungültige Stimme"), _("ungültige Stimmen"))
    if required is not None:
        rule = _("erforderlich: mehr als die Hälfte der gültigen Stimmen, also %(required)d (absolute Mehrheit)") % {
            "required": required
        }
    else:
        rule = _("gewählt ist, wer die meisten Stimmen erhält (relative Mehrheit)")
    parts.append(f"{counts}; {rule}.")
    if runoff_candidates:
        parts.append(
            _("%(seats)s offen: Stichwahl zwischen %(names)s.")
            % {"seats": _n(open_seats, _("Sitz"), _("Sitze")), "names": ", ".join(runoff_candidates)}
        )
    elif open_seats:
        parts.append(_("%(seats)s unbesetzt.") % {"seats": _n(open_seats, _("Sitz bleibt"), _("Sitze bleiben"))})
    return " ".join(parts)
