"""Admin "Versammlungen" and the member's phone page (issue #14): every admin URL refused to plain
editors and to the member register's group, 404 on the portal; a meeting from creation to minutes:
virtual refused with the form kept, check-in by number, a vote opened, cast on the member's link,
closed with the rule, the projector without names, the minutes as a PDF."""

import datetime
import re

import pytest
from django_tenants.utils import get_public_schema_name, schema_context

from tests.conftest import host_client


@pytest.fixture
def assembly(club):
    from office.services.assembly import agenda_item_add, assembly_create
    from office.services.members import member_create

    with schema_context(club.schema_name):
        member = member_create(data={"first_name": "Zora", "last_name": "Stimmberechtigt-Zq9"}, by=None)
        assembly = assembly_create(
            data={"title": "Jahreshauptversammlung", "held_on": datetime.date.today(), "place": "Vereinsheim"}
        )
        item = agenda_item_add(assembly=assembly, data={"title": "Entlastung des Vorstands", "kind": "ordinary"})
    return {"assembly": assembly, "member": member, "item": item}


def _urls(pk: int) -> list[str]:
    base = f"/admin/versammlungen/{pk}/"
    return [
        "/admin/versammlungen/",
        "/admin/versammlungen/satzung/",
        base,
        base + "briefe.pdf",
        base + "einlass/",
        base + "abstimmungen/",
        base + "beamer/",
        base + "protokoll/",
        base + "protokoll.pdf",
    ]


@pytest.mark.django_db
def test_assembly_pages_need_manage_assemblies(club, assembly, board_client, members_client, page_editor_client):
    from django.contrib.auth import get_user_model

    with schema_context(get_public_schema_name()):
        operator = get_user_model().objects.create_superuser("operator-h22", "op@example.org", "x-passwort-123")
    portal = host_client("localhost")
    assert (
        portal.post("/admin/login/", {"username": operator.username, "password": "x-passwort-123"}).status_code == 302
    )
    for url in _urls(assembly["assembly"].pk):
        assert board_client.get(url).status_code == 200, url
        assert members_client.get(url).status_code == 403, url
        assert page_editor_client.get(url).status_code == 403, url
        assert portal.get(url).status_code == 404, url
    assert "Versammlungen" in board_client.get("/admin/").content.decode()
    assert "Versammlungen" not in page_editor_client.get("/admin/").content.decode()


@pytest.mark.django_db
def test_meeting_from_creation_to_minutes(club, assembly, board_client, club_client):
    from office.services.assembly import assembly_link_token

    refused = board_client.post(
        "/admin/versammlungen/",
        {"title": "Online-Versammlung Zq9", "held_on": "2026-05-02", "mode": "virtual", "place": "Netz"},
    )
    html = refused.content.decode()
    assert refused.status_code == 400 and "§ 32 Abs. 2 Satz 2 BGB" in html and 'value="Online-Versammlung Zq9"' in html

    pk, member, item = assembly["assembly"].pk, assembly["member"], assembly["item"]
    found = board_client.get(f"/admin/versammlungen/{pk}/einlass/?q={member.number}").content.decode()
    assert "Stimmberechtigt-Zq9" in found
    response = board_client.post(f"/admin/versammlungen/{pk}/einlass/", {"member": member.pk, "q": member.number})
    assert response.status_code == 302
    assert "Beschlussfähig" in board_client.get(f"/admin/versammlungen/{pk}/einlass/").content.decode()
    assert (
        board_client.post(f"/admin/versammlungen/{pk}/abstimmungen/", {"item": item.pk, "action": "open"}).status_code
        == 302
    )

    with schema_context(club.schema_name):
        token = assembly_link_token(member=member, assembly=assembly["assembly"])
    page = club_client.get(f"/versammlung/{token}/").content.decode()
    assert "Entlastung des Vorstands" in page and 'value="yes"' in page
    voted = club_client.post(f"/versammlung/{token}/", {"action": "vote", "voter": member.pk, "choice": "yes"})
    assert voted.status_code == 302
    assert "Ihre Stimme wurde gezählt" in club_client.get(voted["Location"]).content.decode()
    again = club_client.post(f"/versammlung/{token}/", {"action": "vote", "voter": member.pk, "choice": "no"})
    assert again.status_code == 400

    projector = board_client.get(f"/admin/versammlungen/{pk}/beamer/").content.decode()
    assert "Entlastung des Vorstands" in projector and "1" in projector and "Stimmberechtigt-Zq9" not in projector
    board_client.post(f"/admin/versammlungen/{pk}/abstimmungen/", {"item": item.pk, "action": "close"})
    projector = board_client.get(f"/admin/versammlungen/{pk}/beamer/").content.decode()
    assert "Angenommen" in projector and "Stimmberechtigt-Zq9" not in projector

    minutes = board_client.get(f"/admin/versammlungen/{pk}/protokoll/").content.decode()
    assert "TOP 1: Entlastung des Vorstands" in minutes and "mehr als die Hälfte" in minutes
    pdf = board_client.get(f"/admin/versammlungen/{pk}/protokoll.pdf")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")


