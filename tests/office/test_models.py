"""Validation of the office models: IBAN, mandate references, member numbers, creditor identifiers."""

import datetime

from django.core.exceptions import ValidationError

import pytest
from django_tenants.utils import schema_context

from office.models import Member, SepaMandate
from office.services.members import member_create, member_number_next
from office.validators import validate_iban, validate_mandate_reference
from sites.clubs.validators import validate_creditor_id


@pytest.mark.parametrize("value", ["DE89 3704 0044 0532 0130 00", "de89370400440532013000", "NL91ABNA0417164300"])
def test_valid_ibans(value):
    validate_iban(value)


@pytest.mark.parametrize("value", ["DE89370400440532013001", "DE8937040044", "XX00", ""])
def test_invalid_ibans(value):
    with pytest.raises(ValidationError) as error:
        validate_iban(value)
    assert "IBAN ist ungültig" in str(error.value)


@pytest.mark.parametrize("value", ["M-00042-1", "ABC+?/-:().,'1", "A" * 35])
def test_valid_mandate_references(value):
    validate_mandate_reference(value)


@pytest.mark.parametrize("value", ["A" * 36, "mit leerzeichen", "Müller-1", "/start", "ende/", "a//b", "", "a_b"])
def test_invalid_mandate_references(value):
    with pytest.raises(ValidationError):
        validate_mandate_reference(value)


@pytest.mark.parametrize("value", ["DE98ZZZ09999999999", "de98 zzz 09999999999", "DE98ABC09999999999"])
def test_valid_creditor_ids(value):
    validate_creditor_id(value)


@pytest.mark.parametrize("value", ["DE99ZZZ09999999999", "DE98ZZZ0999999999", "ZZZ", "DE98ZZZ0999999999X"])
def test_invalid_creditor_ids(value):
    with pytest.raises(ValidationError) as error:
        validate_creditor_id(value)
    assert "Gläubiger" in str(error.value)


@pytest.mark.django_db
def test_member_numbers_are_allocated_and_unique(club):
    with schema_context(club.schema_name):
        first = member_create(data={"first_name": "A", "last_name": "Eins"}, by=None)
        second = member_create(data={"first_name": "B", "last_name": "Zwei"}, by=None)
        assert second.number == first.number + 1
        # An edited number is kept; the sequence jumps over numbers that are taken.
        manual = member_create(data={"first_name": "C", "last_name": "Drei", "number": second.number + 1}, by=None)
        assert manual.number == second.number + 1
        assert member_number_next() == manual.number + 1
        with pytest.raises(ValidationError) as error:
            member_create(data={"first_name": "D", "last_name": "Vier", "number": first.number}, by=None)
        assert "number" in error.value.message_dict
        assert Member.objects.filter(number=first.number).count() == 1


@pytest.mark.django_db
def test_member_validation(club):
    with schema_context(club.schema_name):
        with pytest.raises(ValidationError) as error:
            member_create(
                data={
                    "first_name": "A",
                    "last_name": "B",
                    "joined_on": datetime.date(2020, 1, 1),
                    "left_on": datetime.date(2019, 1, 1),
                    "country": "XY",
                },
                by=None,
            )
        assert {"left_on", "country"} <= set(error.value.message_dict)


@pytest.mark.django_db
def test_mandate_reference_unique_and_iban_checked(club, office_data):
    from office.services.sepa import mandate_create

    member = office_data["member"]
    with schema_context(club.schema_name):
        with pytest.raises(ValidationError) as error:
            mandate_create(
                member=member,
                data={
                    "reference": office_data["mandate"].reference,
                    "signed_on": datetime.date(2021, 1, 1),
                    "account_holder": "X",
                    "iban": "DE89370400440532013001",
                },
                by=None,
            )
        assert {"reference", "iban"} <= set(error.value.message_dict)
        assert SepaMandate.objects.count() == 1
