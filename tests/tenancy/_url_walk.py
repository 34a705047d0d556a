"""Turning every pattern of a URL configuration into a concrete URL (tests/tenancy/test_url_isolation.py).

`url_table` walks the URLconf and fills each path parameter with the victim's id where the URL names
its row (`ID_RULES`), a dummy otherwise; `request_rolled_back` asks one URL inside a savepoint that is rolled back.
"""

import re
import uuid

from django.db import transaction
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, resolve
from django.urls.exceptions import Resolver404
from django.utils.regex_helper import normalize

# Patterns whose URL cannot be derived from the pattern itself, spelled out.
EXPLICIT_URLS = {
    "^.*/$": "/admin/gibt-es-nicht/",  # Wagtail admin's catch-all (answers unknown admin paths)
}


# --- walking the URL configuration ------------------------------------------------------------------


def leaves(patterns, prefix=(), namespace=None):
    for entry in patterns:
        if isinstance(entry, URLResolver):
            ns = namespace
            if entry.namespace:
                ns = f"{namespace}:{entry.namespace}" if namespace else entry.namespace
            yield from leaves(entry.url_patterns, (*prefix, entry), ns)
        elif isinstance(entry, URLPattern):
            name = f"{namespace}:{entry.name}" if namespace and entry.name else entry.name
            yield (*prefix, entry), name or str(entry.pattern)


def matches(name: str, table: dict) -> str | None:
    for key in table:
        if key.endswith("*") and name.startswith(key[:-1]):
            return key
        if name == key:
            return key
    return None


def param_value(param: str, converter, name: str, ids: dict) -> str:
    """A value for one path parameter: the victim's id where the URL names its row, else a dummy."""
    kind = type(converter).__name__ if converter else ""
    if param in ("app_label", "app_name", "model_name"):  # a model: the private snippet model
        return {"model_name": ids.get("model_name", "contactmessage")}.get(param, "pages")
    if kind == "SlugConverter" or param == "slug":
        return ids.get("slug", "alpha")
    if kind == "UUIDConverter":
        return str(uuid.UUID(int=1))
    if kind in ("StringConverter", "PathConverter") and param not in ("pk", "instance_pk"):
        known = {"uidb64": "MQ", "token": "x-y", "object_id": "1"}
        return known.get(param, "x")
    for pattern, key in ID_RULES:
        if re.search(pattern, f"{name}/{param}"):
            return str(ids.get(key, 1))
    return "1"


# Which victim id fills which parameter: (regex on "<url name>/<parameter>", key in `ids`).
ID_RULES = [
    (r"^wagtailadmin_pages:", "page"),
    (r"^fa_club:event/pk$", "event"),
    (r"^fa_(club|inbox):.*/pk$", "application"),
    (r"^forms_assistant_application_modeladmin_.*/instance_pk$", "application"),
    (r"^forms_assistant_authority_modeladmin_.*/instance_pk$", "authority"),
    (r"^community_admin:.*/pk$", "post"),
    (r"^community_post_modeladmin_.*/instance_pk$", "post"),
    (r"^community:post/pk$", "post"),
    (r"^clubs_club_modeladmin_.*/instance_pk$", "club"),
    (r"^office_member:.*/pk$", "member"),
    (r"^office_mandate:.*/pk$", "mandate"),
    (r"^office_feegroup:.*/pk$", "fee_group"),
    (r"^office_department:.*/pk$", "department"),
    (r"^office_finance_(booking_edit|booking_cancel|voucher)/pk$", "booking"),
    (r"^office_finance_statement(_entry|_bulk|_assign)?/pk$", "statement"),
    (r"^office_finance_statement_(entry|assign)/entry_pk$", "statement_entry"),
    (r"^office_finance_category_edit/pk$", "category"),
    (r"^office_finance_account_edit/pk$", "account"),
    (r"^office_finance_receipt_issue/pk$", "donation"),
    (r"^office_finance_receipt_(download|send)/pk$", "receipt"),
    (r"^office_member_data/pk$", "member"),
    (r"^office_mail_detail/pk$", "sent_message"),
    (r"^office_filter_delete/pk$", "saved_filter"),
    (r"^office_debit_.*/pk$", "debit_run"),
    (r"^office_dunning_pdf/pk$", "dunning_notice"),
    (r"^office_dunninglevel:.*/pk$", "dunning_level"),
    (r"^office_join_detail/pk$", "join_application"),
    (r"^office_assembly_.*/pk$", "assembly"),
    (r"^office_resolution_.*/pk$", "resolution"),
    # rows of the snippet model named by ids["model_name"] (its snippet views, chooser, localize API)
    (r"snippet.*/pk$", "snippet"),
    (r"^wagtailadmin_editing_sessions:.*/pk$", "snippet"),
]


def build(chain, name: str, ids: dict, regex_value: str | None = None) -> str | None:
    if name in EXPLICIT_URLS:
        return EXPLICIT_URLS[name]
    url = "/"
    for level in chain:
        regex = level.pattern.regex.pattern
        converters = getattr(level.pattern, "converters", {})
        fmt, params = normalize(regex)[0]
        values = {}
        for param in params:
            converter = converters.get(param)
            value = param_value(param, converter, name, ids)
            if converter is None and re.search(r"\(\?P<" + re.escape(param) + r">\\d|\(\\d", regex):
                value = value if value.isdigit() else "1"
            elif converter is None and regex_value is not None:
                value = regex_value
            values[param] = value
        try:
            url += fmt % values
        except (KeyError, TypeError):
            return None
    return url.replace("//", "/")


def url_table(urlconf: str, ids: dict) -> list[tuple[str, str, object]]:
    """[(name, concrete url, callback)] for every pattern of `urlconf`."""
    table = []
    for chain, name in leaves(get_resolver(urlconf).url_patterns):
        callback = chain[-1].callback
        url = build(chain, name, ids)
        # Unnamed regex groups (Wagtail's page path) may need another shape of value.
        for regex_value in ("x/", "", "1/"):
            if resolves_to(url, urlconf, callback):
                break
            url = build(chain, name, ids, regex_value)
        table.append((name, url, callback))
    return table


def resolves_to(url: str | None, urlconf: str, callback) -> bool:
    if url is None:
        return False
    try:
        match = resolve(url.split("?")[0], urlconf)
    except Resolver404:
        return False
    return match.func is callback or getattr(match.func, "__wrapped__", None) is callback


def is_admin(url: str) -> bool:
    return url.startswith("/admin/")


def request_rolled_back(client: Client, method: str, url: str) -> tuple[int, str, str]:
    """(status, location, body) of one request inside a savepoint that is rolled back."""
    cookies = client.cookies
    client.cookies = type(cookies)(cookies)

    class _Undo(Exception):
        pass

    result = None
    try:
        with transaction.atomic():
            response = getattr(client, method)(url)
            body = b"".join(response) if response.streaming else response.content
            result = (response.status_code, response.get("Location", ""), body.decode("utf-8", "replace"))
            raise _Undo
    except _Undo:
        pass
    finally:
        client.cookies = cookies
    return result


def login_redirect(location: str) -> bool:
    return "/login/" in location or "next=" in location
