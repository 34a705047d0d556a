"""The general assembly (issue #14): the statute's rules, assemblies, agenda, motions, invitations,
attendance, proxies, open votes, secret ballots and results.

The rules and the counting are pure Python in office/assembly/ (docs/office-assembly.md); these
tables store what they need and what they return. A secret ballot has two tables and nothing that
joins them: `VoterMark` (who voted, day precision) and `SecretBallot` (what, under a random id, no
member, no time) — see docs/office-assembly.md "Secret ballots".
"""

from __future__ import annotations

from fractions import Fraction

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from office.assembly.statute import (
    BGB_DEFAULTS,
    DEFAULT_VOTING_STATUSES,
    AssemblyMode,
    Basis,
    Convener,
    ElectionMethod,
    InvitationForm,
    MajorityRule,
    PeriodUnit,
    ResolutionKind,
    Statute,
)


class StatuteSettings(models.Model):
    """The assembly rules of the club's statute: one row per club schema (pk 1), BGB defaults."""

    invitation_period = models.PositiveSmallIntegerField(_("Einladungsfrist"), default=14)
    invitation_period_unit = models.CharField(
        _("Einheit der Einladungsfrist"),
        max_length=10,
        default=PeriodUnit.DAYS,
        choices=[(PeriodUnit.DAYS, _("Tage")), (PeriodUnit.WEEKS, _("Wochen")), (PeriodUnit.MONTHS, _("Monate"))],
    )
    invitation_form = models.CharField(
        _("Form der Einladung"),
        max_length=20,
        default=InvitationForm.EMAIL_OR_LETTER,
        choices=[
            (InvitationForm.EMAIL_OR_LETTER, _("E-Mail, sonst Brief")),
            (InvitationForm.EMAIL, _("nur E-Mail")),
            (InvitationForm.LETTER, _("nur Brief")),
        ],
    )
    letter_delivery_days = models.PositiveSmallIntegerField(_("Brief gilt als zugegangen nach (Tagen)"), default=4)
    email_delivery_days = models.PositiveSmallIntegerField(_("E-Mail gilt als zugegangen nach (Tagen)"), default=1)
    delivery_skips_sundays_and_holidays = models.BooleanField(
        _("Zustellung nicht an Sonn- und Feiertagen"), default=True
    )
    holiday_subdivision = models.CharField(_("Bundesland für Feiertage"), max_length=4, blank=True)
    convener = models.CharField(
        _("Wer beruft ein"),
        max_length=10,
        default=Convener.BOARD,
        choices=[
            (Convener.BOARD, _("der Vorstand")),
            (Convener.CHAIR, _("der/die Vorsitzende")),
            (Convener.OTHER, _("ein anderes Organ")),
        ],
    )
    minority_request_share = models.CharField(
        _("Minderheitenverlangen (Anteil)"), max_length=10, default="1/10", help_text=_("z. B. 1/10 (§ 37 BGB)")
    )
    quorum_share = models.CharField(
        _("Beschlussfähigkeit (Anteil)"),
        max_length=10,
        blank=True,
        help_text=_("leer: keine Mindestbeteiligung (BGB); z. B. 1/3"),
    )
    majorities = models.JSONField(
        _("Mehrheiten"),
        default=dict,
        blank=True,
        help_text=_(
            'Abweichungen vom BGB je Beschlussart, z. B. {"statute_change": {"share": "2/3", "strict": false}}'
        ),
    )
    election_method = models.CharField(
        _("Wahlen"),
        max_length=10,
        default=ElectionMethod.ABSOLUTE,
        choices=[(ElectionMethod.ABSOLUTE, _("absolute Mehrheit")), (ElectionMethod.RELATIVE, _("relative Mehrheit"))],
    )
    election_runoff = models.BooleanField(_("Stichwahl"), default=True)
    proxies_allowed = models.BooleanField(_("Stimmrechtsvollmachten zulässig"), default=False)
    max_proxies_per_person = models.PositiveSmallIntegerField(_("Vollmachten je Person höchstens"), default=1)
    hybrid_allowed = models.BooleanField(_("Hybride Versammlungen zulässig"), default=True)
    virtual_allowed_by_statute = models.BooleanField(_("Satzung erlaubt virtuelle Versammlungen"), default=False)
    virtual_resolution_on = models.DateField(
        _("Beschluss über virtuelle Versammlungen vom"), null=True, blank=True, help_text=_("§ 32 Abs. 2 Satz 2 BGB")
    )
    min_voting_age = models.PositiveSmallIntegerField(_("Mindestalter für das Stimmrecht"), null=True, blank=True)
    voting_statuses = models.JSONField(_("Stimmberechtigte Mitgliedsarten"), default=list, blank=True)
    motion_deadline_days = models.PositiveSmallIntegerField(
        _("Antragsfrist (Tage vorher)"), null=True, blank=True, default=7
    )
    reminder_days = models.PositiveSmallIntegerField(_("Erinnerung (Tage vorher)"), null=True, blank=True, default=3)
    written_participation_share = models.CharField(
        _("Beschluss ohne Versammlung: Mindestbeteiligung laut Satzung (Anteil)"),
        max_length=10,
        default="",
        blank=True,
        help_text=_(
            "Leer lassen, wenn die Satzung nichts regelt: Dann gilt § 32 Abs. 3 BGB, und ein Beschluss ohne "
            "Versammlung braucht die Zustimmung aller Mitglieder in Textform. Erlaubt die Satzung Umlaufbeschlüsse "
            "mit Mehrheit, hier ihre Mindestbeteiligung eintragen, z. B. 1/2; dann gilt die Mehrheit der Satzung."
        ),
    )

    class Meta:
        verbose_name = _("Satzungsregeln der Versammlung")
        verbose_name_plural = _("Satzungsregeln der Versammlung")
        permissions = [("manage_assemblies", _("Kann Mitgliederversammlungen vorbereiten und leiten"))]

    def __str__(self):
        return str(_("Satzungsregeln der Versammlung"))

    def as_statute(self) -> Statute:
        majorities = dict(BGB_DEFAULTS)
        for kind, rule in (self.majorities or {}).items():
            default = BGB_DEFAULTS[ResolutionKind(kind)]
            majorities[ResolutionKind(kind)] = MajorityRule(
                share=Fraction(rule.get("share", str(default.share))),
                strict=bool(rule.get("strict", default.strict)),
                basis=Basis(rule.get("basis", default.basis)),
                legal_ref=rule.get("legal_ref", "Satzung"),
            )
        return Statute(
            invitation_period=self.invitation_period,
            invitation_period_unit=PeriodUnit(self.invitation_period_unit),
            invitation_form=InvitationForm(self.invitation_form),
            letter_delivery_days=self.letter_delivery_days,
            email_delivery_days=self.email_delivery_days,
            delivery_skips_sundays_and_holidays=self.delivery_skips_sundays_and_holidays,
            holiday_subdivision=self.holiday_subdivision or None,
            convener=Convener(self.convener),
            minority_request_share=Fraction(self.minority_request_share or "1/10"),
            quorum_share=Fraction(self.quorum_share) if self.quorum_share else None,
            majorities=majorities,
            election_method=ElectionMethod(self.election_method),
            election_runoff=self.election_runoff,
            proxies_allowed=self.proxies_allowed,
            max_proxies_per_person=self.max_proxies_per_person,
            hybrid_allowed=self.hybrid_allowed,
            virtual_allowed_by_statute=self.virtual_allowed_by_statute,
            virtual_resolution_on=self.virtual_resolution_on,
            min_voting_age=self.min_voting_age,
            voting_statuses=frozenset(self.voting_statuses or DEFAULT_VOTING_STATUSES),
            motion_deadline_days=self.motion_deadline_days,
            reminder_days=self.reminder_days,
        )


