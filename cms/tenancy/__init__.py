"""The tenancy core: what makes one Django/Wagtail installation serve the portal and every club.

Everything here works for any tenant model; no module imports a domain app (sites, community,
forms_assistant, office: tests/cms/test_core_imports.py). The domain apps tell the core what it
needs from them through `hooks`.

* `middleware` – `ClubTenantMiddleware`: the club (or the portal) of a request from its Host header.
* `hosts` – host → club and the host's Wagtail site, kept per process for the middleware.
* `invalidation` – one way to invalidate: generations per schema and host in the shared cache.
* `page_cache` – whole pages, fragments and shared objects for anonymous visitors, per schema.
* `schema_caches` – Django's and Wagtail's small lookups (content types, locales, restrictions)
  kept per schema.
* `guards` – `portal_only` / `club_only` (decorator) and `PortalOnlyMixin` / `ClubOnlyMixin`.
* `hooks` – what domain apps register: purge triggers, the theme stylesheet.
* `deletion` – Django's delete cascade kept inside the current schema (decision 0002).
* `migration_executor` – `migrate_schemas` over the schemas that are behind, in our own pool.

Every run-time patch of upstream code that these need is assigned in cms/monkey_patches.py.
"""
