"""The table of the authority's inbox (portal admin, `InboxAdmin`).

modeladmin renders each row and each cell of its list through an inclusion tag that takes the whole
admin context, which is copied for every one of the ~200 cells of a page: the bulk of the inbox's
rendering time. Here the same cells (modeladmin's `items_for_result`, so `list_display` and the
badges stay the single description of the columns) and the same row buttons go into one template.
"""

from django import template
from django.contrib.admin.templatetags.admin_list import result_headers
from django.template.loader import get_template
from django.utils.safestring import mark_safe

from wagtail_modeladmin.templatetags.modeladmin_tags import items_for_result

register = template.Library()


@register.inclusion_tag("forms_assistant/admin/inbox_result_list.html")
def inbox_result_list(view, object_list, request):
    button_template = get_template("modeladmin/includes/button.html")
    with_buttons = view.model_admin.get_list_display(request).index(
        view.model_admin.get_list_display_add_buttons(request)
    )
    rows = []
    for obj in object_list:
        cells = list(items_for_result(view, obj, request))
        buttons = [button_template.render({"button": button}) for button in view.get_buttons_for_obj(obj)]
        if buttons:
            actions = "".join(f"<li>{button}</li>" for button in buttons)
            # the cell ends in "</td>": the buttons go inside it, as modeladmin puts them
            cells[with_buttons] = mark_safe(f'{cells[with_buttons][:-5]}<ul class="actions">{actions}</ul></td>')
        rows.append({"pk": obj.pk, "cells": cells})
    return {"view": view, "result_headers": list(result_headers(view)), "rows": rows}