@pytest.mark.django_db
def test_motion_by_personal_link_keeps_the_text_on_error_and_is_placed_by_the_board(
    club, assembly, board_client, club_client
):
    from office.models import Motion
    from office.services.assembly import assembly_create, assembly_link_token

    with schema_context(club.schema_name):
        later = assembly_create(
            data={"title": "Herbstversammlung", "held_on": datetime.date.today() + datetime.timedelta(days=30)}
        )
        token = assembly_link_token(member=assembly["member"], assembly=later)
    response = club_client.post(f"/versammlung/{token}/", {"action": "motion", "title": "", "text": "Mehr Bänke Zq9"})
    assert response.status_code == 400 and "Mehr Bänke Zq9" in response.content.decode()
    response = club_client.post(
        f"/versammlung/{token}/", {"action": "motion", "title": "Bänke", "text": "Mehr Bänke Zq9"}
    )
    assert response.status_code == 302
    with schema_context(club.schema_name):
        motion = Motion.objects.get(assembly=later)
    response = board_client.post(f"/admin/versammlungen/{later.pk}/", {"action": "place", "motion": motion.pk})
    assert response.status_code == 302
    detail = board_client.get(f"/admin/versammlungen/{later.pk}/").content.decode()
    assert re.search(r"<li>Bänke \(Beschluss", detail)
    # Past the deadline (7 days before the meeting by default) a motion is refused with the day.
    with schema_context(club.schema_name):
        token = assembly_link_token(member=assembly["member"], assembly=assembly["assembly"])
    late = club_client.post(f"/versammlung/{token}/", {"action": "motion", "title": "Spät", "text": "zu spät"})
    assert late.status_code == 400 and "Antragsfrist" in late.content.decode()


STATUTE_FORM = {
    "invitation_period": "14",
    "invitation_period_unit": "days",
    "invitation_form": "email_or_letter",
    "letter_delivery_days": "4",
    "email_delivery_days": "1",
    "delivery_skips_sundays_and_holidays": "on",
    "holiday_subdivision": "",
    "convener": "board",
    "minority_request_share": "1/10",
    "quorum_share": "",
    **{f"majority_{kind}_mode": "bgb" for kind in ("ordinary", "statute_change", "purpose_change", "dissolution")},
    "election_method": "absolute",
    "election_runoff": "on",
    "max_proxies_per_person": "1",
    "hybrid_allowed": "on",
    "voting_statuses": "[]",
    "motion_deadline_days": "7",
    "reminder_days": "3",
    "written_participation_share": "1/2",
}


@pytest.mark.django_db
def test_statute_rules_refuse_what_the_law_forbids_and_keep_the_input(club, board_client):
    from office.services.assembly import statute_get

    url = "/admin/versammlungen/satzung/"
    response = board_client.post(url, {**STATUTE_FORM, "minority_request_share": "1/2", "quorum_share": "1/3"})
    html = response.content.decode()
    assert response.status_code == 400 and "§ 37 Abs. 1 BGB" in html and 'value="1/2"' in html
    response = board_client.post(url, {**STATUTE_FORM, "quorum_share": "drei"})
    assert response.status_code == 400 and "Bruch" in response.content.decode()
    response = board_client.post(url, {**STATUTE_FORM, "quorum_share": "1/3", "proxies_allowed": "on"})
    assert response.status_code == 302
    assert "§ 38 Satz 2 BGB" in board_client.get(url).content.decode()  # a departure from the BGB is a note
    with schema_context(club.schema_name):
        statute = statute_get()
    assert statute.quorum_share == 1 / 3 or str(statute.quorum_share) == "1/3"
    assert statute.proxies_allowed


