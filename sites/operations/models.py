"""A club's deletion request: the club is offline, an export is kept, the purge waits for the grace period.

The row outlives the club (the foreign key is set to NULL by the purge) as the record of who asked
for the deletion and when it was carried out.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class ClubDeletion(models.Model):
    club = models.OneToOneField(
        "clubs.Club",
        verbose_name=_("Verein"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="deletion",
    )
    slug = models.SlugField(_("Adresse"), max_length=63)
    name = models.CharField(_("Name"), max_length=200)
    requested_by = models.CharField(_("Beantragt von"), max_length=200)
    requested_at = models.DateTimeField(_("Beantragt am"), auto_now_add=True)
    purge_after = models.DateTimeField(_("Endgültig löschen ab"))
    export_path = models.CharField(_("Export"), max_length=500, blank=True)
    purged_at = models.DateTimeField(_("Gelöscht am"), null=True, blank=True)

    class Meta:
        verbose_name = _("Löschung eines Vereins")
        verbose_name_plural = _("Löschungen von Vereinen")
        ordering = ("-requested_at",)

    def __str__(self) -> str:
        return f"{self.name} ({self.slug})"
