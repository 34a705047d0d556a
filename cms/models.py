"""Site settings that both trees share: theme and colours, contact and footer, social links.

A `BaseSiteSetting` row exists per Wagtail `Site`, so each club schema (and the portal) has its
own. Templates read them as `settings.cms.SiteAppearance`; colours become CSS custom properties
in a tiny per-site stylesheet (`sites.pages.views.theme_css`), never inline scripts.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting

from cms.colours import validate_text_background
from cms.prepared_queries import PreparedQuery


class Theme(models.TextChoices):
    """Each theme is a body class `theme-<value>` in static/css/site.css; nothing else knows them."""

    KLAR = "klar", _("Klar – hell und sachlich")
    WARM = "warm", _("Warm – sandfarben und rund")
    NATUR = "natur", _("Natur – grün und ruhig")
    KONTRAST = "kontrast", _("Kontrast – besonders gut lesbar")


@register_setting(icon="palette")
class SiteAppearance(BaseSiteSetting):
    """How the site looks and what its footer says; edited under Einstellungen › Aussehen und Kontakt."""

    theme = models.CharField(
        _("Gestaltung"),
        max_length=20,
        choices=Theme.choices,
        default=Theme.KLAR,
        help_text=_("Die Grundgestaltung der ganzen Website. Sie können jederzeit wechseln."),
    )
    primary_colour = models.CharField(
        _("Hauptfarbe"),
        max_length=7,
        blank=True,
        validators=[validate_text_background],
        help_text=_(
            "Farbe der Kopfzeile und der Schaltflächen im Format #RRGGBB. Weiße Schrift muss darauf gut "
            "lesbar sein. Leer lassen, um die Farbe aus dem Vereinsprofil zu nutzen."
        ),
    )
    secondary_colour = models.CharField(
        _("Akzentfarbe"),
        max_length=7,
        blank=True,
        validators=[validate_text_background],
        help_text=_("Farbe für Hervorhebungen im Format #RRGGBB. Leer lassen für die Farbe aus dem Vereinsprofil."),
    )
    tagline = models.CharField(
        _("Leitsatz"),
        max_length=120,
        blank=True,
        help_text=_("Ein kurzer Satz unter dem Vereinsnamen, z. B. „Sport für alle seit 1898“."),
    )
    footer_text = models.TextField(
        _("Text in der Fußzeile"),
        blank=True,
        max_length=500,
        help_text=_("z. B. Öffnungszeiten der Geschäftsstelle oder ein Dank an Unterstützer."),
    )
    contact_email = models.EmailField(
        _("Kontakt-E-Mail"), blank=True, help_text=_("Leer lassen für die E-Mail aus dem Vereinsprofil.")
    )
    contact_phone = models.CharField(_("Telefon"), max_length=40, blank=True)
    contact_address = models.TextField(
        _("Anschrift"), blank=True, max_length=300, help_text=_("Leer lassen für die Anschrift aus dem Vereinsprofil.")
    )
    facebook_url = models.URLField(_("Facebook-Seite"), blank=True)
    instagram_url = models.URLField(_("Instagram-Profil"), blank=True)
    mastodon_url = models.URLField(_("Mastodon-Profil"), blank=True)
    youtube_url = models.URLField(_("YouTube-Kanal"), blank=True)

    panels = [
        MultiFieldPanel(
            [FieldPanel("theme"), FieldPanel("primary_colour"), FieldPanel("secondary_colour"), FieldPanel("tagline")],
            heading=_("Aussehen"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("contact_email"),
                FieldPanel("contact_phone"),
                FieldPanel("contact_address"),
                FieldPanel("footer_text"),
            ],
            heading=_("Kontakt und Fußzeile"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("facebook_url"),
                FieldPanel("instagram_url"),
                FieldPanel("mastodon_url"),
                FieldPanel("youtube_url"),
            ],
            heading=_("Soziale Netzwerke"),
            help_text=_("Wir zeigen nur einfache Links, keine eingebundenen Inhalte der Netzwerke."),
        ),
    ]

    class Meta:
        verbose_name = _("Aussehen und Kontakt")

    @classmethod
    def for_site(cls, site):
        """Wagtail's `get_or_create` (read on every page), as a query compiled once per process;
        the row is still made when missing."""
        if site is not None:
            rows = _APPEARANCE_OF_SITE(site_id=site.pk)
            if rows:
                return rows[0]
        return super().for_site(site)

    @property
    def social_links(self) -> list[tuple[str, str]]:
        links = [
            ("Facebook", self.facebook_url),
            ("Instagram", self.instagram_url),
            ("Mastodon", self.mastodon_url),
            ("YouTube", self.youtube_url),
        ]
        return [(label, url) for label, url in links if url]


_APPEARANCE_OF_SITE = PreparedQuery(lambda site_id: SiteAppearance.base_queryset().filter(site_id=site_id), site_id=int)
