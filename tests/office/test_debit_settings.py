"""The club's direct-debit settings (creditor identifier, notice period) in the office menu."""

import pytest

from .test_admin import _body


@pytest.mark.django_db
def test_debit_settings(club, board_client, members_client, page_editor_client, portal_client, office_data):
    url = "/admin/mitglieder/lastschrift-einstellungen/"
    assert members_client.get(url).status_code == 403
    assert page_editor_client.get(url).status_code == 403
    bad = board_client.post(
        "/admin/mitglieder/lastschrift-einstellungen/",
        {"creditor_id": "DE99ZZZ09999999999", "notice_period_months": "3"},
    )
    assert bad.status_code == 200 and "DE99ZZZ09999999999" in _body(bad) and "ungültig" in _body(bad)
    good = board_client.post(
        "/admin/mitglieder/lastschrift-einstellungen/",
        {"creditor_id": "de98 zzz 09999999999", "notice_period_months": "3", "notice_period_to_year_end": "on"},
    )
    assert good.status_code == 302
    club.refresh_from_db()
    assert club.creditor_id == "DE98ZZZ09999999999"
