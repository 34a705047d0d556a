"""Census counts, birthdays, jubilees and the filtered list."""

import datetime

import pytest
from django_tenants.utils import schema_context

from office.constants import MemberStatus
from office.selectors import birthdays, census_counts, jubilees, member_list
from office.services.members import member_create


@pytest.fixture
def census_members(club, office_data):
    department = office_data["department"]
    with schema_context(club.schema_name):
        people = [
            ("Kind", datetime.date(2020, 5, 1), "m", MemberStatus.YOUTH, [department]),
            ("Jugend", datetime.date(2009, 12, 31), "w", MemberStatus.YOUTH, []),
            ("Senior", datetime.date(1950, 2, 1), "", MemberStatus.HONORARY, [department]),
            ("Weg", datetime.date(1980, 1, 1), "m", MemberStatus.LEFT, [department]),
            ("Antrag", datetime.date(1985, 1, 1), "d", MemberStatus.APPLICANT, []),
        ]
        for name, birth, gender, status, departments in people:
            member_create(
                data={
                    "first_name": name,
                    "last_name": "Zensus",
                    "birth_date": birth,
                    "gender": gender,
                    "status": status,
                    "joined_on": datetime.date(2021, 1, 1),
                    "left_on": datetime.date(2022, 1, 1) if status == MemberStatus.LEFT else None,
                },
                departments=departments,
                by=None,
            )


@pytest.mark.django_db
def test_census_counts(club, census_members):
    with schema_context(club.schema_name):
        census = census_counts(on=datetime.date(2026, 1, 1))
    # office_data's member (35, w) + Kind (5, m) + Jugend (16, w) + Senior (75, no gender)
    assert census.total == 4
    by_age = {label: (counts, total) for label, counts, total in census.by_age}
    assert by_age["bis 6"] == ({"w": 0, "m": 1, "d": 0, "": 0}, 1)
    assert by_age["15–18"][1] == 1 and by_age["27–40"][0]["w"] == 1 and by_age["ab 61"][0][""] == 1
    assert census.by_gender == {"w": 2, "m": 1, "d": 0, "": 1}
    assert dict(census.by_department) == {"Fußball": 3}


@pytest.mark.django_db
def test_birthdays_and_jubilees(club, census_members):
    with schema_context(club.schema_name):
        found = birthdays(start=datetime.date(2026, 6, 1), days=30)
        assert [(a.member.first_name, a.day, a.years) for a in found] == [("Zora", datetime.date(2026, 6, 14), 36)]
        assert [a.years for a in jubilees(year=2026)] == [25]  # joined 2001
        assert jubilees(year=2027) == []


@pytest.mark.django_db
def test_member_list_filters(club, census_members, office_data):
    with schema_context(club.schema_name):
        on = datetime.date(2026, 1, 1)
        assert {m.first_name for m in member_list(age_from=15, age_to=18, on=on)} == {"Jugend"}
        assert {m.first_name for m in member_list(open_items=True)} == {"Zora"}
        assert {m.first_name for m in member_list(department=office_data["department"])} == {
            "Zora",
            "Kind",
            "Senior",
            "Weg",
        }
        assert {m.first_name for m in member_list(statuses=[MemberStatus.LEFT])} == {"Weg"}
        assert {m.first_name for m in member_list(search="antr")} == {"Antrag"}
