"""The tenancy core: what makes one Django/Wagtail installation serve the portal and every club.

Everything here works for any tenant model; no module imports a domain app (sites, community,
forms_assistant, office: tests/cms/test_core_imports.py). The domain apps tell the core what it
needs from them through `cms.tenancy.hooks`.

* `deletion` – Django's delete cascade kept inside the current schema (decision 0002).
* `guards` – `portal_only` / `club_only` (decorator) and `PortalOnlyMixin` / `ClubOnlyMixin`.
* `hooks` – what domain apps register: purge triggers, the theme stylesheet, …
"""