class AssemblyStatus(models.TextChoices):
    PLANNED = "planned", _("in Vorbereitung")
    INVITED = "invited", _("eingeladen")
    RUNNING = "running", _("läuft")
    CLOSED = "closed", _("beendet")


class Assembly(models.Model):
    """One general assembly (Mitgliederversammlung)."""

    title = models.CharField(_("Titel"), max_length=200, default="Ordentliche Mitgliederversammlung")
    held_on = models.DateField(_("Datum"))
    starts_at = models.TimeField(_("Beginn"), null=True, blank=True)
    ends_at = models.TimeField(_("Ende"), null=True, blank=True)
    place = models.CharField(_("Ort"), max_length=200, blank=True)
    mode = models.CharField(
        _("Form"),
        max_length=10,
        default=AssemblyMode.IN_PERSON,
        choices=[
            (AssemblyMode.IN_PERSON, _("Präsenz")),
            (AssemblyMode.HYBRID, _("hybrid")),
            (AssemblyMode.VIRTUAL, _("virtuell")),
        ],
    )
    video_link = models.URLField(_("Link zur Videokonferenz"), blank=True)
    status = models.CharField(
        _("Status"), max_length=10, choices=AssemblyStatus.choices, default=AssemblyStatus.PLANNED
    )
    chair = models.CharField(_("Versammlungsleitung"), max_length=150, blank=True)
    keeper = models.CharField(_("Protokoll"), max_length=150, blank=True)
    invited_on = models.DateField(_("Einladung versandt am"), null=True, blank=True)
    invitation_text = models.TextField(_("Prüfung der Einladungsfrist"), blank=True)
    current_item = models.ForeignKey(
        "AgendaItem",
        verbose_name=_("Aktueller Punkt"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    notes = models.TextField(_("Anmerkungen"), blank=True, max_length=20000)
    minutes_text = models.TextField(_("Protokoll (Entwurf)"), blank=True)
    # The chair and the keeper confirm the text as it stands; an edit clears both confirmations.
    minutes_chair_confirmed_at = models.DateTimeField(
        _("Bestätigt von der Versammlungsleitung am"), null=True, blank=True
    )
    minutes_chair_confirmed_by = models.CharField(_("Bestätigt von (Versammlungsleitung)"), max_length=200, blank=True)
    minutes_keeper_confirmed_at = models.DateTimeField(
        _("Bestätigt von der Protokollführung am"), null=True, blank=True
    )
    minutes_keeper_confirmed_by = models.CharField(_("Bestätigt von (Protokollführung)"), max_length=200, blank=True)
    minutes_published_at = models.DateTimeField(_("Protokoll veröffentlicht am"), null=True, blank=True)
    created_at = models.DateTimeField(_("Angelegt am"), auto_now_add=True)

    class Meta:
        ordering = ["-held_on", "-pk"]
        verbose_name = _("Mitgliederversammlung")
        verbose_name_plural = _("Mitgliederversammlungen")

    def __str__(self):
        return f"{self.title} ({self.held_on:%d.%m.%Y})"


class ItemKind(models.TextChoices):
    REPORT = "report", _("Bericht")
    RESOLUTION = "ordinary", _("Beschluss")
    STATUTE_CHANGE = "statute_change", _("Satzungsänderung")
    PURPOSE_CHANGE = "purpose_change", _("Zweckänderung")
    DISSOLUTION = "dissolution", _("Auflösung")
    ELECTION = "election", _("Wahl")
    OTHER = "other", _("Sonstiges")


VOTING_KINDS = {ItemKind.RESOLUTION, ItemKind.STATUTE_CHANGE, ItemKind.PURPOSE_CHANGE, ItemKind.DISSOLUTION}


class VoteState(models.TextChoices):
    NONE = "none", _("keine Abstimmung")
    OPEN = "open", _("Abstimmung läuft")
    CLOSED = "closed", _("abgeschlossen")


class AgendaItem(models.Model):
    """One item of the agenda (Tagesordnungspunkt); motions and elections are voted on here."""

    assembly = models.ForeignKey(Assembly, on_delete=models.CASCADE, related_name="items")
    order = models.PositiveSmallIntegerField(_("Nummer"))
    title = models.CharField(_("Titel"), max_length=200)
    kind = models.CharField(_("Art"), max_length=20, choices=ItemKind.choices, default=ItemKind.REPORT)
    text = models.TextField(_("Antragstext / Erläuterung"), blank=True, max_length=20000)
    secret = models.BooleanField(_("Geheime Abstimmung"), default=False)
    candidates = models.JSONField(_("Kandidierende"), default=list, blank=True)
    seats = models.PositiveSmallIntegerField(_("Zu besetzende Plätze"), default=1)
    vote_state = models.CharField(_("Abstimmung"), max_length=10, choices=VoteState.choices, default=VoteState.NONE)
    notes = models.TextField(_("Notizen"), blank=True, max_length=20000)

    class Meta:
        ordering = ["assembly", "order"]
        constraints = [models.UniqueConstraint(fields=["assembly", "order"], name="office_agenda_item_order_unique")]
        verbose_name = _("Tagesordnungspunkt")
        verbose_name_plural = _("Tagesordnungspunkte")

    def __str__(self):
        return f"TOP {self.order}: {self.title}"

    @property
    def is_vote(self) -> bool:
        return self.kind in VOTING_KINDS or self.kind == ItemKind.ELECTION

    @property
    def rule_kind(self) -> ResolutionKind:
        return ResolutionKind(self.kind) if self.kind in VOTING_KINDS else ResolutionKind.ORDINARY


class MotionStatus(models.TextChoices):
    SUBMITTED = "submitted", _("eingereicht")
    PLACED = "placed", _("auf der Tagesordnung")
    DECLINED = "declined", _("nicht aufgenommen")


class Motion(models.Model):
    """A member's motion (Antrag), sent by personal link before the statute's deadline."""

    assembly = models.ForeignKey(Assembly, on_delete=models.CASCADE, related_name="motions")
    member = models.ForeignKey("office.Member", on_delete=models.SET_NULL, null=True, related_name="+")
    proposer_name = models.CharField(_("Antragsteller/in"), max_length=200)
    title = models.CharField(_("Titel"), max_length=200)
    text = models.TextField(_("Antragstext"), max_length=20000)
    submitted_on = models.DateField(_("Eingegangen am"))
    status = models.CharField(_("Status"), max_length=10, choices=MotionStatus.choices, default=MotionStatus.SUBMITTED)
    agenda_item = models.ForeignKey(
        AgendaItem, null=True, blank=True, on_delete=models.SET_NULL, related_name="motions"
    )

    class Meta:
        ordering = ["assembly", "submitted_on", "pk"]
        verbose_name = pgettext_lazy("assembly motion", "Antrag")
        verbose_name_plural = pgettext_lazy("assembly motion", "Anträge")

    def __str__(self):
        return self.title


class Channel(models.TextChoices):
    EMAIL = "email", _("E-Mail")
    LETTER = "letter", _("Brief")


class DeliveryState(models.TextChoices):
    SENT = "sent", _("versandt")
    FAILED = "failed", _("nicht zugestellt")
    RETURNED = "returned", _("zurückgekommen")


class Invitation(models.Model):
    """The invitation of one member to one assembly: channel, day sent, delivery."""

    assembly = models.ForeignKey(Assembly, on_delete=models.CASCADE, related_name="invitations")
    member = models.ForeignKey("office.Member", on_delete=models.CASCADE, related_name="+")
    channel = models.CharField(_("Weg"), max_length=10, choices=Channel.choices)
    sent_on = models.DateField(_("Versandt am"))
    delivery = models.CharField(
        _("Zustellung"), max_length=10, choices=DeliveryState.choices, default=DeliveryState.SENT
    )
    reminded_on = models.DateField(_("Erinnert am"), null=True, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["assembly", "member"], name="office_invitation_unique")]
        verbose_name = _("Einladung")
        verbose_name_plural = _("Einladungen")

    def __str__(self):
        return f"{self.member_id} → {self.assembly_id} ({self.channel})"


class Presence(models.TextChoices):
    PRESENT = "present", _("anwesend")
    ONLINE = "online", _("online")
    REPRESENTED = "represented", _("vertreten")


class Attendance(models.Model):
    """A member at the assembly: present, online or represented by another member."""

    assembly = models.ForeignKey(Assembly, on_delete=models.CASCADE, related_name="attendances")
    member = models.ForeignKey("office.Member", on_delete=models.CASCADE, related_name="+")
    presence = models.CharField(_("Teilnahme"), max_length=12, choices=Presence.choices)
    represented_by = models.ForeignKey(
        "office.Member", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    checked_in_at = models.DateTimeField(_("Eingecheckt um"), auto_now_add=True)
    left_at = models.DateTimeField(_("Gegangen um"), null=True, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["assembly", "member"], name="office_attendance_unique")]
        verbose_name = _("Teilnahme")
        verbose_name_plural = _("Teilnahmen")

    def __str__(self):
        return f"{self.member_id} @ {self.assembly_id} ({self.presence})"


class Proxy(models.Model):
    """A proxy (Stimmrechtsvollmacht) for one assembly, within the statute's limits."""

    assembly = models.ForeignKey(Assembly, on_delete=models.CASCADE, related_name="proxies")
    principal = models.ForeignKey("office.Member", on_delete=models.CASCADE, related_name="+")
    holder = models.ForeignKey("office.Member", on_delete=models.CASCADE, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["assembly", "principal"], name="office_proxy_unique")]
        verbose_name = _("Vollmacht")
        verbose_name_plural = _("Vollmachten")

    def __str__(self):
        return f"{self.principal_id} → {self.holder_id}"


