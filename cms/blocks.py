"""The one block vocabulary of Heldenhelfer: StreamField blocks that club sites and the portal share.

Every block has an icon, a German label, a template in `templates/blocks/` and a preview value,
so editors see what a block looks like before they add it. Page bodies use `BaseStreamBlock`.
"""

from django.utils.html import strip_tags
from django.utils.translation import gettext_lazy as _

from wagtail import blocks
from wagtail.contrib.table_block.blocks import TableBlock
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.embeds.blocks import EmbedBlock
from wagtail.images.blocks import ImageChooserBlock
from wagtail.rich_text import RichText

RICH_TEXT_FEATURES = ["h2", "h3", "h4", "bold", "italic", "ol", "ul", "link", "document-link", "hr"]


class ImageWithCaptionBlock(blocks.StructBlock):
    """One image with a required description for people who cannot see it."""

    image = ImageChooserBlock(label=_("Bild"))
    alt_text = blocks.CharBlock(
        label=_("Bildbeschreibung (Alternativtext)"),
        max_length=250,
        help_text=_(
            "Beschreiben Sie in einem Satz, was auf dem Bild zu sehen ist. Blinde Menschen bekommen "
            "diesen Text vorgelesen, z. B. „Kinder beim Staffellauf auf dem Sportplatz“."
        ),
    )
    caption = blocks.CharBlock(label=_("Bildunterschrift"), required=False, max_length=250)
    credit = blocks.CharBlock(
        label=_("Foto von"), required=False, max_length=120, help_text=_("Name der Fotografin / des Fotografen.")
    )

    class Meta:
        icon = "image"
        label = _("Bild mit Unterschrift")
        template = "blocks/image_with_caption.html"
        preview_value = {"alt_text": "Beispielbild", "caption": "Eine Bildunterschrift erklärt das Bild."}
        description = _("Ein einzelnes Bild mit Beschreibung und Unterschrift.")


class GalleryBlock(blocks.StructBlock):
    """A grid of images, each with its own description."""

    title = blocks.CharBlock(label=_("Überschrift"), required=False, max_length=120)
    images = blocks.ListBlock(ImageWithCaptionBlock(), label=_("Bilder"), min_num=1)

    class Meta:
        icon = "image"
        label = _("Bildergalerie")
        template = "blocks/gallery.html"
        preview_value = {"title": "Unser Sommerfest", "images": []}
        description = _("Mehrere Bilder als Raster, z. B. von einer Veranstaltung.")


class QuoteBlock(blocks.StructBlock):
    text = blocks.TextBlock(label=_("Zitat"))
    author = blocks.CharBlock(label=_("Von wem?"), required=False, max_length=120)
    role = blocks.CharBlock(
        label=_("Funktion oder Zusatz"), required=False, max_length=120, help_text=_("z. B. „Mitglied seit 1998“")
    )

    class Meta:
        icon = "openquote"
        label = _("Zitat")
        template = "blocks/quote.html"
        preview_value = {
            "text": "Im Verein habe ich Freundinnen fürs Leben gefunden.",
            "author": "Erika Muster",
            "role": "Mitglied seit 1998",
        }
        description = _("Ein hervorgehobener Satz mit Namen.")


class CallToActionBlock(blocks.StructBlock):
    """A short invitation with one button, linking to a page of the site or to an address."""

    title = blocks.CharBlock(label=_("Überschrift"), max_length=120)
    text = blocks.TextBlock(label=_("Text"), required=False)
    page = blocks.PageChooserBlock(
        label=_("Ziel: Seite dieser Website"), required=False, help_text=_("Entweder eine Seite hier auswählen …")
    )
    url = blocks.URLBlock(
        label=_("Ziel: Internetadresse"), required=False, help_text=_("… oder eine Adresse wie https://… eintragen.")
    )
    button_label = blocks.CharBlock(
        label=_("Beschriftung der Schaltfläche"), max_length=60, help_text=_("z. B. „Jetzt mitmachen“")
    )

    class Meta:
        icon = "pick"
        label = _("Aufruf mit Schaltfläche")
        template = "blocks/call_to_action.html"
        preview_value = {
            "title": "Mach mit!",
            "text": "Wir suchen Helferinnen und Helfer für unser Sommerfest.",
            "url": "https://example.org/",
            "button_label": "Jetzt mitmachen",
        }
        description = _("Eine Einladung mit Schaltfläche, z. B. zum Mitmachen oder Spenden.")

    def clean(self, value):
        from django.core.exceptions import ValidationError

        from wagtail.blocks.struct_block import StructBlockValidationError

        value = super().clean(value)
        if not value.get("page") and not value.get("url"):
            raise StructBlockValidationError(
                block_errors={"url": ValidationError(_("Bitte eine Seite auswählen oder eine Adresse eintragen."))}
            )
        return value


