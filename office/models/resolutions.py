"""Written resolutions outside a meeting (§ 32 Abs. 3 BGB, issue #14): the question, who was involved
and how, and the votes in text form. A written resolution is not secret: each vote keeps the member,
the name at the time, the moment and the answer — that record is the proof of text form."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from .assembly import Channel, DeliveryState, ItemKind


class ResolutionStatus(models.TextChoices):
    DRAFT = "draft", _("Entwurf")
    OPEN = "open", _("läuft")
    CLOSED = "closed", _("ausgewertet")


RESOLUTION_KINDS = [
    (ItemKind.RESOLUTION, _("Beschluss")),
    (ItemKind.STATUTE_CHANGE, _("Satzungsänderung")),
    (ItemKind.PURPOSE_CHANGE, _("Zweckänderung")),
    (ItemKind.DISSOLUTION, _("Auflösung")),
]


class WrittenResolution(models.Model):
    """A question put to the members in text form with a deadline (Umlaufbeschluss)."""

    title = models.CharField(_("Titel"), max_length=200)
    text = models.TextField(_("Beschlussvorschlag"), max_length=20000)
    kind = models.CharField(_("Art"), max_length=20, choices=RESOLUTION_KINDS, default=ItemKind.RESOLUTION)
    deadline = models.DateField(_("Stimmabgabe bis (einschließlich)"))
    status = models.CharField(
        _("Status"), max_length=10, choices=ResolutionStatus.choices, default=ResolutionStatus.DRAFT
    )
    opened_on = models.DateField(_("Versandt am"), null=True, blank=True)
    entitled = models.PositiveIntegerField(_("Stimmberechtigte"), default=0)
    yes = models.PositiveIntegerField(default=0)
    no = models.PositiveIntegerField(default=0)
    abstain = models.PositiveIntegerField(default=0)
    valid = models.BooleanField(_("Gültig"), null=True, blank=True)
    accepted = models.BooleanField(_("Angenommen"), null=True, blank=True)
    rule_text = models.CharField(_("Angewandte Regel"), max_length=500, blank=True)
    result_text = models.TextField(_("Ergebnis"), blank=True)
    closed_at = models.DateTimeField(_("Ausgewertet am"), null=True, blank=True)
    created_at = models.DateTimeField(_("Angelegt am"), auto_now_add=True)

    class Meta:
        ordering = ["-deadline", "-pk"]
        verbose_name = _("Beschluss ohne Versammlung")
        verbose_name_plural = _("Beschlüsse ohne Versammlung")

    def __str__(self):
        return self.title


class ResolutionNotice(models.Model):
    """That a member entitled to vote was involved: how and when the question was sent."""

    resolution = models.ForeignKey(WrittenResolution, on_delete=models.CASCADE, related_name="notices")
    member = models.ForeignKey("office.Member", on_delete=models.CASCADE, related_name="+")
    channel = models.CharField(_("Weg"), max_length=10, choices=Channel.choices)
    sent_on = models.DateField(_("Versandt am"))
    delivery = models.CharField(
        _("Zustellung"), max_length=10, choices=DeliveryState.choices, default=DeliveryState.SENT
    )

    class Meta:
        constraints = [models.UniqueConstraint(fields=["resolution", "member"], name="office_resolution_notice_unique")]
        verbose_name = _("Beteiligung")
        verbose_name_plural = _("Beteiligungen")

    def __str__(self):
        return f"{self.member_id} → {self.resolution_id} ({self.channel})"


class WrittenVoteSource(models.TextChoices):
    LINK = "link", _("persönlicher Link")
    RECORDED = "recorded", _("in Textform eingegangen, vom Vorstand erfasst")


class WrittenVote(models.Model):
    """One member's vote in text form: who (name at the time), when, what, and how it arrived."""

    resolution = models.ForeignKey(WrittenResolution, on_delete=models.CASCADE, related_name="votes")
    member = models.ForeignKey("office.Member", on_delete=models.CASCADE, related_name="+")
    voter_name = models.CharField(_("Name"), max_length=200)
    choice = models.CharField(
        _("Stimme"), max_length=10, choices=[("yes", _("Ja")), ("no", _("Nein")), ("abstain", _("Enthaltung"))]
    )
    cast_at = models.DateTimeField(_("Abgegeben am"))
    source = models.CharField(_("Eingang"), max_length=10, choices=WrittenVoteSource.choices)
    recorded_by = models.CharField(_("Erfasst von"), max_length=200, blank=True)

    class Meta:
        ordering = ["cast_at", "pk"]
        constraints = [models.UniqueConstraint(fields=["resolution", "member"], name="office_written_vote_unique")]
        verbose_name = _("Stimme in Textform")
        verbose_name_plural = _("Stimmen in Textform")

    def __str__(self):
        return f"{self.resolution_id}: {self.member_id}"
