"""The member list's table, rendered once per page and filled in for each row.

Wagtail renders a table from nested templates: per row a title cell with its action menu (a dozen
templates, about 1 ms) and a template per plain cell, each through a `{% component %}` tag. For a page
of 50 members that was most of what the page cost. Between rows the HTML differs only in the values:

* the title cell in the member's id (links), number (the text) and name (the menu's label): it is
  rendered once per page for a placeholder member and each row's values are put in its place;
* a plain cell (`<td>` around `{{ value }}`) in its value: its template is rendered once per column
  with a placeholder value (and once with None), each row's value goes in, formatted as `{{ value }}`
  formats it (render_value_in_context: localised, escaped);
* the table around the cells (table.html: head, `<tr>`, the text between cells and rows) is rendered
  once with three rows of markers, and the rows are joined with the text found between the markers;
  this frame is kept per process for what it reads (columns, table settings, query string, language).

What comes out is the very HTML the templates write (tests/office/test_query_counts.py compares the
whole table with ENABLED off). Whatever the placeholders cannot stand for (a member without a number,
a callable value, another column type, a markup the markers do not find) is rendered the usual way.
"""

import copy
import inspect
import re
from collections import OrderedDict
from decimal import Decimal
from functools import partialmethod
from html import escape as html_escape
from threading import Lock

from django.db.models import Model
from django.template import Context
from django.template.base import render_value_in_context
from django.templatetags.l10n import unlocalize
from django.utils.encoding import force_str
from django.utils.html import conditional_escape, escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

from wagtail.admin.ui.tables import Column, Table

from office.models import Member

_PK = 987_650_001_234
_NUMBER = 987_650_005_678
_PLACEHOLDER = {"pk": _PK, "number": _NUMBER, "last_name": "Zz9Stempelname", "first_name": "Zz9Stempelvorname"}
_VALUE = mark_safe("Zz9Stempelwert")  # noqa: S308 (a constant)
_MARKER_ROWS = 3
ENABLED = True  # off: every cell and row through the templates (the tests compare both)
FRAMES_KEPT = 256  # table frames kept per process (one per query string and language, a few kB each)
_frames: OrderedDict = OrderedDict()
_frames_lock = Lock()


class _Marker:
    """Stands for a row while the table's frame is rendered: each cell renders as a marker."""

    def __init__(self, row: int):
        self.row = row

    def cell(self, column) -> SafeString:
        return mark_safe(f"Zz9Marke{self.row}-{column.name}-Zz9")  # noqa: S308 (names of columns)


class StampedTitleCellMixin:
    """For the title column of MemberIndexView (a Wagtail TitleColumn with its buttons mixin)."""

    def render_cell_html(self, instance, parent_context):
        if isinstance(instance, _Marker):
            return instance.cell(self)
        stamp = self.__dict__.get("_stamp")
        if stamp is None:
            placeholder = Member(**_PLACEHOLDER)
            html = str(super().render_cell_html(placeholder, parent_context))
            parts = (escape(str(placeholder)), str(_PK), str(_NUMBER))
            # Usable only if the placeholder's values show up as plain text (and nothing else does). Cut
            # at them (the name first: it holds the number): text, value, text, value, …, text.
            usable = all(part in html for part in parts)
            pieces = re.split("(" + "|".join(map(re.escape, parts)) + ")", html)
            stamp = self._stamp = (pieces, parts) if usable else False
        if not (ENABLED and stamp) or not isinstance(instance, Member) or instance.number is None:
            return super().render_cell_html(instance, parent_context)
        pieces, (title, pk, number) = stamp
        values = {title: html_escape(str(instance)), pk: str(instance.pk), number: str(instance.number)}
        pieces = pieces.copy()
        pieces[1::2] = [values[placeholder] for placeholder in pieces[1::2]]
        return SafeString("".join(pieces))  # the name escaped above


class StampedColumn(Column):
    """A plain Column whose cell template is rendered twice per page (with a placeholder value and with
    None), not once per row."""

    _format = Context()  # what a template's `{{ value }}` sees: autoescape on, the active language

    def render_cell_html(self, instance, parent_context):
        if isinstance(instance, _Marker):
            return instance.cell(self)
        stamp = self.__dict__.get("_stamp")
        if stamp is None:
            stamp = self._stamp = self._stamp_of(self.get_cell_context_data(instance, parent_context))
        value = self._cell_value(instance) if ENABLED and stamp else None
        if not (ENABLED and stamp) or callable(value):  # a template calls a callable value
            return super().render_cell_html(instance, parent_context)
        before, after, empty = stamp
        if value is None:
            return empty
        if type(value) is str:  # render_value_in_context on a plain string: escape() without its lazy check
            return SafeString(before + html_escape(value) + after)
        if type(value) in (Decimal, float):  # localised once per page for each amount (number_format)
            numbers = self.__dict__.setdefault("_numbers", {})
            key = (type(value), str(value))  # str keeps a Decimal's places: 120 and 120.00 stay apart
            if key not in numbers:
                numbers[key] = render_value_in_context(value, self._format)
            return SafeString(before + numbers[key] + after)
        return SafeString(before + render_value_in_context(value, self._format) + after)

    def _cell_value(self, instance):
        """Column.get_cell_context_data's "value", without the rest of the cell's context."""
        value = self._value(instance)
        if type(value) is str:  # the common case, in short
            return value if value.strip() else self.empty_value_display
        if isinstance(value, int) and not isinstance(value, bool):
            value = unlocalize(value)
        return value if str(value).strip() else self.empty_value_display

    def _value(self, instance):
        """What multigetattr gives for a model instance and a plain name, without its failing item
        lookup; get_FOO_display read from the field's choices once per page, not once per cell."""
        accessor = self.accessor
        if type(accessor) is not str or "." in accessor or not isinstance(instance, Model):
            return self.get_value(instance)
        display = self._choices_of(type(instance))
        if display is not None:
            field, labels = display
            value = getattr(instance, field.attname)
            return labels.get(value, value) if isinstance(value, str) else self.get_value(instance)
        try:
            value = getattr(instance, accessor)
        except AttributeError:
            return self.get_value(instance)  # None, or the property's own error
        if callable(value):
            if getattr(value, "alters_data", False):
                return self.get_value(instance)  # refused by multigetattr
            try:
                value = value()
            except AttributeError:
                return None
        return value

    def _choices_of(self, model):
        """(field, {value: label}) if the accessor is Django's own get_FOO_display of `model`, else None."""
        cached = self.__dict__.get("_choices")
        if cached is None or cached[0] is not model:
            method = inspect.getattr_static(model, self.accessor, None)
            display = None
            if isinstance(method, partialmethod) and method.func is Model._get_FIELD_display:
                field = method.keywords["field"]
                display = field, {value: force_str(label, strings_only=True) for value, label in field.flatchoices}
            cached = self._choices = (model, display)
        return cached[1]

    def _stamp_of(self, context):
        html = str(self.cell_template.render({**context, "value": _VALUE}))
        if html.count(_VALUE) != 1:
            return False
        before, after = html.split(_VALUE)
        return before, after, self.cell_template.render({**context, "value": None})


