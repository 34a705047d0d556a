"""Sanitising text that comes from outside (FIM imports, stored template definitions) before it is
stored or shown.

Two kinds of slots: plain text (names, labels, help texts, option labels, rule texts) keeps no
markup at all, and rich text (the text of an info field) keeps a short allow-list of tags. Both use
nh3 (the Ammonia sanitiser): an HTML5 parser, not a regular expression, decides what is a tag.
Rich text is cleaned when it is imported and again when it is rendered (`|hh_richtext`), so a
definition that reached the database some other way is still safe to show.
"""

from __future__ import annotations

import html
import re

import nh3

RICH_TAGS = frozenset({"p", "br", "strong", "b", "em", "i", "ul", "ol", "li", "a", "h3", "h4"})
RICH_ATTRIBUTES = {"a": {"href"}}
URL_SCHEMES = frozenset({"http", "https", "mailto", "tel"})
LINK_REL = "noopener noreferrer"
_BLOCK_TAGS = ("<p", "<ul", "<ol", "<h3", "<h4")
_ENCODED_TAG = re.compile(r"&(?:amp;)*lt;\s*[/!?]?[a-zA-Z]")


def clean_rich_text(value: str | None) -> str:
    """HTML limited to paragraphs, emphasis, lists, headings and http(s)/mailto/tel links.

    Markup that was escaped once more (`&lt;script&gt;`) is decoded and cleaned as well, so it is
    dropped like real markup instead of being shown as text that looks like code.
    """
    if not value:
        return ""
    text = str(value)
    for _round in range(4):
        cleaned = nh3.clean(
            text,
            tags=set(RICH_TAGS),
            attributes={tag: set(names) for tag, names in RICH_ATTRIBUTES.items()},
            url_schemes=set(URL_SCHEMES),
            link_rel=LINK_REL,
            strip_comments=True,
        )
        if not _ENCODED_TAG.search(cleaned):
            break
        text = cleaned.replace("&amp;", "&").replace("&lt;", "<").replace("&gt;", ">")
    return cleaned.strip()


def rich_text_from_import(value: str | None) -> str:
    """Rich text for a Wagtail rich text block: cleaned, and wrapped in a paragraph if it has none.

    Text without any markup (the usual FIM `inhalt`) keeps its paragraphs and line breaks.
    """
    if value and "<" not in value:
        paragraphs = [p.strip() for p in re.split(r"\n\s*\n", plain_text(value)) if p.strip()]
        value = "".join(
            f"<p>{'<br>'.join(html.escape(line.strip()) for line in p.splitlines())}</p>" for p in paragraphs
        )
    cleaned = clean_rich_text(value)
    if cleaned and not cleaned.lower().startswith(_BLOCK_TAGS):
        cleaned = f"<p>{cleaned}</p>"
    return cleaned


def plain_text(value: str | None) -> str:
    """The text without any markup (tags dropped, script and style content with them).

    Cleaned until nothing changes, so markup that was escaped once more (`&lt;script&gt;`) is
    dropped as well instead of coming back as a tag after unescaping.
    """
    if not value:
        return ""
    text = str(value)
    for _round in range(4):
        if "<" not in text and "&" not in text:
            break
        cleaned = html.unescape(nh3.clean(text, tags=set(), strip_comments=True))
        if cleaned == text:
            break
        text = cleaned
    return text.strip()
