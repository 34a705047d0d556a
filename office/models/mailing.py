"""E-mails to a filtered group of members (a copy of each kept) and saved filters of the member list."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class SavedFilter(models.Model):
    """A named filter of the member list (its query string), shown as a quick link above the list."""

    name = models.CharField(_("Name"), max_length=80, unique=True)
    querystring = models.CharField(_("Filter"), max_length=1000)
    created_at = models.DateTimeField(_("Angelegt am"), auto_now_add=True)
    created_by_name = models.CharField(_("Angelegt von"), max_length=150, blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("Gespeicherter Filter")
        verbose_name_plural = _("Gespeicherte Filter")

    def __str__(self):
        return self.name


class SentMessage(models.Model):
    """The copy of an e-mail sent to a group of members: one message per member, no addresses kept here."""

    subject = models.CharField(_("Betreff"), max_length=200)
    body = models.TextField(_("Text"), max_length=20000)
    querystring = models.CharField(_("Filter"), max_length=1000, blank=True)
    recipients_count = models.PositiveIntegerField(_("Empfänger/innen"))
    failed_count = models.PositiveIntegerField(_("Nicht zugestellt"), default=0)
    sent_at = models.DateTimeField(_("Gesendet am"), auto_now_add=True, db_index=True)
    sent_by_id = models.IntegerField(_("Benutzer-ID"), null=True, blank=True)
    sent_by_name = models.CharField(_("Gesendet von"), max_length=150, blank=True)

    class Meta:
        ordering = ["-sent_at", "-pk"]
        verbose_name = _("Gesendete Nachricht")
        verbose_name_plural = _("Gesendete Nachrichten")

    def __str__(self):
        return self.subject
