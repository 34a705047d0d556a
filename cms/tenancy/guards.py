"""Which host a view or menu item exists on: the portal's, or a club's.

One way to ask and one way to refuse, for every app. The tenant model says what it is through two
properties (`is_portal`, `is_club`; `sites.clubs.models.Club` has both); the core never looks at
a kind field or imports the tenant model. A template schema or a deactivated club is neither a
portal nor a club that serves its own admin.

* `on_portal(request)` / `on_club(request)` — the question.
* `portal_only` / `club_only` — the decorator for a view function: 404 elsewhere (the view does
  not exist on that host; its tables may not even exist in that schema).
* `PortalOnlyMixin` / `ClubOnlyMixin` — the same for classes: a class-based view answers 404 in
  `dispatch`, a Wagtail menu item is hidden (`is_shown`), a viewset or modeladmin guards every
  URL it registers (`get_urlpatterns` / `get_admin_urls_for_registration`).
* `guard_urls(urls, guard)` — a list of URL patterns whose views all get the guard.
"""

from __future__ import annotations

from functools import wraps

from django.http import Http404
from django.urls import URLPattern


def on_portal(request) -> bool:
    """Whether the request came to the portal's host (the public schema's tenant)."""
    return bool(getattr(getattr(request, "tenant", None), "is_portal", False))


def on_club(request) -> bool:
    """Whether the request came to the host of a club (not the portal, not the template)."""
    return bool(getattr(getattr(request, "tenant", None), "is_club", False))


def _only(check, view):
    if getattr(view, "_hh_guard", None) is check:
        return view

    @wraps(view)
    def guarded(request, *args, **kwargs):
        if not check(request):
            raise Http404
        return view(request, *args, **kwargs)

    guarded._hh_guard = check
    return guarded


def portal_only(view):
    """The view exists only on the portal's host: elsewhere 404."""
    return _only(on_portal, view)


def club_only(view):
    """The view exists only on a club's host (it acts for `request.tenant`): elsewhere 404."""
    return _only(on_club, view)


def guard_urls(urls, guard) -> list:
    """`urls` (URL patterns, nested includes too) with every view wrapped in `guard`."""
    guarded = []
    for url in urls:
        if isinstance(url, URLPattern):
            url = URLPattern(url.pattern, guard(url.callback), url.default_args, url.name)
        else:  # an include: guard what it includes
            url.url_patterns[:] = guard_urls(url.url_patterns, guard)
        guarded.append(url)
    return guarded


class _HostOnlyMixin:
    _check = staticmethod(lambda request: False)
    _guard = staticmethod(lambda view: view)

    # class-based views
    def dispatch(self, request, *args, **kwargs):
        if not self._check(request):
            raise Http404
        return super().dispatch(request, *args, **kwargs)

    # Wagtail menu items
    def is_shown(self, request):
        return self._check(request) and super().is_shown(request)

    # Wagtail viewsets (snippets, choosers)
    def get_urlpatterns(self):
        return guard_urls(super().get_urlpatterns(), self._guard)

    # wagtail-modeladmin
    def get_admin_urls_for_registration(self):
        return tuple(guard_urls(super().get_admin_urls_for_registration(), self._guard))

    def get_menu_item(self, *args, **kwargs):
        item = super().get_menu_item(*args, **kwargs)
        shown, check = item.is_shown, self._check
        item.is_shown = lambda request: check(request) and shown(request)
        return item


class PortalOnlyMixin(_HostOnlyMixin):
    """Put first in the bases: only on the portal's host (views 404, menu items hidden)."""

    _check = staticmethod(on_portal)
    _guard = staticmethod(portal_only)


class ClubOnlyMixin(_HostOnlyMixin):
    """Put first in the bases: only on a club's host (views 404, menu items hidden)."""

    _check = staticmethod(on_club)
    _guard = staticmethod(club_only)
