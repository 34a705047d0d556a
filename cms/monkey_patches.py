"""Every change we make to third-party code at run time, in one place (installed by `cms.apps`).

* Wagtail's date pickers (jQuery xdsoft datetimepicker) replace a typed value they cannot parse
  with the current date and time when the field loses focus ("validateOnBlur"): a date typed
  another way went live as "now". Switched off, the typed text reaches the server, which accepts
  German and ISO dates and answers anything else with a form error (cms/formats/).
* modeladmin shows a boolean column as Django admin's icon with `alt="True"`: Django's admin
  static files are not installed, so editors read "True". Wagtail's icon with "Ja"/"Nein" instead.
* Wagtail's login form declares its password field without a label: Django makes "Password"
  of the field name, in every language.
* Django gives a text area of a length-limited field the `maxlength` attribute: browsers then cut
  pasted text silently. Text areas carry `data-maxlength` instead; static/js/char-counter.js shows
  "120 von 2000 Zeichen" as one types, and the server's message names both numbers.
"""

from django.utils.html import format_html
from django.utils.translation import gettext, gettext_lazy


def install() -> None:
    _date_pickers_keep_what_was_typed()
    _boolean_icons_in_german()
    _login_form_labels()
    _text_areas_count_instead_of_cutting()


def _date_pickers_keep_what_was_typed() -> None:
    from wagtail.admin.widgets import datetime as widgets

    for widget in (widgets.AdminDateInput, widgets.AdminTimeInput, widgets.AdminDateTimeInput):
        if getattr(widget.get_config, "keeps_typed_value", False):
            continue
        widget.get_config = _without_validate_on_blur(widget.get_config)


def _without_validate_on_blur(get_config):
    def get_config_keeping_typed_value(self):
        return {**get_config(self), "validateOnBlur": False}

    get_config_keeping_typed_value.keeps_typed_value = True
    return get_config_keeping_typed_value


def _boolean_icons_in_german() -> None:
    # display_for_field/display_for_value import the function from this module when called.
    from django.contrib.admin.templatetags import admin_list

    admin_list._boolean_icon = boolean_icon


def boolean_icon(value: bool | None) -> str:
    """Wagtail's tick, cross or question mark with a German text for screen readers."""
    name, text, colour = {
        True: ("check", gettext("Ja"), "w-text-positive-100"),
        False: ("cross", gettext("Nein"), "w-text-text-error"),
        None: ("help", gettext("Unbekannt"), ""),
    }[value]
    return format_html(
        '<svg class="icon icon-{} default {}" aria-hidden="true"><use href="#icon-{}"></use></svg>'
        '<span class="w-sr-only">{}</span>',
        name,
        colour,
        name,
        text,
    )


def _login_form_labels() -> None:
    from wagtail.admin.forms.auth import LoginForm

    LoginForm.base_fields["password"].label = gettext_lazy("Passwort")


def _text_areas_count_instead_of_cutting() -> None:
    from django import forms

    widget_attrs = forms.CharField.widget_attrs
    if getattr(widget_attrs, "counts_instead_of_cutting", False):
        return

    def counting_widget_attrs(self, widget):
        attrs = widget_attrs(self, widget)
        if isinstance(widget, forms.Textarea) and "maxlength" in attrs:
            attrs["data-maxlength"] = attrs.pop("maxlength")
            attrs["data-counter-text"] = gettext_lazy("%(count)s von %(max)s Zeichen")
            attrs["data-counter-over"] = gettext_lazy("%(over)s Zeichen zu viel – bitte kürzen.")
        return attrs

    counting_widget_attrs.counts_instead_of_cutting = True
    forms.CharField.widget_attrs = counting_widget_attrs
