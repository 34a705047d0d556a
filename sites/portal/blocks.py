"""Blocks of the portal's home page only (the shared vocabulary is cms/blocks.py).

Each block reads what it shows itself (`sites.portal.home`), with one query at most and never one
per entry, so the operator can arrange, repeat or drop them without making the page slow. The page
is served from the full-page cache for visitors (cms/tenancy/page_cache.py).
"""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from wagtail import blocks

from cms.blocks import BaseStreamBlock


def _home():
    # Imported when a block renders: the reads import the models, which import these blocks.
    from . import home

    return home


def _heading(default: str = "") -> blocks.CharBlock:
    return blocks.CharBlock(label=_("Überschrift"), max_length=120, required=False, default=default)


def _count(default: int, maximum: int = 24) -> blocks.IntegerBlock:
    return blocks.IntegerBlock(
        label=_("Anzahl"), default=default, min_value=1, max_value=maximum, help_text=_("Wie viele Einträge höchstens.")
    )


class PortalSearchBlock(blocks.StructBlock):
    """One search box over clubs, events and volunteering (the portal's search at /engagement/)."""

    heading = _heading()
    # default "": wagtail-localize refuses a missing (None) text when the page is translated.
    placeholder = blocks.CharBlock(label=_("Beispiel im Suchfeld"), max_length=80, required=False, default="")

    class Meta:
        icon = "search"
        label = _("Suche über Vereine, Termine und Engagement")
        template = "blocks/portal_search.html"
        preview_value = {"heading": "Was suchen Sie?", "placeholder": "z. B. Chor, Kinderturnen, Samstag"}
        description = _("Ein Suchfeld; die Treffer zeigt die Suche des Portals.")


class PortalNumbersBlock(blocks.StructBlock):
    """How big the region is: clubs, events this week, volunteering offers (one query)."""

    heading = _heading()

    class Meta:
        icon = "table"
        label = _("Die Region in Zahlen")
        template = "blocks/portal_numbers.html"
        preview_value = {"heading": "Die Region in Zahlen"}
        description = _("Zahl der Vereine, der Termine dieser Woche und der Engagement-Angebote.")

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context)
        context["numbers"] = _home().home_numbers()
        return context


class PortalEventsBlock(blocks.StructBlock):
    """The region's next events from the listings index."""

    heading = _heading()
    count = _count(6)

    class Meta:
        icon = "date"
        label = _("Nächste Termine")
        template = "blocks/portal_events.html"
        preview_value = {"heading": "Die nächsten Termine", "count": 3}
        description = _("Die nächsten Veranstaltungen aller Vereine.")

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context)
        context["listings"] = _home().home_upcoming_events(limit=value["count"] or 6)
        return context


class PortalOpportunitiesBlock(blocks.StructBlock):
    """Current volunteering offers from the listings index."""

    heading = _heading()
    count = _count(6)

    class Meta:
        icon = "group"
        label = _("Engagement-Angebote")
        template = "blocks/portal_opportunities.html"
        preview_value = {"heading": "Mitmachen und helfen", "count": 3}
        description = _("Die neuesten Gelegenheiten, sich in einem Verein zu engagieren.")

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context)
        context["listings"] = _home().home_opportunities(limit=value["count"] or 6)
        return context


class PortalExchangeBlock(blocks.StructBlock):
    """New public offers and requests of the clubs' exchange (the network)."""

    heading = _heading()
    count = _count(6)

    class Meta:
        icon = "resubmit"
        label = _("Neu im Netzwerk")
        template = "blocks/portal_exchange.html"
        preview_value = {"heading": "Neu im Netzwerk der Vereine", "count": 3}
        description = _("Die neuesten Angebote und Gesuche, die Vereine öffentlich zeigen.")

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context)
        context["posts"] = _home().home_exchange_posts(limit=value["count"] or 6)
        return context


class PortalCrisisBlock(blocks.StructBlock):
    """The crisis board: shown only while a crisis is on (the banner above every page names it)."""

    heading = _heading()
    count = _count(4, maximum=12)

    class Meta:
        icon = "warning"
        label = _("Krisenmodus: wo Hilfe gebraucht wird")
        template = "blocks/portal_crisis.html"
        preview_value = {"heading": "Jetzt wird Hilfe gebraucht", "count": 3}
        description = _("Erscheint nur, solange eine Krise ausgerufen ist: ihre offenen Gesuche.")

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context)
        # The active crisis comes from the context processor (one cache read, no query).
        crisis = (parent_context or {}).get("active_crisis")
        context["crisis"] = crisis
        context["needs"] = (
            _home().home_exchange_posts(limit=value["count"] or 4, crisis_id=crisis["id"]) if crisis else []
        )
        return context


class PortalCategoriesBlock(blocks.StructBlock):
    """Ways in by field of activity: the categories that have live clubs."""

    heading = _heading()

    class Meta:
        icon = "tag"
        label = _("Einstieg nach Bereich")
        template = "blocks/portal_categories.html"
        preview_value = {"heading": "Vereine nach Bereich"}
        description = _("Die Bereiche (Sport, Kultur, …) mit der Zahl ihrer Vereine.")

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context)
        context["categories"] = _home().home_categories()
        context["directory_url"] = reverse("clubs_portal:directory")
        return context


class PortalTownsBlock(blocks.StructBlock):
    """Ways in by town: a list of the region's towns (no map service, nothing from a third party)."""

    heading = _heading()
    count = _count(12, maximum=60)

    class Meta:
        icon = "site"
        label = _("Einstieg nach Ort")
        template = "blocks/portal_towns.html"
        preview_value = {"heading": "Vereine nach Ort", "count": 6}
        description = _("Die Orte der Region mit ihren Vereinen, Terminen und Angeboten.")

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context)
        context["towns"] = _home().home_towns(limit=value["count"] or 12)
        context["directory_url"] = reverse("clubs_portal:directory")
        return context


class PortalHomeStreamBlock(blocks.StreamBlock):
    """The portal home's body: its own blocks plus the text blocks of the shared vocabulary."""

    search = PortalSearchBlock()
    crisis = PortalCrisisBlock()
    numbers = PortalNumbersBlock()
    events = PortalEventsBlock()
    opportunities = PortalOpportunitiesBlock()
    exchange = PortalExchangeBlock()
    categories = PortalCategoriesBlock()
    towns = PortalTownsBlock()
    heading = BaseStreamBlock.base_blocks["heading"]
    rich_text = BaseStreamBlock.base_blocks["rich_text"]
    call_to_action = BaseStreamBlock.base_blocks["call_to_action"]
