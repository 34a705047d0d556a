"""The general assembly through the services (issue #14): late invitations refused with the date,
virtual assemblies refused without the members' resolution, quorum and majorities, proxies and their
limit, secret ballots unlinkable at the database level, personal links bound to club and time."""

import datetime

from django.core import mail
from django.core.exceptions import ValidationError
from django.db import connection

import pytest
from django_tenants.utils import schema_context

from tests.conftest import host_client

MEETING = datetime.date(2026, 3, 20)  # a Friday


def _members(n: int, *, email: bool = True):
    from office.services.members import member_create

    return [
        member_create(
            data={
                "first_name": f"Vorname{i}",
                "last_name": f"Nachname{i:02d}",
                "email": f"m{i}@example.org" if email and i % 2 == 0 else "",
                "street": "Weg",
                "house_number": str(i),
                "postal_code": "12345",
                "town": "Musterstadt",
            },
            by=None,
        )
        for i in range(n)
    ]


def _assembly(**extra):
    from office.services.assembly import assembly_create

    return assembly_create(
        data={"title": "Jahreshauptversammlung", "held_on": MEETING, "place": "Vereinsheim", **extra}
    )


@pytest.mark.django_db
def test_late_invitation_is_refused_with_the_date_and_an_on_time_one_sent(club):
    from office.models import Invitation
    from office.services.assembly import agenda_item_add, invitations_send

    with schema_context(club.schema_name):
        members = _members(4)
        assembly = _assembly()
        agenda_item_add(assembly=assembly, data={"title": "Bericht des Vorstands"})
        with pytest.raises(ValidationError) as refused:
            invitations_send(assembly=assembly, club=club, sent_on=datetime.date(2026, 3, 10))
        message = " ".join(refused.value.messages)
        assert "Zu spät" in message and "spätestens am" in message
        # 14 days from receipt, ended before Friday 20 March: received by 5 March; an e-mail counts as
        # received the next day, so it had to go out on 4 March.
        assert "spätestens am Mittwoch, 4. März 2026 versandt" in message
        assert not Invitation.objects.exists() and not mail.outbox

        result = invitations_send(assembly=assembly, club=club, sent_on=datetime.date(2026, 2, 20))
        assert result.emails == 2 and result.letters == 2 and result.letters_pdf.startswith(b"%PDF")
        assert Invitation.objects.filter(assembly=assembly).count() == len(members)
        assert "Rechtzeitig" in result.check_text
    assert len(mail.outbox) == 2
    body = mail.outbox[0].body
    assert "Bericht des Vorstands" in body and f"{club.primary_hostname}" in body and "/versammlung/" in body


@pytest.mark.django_db
def test_virtual_assembly_refused_until_the_resolution_is_recorded(club):
    from office.services.assembly import statute_settings_get, statute_settings_save

    with schema_context(club.schema_name):
        with pytest.raises(ValidationError) as refused:
            _assembly(mode="virtual")
        assert "§ 32 Abs. 2 Satz 2 BGB" in refused.value.message_dict["mode"][0]
        settings = statute_settings_get()
        settings.virtual_resolution_on = datetime.date(2025, 5, 1)
        statute_settings_save(settings=settings)
        assert _assembly(mode="virtual").mode == "virtual"


@pytest.mark.django_db
def test_quorum_and_majorities_through_the_services(club):
    from office.services.assembly import (
        agenda_item_add,
        attendance_check_in,
        quorum_status,
        statute_settings_get,
        statute_settings_save,
        vote_cast,
        vote_close,
        vote_open,
    )

    with schema_context(club.schema_name):
        settings = statute_settings_get()
        settings.quorum_share = "1/2"
        statute_settings_save(settings=settings)
        members = _members(8)
        assembly = _assembly()
        ordinary = agenda_item_add(assembly=assembly, data={"title": "Haushalt", "kind": "ordinary"})
        change = agenda_item_add(assembly=assembly, data={"title": "Satzung § 5", "kind": "statute_change"})
        for member in members[:3]:
            attendance_check_in(assembly=assembly, member=member)
        assert not quorum_status(assembly).reached
        vote_open(item=ordinary)
        vote_cast(item=ordinary, member=members[0], choice="yes")
        result = vote_close(item=ordinary)
        assert not result.reached and "Nicht beschlossen" in result.text

        attendance_check_in(assembly=assembly, member=members[3])
        attendance_check_in(assembly=assembly, member=members[4])
        assert quorum_status(assembly).reached
        vote_open(item=change)
        for member, choice in zip(members[:5], ["yes", "yes", "yes", "no", "abstain"], strict=True):
            vote_cast(item=change, member=member, choice=choice)
        with pytest.raises(ValidationError):
            vote_cast(item=change, member=members[0], choice="no")  # twice
        with pytest.raises(ValidationError):
            vote_cast(item=change, member=members[6], choice="yes")  # not checked in
        result = vote_close(item=change)
        # 3 of 4 votes cast (the abstention does not count): exactly three quarters, reached.
        assert result.reached and (result.yes, result.no, result.abstain) == (3, 1, 1)
        assert "mindestens drei Viertel" in result.rule_text and "§ 33" in result.rule_text
        assert "Angenommen" in result.text