class Vote(models.Model):
    """An open vote: who voted how (content: yes/no/abstain, or the chosen candidates)."""

    item = models.ForeignKey(AgendaItem, on_delete=models.CASCADE, related_name="open_votes")
    member = models.ForeignKey("office.Member", on_delete=models.CASCADE, related_name="+")
    content = models.CharField(_("Stimme"), max_length=500)
    weight = models.PositiveSmallIntegerField(default=1)
    cast_by = models.ForeignKey("office.Member", on_delete=models.SET_NULL, null=True, blank=True, related_name="+")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["item", "member"], name="office_vote_unique")]
        verbose_name = _("Offene Stimme")
        verbose_name_plural = _("Offene Stimmen")

    def __str__(self):
        return f"{self.item_id}: {self.member_id}"


class VoterMark(models.Model):
    """Secret ballot, the voter register: *that* a member voted (day precision, never what)."""

    item = models.ForeignKey(AgendaItem, on_delete=models.CASCADE, related_name="voter_marks")
    member = models.ForeignKey("office.Member", on_delete=models.CASCADE, related_name="+")
    voted_on = models.DateField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["item", "member"], name="office_voter_mark_unique")]
        verbose_name = _("Stimmabgabe (geheim)")
        verbose_name_plural = _("Stimmabgaben (geheim)")

    def __str__(self):
        return f"{self.item_id}: {self.member_id}"


