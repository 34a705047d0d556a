"""Demo members, fee groups, departments, mandates, dues, books and donations for the demo clubs (cms/demo.py)."""

from office.services.demo import DEMO_CREDITOR_ID, DEMO_OFFICES, office_demo_debit_run, office_demo_fill
from office.services.finance_demo import finance_demo_fill
from sites.clubs.models import Club


def load(*, stdout) -> None:
    # The demo clubs collect dues by direct debit (the Bundesbank's example creditor identifier), so
    # their join pages offer the SEPA mandate; a value an editor entered is kept.
    Club.objects.filter(slug__in=list(DEMO_OFFICES), creditor_id="").update(creditor_id=DEMO_CREDITOR_ID)
    for club in Club.objects.filter(slug__in=list(DEMO_OFFICES)).order_by("slug"):
        created = office_demo_fill(club=club)
        if created:
            stdout.write(f"  Mitglieder {club.display_name}: {created} angelegt.")
        donations = finance_demo_fill(club=club)
        if donations:
            stdout.write(f"  Spenden {club.display_name}: {donations} angelegt.")
        if office_demo_debit_run(club=club):
            stdout.write(f"  Lastschriftlauf {club.display_name}: angelegt (mit einer Rücklastschrift).")
