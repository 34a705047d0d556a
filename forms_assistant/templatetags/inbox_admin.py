"""The table of the authority's inbox (portal admin, `InboxAdmin`).

modeladmin renders each row and each cell of its list through an inclusion tag that copies the
whole admin context (~200 times a page), and works out for every cell again what its column is
(field or method, CSS classes, attributes, the primary button). That was most of the inbox's
rendering time. Here the columns are worked out once per page and the rows go into one template;
`list_display` stays the one description of the columns, and the cells are made with the same
functions (`display_for_field`, `display_for_value`) and the same markup as modeladmin's.
"""

import datetime
from dataclasses import dataclass
from typing import Any

from django import template
from django.contrib.admin.templatetags.admin_list import result_headers
from django.contrib.admin.utils import display_for_field, display_for_value
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.forms.utils import flatatt
from django.template.loader import get_template
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from wagtail_modeladmin.options import ModelAdmin
from wagtail_modeladmin.templatetags.modeladmin_tags import items_for_result

register = template.Library()


@dataclass(frozen=True)
class _Column:
    name: str
    field: models.Field | None  # a model field, or else
    method: Any  # a method of the model admin (badges)
    classes: str
    attrs: str  # ' class="…"', made once
    empty: str
    primary: bool  # carries the link to the object and the row's buttons


def _columns(view, request) -> list[_Column] | None:
    """The columns of `list_display` as modeladmin's `items_for_result` sees them; None if one of
    them is of another kind (a model method, a lookup through a relation): modeladmin's way then."""
    model_admin = view.model_admin
    primary = model_admin.get_list_display_add_buttons(request)
    columns = []
    for name in view.list_display:
        try:
            field = view.model._meta.get_field(name)
        except FieldDoesNotExist:
            field, method = None, getattr(model_admin, name, None)
            if not callable(method):
                return None
        else:
            method = None
            if field.auto_created or field.is_relation and not field.many_to_one:
                return None
        nowrap = isinstance(field, models.DateField | models.TimeField | models.ForeignKey)
        classes = f"field-{name} title" + (" nowrap" if nowrap else "")
        empty = getattr(method, "empty_value_display", model_admin.get_empty_value_display(name))
        columns.append(_Column(name, field, method, classes, flatatt({"class": classes}), empty, name == primary))
    overridden = any(
        getattr(type(model_admin), hook) is not getattr(ModelAdmin, hook)
        for hook in ("get_extra_class_names_for_field_col", "get_extra_attrs_for_field_col")
    )
    return None if overridden else columns


def _cell(view, column: _Column, obj) -> str:
    attrs = column.attrs
    if column.field is not None:
        value = display_for_field(getattr(obj, column.name), column.field, column.empty)
    else:
        raw = column.method(obj)
        boolean = getattr(column.method, "boolean", False)
        value = display_for_value(raw, column.empty, boolean)
        if boolean or not raw or getattr(column.method, "allow_tags", False):
            value = mark_safe(value)
        if isinstance(raw, datetime.date | datetime.time):
            attrs = flatatt({"class": f"{column.classes} nowrap"})
    if str(value) == "":
        value = mark_safe("&nbsp;")
    if column.primary:
        button = view.button_helper.get_primary_button(obj)
        if button is not None and button.get("url"):
            return format_html(
                '<td{}><div class="title-wrapper"><a href="{}" title="{}">{}</a></div></td>',
                attrs,
                button["url"],
                button.get("title", ""),
                value,
            )
    return format_html("<td{}>{}</td>", attrs, value)


def _button(button: dict) -> str:
    """modeladmin/includes/button.html; a plain button (no icon, target, rel) without a template."""
    if any(button.get(key) for key in ("icon", "target", "rel")) or not button.get("url"):
        return get_template("modeladmin/includes/button.html").render({"button": button})
    return format_html(
        '<a href="{}" class="{}" title="{}">{}</a>',
        button["url"],
        button["classname"],
        button["title"],
        button["label"],
    )


@register.inclusion_tag("forms_assistant/admin/inbox_result_list.html")
def inbox_result_list(view, object_list, request):
    columns = _columns(view, request)
    rows = []
    for obj in object_list:
        if columns is None:
            cells = list(items_for_result(view, obj, request))
        else:
            cells = [_cell(view, column, obj) for column in columns]
        buttons = view.get_buttons_for_obj(obj)
        if buttons:
            at = view.list_display.index(view.model_admin.get_list_display_add_buttons(request))
            actions = "".join(f"<li>{_button(button)}</li>" for button in buttons)
            # the cell ends in "</td>": the buttons go inside it, as modeladmin puts them
            cells[at] = mark_safe(f'{cells[at][:-5]}<ul class="actions">{actions}</ul></td>')
        rows.append({"pk": obj.pk, "cells": cells})
    return {"view": view, "result_headers": list(result_headers(view)), "rows": rows}
