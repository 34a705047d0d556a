"""`|hh_richtext`: rich text of a form definition (info fields), sanitised where it is shown.

Used instead of `|safe`: the text was cleaned when it was imported, and is cleaned again here
(defence in depth), so a definition stored some other way cannot bring markup that runs.
"""

from django import template
from django.utils.safestring import mark_safe

from forms_assistant.richtext import clean_rich_text

register = template.Library()


@register.filter
def hh_richtext(value) -> str:
    return mark_safe(clean_rich_text(value))  # noqa: S308 - allow-listed by nh3 just now