class SecretBallot(models.Model):
    """Secret ballot, the urn: a random id, the content and the weight. No member, no time, no serial."""

    ballot_id = models.CharField(primary_key=True, max_length=32, editable=False)
    item = models.ForeignKey(AgendaItem, on_delete=models.CASCADE, related_name="secret_ballots")
    content = models.CharField(max_length=500)
    weight = models.PositiveSmallIntegerField(default=1)

    class Meta:
        verbose_name = _("Stimmzettel")
        verbose_name_plural = _("Stimmzettel")

    def __str__(self):
        return self.ballot_id


class ResultRecord(models.Model):
    """The result of a vote on one item, with the rule that applied."""

    item = models.OneToOneField(AgendaItem, on_delete=models.CASCADE, related_name="result")
    yes = models.PositiveIntegerField(default=0)
    no = models.PositiveIntegerField(default=0)
    abstain = models.PositiveIntegerField(default=0)
    invalid = models.PositiveIntegerField(default=0)
    counts = models.JSONField(default=dict, blank=True)
    voters = models.PositiveIntegerField(default=0)
    rule_text = models.CharField(_("Angewandte Regel"), max_length=300, blank=True)
    text = models.TextField(_("Ergebnis"))
    reached = models.BooleanField(_("Mehrheit erreicht"), default=False)
    closed_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("Ergebnis")
        verbose_name_plural = _("Ergebnisse")

    def __str__(self):
        return self.text