class StampedTable(Table):
    """The table of the member list: its frame rendered once with marker rows, the rows joined in."""

    def render_html(self, parent_context=None):
        rows = list(self.data) if ENABLED else []
        frame = self._kept_frame(parent_context) if rows else None
        if frame is None:
            return super().render_html(parent_context)
        head, between_cells, between_rows, tail = frame
        context = self.get_context_data(parent_context)
        columns = list(self.columns.values())
        html = []
        for index, instance in enumerate(rows):
            context["row"] = Table.Row(self, instance, index)
            cells = [column.render_cell_html(instance, context) for column in columns]
            # {% component %} escapes what is not marked safe
            cells = [cell if type(cell) is SafeString else conditional_escape(cell) for cell in cells]
            html.append("".join(part for pair in zip(between_cells, cells, strict=True) for part in pair))
        return SafeString(head + between_rows.join(html) + tail)

    def _kept_frame(self, parent_context):
        """The frame, kept per process for what table.html and the column headers read: the columns, the
        table's settings, the query string (the headers' sort links keep it) and the language."""
        request = (parent_context or {}).get("request")
        try:
            key = (
                get_language(),
                tuple((name, tuple(values)) for name, values in request.GET.lists()) if request else None,
                type(self),
                self.template_name,
                tuple(sorted(self.attrs.items())),
                str(self.get_caption() or ""),
                self.header_row_classname,
                tuple(self.ordering) if isinstance(self.ordering, list) else self.ordering,
                self.base_url,
                tuple(
                    (type(c).__qualname__, c.name, str(c.label), c.sort_key, c.classname, c.width, c.header_template_name,
                     str(c.ascending_title_text or ""), str(c.descending_title_text or ""))
                    for c in self.columns.values()
                ),
            )  # fmt: skip
            hash(key)
        except TypeError:  # something unhashable: no keeping
            return self._frame(parent_context)
        with _frames_lock:
            if key in _frames:
                _frames.move_to_end(key)
                return _frames[key]
        frame = self._frame(parent_context)
        with _frames_lock:
            _frames[key] = frame
            while len(_frames) > FRAMES_KEPT:
                _frames.popitem(last=False)
        return frame

    def _frame(self, parent_context):
        """(head, [text before each cell], text between rows, tail) of table.html, or None."""
        if not all(isinstance(c, StampedColumn | StampedTitleCellMixin) for c in self.columns.values()) or (
            type(self).get_row_attrs is not Table.get_row_attrs
            or type(self).get_row_classname is not Table.get_row_classname
        ):
            return None
        frame = copy.copy(self)
        frame.data = [_Marker(row) for row in range(_MARKER_ROWS)]
        html = str(Table.render_html(frame, parent_context))
        markers = [[marker.cell(column) for column in self.columns.values()] for marker in frame.data]
        if any(html.count(marker) != 1 for row in markers for marker in row):
            return None
        # Cut at the markers: the text before the first marker, between markers, and after the last.
        parts, position = [], 0
        for row in markers:
            for marker in row:
                start = html.index(marker, position)
                parts.append(html[position:start])
                position = start + len(marker)
        tail = html[position:]
        width = len(self.columns)
        rows = [parts[r * width : (r + 1) * width] for r in range(_MARKER_ROWS)]
        # rows[r][0] is the text before row r's first cell: the head for row 0, the gap between rows after.
        between_cells = ["", *rows[1][1:]]
        if any(row[1:] != rows[1][1:] for row in rows) or rows[1][0] != rows[2][0]:
            return None
        return rows[0][0], between_cells, rows[1][0], tail


def stamped(columns: list) -> list:
    """The columns, each plain Column (exactly that class) replaced by a stamped copy."""
    result = []
    for column in columns:
        if type(column) is Column:
            column = copy.copy(column)
            column.__class__ = StampedColumn
        result.append(column)
    return result
