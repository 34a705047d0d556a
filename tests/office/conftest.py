"""Fixtures of the office tests: users of club alpha in the office groups, members and mandates."""

import datetime
from decimal import Decimal

import pytest
from django_tenants.utils import schema_context

from tests.conftest import host_client

PASSWORD = "test-passwort-123"
VICTIM_IBAN = "DE89370400440532013000"
VICTIM_NAME = "Zq9-Geheimmitglied"


def _user_in(club, email: str, group_names: list[str]):
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group

    with schema_context(club.schema_name):
        user = get_user_model().objects.create_user(username=email, email=email, password=PASSWORD)
        for name in group_names:
            user.groups.add(Group.objects.get(name=name))
    return user


def _login(club, user):
    client = host_client(club.primary_hostname)
    response = client.post("/admin/login/", {"username": user.username, "password": PASSWORD})
    assert response.status_code == 302, response.content[:300]
    return client


@pytest.fixture
def board_client(club):
    return _login(club, _user_in(club, "kasse@alpha.example", ["Vorstand/Kasse"]))


@pytest.fixture
def members_client(club):
    return _login(club, _user_in(club, "mitglieder@alpha.example", ["Mitgliederverwaltung"]))


@pytest.fixture
def page_editor_client(club):
    """A plain page editor: may enter the admin and edit pages, holds no permission of the office."""
    from django.contrib.auth.models import Group, Permission

    from wagtail.models import GroupPagePermission, Page

    with schema_context(club.schema_name):
        group = Group.objects.create(name="Nur Seiten")
        group.permissions.add(Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin"))
        for codename in ("add_page", "change_page", "publish_page"):
            GroupPagePermission.objects.create(
                group=group,
                page=Page.get_first_root_node(),
                permission=Permission.objects.get(content_type__app_label="wagtailcore", codename=codename),
            )
    return _login(club, _user_in(club, "seiten@alpha.example", ["Nur Seiten"]))


@pytest.fixture
def office_data(club):
    """A fee group, a department, a member with a mandate and an open due, in club alpha."""
    from office.constants import EntryKind
    from office.models import Department, FeeGroup
    from office.services.fees import account_entry_add, office_object_save
    from office.services.members import member_create
    from office.services.sepa import mandate_create

    with schema_context(club.schema_name):
        group = office_object_save(instance=FeeGroup(name="Erwachsene", amount=Decimal("120.00")), by=None)
        department = office_object_save(instance=Department(name="Fußball"), by=None)
        member = member_create(
            data={
                "first_name": "Zora",
                "last_name": VICTIM_NAME,
                "birth_date": datetime.date(1990, 6, 14),
                "gender": "w",
                "street": "Hauptstraße",
                "house_number": "1a",
                "postal_code": "12345",
                "town": "Musterstadt",
                "joined_on": datetime.date(2001, 3, 1),
                "fee_group": group,
            },
            departments=[department],
            by=None,
        )
        mandate = mandate_create(
            member=member,
            data={"signed_on": datetime.date(2020, 1, 1), "account_holder": "Zora Test", "iban": VICTIM_IBAN},
            by=None,
        )
        account_entry_add(
            member=member,
            data={"booked_on": datetime.date(2026, 1, 15), "kind": EntryKind.DUE, "amount": Decimal("120.00")},
            by=None,
        )
    return {"member": member, "mandate": mandate, "fee_group": group, "department": department}
