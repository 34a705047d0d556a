"""What the core needs from the domain apps, registered by them (the core imports none of them).

A domain app calls these from its `AppConfig.ready()`:

* `purge_on_change(model, schemas, hosts=…)` — saving or deleting a `model` row changes what
  pages show: `schemas(instance)` names the schemas whose caches go (`EVERY_SCHEMA` for all
  hosts), `hosts(instance)` the host names whose routing may change (cms/tenancy/invalidation.py).
  sites.clubs registers clubs and domains, community its crises.
* `register_theme_stylesheet(url_for)` — `url_for(request, club)` answers the URL of the club's
  colour stylesheet for `{% theme_stylesheet %}` (sites.pages).

The signal receivers live here, so the table "this change purges these keys" in
docs/architecture.md has one place to look for every trigger: `purge_triggers()` lists them.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from cms.tenancy.invalidation import EVERY_SCHEMA  # noqa: F401  (for the apps that register)

_purge_triggers: dict[str, Callable[[object], Iterable[str]]] = {}
_theme: list[Callable] = []


def purge_on_change(
    model, schemas: Callable[[object], Iterable[str]], hosts: Callable[[object], Iterable[str]] = lambda instance: ()
) -> None:
    """Purge the caches of `schemas(instance)` and `hosts(instance)` whenever a `model` row is
    saved or deleted."""
    from django.db.models.signals import post_delete, post_save

    from cms.tenancy import invalidation

    label = model._meta.label

    def purge(instance=None, **kwargs) -> None:
        for hostname in hosts(instance):
            invalidation.purge_host(hostname)
        for schema in schemas(instance):
            invalidation.purge(schema)

    _purge_triggers[label] = schemas
    post_save.connect(purge, sender=model, weak=False, dispatch_uid=f"cms.tenancy.purge.save.{label}")
    post_delete.connect(purge, sender=model, weak=False, dispatch_uid=f"cms.tenancy.purge.delete.{label}")


def purge_triggers() -> dict[str, Callable]:
    """Model label → the function naming the schemas a change of it purges (for docs and tests)."""
    return dict(_purge_triggers)


def register_theme_stylesheet(url_for: Callable) -> None:
    _theme[:] = [url_for]


def theme_stylesheet_url(request, club) -> str:
    """The URL of `club`'s colour stylesheet, or "" when no app serves one."""
    return _theme[0](request, club) if _theme else ""