@pytest.mark.django_db
def test_proxies_and_their_limit(club):
    from office.services.assembly import (
        agenda_item_add,
        attendance_check_in,
        proxy_record,
        statute_settings_get,
        statute_settings_save,
        vote_cast,
        vote_close,
        vote_open,
    )

    with schema_context(club.schema_name):
        a, b, c, d = _members(4)
        assembly = _assembly()
        attendance_check_in(assembly=assembly, member=a)
        with pytest.raises(ValidationError) as refused:
            proxy_record(assembly=assembly, principal=b, holder=a)
        assert "§ 38 Satz 2 BGB" in refused.value.messages[0]
        settings = statute_settings_get()
        settings.proxies_allowed, settings.max_proxies_per_person = True, 1
        statute_settings_save(settings=settings)
        proxy_record(assembly=assembly, principal=b, holder=a)
        with pytest.raises(ValidationError) as refused:
            proxy_record(assembly=assembly, principal=c, holder=a)
        assert "höchstens 1 Vollmacht" in refused.value.messages[0] and str(a) in refused.value.messages[0]
        item = agenda_item_add(assembly=assembly, data={"title": "Beschluss", "kind": "ordinary", "secret": True})
        vote_open(item=item)
        vote_cast(item=item, member=a, choice="yes")
        vote_cast(item=item, member=b, choice="no", cast_by=a)
        with pytest.raises(ValidationError):
            vote_cast(item=item, member=c, choice="no", cast_by=a)
        result = vote_close(item=item)
        assert (result.yes, result.no, result.voters) == (1, 1, 2) and not result.reached
        assert "Stimmengleichheit" in result.text


@pytest.mark.django_db
def test_secret_ballot_cannot_be_linked_to_a_member(club):
    from office.models import SecretBallot, VoterMark
    from office.services.assembly import agenda_item_add, attendance_check_in, vote_cast, vote_close, vote_open

    # No column of the urn names or orders a member, no timestamp, no serial key.
    fields = {field.name: field for field in SecretBallot._meta.get_fields()}
    assert set(fields) == {"ballot_id", "item", "content", "weight"}
    assert fields["ballot_id"].primary_key and not fields["ballot_id"].get_internal_type().endswith("AutoField")
    assert all(f.related_model in (None, SecretBallot._meta.get_field("item").related_model) for f in fields.values())
    mark_fields = {field.name: field.get_internal_type() for field in VoterMark._meta.get_fields()}
    assert mark_fields["voted_on"] == "DateField" and "DateTimeField" not in mark_fields.values()
    with schema_context(club.schema_name):
        with connection.cursor() as cursor:
            cursor.execute(
                """SELECT ccu.table_name FROM information_schema.table_constraints tc
                JOIN information_schema.constraint_column_usage ccu ON tc.constraint_name = ccu.constraint_name
                AND tc.table_schema = ccu.table_schema
                WHERE tc.table_name = 'office_secretballot' AND tc.constraint_type = 'FOREIGN KEY'
                AND tc.table_schema = %s""",
                [club.schema_name],
            )
            assert {row[0] for row in cursor.fetchall()} == {"office_agendaitem"}
            cursor.execute(
                "SELECT column_name FROM information_schema.columns WHERE table_name = 'office_secretballot' "
                "AND table_schema = %s",
                [club.schema_name],
            )
            assert {row[0] for row in cursor.fetchall()} == {"ballot_id", "item_id", "content", "weight"}
        members = _members(5)
        assembly = _assembly()
        item = agenda_item_add(
            assembly=assembly,
            data={"title": "Wahl Kasse", "kind": "election", "secret": True, "candidates": ["Anna", "Ben"]},
        )
        for member in members:
            attendance_check_in(assembly=assembly, member=member)
        vote_open(item=item)
        for member, choice in zip(members, ["Anna", "Anna", "Ben", "Anna", "abstain"], strict=True):
            vote_cast(item=item, member=member, choice=choice)
            assert SecretBallot.objects.filter(item=item).count() == VoterMark.objects.filter(item=item).count()
        result = vote_close(item=item)
        assert SecretBallot.objects.filter(item=item).count() == VoterMark.objects.filter(item=item).count() == 5
        assert result.reached and "Gewählt: Anna (3 Stimmen)" in result.text
        assert "Anna" not in VoterMark.objects.values_list("member__last_name", flat=True)


