"""Every change we make to third-party code at run time, in one place (installed by `cms.apps`).

Each patch names the upstream code it replaces; all were written against the versions in
`UPSTREAM_VERSIONS`. tests/cms/test_monkey_patches.py fails when an installed version differs:
then read the upstream change log for the patched names, re-run the tests named below, and move
the version here. The replacements that are more than a few lines live in their topic's module;
the assignment is always here.

Tenancy (one schema per club):
* `django.db.models.deletion.get_candidate_relations_to_delete` — the delete cascade stays in the
  current schema (cms/tenancy/deletion.py, decision 0002; tests/tenancy/test_rule_2_…).
* `ContentType.objects._cache` — one content type cache per (alias, schema) instead of the one
  django-tenants empties on every schema switch (cms/tenancy/schema_caches.py, decision 0024).
* `wagtail.models.i18n.LocaleManager.get_for_language` — memoised per schema and language
  (cms/tenancy/schema_caches.py).
* `wagtail.models.Page.get_view_restrictions` — skips Wagtail's two queries where a schema has no
  view restriction at all (cms/tenancy/schema_caches.py).
* `django.db.migrations.recorder.MigrationRecorder.has_table` — one catalogue lookup in the
  current schema instead of listing every table on the search path (cms/tenancy/migration_executor.py,
  decision 0010; tests/cms/test_migration_executor.py).
* `modelcluster.models.ClusterableModel.__init__` — a row loaded from the database (positional
  values, no keyword arguments) skips the scan of every field of the model for child relations
  that only keyword arguments can carry: about a tenth of a club home's Python calls without any
  cache (issue 16; tests/cms/test_monkey_patches.py).
* `wagtail.images.models.AbstractImage.get_rendition` — a rendition found in the renditions
  cache is used as found and its entry's lifetime renewed (`touch`), instead of being written
  back (pickled with its image) on every use: per picture of a page without any other cache.
  The image object keeps what it found per filter (the club home asks twice: hero and og:image).
* `wagtail.models.Page.get_url_parts` — kept on the request per page, URL path and language
  (a `reverse()` under a language override each; the club home asked twice for its home).
* `django.utils.translation.trans_real.DjangoTranslation.gettext` — remembers each message's
  translation per catalogue object: Django keeps one dictionary per app's catalogue (28 for
  German here) and walks all of them twice for every German msgid, which no catalogue holds.
* `get_admin_base_url` in `wagtail.admin.utils`, `.userbar` and `.templatetags.wagtailadmin_tags`
  — links in Wagtail's e-mails point at the host the user can sign in on (cms/public_urls.py).
* `wagtail_modeladmin.views.HistoryView.dispatch` — answers 404 unless the user may inspect or
  edit the row (tests/tenancy/test_url_isolation.py).

Editors' admin:
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

from django.http import Http404
from django.utils.html import format_html
from django.utils.translation import gettext, gettext_lazy

# The distributions whose code is patched below, at the versions the patches were written against.
UPSTREAM_VERSIONS = {
    "Django": "5.2.19",
    "wagtail": "8.0.1",
    "django-tenants": "4.0.1",
    "wagtail-modeladmin": "2.5.0",
    "django-modelcluster": "6.5",
}


def install() -> None:
    _delete_cascade_stays_in_schema()
    _content_types_per_schema()
    _locales_per_schema()
    _view_restrictions_only_where_any()
    _migrations_table_in_current_schema()
    _clusterable_rows_without_relation_scan()
    _cached_renditions_not_written_back()
    _page_url_parts_once_per_request()
    _translations_remembered()
    _admin_links_to_the_users_host()
    _modeladmin_history_asks_permission()
    _date_pickers_keep_what_was_typed()
    _boolean_icons_in_german()
    _login_form_labels()
    _text_areas_count_instead_of_cutting()


# --- tenancy ----------------------------------------------------------------------------------------


def _delete_cascade_stays_in_schema() -> None:
    from django.db.models import deletion

    from cms.tenancy import deletion as schema_deletion

    deletion.get_candidate_relations_to_delete = schema_deletion._schema_aware_candidates


def _content_types_per_schema() -> None:
    from django.contrib.contenttypes.models import ContentType

    from cms.tenancy.schema_caches import SchemaContentTypeCache

    if not isinstance(ContentType.objects._cache, SchemaContentTypeCache):
        ContentType.objects._cache = SchemaContentTypeCache()


def _locales_per_schema() -> None:
    from wagtail.models.i18n import LocaleManager

    from cms.tenancy.schema_caches import _cached_get_for_language

    if not getattr(LocaleManager.get_for_language, "_per_schema", False):
        LocaleManager.get_for_language = _cached_get_for_language(LocaleManager.get_for_language)
        LocaleManager.get_for_language._per_schema = True


def _view_restrictions_only_where_any() -> None:
    from wagtail.models import Page

    from cms.tenancy.schema_caches import _view_restrictions_if_any

    if not getattr(Page.get_view_restrictions, "_per_schema", False):
        Page.get_view_restrictions = _view_restrictions_if_any(Page.get_view_restrictions)
        Page.get_view_restrictions._per_schema = True


def _migrations_table_in_current_schema() -> None:
    from django.db.migrations.recorder import MigrationRecorder

    from cms.tenancy import migration_executor  # keeps the stock method before it is replaced

    MigrationRecorder.has_table = migration_executor._has_table


def _clusterable_rows_without_relation_scan() -> None:
    """modelcluster's constructor lists the model's child relations (every field of the model,
    one `isinstance` each) to find them among the keyword arguments, for every page row loaded.
    Without keyword arguments (`Model.from_db`, positional values) there is nothing to find: the
    same call of the next constructor in the class's MRO, without the scan."""
    from modelcluster.models import ClusterableModel

    original = ClusterableModel.__init__
    if getattr(original, "_hh_fast_rows", False):
        return

    def __init__(self, *args, **kwargs):
        if kwargs:
            original(self, *args, **kwargs)
        else:
            super(ClusterableModel, self).__init__(*args)

    __init__._hh_fast_rows = True
    ClusterableModel.__init__ = __init__


