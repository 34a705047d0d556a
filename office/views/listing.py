"""The member list's first cell (the number, linked, with the row's action menu), rendered once per page.

Wagtail renders a title cell and its action menu from a dozen nested templates, about 1 ms a row: half
of what a page of 50 members cost. Between rows the cell differs only in the member's id (links), number
(the text) and name (the menu's label). So the cell is rendered once per page for a placeholder member
and each row's values are put in place of the placeholder's; what comes out is the very HTML the
templates write (tests/office/test_query_counts.py compares them). A row the placeholder cannot
stand for is rendered the usual way.
"""

from django.utils.html import escape
from django.utils.safestring import mark_safe

from office.models import Member

_PK = 987_650_001_234
_NUMBER = 987_650_005_678
_PLACEHOLDER = {"pk": _PK, "number": _NUMBER, "last_name": "Zz9Stempelname", "first_name": "Zz9Stempelvorname"}
ENABLED = True  # off: every cell through the templates (the tests compare both)


class StampedTitleCellMixin:
    """For the title column of MemberIndexView (a Wagtail TitleColumn with its buttons mixin)."""

    def render_cell_html(self, instance, parent_context):
        stamp = self.__dict__.get("_stamp")
        if stamp is None:
            placeholder = Member(**_PLACEHOLDER)
            html = str(super().render_cell_html(placeholder, parent_context))
            parts = (escape(str(placeholder)), str(_PK), str(_NUMBER))
            # Usable only if the placeholder's values show up as plain text (and nothing else does).
            stamp = self._stamp = (html, parts) if all(part in html for part in parts) else False
        if not (ENABLED and stamp) or not isinstance(instance, Member) or instance.number is None:
            return super().render_cell_html(instance, parent_context)
        html, (title, pk, number) = stamp
        html = html.replace(title, escape(str(instance))).replace(pk, str(instance.pk))
        return mark_safe(html.replace(number, str(instance.number)))  # noqa: S308 (escaped above)