@pytest.mark.django_db
def test_personal_assembly_link_expires_and_works_only_on_its_club(club, other_club, monkeypatch):
    from office.services.assembly import assembly_link_token

    with schema_context(club.schema_name):
        (member,) = _members(1)
        assembly = _assembly()
        token = assembly_link_token(member=member, assembly=assembly)
    own = host_client(club.primary_hostname).get(f"/versammlung/{token}/")
    assert own.status_code == 200 and "Jahreshauptversammlung" in own.content.decode()
    foreign = host_client(other_club.primary_hostname).get(f"/versammlung/{token}/")
    assert foreign.status_code == 400 and "gehört nicht zu diesem Verein" in foreign.content.decode()
    assert "Jahreshauptversammlung" not in foreign.content.decode()
    # A self-service token is no assembly token (a salt of its own).
    from office.services.self_service import member_link_token

    with schema_context(club.schema_name):
        other_purpose = member_link_token(member)
    assert host_client(club.primary_hostname).get(f"/versammlung/{other_purpose}/").status_code == 400
    monkeypatch.setattr("office.services.assembly.LINK_MAX_AGE", -1)
    expired = host_client(club.primary_hostname).get(f"/versammlung/{token}/")
    assert expired.status_code == 400 and "abgelaufen" in expired.content.decode()


@pytest.mark.django_db
def test_minutes_draft_and_pdf(club):
    from office.services.assembly import (
        agenda_item_add,
        attendance_check_in,
        minutes_draft,
        minutes_pdf,
        vote_cast,
        vote_close,
        vote_open,
    )

    with schema_context(club.schema_name):
        (member,) = _members(1)
        assembly = _assembly()
        item = agenda_item_add(assembly=assembly, data={"title": "Entlastung", "kind": "ordinary"})
        attendance_check_in(assembly=assembly, member=member)
        vote_open(item=item)
        vote_cast(item=item, member=member, choice="yes")
        vote_close(item=item)
        text = minutes_draft(assembly=assembly, club=club)
        assert "TOP 1: Entlastung" in text and "Angenommen" in text and "mehr als die Hälfte" in text
        assert minutes_pdf(assembly=assembly, club=club).startswith(b"%PDF")


@pytest.mark.django_db
def test_reminder_goes_out_once_from_the_statutes_day(club):
    from office.services.assembly import agenda_item_add, invitations_remind, invitations_send

    with schema_context(club.schema_name):
        _members(2)
        assembly = _assembly()
        agenda_item_add(assembly=assembly, data={"title": "Bericht des Vorstands"})
        invitations_send(assembly=assembly, club=club, sent_on=datetime.date(2026, 2, 20))
        mail.outbox.clear()
        with pytest.raises(ValidationError) as early:
            invitations_remind(assembly=assembly, club=club, today=datetime.date(2026, 3, 1))
        assert "Dienstag, 17. März 2026" in early.value.messages[0]  # 3 days before by default
        assert invitations_remind(assembly=assembly, club=club, today=datetime.date(2026, 3, 17)) == 1
        assert invitations_remind(assembly=assembly, club=club, today=datetime.date(2026, 3, 18)) == 0
    assert len(mail.outbox) == 1 and "erinnern Sie" in mail.outbox[0].body


