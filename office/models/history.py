"""The history the board reads: who changed what on a member, mandate, fee group or department."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class ChangeRecord(models.Model):
    """One change with its old and new values ({field: [old, new]}); bank data is masked when shown."""

    created_at = models.DateTimeField(_("Zeitpunkt"), auto_now_add=True, db_index=True)
    user_id = models.IntegerField(_("Benutzer-ID"), null=True, blank=True)
    user_name = models.CharField(_("Geändert von"), max_length=150, blank=True)
    object_type = models.CharField(_("Art"), max_length=40)
    object_id = models.PositiveBigIntegerField(_("Datensatz"))
    object_repr = models.CharField(_("Bezeichnung"), max_length=200)
    # The member a change concerns (a mandate's member too), so a member's page lists them together.
    member_id = models.PositiveBigIntegerField(_("Mitglied"), null=True, blank=True, db_index=True)
    action = models.CharField(_("Aktion"), max_length=20)
    changes = models.JSONField(_("Änderungen"), default=dict, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("Änderung")
        verbose_name_plural = _("Änderungen")
        indexes = [models.Index(fields=["object_type", "object_id"])]

    # What the board reads for the stored action codes (pages and the Art. 15 export alike).
    ACTION_LABELS = {
        "create": _("angelegt"),
        "update": _("geändert"),
        "delete": _("gelöscht"),
        "dunning": _("Mahnung versandt"),
    }

    def __str__(self):
        return f"{self.object_repr}: {self.action_label}"

    @property
    def action_label(self) -> str:
        return str(self.ACTION_LABELS.get(self.action, self.action))
