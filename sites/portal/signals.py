"""Keeps the listings index in sync with what clubs publish and with the clubs themselves, and
the portal's cached pages with what they list (cms/tenancy/page_cache.py purges on publish and on club
changes; listings written later and exchange posts are purged here).

Handlers only translate signals into calls of `sites.portal.services`; they run in whatever
schema the signal fires in, and the services no-op in the portal and the template schema.
"""

from functools import partial

from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import receiver

from wagtail.models import Page, PageViewRestriction
from wagtail.signals import page_published, page_slug_changed, page_unpublished, post_page_move

from django_tenants.utils import get_public_schema_name

from cms.tenancy.page_cache import page_cache_purge
from sites.clubs.models import Club, Domain

from . import services


@receiver(page_published)
@receiver(page_unpublished)
def _page_published_or_unpublished(sender, instance, **kwargs):
    # Translations published by wagtail-localize arrive here too: they are pages of their own.
    services.listing_sync_subtree(page=instance)


@receiver(post_page_move)
def _page_moved(sender, instance, **kwargs):
    # The signal carries the page as it was before the move: read the new path.
    services.listing_sync_subtree(page=Page.objects.get(pk=instance.pk))


@receiver(page_slug_changed)
def _page_slug_changed(sender, instance, **kwargs):
    services.listing_sync_subtree(page=instance)


@receiver(post_delete)
def _page_deleted(sender, instance, **kwargs):
    if isinstance(instance, Page):
        services.listing_remove_page(page_id=instance.pk)


@receiver(post_save, sender=PageViewRestriction)
@receiver(post_delete, sender=PageViewRestriction)
def _view_restriction_changed(sender, instance, **kwargs):
    # A page made private (or public again) must leave (or rejoin) the overview with its subtree.
    page = Page.objects.filter(pk=instance.page_id).first()
    if page is not None:
        services.listing_sync_subtree(page=page)


@receiver(post_save, sender=Club)
def _club_saved(sender, instance, raw=False, created=False, **kwargs):
    if raw:
        return
    services.listing_sync_club(club=instance)
    if created:
        # A new club's schema is cloned with the template's live starter pages, and a clone sends
        # no page signals: once provisioning has committed, its tree is read into the index.
        transaction.on_commit(partial(_rebuild_new_club, club_id=instance.pk))


def _rebuild_new_club(*, club_id: int) -> None:
    services.listing_rebuild_new_club(club_id=club_id)
    # The rows arrive after the commit that purged the portal's cached pages for the new club:
    # its home, search and calendar must not keep showing the region without them.
    page_cache_purge(schema=get_public_schema_name())


@receiver(post_save, sender="community.Post")
@receiver(post_delete, sender="community.Post")
def _exchange_post_changed(sender, raw=False, **kwargs):
    # The portal's home lists the exchange's newest public offers and requests (and a crisis's needs).
    if not raw:
        page_cache_purge(schema=get_public_schema_name())


@receiver(m2m_changed, sender=Club.categories.through)
def _club_categories_changed(sender, instance, action, **kwargs):
    if action in ("post_add", "post_remove", "post_clear") and isinstance(instance, Club):
        services.listing_sync_club(club=instance)


@receiver(post_save, sender=Domain)
@receiver(post_delete, sender=Domain)
def _domain_changed(sender, instance, raw=False, **kwargs):
    if raw:
        return
    club = Club.objects.filter(pk=instance.tenant_id).first()
    if club is not None:
        services.listing_sync_club(club=club)
