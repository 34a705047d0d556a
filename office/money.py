"""Euro amounts as the club's German documents write them: 1234.5 → "1.234,50 €".

Letters, receipts and the year-end statement are German whatever the admin's language, so this
does not follow the active locale.
"""

from decimal import Decimal


def euro(amount: Decimal) -> str:
    text = f"{amount:,.2f}".replace(",", "X").replace(".", ",").replace("X", ".")
    return f"{text} €"
