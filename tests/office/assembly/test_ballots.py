"""Secret ballots (office/assembly/ballots.py): what was voted is kept apart from who voted. Pure, no database."""

import dataclasses

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from office.assembly.ballots import (
    BallotBox,
    BallotStore,
    MemoryBallotStore,
    SecretBallot,
    election_content,
)
from office.assembly.errors import BallotError


def test_ballot_records_carry_no_voter_reference():
    assert [f.name for f in dataclasses.fields(SecretBallot)] == ["ballot_id", "content", "weight"]
    box = BallotBox()
    members = [f"mitglied-{n:03d}" for n in range(30)]
    for n, member in enumerate(members):
        box.cast(member=member, content="yes" if n % 3 else "no")
    closed = box.close()
    dump = repr(closed.ballots) + repr(list(box.store.ballots()))
    assert not any(member in dump for member in members)
    assert closed.voters == 30 and len(closed.ballots) == 30
    assert closed.counts == {"no": 10, "yes": 20}


def test_memory_store_implements_the_protocol():
    assert isinstance(MemoryBallotStore(), BallotStore)


def test_a_member_votes_once():
    box = BallotBox(batch_size=5)
    box.cast(member="a", content="yes")
    with pytest.raises(BallotError) as error:
        box.cast(member="a", content="no")  # still pending in the batch
    assert error.value.code == "already_voted"
    box.flush()
    with pytest.raises(BallotError):
        box.cast(member="a", content="no")  # now in the store


def test_closed_box_refuses_ballots():
    box = BallotBox()
    box.close()
    with pytest.raises(BallotError, match="geschlossen"):
        box.cast(member="a", content="yes")


def test_receipt_only_if_wanted():
    box = BallotBox()
    assert box.cast(member="a", content="yes") is None
    receipt = box.cast(member="b", content="no", receipt=True)
    assert len(receipt.ballot_id) >= 20
    assert box.verify_receipt(receipt).content == "no"
    assert box.verify_receipt("unbekannt") is None


def test_count_mismatch_is_detected():
    store = MemoryBallotStore()
    box = BallotBox(store)
    box.cast(member="a", content="yes")
    store.ballots_add([SecretBallot("untergeschoben", "yes")])  # a ballot without a voter
    with pytest.raises(BallotError) as error:
        box.close()
    assert error.value.code == "count_mismatch" and "(2)" in str(error.value) and "(1)" in str(error.value)


def test_batches_reach_the_store_only_when_full():
    store = MemoryBallotStore()
    box = BallotBox(store, batch_size=3)
    box.cast(member="a", content="yes")
    box.cast(member="b", content="no")
    assert store.ballots_count() == 0 and store.voters_count() == 0
    box.cast(member="c", content="yes")
    assert store.ballots_count() == 3 and store.voters_count() == 3


def test_weights_are_counted():
    box = BallotBox()
    box.cast(member="a", content="yes", weight=3)
    box.cast(member="b", content="no")
    assert box.close().counts == {"yes": 3, "no": 1}


def test_election_content_forgets_the_order_of_marking():
    assert election_content(["Bernd", "Anna"]) == election_content(["Anna", "Bernd"]) == "Anna,Bernd"


@settings(max_examples=60, deadline=None)
@given(
    votes=st.lists(
        st.tuples(st.integers(0, 10_000), st.sampled_from(["yes", "no", "abstain"])),
        min_size=1,
        max_size=40,
        unique_by=lambda vote: vote[0],
    ),
    data=st.data(),
    batch_size=st.integers(1, 8),
)
def test_order_of_ballots_is_independent_of_order_of_voters(votes, data, batch_size):
    permuted = data.draw(st.permutations(votes))

    def contents(order):
        box = BallotBox(batch_size=batch_size)
        for member, content in order:
            box.cast(member=f"m{member}", content=content)
        return [ballot.content for ballot in box.close().ballots]

    assert contents(votes) == contents(permuted)
