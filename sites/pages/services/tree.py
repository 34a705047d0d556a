"""Small helpers to build page trees: StreamField values, publishing, adding a child once."""

from datetime import datetime, time, timedelta

from django.utils import timezone

from wagtail.models import Page


def stream(*blocks: tuple[str, object]) -> list[tuple[str, object]]:
    """A StreamField value from (block name, value) pairs; Wagtail normalises dicts to StructValues."""
    return list(blocks)


def rich(html: str):
    from wagtail.rich_text import RichText

    return RichText(html)


def page_publish(page: Page) -> Page:
    page.save_revision().publish()
    return page


def child_add(parent: Page, page: Page, *, publish: bool = True) -> Page:
    """Add `page` under `parent` unless a child with its slug exists; publish it, or keep it as an
    unpublished draft (`publish=False`). Returns the page."""
    existing = parent.get_children().filter(slug=page.slug).specific().first()
    if existing:
        return existing
    if not publish:
        page.live = False
        parent.add_child(instance=page)
        page.save_revision()
        return page
    parent.add_child(instance=page)
    return page_publish(page)


def next_weekday_at(days_ahead: int, hour: int, minute: int = 0) -> datetime:
    day = timezone.localdate() + timedelta(days=days_ahead)
    return timezone.make_aware(datetime.combine(day, time(hour, minute)))
