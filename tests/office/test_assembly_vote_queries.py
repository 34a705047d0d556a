"""The member's vote on a phone stays cheap (issue #14, bench/assembly.py: 500 members within a
minute, p95 <= 200 ms): the SQL statements of the member page and of the vote POST are counted and
do not grow with the number of members, attendances or votes already cast."""

import datetime

from django.db import connection
from django.test.utils import CaptureQueriesContext

import pytest
from django_tenants.utils import schema_context

from tests.conftest import host_client


def _setup(club, members: int, *, secret: bool):
    from office.models import Attendance, Member
    from office.models.assembly import Presence
    from office.services.assembly import agenda_item_add, assembly_create, assembly_link_token, vote_open

    with schema_context(club.schema_name):
        people = Member.objects.bulk_create(
            [
                Member(
                    number=9000 + i,
                    first_name=f"Vorname{i}",
                    last_name=f"Nachname{i:03d}",
                    street="Weg",
                    house_number=str(i),
                    postal_code="12345",
                    town="Musterstadt",
                    joined_on=datetime.date(2020, 1, 1),
                    status="active",
                )
                for i in range(members)
            ]
        )
        assembly = assembly_create(
            data={"title": "Jahreshauptversammlung", "held_on": datetime.date.today(), "mode": "hybrid"}
        )
        item = agenda_item_add(
            assembly=assembly, data={"title": "Beitragsordnung", "kind": "ordinary", "secret": secret}
        )
        Attendance.objects.bulk_create(
            [Attendance(assembly=assembly, member=member, presence=Presence.ONLINE) for member in people]
        )
        vote_open(item=item)
        tokens = [assembly_link_token(member=member, assembly=assembly) for member in people]
    return people, tokens, item


def _statements(client, method: str, path: str, data=None) -> tuple[int, list[str]]:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path) if method == "get" else client.post(path, data)
    return response.status_code, [query["sql"] for query in queries.captured_queries]


# The view's own statements (the page's base template adds its own: site appearance, menu).
PAGE_LIMIT = 7 + 3
VOTE_LIMIT = {False: 9, True: 11}  # savepoint, item locked, rights, check, insert(s), release


@pytest.mark.django_db
@pytest.mark.parametrize("secret", [False, True], ids=["open", "secret"])
def test_member_page_and_vote_send_few_statements_whatever_the_number_of_members(club, secret):
    client = host_client(club.primary_hostname)
    people, tokens, item = _setup(club, 40, secret=secret)
    # A few members have voted already: the counts must not depend on it.
    for member, token in list(zip(people, tokens, strict=True))[:5]:
        response = client.post(f"/versammlung/{token}/", {"action": "vote", "voter": member.pk, "choice": "yes"})
        assert response.status_code == 302
    member, token = people[-1], tokens[-1]
    path = f"/versammlung/{token}/"
    client.get(path)  # the first visit of this phone

    status, page = _statements(client, "get", path)
    assert status == 200
    assert len(page) <= PAGE_LIMIT, "\n".join(page)

    status, vote = _statements(client, "post", path, {"action": "vote", "voter": member.pk, "choice": "no"})
    assert status == 302
    assert len(vote) <= VOTE_LIMIT[secret], "\n".join(vote)
    # A counted vote is answered by a redirect: neither the statute nor the page is read for it.
    assert not any("office_statutesettings" in sql or "cms_siteappearance" in sql for sql in vote)

    status, again = _statements(client, "post", path, {"action": "vote", "voter": member.pk, "choice": "yes"})
    assert status == 400  # the page again, with the refusal
    assert len(again) <= VOTE_LIMIT[secret] + PAGE_LIMIT, "\n".join(again)
    with schema_context(club.schema_name):
        from office.services.assembly import votes_count

        assert votes_count(item) == 6
