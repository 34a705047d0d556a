"""What the pages forget after a write of the exchange (docs: "which change purges which cache")."""

import secrets

from django.core.cache import cache
from django.db import transaction

from django_tenants.utils import get_public_schema_name, schema_context

from cms.tenancy.page_cache import page_cache_purge
from community.selectors import ACTIVE_CRISES_KEY, crisis_page_generation_key


def _pages_changed(*, portal: bool = False, crisis_slugs=()) -> None:
    """After the commit, forget the cached pages that show what changed (docs: "which change
    purges which cache"): the portal's pages of the exchange (`/netzwerk/`, a post's page) when a
    public post changed, and the page of each crisis whose needs changed."""
    slugs = {slug for slug in crisis_slugs if slug}

    def purge():
        if portal:
            page_cache_purge(schema=get_public_schema_name())
        for slug in slugs:
            crisis_cache_clear(slug=slug)

    if portal or slugs:
        transaction.on_commit(purge)


def crisis_cache_clear(*, slug: str | None = None) -> None:
    """Forget the cached active crises (banner) and a crisis page; keys live under the public schema.

    A crisis page is kept per host, language and the full-page cache's generations
    (`selectors.crisis_page_cache_key`), so it is forgotten by a new generation of its slug."""
    with schema_context(get_public_schema_name()):
        cache.delete(ACTIVE_CRISES_KEY)
        if slug:
            cache.set(crisis_page_generation_key(slug), secrets.token_hex(6), None)