def _cached_renditions_not_written_back() -> None:
    """Wagtail's `get_rendition` reads a rendition from the renditions cache and then sets it there
    again, pickling the rendition with its image, on every call. A hit is used as found (with the
    image it was asked of, as Wagtail does) and its lifetime renewed like the set would; a miss,
    prefetched renditions and everything else go to Wagtail's own method."""
    from wagtail.images.models import AbstractImage, Filter

    original = AbstractImage.get_rendition
    if getattr(original, "_hh_touch_only", False):
        return

    filters: dict = {}  # spec -> Filter, whose parsed operations (an `inspect` each) it keeps

    def get_rendition(self, filter):
        spec = None
        if type(filter) in (str, Filter):
            name = filter if isinstance(filter, str) else filter.spec
            spec = filters.get(name)
            if spec is None:
                spec = Filter(spec=name)
                if len(filters) < 500:
                    filters[name] = spec
        if spec is not None and self._get_prefetched_renditions() is None:
            # This image object's own renditions, by filter: a page shows its picture and names it
            # in the head (og:image) with the same filter; one cache read then, not one each.
            # Dies with the object (a request's page and its related rows).
            known = self.__dict__.get("_hh_renditions")
            if known is not None and spec.spec in known:
                return known[spec.spec]
            Rendition = self.get_rendition_model()
            spec = self.clean_filter_for_svg(spec)
            key = Rendition.construct_cache_key(self, spec.get_cache_key(self), spec.spec)
            rendition = Rendition.cache_backend.get(key)
            if rendition is not None and rendition.filter_spec == spec.spec:
                rendition.image = self
                Rendition.cache_backend.touch(key)
                self.__dict__.setdefault("_hh_renditions", {})[spec.spec] = rendition
                return rendition
        return original(self, filter)

    get_rendition._hh_touch_only = True
    AbstractImage.get_rendition = get_rendition


def _page_url_parts_once_per_request() -> None:
    """Wagtail's `Page.get_url_parts` reverses `wagtail_serve` under a language override on every
    call (~60 µs); a club home asks it twice for the home (menu and canonical link). With an
    HttpRequest, the answer is kept on the request per page, URL path and active language
    (Wagtail keeps the site root paths it depends on there too); it goes with the request."""
    from django.http import HttpRequest
    from django.utils.translation import get_language

    from wagtail.models import Page

    original = Page.get_url_parts
    if getattr(original, "_hh_per_request", False):
        return

    def get_url_parts(self, request=None):
        if not isinstance(request, HttpRequest) or self.pk is None:
            return original(self, request=request)
        known = request.__dict__.setdefault("_hh_url_parts", {})
        key = (self.pk, self.url_path, get_language())
        if key not in known:
            known[key] = original(self, request=request)
        return known[key]

    get_url_parts._hh_per_request = True
    Page.get_url_parts = get_url_parts


def _translations_remembered() -> None:
    """A catalogue object (DjangoTranslation) is complete once made and then shared by every
    request in its language (Django makes a new one when catalogues are reloaded); its answers
    are kept on it, at most 20,000 messages."""
    from django.utils.translation.trans_real import DjangoTranslation

    original = DjangoTranslation.gettext
    if getattr(original, "_hh_remembered", False):
        return

    def gettext(self, message):
        memo = self.__dict__.get("_hh_gettext")
        if memo is None:
            memo = self._hh_gettext = {}
        try:
            return memo[message]
        except (KeyError, TypeError):
            result = original(self, message)
            if len(memo) < 20_000 and isinstance(message, str):
                memo[message] = result
            return result

    gettext._hh_remembered = True
    DjangoTranslation.gettext = gettext


def _admin_links_to_the_users_host() -> None:
    """Wagtail builds links in its e-mails (password reset, moderation, workflow, comments) from
    `get_admin_base_url()`, i.e. one WAGTAILADMIN_BASE_URL for all hosts: the portal's. Club
    editors can only sign in on their club's host. Wagtail imports the function by name into the
    modules that use it; each is pointed at `cms.public_urls.admin_base_url`."""
    from wagtail.admin import userbar, utils
    from wagtail.admin.templatetags import wagtailadmin_tags

    from cms.public_urls import admin_base_url

    for module in (utils, userbar, wagtailadmin_tags):
        module.get_admin_base_url = admin_base_url


def _modeladmin_history_asks_permission() -> None:
    """wagtail-modeladmin's history view checks no permission: anyone with admin access could read
    the log (and the title) of any row by its number, e.g. another authority's application."""
    from wagtail_modeladmin.views import HistoryView

    if getattr(HistoryView, "_hh_guarded", False):
        return
    original = HistoryView.dispatch

    def dispatch(self, request, *args, **kwargs):
        helper = self.permission_helper
        if not (
            helper.user_can_inspect_obj(request.user, self.instance)
            or helper.user_can_edit_obj(request.user, self.instance)
        ):
            raise Http404
        return original(self, request, *args, **kwargs)

    HistoryView.dispatch = dispatch
    HistoryView._hh_guarded = True


# --- editors' admin ----------------------------------------------------------------------------------


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
