"""The four tax spheres of a non-profit club (§§ 14, 64–68 AO) and the turnover limit of the commercial one."""

from decimal import Decimal

from django.db import models
from django.utils.translation import gettext_lazy as _


class Sphere(models.TextChoices):
    IDEAL = "ideell", _("Ideeller Bereich")
    ASSET_MANAGEMENT = "vermoegen", _("Vermögensverwaltung")
    PURPOSE_OPERATION = "zweckbetrieb", _("Zweckbetrieb")
    COMMERCIAL = "wirtschaftlich", _("Wirtschaftlicher Geschäftsbetrieb")


SPHERE_ORDER = (Sphere.IDEAL, Sphere.ASSET_MANAGEMENT, Sphere.PURPOSE_OPERATION, Sphere.COMMERCIAL)

# § 64 Abs. 3 AO (since 2025; 45,000 € 2020–2024): the commercial operations together are not taxed while their
# gross takings (Einnahmen einschließlich Umsatzsteuer) stay at or below this amount in the year.
COMMERCIAL_TURNOVER_LIMIT = Decimal("50000.00")
TURNOVER_WARNING_SHARE = Decimal("0.80")