class EmbedWithTitleBlock(blocks.StructBlock):
    embed = EmbedBlock(
        label=_("Adresse des Videos oder Beitrags"),
        help_text=_(
            "z. B. die Adresse eines Videos. Damit keine Daten an andere Anbieter gehen, zeigen wir einen "
            "Link mit Titel; das Video öffnet sich erst nach einem Klick auf der Seite des Anbieters."
        ),
    )
    title = blocks.CharBlock(label=_("Titel"), max_length=120, help_text=_("Kurz sagen, worum es geht."))

    class Meta:
        icon = "media"
        label = _("Eingebettetes Video oder Medium")
        template = "blocks/embed.html"
        preview_value = {"title": "Unser Vereinsvideo"}
        description = _("Ein Video oder Beitrag von einer anderen Seite, datenschutzfreundlich als Link.")


class DocumentItemBlock(blocks.StructBlock):
    document = DocumentChooserBlock(label=_("Dokument"))
    title = blocks.CharBlock(
        label=_("Angezeigter Name"), required=False, max_length=120, help_text=_("Leer lassen für den Dokumentnamen.")
    )
    description = blocks.CharBlock(label=_("Kurze Beschreibung"), required=False, max_length=250)

    class Meta:
        icon = "doc-full"
        label = _("Dokument")


class DownloadsBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("Überschrift"), required=False, max_length=120)
    documents = blocks.ListBlock(DocumentItemBlock(), label=_("Dokumente"), min_num=1)

    class Meta:
        icon = "download"
        label = _("Downloads")
        template = "blocks/downloads.html"
        preview_value = {"title": "Formulare", "documents": []}
        description = _("Eine Liste von Dokumenten zum Herunterladen, z. B. Satzung und Formulare.")


class TextTableBlock(TableBlock):
    class Meta:
        icon = "table"
        label = _("Tabelle")
        template = "blocks/table.html"
        preview_value = {
            "first_row_is_table_header": True,
            "data": [
                ["Gruppe", "Tag", "Uhrzeit"],
                ["Kinder", "Montag", "16–17 Uhr"],
                ["Erwachsene", "Mittwoch", "19–21 Uhr"],
            ],
        }
        description = _("Eine Tabelle, z. B. Trainingszeiten oder Beiträge.")


class FaqItemBlock(blocks.StructBlock):
    question = blocks.CharBlock(label=_("Frage"), max_length=250)
    answer = blocks.RichTextBlock(label=_("Antwort"), features=["bold", "italic", "link", "ul", "ol"])

    class Meta:
        icon = "help"
        label = _("Frage und Antwort")


class FaqBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("Überschrift"), required=False, max_length=120)
    items = blocks.ListBlock(FaqItemBlock(), label=_("Fragen"), min_num=1)

    class Meta:
        icon = "help"
        label = _("Häufige Fragen")
        template = "blocks/faq.html"
        preview_value = {
            "title": "Häufige Fragen",
            "items": [{"question": "Kann ich einfach vorbeikommen?", "answer": "<p>Ja, gern!</p>"}],
        }
        description = _("Fragen mit aufklappbaren Antworten.")


class BaseStreamBlock(blocks.StreamBlock):
    """The body of content pages: every block of the vocabulary."""

    heading = blocks.CharBlock(
        label=_("Zwischenüberschrift"),
        icon="title",
        max_length=120,
        template="blocks/heading.html",
        preview_value="Was wir machen",
        description=_("Gliedert längere Seiten."),
    )
    rich_text = blocks.RichTextBlock(
        label=_("Text"),
        icon="pilcrow",
        features=RICH_TEXT_FEATURES,
        template="blocks/rich_text.html",
        preview_value="<p>Ein <b>Absatz</b> mit Text und einem Link.</p>",
        description=_("Absätze, Listen und Links."),
    )
    image = ImageWithCaptionBlock()
    gallery = GalleryBlock()
    quote = QuoteBlock()
    call_to_action = CallToActionBlock()
    embed = EmbedWithTitleBlock()
    downloads = DownloadsBlock()
    table = TextTableBlock()
    faq = FaqBlock()

    class Meta:
        block_counts = {}


def stream_plain_text(value) -> str:
    """Plain text of a StreamField (or any block value) for search and listings; no rendering."""
    parts: list[str] = []

    def walk(item):
        if item is None:
            return
        if isinstance(item, RichText):
            parts.append(strip_tags(item.source))
        elif isinstance(item, str):
            parts.append(item)
        elif isinstance(item, (blocks.StructValue, dict)):
            for key, sub in item.items():
                # Table data is a nested list; URLs and settings are not prose.
                if key in {"url", "first_row_is_table_header", "first_col_is_header", "table_caption"}:
                    continue
                walk(sub)
        elif isinstance(item, list | tuple | blocks.list_block.ListValue):
            for sub in item:
                walk(sub)
        elif hasattr(item, "value") and hasattr(item, "block_type"):
            walk(item.value)
        elif hasattr(item, "__iter__") and not hasattr(item, "pk"):
            for sub in item:
                walk(sub)

    walk(value)
    return " ".join(" ".join(p.split()) for p in parts if p and p.strip())
