"""What the registration mails say: readable values (no QuerySet, no "True", no ISO date, no model
repr), and a Reply-To that reaches the operators wherever a mail asks the applicant to answer."""

import re

from django.core import mail

import pytest

from sites.clubs.services import registration_reject, registration_submit

OPERATORS = ["betrieb@heldenhelfer.example", "zweite@heldenhelfer.example"]
RAW_VALUES = re.compile(r"QuerySet|<[A-Z][A-Za-z]+: |\bTrue\b|\bFalse\b|\bNone\b|\d{4}-\d{2}-\d{2}")


def _data(**changes):
    return {
        "name": "Delta Kegler e. V.",
        "legal_form": "ev",
        "register_court": "Amtsgericht Musterstadt",
        "register_number": "VR 9002",
        "street": "Weg 4",
        "postal_code": "12345",
        "town": "Musterstadt",
        "email": "info@delta.example",
        "subdomain": "delta",
        "editor_name": "Dora Delta",
        "editor_email": "dora@delta.example",
        "accepted_terms": True,
        **changes,
    }


def _assert_readable(message):
    assert not RAW_VALUES.search(message.body), message.body


@pytest.mark.django_db
def test_operator_mail_names_the_categories(categories, settings, django_capture_on_commit_callbacks):
    settings.HH_OPERATOR_EMAILS = OPERATORS
    with django_capture_on_commit_callbacks(execute=True):
        registration_submit(data=_data(), categories=[categories["sport"], categories["music"]])
    to_applicant, to_operators = mail.outbox
    assert to_operators.to == OPERATORS
    assert "Kategorien: Kultur & Musik, Sport" in to_operators.body
    for message in (to_applicant, to_operators):
        _assert_readable(message)


@pytest.mark.django_db
def test_operator_mail_without_categories_says_so(categories, settings, django_capture_on_commit_callbacks):
    settings.HH_OPERATOR_EMAILS = OPERATORS
    with django_capture_on_commit_callbacks(execute=True):
        registration_submit(data=_data(), categories=[])
    assert "Kategorien: –" in mail.outbox[1].body


@pytest.mark.django_db
def test_confirmation_to_the_applicant_can_be_answered(categories, settings, django_capture_on_commit_callbacks):
    settings.HH_OPERATOR_EMAILS = OPERATORS
    with django_capture_on_commit_callbacks(execute=True):
        registration_submit(data=_data(), categories=[categories["sport"]])
    to_applicant, to_operators = mail.outbox
    assert to_applicant.reply_to == [OPERATORS[0]]
    assert to_operators.reply_to == []


@pytest.mark.django_db
def test_rejection_invites_a_reply_that_reaches_the_operators(
    pending_registration, settings, django_capture_on_commit_callbacks
):
    settings.HH_OPERATOR_EMAILS = OPERATORS
    with django_capture_on_commit_callbacks(execute=True):
        registration_reject(registration=pending_registration, by="op", reason="Kein Verein aus der Region.")
    (rejection,) = mail.outbox
    assert "antworten Sie einfach auf diese E-Mail" in rejection.body
    assert rejection.reply_to == [OPERATORS[0]]
    assert "Reply-To: betrieb@heldenhelfer.example" in rejection.message().as_string()
    _assert_readable(rejection)


@pytest.mark.django_db
def test_rejection_without_operator_address_has_no_reply_to(
    pending_registration, settings, django_capture_on_commit_callbacks
):
    settings.HH_OPERATOR_EMAILS = []
    with django_capture_on_commit_callbacks(execute=True):
        registration_reject(registration=pending_registration, by="op", reason="Doppelt registriert.")
    assert mail.outbox[0].reply_to == []