@pytest.mark.django_db
def test_online_check_in_by_personal_link_only_where_the_mode_allows_it(club, club_client):
    from office.models import Attendance
    from office.services.assembly import assembly_link_token

    with schema_context(club.schema_name):
        member, other = _members(2)
        hybrid = _assembly(mode="hybrid", video_link="https://video.example.org/raum")
        in_person = _assembly()
        hybrid_token = assembly_link_token(member=member, assembly=hybrid)
        in_person_token = assembly_link_token(member=other, assembly=in_person)
    page = club_client.get(f"/versammlung/{hybrid_token}/").content.decode()
    assert "Online teilnehmen" in page and "https://video.example.org/raum" in page
    assert club_client.post(f"/versammlung/{hybrid_token}/", {"action": "checkin"}).status_code == 302
    assert "Sie sind angemeldet: online" in club_client.get(f"/versammlung/{hybrid_token}/").content.decode()
    assert "Online teilnehmen" not in club_client.get(f"/versammlung/{in_person_token}/").content.decode()
    refused = club_client.post(f"/versammlung/{in_person_token}/", {"action": "checkin"})
    assert refused.status_code == 400
    with schema_context(club.schema_name):
        assert Attendance.objects.get(assembly=hybrid, member=member).presence == "online"
        assert not Attendance.objects.filter(assembly=in_person).exists()


@pytest.mark.django_db
def test_election_with_two_seats_on_the_members_link(club, club_client):
    from office.services.assembly import (
        agenda_item_add,
        assembly_link_token,
        attendance_check_in,
        vote_close,
        vote_open,
    )

    with schema_context(club.schema_name):
        members = _members(3)
        assembly = _assembly()
        item = agenda_item_add(
            assembly=assembly,
            data={"title": "Beisitz", "kind": "election", "seats": 2, "candidates": ["Anna", "Ben", "Cem"]},
        )
        for member in members:
            attendance_check_in(assembly=assembly, member=member)
        vote_open(item=item)
        tokens = [assembly_link_token(member=member, assembly=assembly) for member in members]
    page = club_client.get(f"/versammlung/{tokens[0]}/").content.decode()
    assert 'type="checkbox" name="choice" value="Anna"' in page and "bis zu 2 Personen" in page
    too_many = club_client.post(
        f"/versammlung/{tokens[0]}/", {"action": "vote", "voter": members[0].pk, "choice": ["Anna", "Ben", "Cem"]}
    )
    assert too_many.status_code == 400 and "höchstens 2" in too_many.content.decode()
    for member, token, choice in zip(members, tokens, [["Anna", "Ben"], ["Anna", "Cem"], ["Anna", "Ben"]], strict=True):
        response = club_client.post(f"/versammlung/{token}/", {"action": "vote", "voter": member.pk, "choice": choice})
        assert response.status_code == 302
    with schema_context(club.schema_name):
        result = vote_close(item=item)
    assert result.reached and "Anna" in result.text and "Ben" in result.text
    assert result.counts["_votes"] == {"Anna": 3, "Ben": 2, "Cem": 1}


@pytest.mark.django_db
def test_an_invitation_mail_that_fails_is_recorded_per_member(club, monkeypatch):
    from office.models import Invitation
    from office.services.assembly import agenda_item_add, invitations_send

    with schema_context(club.schema_name):
        _members(4)
        assembly = _assembly()
        agenda_item_add(assembly=assembly, data={"title": "Bericht des Vorstands"})
        monkeypatch.setattr("office.services.assembly_invitations.mail_send", lambda message, what: False)
        result = invitations_send(assembly=assembly, club=club, sent_on=datetime.date(2026, 2, 20))
        assert result.emails == 0 and result.letters == 2
        deliveries = dict(Invitation.objects.values_list("channel", "delivery").distinct())
    assert deliveries == {"email": "failed", "letter": "sent"}


@pytest.mark.django_db
def test_invitation_without_an_agenda_is_refused(club):
    """QA: 230 invitations went out with an empty 'Tagesordnung:'. § 32 Abs. 1 Satz 2 BGB: a resolution
    is valid only if its subject was named in the invitation, so nothing is sent before the agenda."""
    from office.models import Invitation
    from office.services.assembly import agenda_item_add, invitations_send

    with schema_context(club.schema_name):
        _members(2)
        assembly = _assembly()
        with pytest.raises(ValidationError) as refused:
            invitations_send(assembly=assembly, club=club, sent_on=datetime.date(2026, 2, 20))
        assert "Tagesordnung" in refused.value.messages[0]
        assert not Invitation.objects.exists() and not mail.outbox
        agenda_item_add(assembly=assembly, data={"title": "Bericht des Vorstands"})
        sent = invitations_send(assembly=assembly, club=club, sent_on=datetime.date(2026, 2, 20))
        assert sent.emails + sent.letters == 2 and Invitation.objects.count() == 2
