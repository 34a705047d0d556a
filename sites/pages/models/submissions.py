"""What visitors send through a club site: membership applications, contact messages and event
registrations. Club schema only; shown read-only in the club's Wagtail admin (wagtail_hooks.py)."""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from wagtail.search import index

from sites.clubs.validators import validate_postal_code
from sites.pages.constants import MembershipKind


class Submission(index.Indexed, models.Model):
    created_at = models.DateTimeField(_("Eingegangen am"), auto_now_add=True)
    page_title = models.CharField(_("Gesendet über die Seite"), max_length=255, blank=True)

    class Meta:
        abstract = True
        ordering = ["-created_at"]


class MembershipApplication(Submission):
    """A membership application sent through a `JoinPage` before joining online (issue #12).

    Linked, not migrated: since office migration 0005 the join page writes `office.JoinApplication`
    (fee group, SEPA mandate, double opt-in, the board's decision), which lives with the member register
    because it holds bank data that page editors must not see. The rows of this model stay as they
    were, readable and deletable in "Eingänge › Mitgliedsanträge"; nothing writes new ones.
    """

    first_name = models.CharField(_("Vorname"), max_length=80)
    last_name = models.CharField(_("Nachname"), max_length=80)
    birth_date = models.DateField(_("Geburtsdatum"), help_text=_("Format TT.MM.JJJJ, z. B. 24.12.1990"))
    street = models.CharField(_("Straße und Hausnummer"), max_length=200)
    postal_code = models.CharField(_("Postleitzahl"), max_length=5, validators=[validate_postal_code])
    town = models.CharField(_("Ort"), max_length=120)
    email = models.EmailField(_("E-Mail"))
    phone = models.CharField(_("Telefon"), max_length=40, blank=True)
    membership_kind = models.CharField(
        _("Art der Mitgliedschaft"), max_length=20, choices=MembershipKind.choices, default=MembershipKind.ADULT
    )
    message = models.TextField(_("Nachricht an den Verein"), blank=True, max_length=2000)
    consent = models.BooleanField(_("Einwilligung in die Datenverarbeitung"), default=False)

    search_fields = [index.SearchField("last_name"), index.SearchField("first_name"), index.SearchField("email")]

    class Meta(Submission.Meta):
        verbose_name = _("Mitgliedsantrag")
        verbose_name_plural = _("Mitgliedsanträge")

    def __str__(self):
        return f"{self.first_name} {self.last_name}"


class ContactMessage(Submission):
    """A message sent through a `ContactPage`."""

    name = models.CharField(_("Name"), max_length=120)
    email = models.EmailField(_("E-Mail"))
    subject = models.CharField(_("Betreff"), max_length=200)
    message = models.TextField(_("Nachricht"), max_length=5000)

    search_fields = [index.SearchField("name"), index.SearchField("subject"), index.SearchField("message")]

    class Meta(Submission.Meta):
        verbose_name = _("Kontaktanfrage")
        verbose_name_plural = _("Kontaktanfragen")

    def __str__(self):
        return f"{self.subject} ({self.name})"


class EventRegistration(Submission):
    """A registration for an `EventPage` whose registration mode is the form."""

    event = models.ForeignKey(
        "pages.EventPage", on_delete=models.CASCADE, related_name="registrations", verbose_name=_("Veranstaltung")
    )
    name = models.CharField(_("Name"), max_length=120)
    email = models.EmailField(_("E-Mail"))
    persons = models.PositiveSmallIntegerField(
        _("Anzahl Personen"), default=1, validators=[MinValueValidator(1), MaxValueValidator(20)]
    )
    message = models.TextField(_("Nachricht"), blank=True, max_length=2000)

    search_fields = [index.SearchField("name"), index.SearchField("email")]

    class Meta(Submission.Meta):
        verbose_name = _("Anmeldung zu einer Veranstaltung")
        verbose_name_plural = _("Anmeldungen zu Veranstaltungen")

    def __str__(self):
        return f"{self.name} – {self.page_title}"