@pytest.mark.django_db
def test_board_declines_a_motion_and_records_a_returned_letter(club, assembly, board_client):
    from office.models import Invitation, Motion
    from office.services.assembly import agenda_item_add, assembly_create, invitations_send, motion_place

    with schema_context(club.schema_name):
        later = assembly_create(
            data={"title": "Herbstversammlung", "held_on": datetime.date.today() + datetime.timedelta(days=40)}
        )
        motion = Motion.objects.create(
            assembly=later,
            member=assembly["member"],
            proposer_name="Zora",
            title="Freibier",
            text="Freibier für alle",
            submitted_on=datetime.date.today(),
        )
        agenda_item_add(assembly=later, data={"title": "Bericht des Vorstands"})
        invitations_send(assembly=later, club=club)
        invitation = Invitation.objects.get(assembly=later)
    url = f"/admin/versammlungen/{later.pk}/"
    assert invitation.channel == "letter" and "Zustellung je Mitglied" in board_client.get(url).content.decode()
    assert board_client.post(url, {"action": "decline", "motion": motion.pk}).status_code == 302
    assert (
        board_client.post(url, {"action": "delivery", "invitation": invitation.pk, "delivery": "returned"}).status_code
        == 302
    )
    with schema_context(club.schema_name):
        motion.refresh_from_db()
        invitation.refresh_from_db()
        assert motion.status == "declined" and invitation.delivery == "returned"
        with pytest.raises(Exception, match="bereits entschieden"):
            motion_place(motion=motion)
    page = board_client.get(url).content.decode()
    assert "nicht aufgenommen" in page and "zurückgekommen" in page
    bad = board_client.post(
        url, {"action": "delivery", "invitation": invitation.pk, "delivery": "verloren"}, follow=True
    )
    assert "Unbekannter Zustellstatus" in bad.content.decode()


@pytest.mark.django_db
def test_statute_majorities_are_chosen_per_resolution_kind_not_typed_as_json(club, board_client):
    from office.models import StatuteSettings
    from office.services.assembly import statute_get

    url = "/admin/versammlungen/satzung/"
    page = board_client.get(url).content.decode()
    assert 'name="majorities"' not in page and "{&quot;statute_change" not in page
    for text in (
        "Satzungsänderung",
        "Änderung des Vereinszwecks",
        "Auflösung des Vereins",
        "BGB: mehr als die Hälfte der abgegebenen Stimmen",
        "BGB: drei Viertel der abgegebenen Stimmen",
        "Zustimmung aller Mitglieder",
        "§ 33 Abs. 1 Satz 2",
    ):
        assert text in page, text
    own = {
        **STATUTE_FORM,
        "majority_statute_change_mode": "own",
        "majority_statute_change_strict": "at_least",
        "majority_statute_change_share": "2/3",
        "majority_statute_change_basis": "cast",
        "majority_dissolution_mode": "own",
        "majority_dissolution_strict": "at_least",
        "majority_dissolution_share": "other",
        "majority_dissolution_share_other": "3/5",
        "majority_dissolution_basis": "present",
    }
    # Errors in German, everything typed comes back.
    bad = board_client.post(
        url,
        {
            **own,
            "majority_ordinary_mode": "own",
            "majority_ordinary_strict": "at_least",
            "majority_ordinary_share": "1/2",
            "majority_purpose_change_mode": "own",
            "majority_purpose_change_share": "other",
            "majority_purpose_change_share_other": "drei",
        },
    )
    html = bad.content.decode()
    assert bad.status_code == 400
    assert "mehr als die Hälfte verlangen" in html and "Bruch wie 3/5" in html
    assert 'value="drei"' in html and 'value="3/5"' in html
    assert re.search(r'name="majority_ordinary_mode" value="own"[^>]*checked', html)
    assert re.search(r'<option value="at_least" selected>', html)
    with schema_context(club.schema_name):
        assert StatuteSettings.objects.filter(majorities__has_key="statute_change").count() == 0

    assert board_client.post(url, own).status_code == 302
    with schema_context(club.schema_name):
        stored = StatuteSettings.objects.get().majorities
        statute = statute_get()
    assert stored == {
        "statute_change": {"share": "2/3", "strict": False, "basis": "cast"},
        "dissolution": {"share": "3/5", "strict": False, "basis": "present"},
    }
    assert statute.majority_for("statute_change").describe() == "mindestens zwei Drittel"
    assert str(statute.majority_for("dissolution").share) == "3/5"
    assert statute.majority_for("ordinary").legal_ref == "§ 32 Abs. 1 Satz 3 BGB"  # "wie BGB" stores nothing
    again = board_client.get(url).content.decode()
    assert re.search(r'name="majority_statute_change_mode" value="own"[^>]*checked', again)
    assert 'value="3/5"' in again
    # Back to the law: nothing stored.
    assert board_client.post(url, STATUTE_FORM).status_code == 302
    with schema_context(club.schema_name):
        assert StatuteSettings.objects.get().majorities == {}


@pytest.mark.django_db
def test_checkin_and_votes_say_the_statute_needs_no_quorum_when_nobody_is_present(club, assembly, board_client):
    base = f"/admin/versammlungen/{assembly['assembly'].pk}/"
    for page in ("einlass/", "abstimmungen/"):
        html = board_client.get(base + page).content.decode()
        assert "Die Satzung verlangt keine Mindestanwesenheit (0 von 1 Stimmberechtigten anwesend)" in html, page
