"""Writes of the portal: its page tree (public schema) and the listings index fed by club sites.

The listings index (`Listing`, public schema) mirrors what clubs publish. It is kept in sync from
club requests by the signal handlers in `sites.portal.signals`, which call the `listing_*`
functions below, and rebuilt from the club trees by `manage.py rebuild_listings`.

Club pages are read inside the club's schema; the listing rows are public-only, so writing them
from a club's search path (`<club>, public`) reaches the public table. A page type takes part by
implementing `listing_payload() -> dict` (see docs in `_row_from_payload`): duck typing, so the
portal needs no import of the club page types.
"""

import logging
from collections.abc import Iterable

from django.db import connection, transaction
from django.db.models import Exists, OuterRef, Prefetch, prefetch_related_objects
from django.db.models.functions import Left, Length
from django.utils import timezone

from wagtail.models import Page, PageViewRestriction, Site, get_page_models

from django_tenants.utils import get_public_schema_name, schema_context, schema_exists

from cms.constants import ListingKind, TargetGroup, TimeCommitment
from cms.public_urls import url_host, url_path
from sites.clubs.constants import ClubKind
from sites.clubs.models import Club
from sites.clubs.selectors import host_url

from .constants import CLUB_ROW_PAGE_ID, POSTAL_CODE_CENTROIDS
from .models import Listing, PortalHomePage, SearchSubscription
from .selectors import listings_changed

logger = logging.getLogger(__name__)


@transaction.atomic
def portal_tree_ensure(*, hostname: str) -> PortalHomePage:
    """The portal's home page and Wagtail Site; idempotent. Call inside the public schema."""
    home = PortalHomePage.objects.first()
    if home is None:
        root = Page.get_first_root_node()
        for child in root.get_children():
            child.delete()
        home = root.add_child(
            instance=PortalHomePage(
                title="Heldenhelfer",
                slug="home",
                intro=(
                    "<p>Der Heldenhelfer hält Ehrenamtlerinnen und Ehrenamtlern den Rücken frei: "
                    "Vereinsseiten, Anträge an die Verwaltung und Hilfe zwischen Vereinen – an einem Ort.</p>"
                ),
            )
        )
        home.save_revision().publish()
    Site.objects.exclude(root_page=home).delete()
    Site.objects.update_or_create(
        root_page=home,
        defaults={"hostname": hostname, "port": 80, "is_default_site": True, "site_name": "Heldenhelfer"},
    )
    return home


# --- the listings index -------------------------------------------------------------------------

# Fields compared to decide whether a row changed (and its iCalendar SEQUENCE goes up).
CONTENT_FIELDS = (
    "kind",
    "title",
    "summary",
    "host",
    "path",
    "image_url",
    "starts_at",
    "ends_at",
    "is_cancelled",
    "place",
    "postal_code",
    "town",
    "latitude",
    "longitude",
    "categories",
    "target_groups",
    "time_commitment",
    "skills",
    "language",
    "search_text",
    "club_name",
    "is_visible",
)
_LISTING_KINDS = frozenset(ListingKind.values) - {ListingKind.CLUB}
_TARGET_GROUPS = dict(TargetGroup.choices)
_TIME_COMMITMENTS = frozenset(TimeCommitment.values)  # `.values` builds a new list on every use


def current_listing_club() -> Club | None:
    """The club whose schema is active, or None in the public and the template schema."""
    schema = getattr(connection, "schema_name", get_public_schema_name())
    if schema == get_public_schema_name():
        return None
    tenant = getattr(connection, "tenant", None)
    club = tenant if isinstance(tenant, Club) else Club.objects.filter(schema_name=schema).first()
    if club is None or club.kind != ClubKind.CLUB:
        return None
    return club


def listing_page_models() -> list[type[Page]]:
    """Page types that implement the listing contract (`listing_payload`)."""
    return [model for model in get_page_models() if callable(getattr(model, "listing_payload", None))]


def _club_facts(club: Club) -> dict:
    """What every row of a club carries: categories, the club's base URL, names for search."""
    categories = list(club.categories.all())
    return {
        "category_slugs": [c.slug for c in categories],
        "category_names": " ".join(c.name for c in categories),
        "hostname": _primary_hostname(club),
        "club_name": club.display_name[:200],
    }


def _primary_hostname(club: Club) -> str | None:
    from sites.clubs.models import Domain

    prefetched = getattr(club, "primary_domains", None)  # listing_rebuild fetches them for all clubs
    if prefetched is not None:
        return prefetched[0].domain if prefetched else None
    domain = Domain.objects.filter(tenant_id=club.pk, is_primary=True).values_list("domain", flat=True).first()
    return domain


def _club_location(hostname: str | None, url: str) -> tuple[str, str]:
    """Host and path of a page on the club's current primary host (the page's Site may lag behind).

    Stored without scheme and port: links are made absolute when rendered (Listing.url).
    """
    return (hostname or url_host(url))[:253], url_path(url)[:500]


def _image_location(hostname: str | None, url: str) -> str:
    """An image on the club's own host is kept as its path (its host and port may change)."""
    if hostname and url_host(url) == hostname.lower():
        return url_path(url)
    return url


def _coordinates(postal_code: str) -> tuple[float | None, float | None]:
    return POSTAL_CODE_CENTROIDS.get((postal_code or "").strip(), (None, None))


def _text(value, limit: int | None = None) -> str:
    text = "" if value is None else str(value).strip()
    return text[:limit] if limit else text


def _row_from_payload(*, club: Club, facts: dict, page_id: int, payload: dict) -> dict | None:
    """Validate a page's `listing_payload()` into row values; None if it is not for the region.

    Keys: kind, title, summary, url, image_url, starts_at, ends_at, place, postal_code, town,
    target_groups, time_commitment, skills, language, search_text; optional: is_cancelled.
    """
    kind = payload.get("kind")
    if kind not in _LISTING_KINDS or not _text(payload.get("title")) or not payload.get("url"):
        return None
    target_groups = [g for g in (payload.get("target_groups") or []) if g in _TARGET_GROUPS]
    time_commitment = payload.get("time_commitment") or ""
    if time_commitment not in _TIME_COMMITMENTS:
        time_commitment = ""
    postal_code = _text(payload.get("postal_code"), 10) or club.postal_code
    town = _text(payload.get("town"), 120) or club.town
    latitude, longitude = _coordinates(postal_code)
    host, path = _club_location(facts["hostname"], payload["url"])
    skills = payload.get("skills") or ""
    if isinstance(skills, list | tuple):
        skills = ", ".join(str(s) for s in skills)
    search_words = " ".join(
        [
            _text(payload.get("search_text")),
            # Target groups by their German names ("Jugendliche", "Familien"); the club's
            # categories are searchable on the club's own row only (else every page of a
            # "Kinder & Jugend" club would match "Kinder").
            " ".join(str(_TARGET_GROUPS[g]) for g in target_groups),
        ]
    )
    return {
        "kind": kind,
        "title": _text(payload.get("title"), 255),
        "summary": _text(payload.get("summary"), 2000),
        "host": host,
        "path": path,
        "image_url": _image_location(facts["hostname"], _text(payload.get("image_url")))[:500],
        "starts_at": payload.get("starts_at"),
        "ends_at": payload.get("ends_at"),
        "is_cancelled": bool(payload.get("is_cancelled") or payload.get("cancelled")),
        "place": _text(payload.get("place"), 255),
        "postal_code": postal_code,
        "town": town,
        "latitude": latitude,
        "longitude": longitude,
        "categories": facts["category_slugs"],
        "target_groups": target_groups,
        "time_commitment": time_commitment,
        "skills": _text(skills, 2000),
        "language": _text(payload.get("language"), 10) or "de",
        "search_text": search_words[:20000],
        "club_name": facts["club_name"],
        "is_visible": club.is_public,
    }


def _club_row(*, club: Club, facts: dict) -> dict | None:
    if not facts["hostname"]:
        return None
    latitude, longitude = _coordinates(club.postal_code)
    return {
        "kind": ListingKind.CLUB,
        "title": club.display_name[:255],
        "summary": club.description,
        "host": facts["hostname"],
        "path": "/",
        "image_url": club.logo.url if club.logo else "",
        "starts_at": None,
        "ends_at": None,
        "is_cancelled": False,
        "place": club.street,
        "postal_code": club.postal_code,
        "town": club.town,
        "latitude": latitude,
        "longitude": longitude,
        "categories": facts["category_slugs"],
        "target_groups": [],
        "time_commitment": "",
        "skills": "",
        "language": "de",
        "search_text": f"{club.name} {facts['category_names']}",
        "club_name": facts["club_name"],
        "is_visible": club.is_public,
    }


def _rows_from_pages(*, club: Club, facts: dict, pages: Iterable[Page]) -> dict[int, dict]:
    rows: dict[int, dict] = {}
    for page in pages:
        if page.pk in rows:
            continue
        try:
            payload = page.listing_payload()
            if "is_cancelled" not in payload and isinstance(getattr(page, "is_cancelled", None), bool):
                payload["is_cancelled"] = page.is_cancelled  # EventPage: status "cancelled"
            row = _row_from_payload(club=club, facts=facts, page_id=page.pk, payload=payload)
        except Exception:
            # One broken page must not keep the rest of the club out of the overview.
            logger.exception("listing_payload failed for page %s of %s", page.pk, club.schema_name)
            continue
        if row is not None:
            rows[page.pk] = row
    return rows


def _live_listing_pages(subtree_of: Page | None = None) -> list[Page]:
    """Published, public pages of listing types in the current schema (optionally under a page).

    Each model's own manager is queried instead of `.specific()`: content type ids differ between
    the public and the club schemas, and Django caches them per process.

    A rebuild of 2,000 clubs is mostly round trips, so what the payloads read is fetched here once
    per schema, not per model or per page: the view restrictions (a subquery; Wagtail's `public()`
    asks for them first, once per model), the locale and the image (joined), the images'
    renditions (one query for all models) and the site root paths that `get_url_parts` needs
    (handed to every page, which otherwise asks the cache once per page for them).
    """
    # Wagtail's `public()`: not at or below a page with a view restriction (asked in each query).
    restricted = PageViewRestriction.objects.filter(page__path=Left(OuterRef("path"), Length("page__path")))
    pages: list[Page] = []
    images = []
    for model in listing_page_models():
        queryset = model.objects.live().exclude(Exists(restricted)).select_related("locale")
        image_field = next((f for f in model._meta.get_fields() if f.name == "image" and f.is_relation), None)
        if image_field is not None:
            queryset = queryset.select_related("image")
        if subtree_of is not None:
            queryset = queryset.filter(path__startswith=subtree_of.path)
        model_pages = list(queryset)
        if image_field is not None:
            images.extend(page.image for page in model_pages if page.image is not None)
        pages.extend(model_pages)
    if images:
        prefetch_related_objects(images, "renditions")
    if pages:
        root_paths = Site.get_site_root_paths()
        for page in pages:
            page._wagtail_cached_site_root_paths = root_paths
    return pages


def _apply_rows(*, club: Club, rows: dict[int, dict], scope_page_ids: Iterable[int] | None) -> dict[str, int]:
    """Upsert changed rows, delete rows in scope that are gone; unchanged rows stay untouched.

    `scope_page_ids` None means "the whole club" (rebuild); otherwise only those ids may be deleted.
    """
    existing_qs = Listing.objects.filter(club=club)
    if scope_page_ids is not None:
        scope = set(scope_page_ids) | set(rows)
        existing_qs = existing_qs.filter(page_id__in=scope)
    existing = {row["page_id"]: row for row in existing_qs.values("id", "page_id", "sequence", *CONTENT_FIELDS)}
    now = timezone.now()
    to_create, to_update = [], []
    for page_id, values in rows.items():
        old = existing.get(page_id)
        if old is None:
            to_create.append(Listing(club=club, page_id=page_id, first_seen_at=now, updated_at=now, **values))
        elif any(old[f] != values[f] for f in CONTENT_FIELDS):
            to_update.append(
                Listing(
                    id=old["id"], club=club, page_id=page_id, sequence=old["sequence"] + 1, updated_at=now, **values
                )
            )
    gone = [old["id"] for page_id, old in existing.items() if page_id not in rows]
    if gone:
        Listing.objects.filter(id__in=gone).delete()
    if to_create:
        _copy_listings(to_create)
    if to_update:
        Listing.objects.bulk_update(to_update, [*CONTENT_FIELDS, "sequence", "updated_at"], batch_size=500)
    return {"created": len(to_create), "updated": len(to_update), "deleted": len(gone)}


def _copy_listings(listings: list[Listing]) -> None:
    """Insert new rows with PostgreSQL's COPY (the search vector is generated by the database).

    A club's first rebuild writes ~50 rows: `bulk_create` compiles and sends them as one INSERT
    with ~1,300 literals for the server to parse, measured here at ~35 ms per club (14 ms of it
    Python); COPY takes ~7 ms (1 ms Python). Values go through the fields' own database
    preparation, as with `save()`.
    """
    fields = [f for f in Listing._meta.concrete_fields if not f.primary_key and not f.generated]
    columns = ", ".join(connection.ops.quote_name(f.column) for f in fields)
    table = connection.ops.quote_name(Listing._meta.db_table)
    # Django's cursor sets the search path; COPY is psycopg's, on that cursor, with database
    # errors raised as Django's (IntegrityError on a duplicate row, as bulk_create would).
    sql = f"COPY {table} ({columns}) FROM STDIN"
    with connection.wrap_database_errors, connection.cursor() as cursor, cursor.cursor.copy(sql) as copy:
        for listing in listings:
            copy.write_row([f.get_db_prep_save(getattr(listing, f.attname), connection) for f in fields])


def listing_sync_subtree(*, page: Page) -> dict[str, int] | None:
    """Bring the rows of a page and everything below it in line with the club's tree.

    Covers publish, unpublish, move, slug change and view restrictions: what is live and public
    is (re)written, what is not is removed. No-op outside a club schema (portal, template).
    """
    club = current_listing_club()
    if club is None:
        return None
    try:
        with transaction.atomic():
            facts = _club_facts(club)
            subtree_ids = list(Page.objects.filter(path__startswith=page.path).values_list("pk", flat=True))
            rows = _rows_from_pages(club=club, facts=facts, pages=_live_listing_pages(subtree_of=page))
            return _apply_rows(club=club, rows=rows, scope_page_ids=subtree_ids)
    except Exception:
        # Publishing in the club's admin must never fail because of the overview; rebuild heals it.
        logger.exception("listing sync failed for page %s in %s", page.pk, club.schema_name)
        return None


def listing_remove_page(*, page_id: int) -> None:
    """A club page was deleted: its row goes (no-op outside a club schema)."""
    club = current_listing_club()
    if club is None:
        return
    Listing.objects.filter(club=club, page_id=page_id).exclude(page_id=CLUB_ROW_PAGE_ID).delete()


def listing_sync_club(*, club: Club) -> None:
    """The club's own row, its visibility, categories and host on every row (public tables only).

    Called on club save (rename, deactivation, going live), category changes and domain changes; reads no
    club schema, so it is cheap enough for the request that changed the club.
    """
    if club.kind != ClubKind.CLUB:
        return
    with transaction.atomic():
        facts = _club_facts(club)
        rows = list(Listing.objects.filter(club=club).exclude(page_id=CLUB_ROW_PAGE_ID))
        changed = []
        for row in rows:
            new_host = (facts["hostname"] or row.host)[:253]
            if (
                row.host != new_host
                or row.categories != facts["category_slugs"]
                or row.is_visible != club.is_public
                or row.club_name != facts["club_name"]
            ):
                row.host = new_host
                row.categories = facts["category_slugs"]
                row.is_visible = club.is_public
                row.club_name = facts["club_name"]
                row.sequence += 1
                row.updated_at = timezone.now()
                changed.append(row)
        if changed:
            Listing.objects.bulk_update(
                changed, ["host", "categories", "is_visible", "club_name", "sequence", "updated_at"]
            )
        # Always: a deactivation must hide the club from cached searches at once.
        listings_changed()
        club_row = _club_row(club=club, facts=facts)
        _apply_rows(
            club=club,
            rows={CLUB_ROW_PAGE_ID: club_row} if club_row else {},
            scope_page_ids=[CLUB_ROW_PAGE_ID],
        )


def listing_rebuild_club(*, club: Club, schema_present: bool | None = None) -> dict[str, int]:
    """Rebuild all rows of one club from its tree; idempotent (unchanged rows are not written).

    `schema_present`: whether the club's schema exists, if the caller knows it already.
    """
    if schema_present is None:
        schema_present = schema_exists(club.schema_name)
    if club.kind != ClubKind.CLUB or not schema_present:
        deleted, _detail = Listing.objects.filter(club=club).delete()
        return {"created": 0, "updated": 0, "deleted": deleted}
    facts = _club_facts(club)
    with schema_context(club.schema_name):
        rows = _rows_from_pages(club=club, facts=facts, pages=_live_listing_pages())
    club_row = _club_row(club=club, facts=facts)
    if club_row:
        rows[CLUB_ROW_PAGE_ID] = club_row
    with transaction.atomic():
        return _apply_rows(club=club, rows=rows, scope_page_ids=None)


def listing_rebuild_new_club(*, club_id: int) -> None:
    """After a club was provisioned (on commit): its starter pages join the index."""
    club = Club.objects.filter(pk=club_id, kind=ClubKind.CLUB).first()
    if club is None:
        return
    try:
        listing_rebuild_club(club=club)
    except Exception:
        # The club exists either way; `rebuild_listings` heals the index.
        logger.exception("listing rebuild after provisioning failed for %s", club.schema_name)


# Clubs fetched (with categories and domains) per round of a rebuild; also its connection's lifetime.
REBUILD_CHUNK = 100


def listing_rebuild(*, slug: str | None = None, slugs: Iterable[str] | None = None, stdout=None) -> dict[str, int]:
    """Rebuild the index for one club (`slug`), several (`slugs`) or all (neither); after a
    rebuild of all clubs, rows of clubs that no longer exist are dropped."""
    from sites.clubs.models import Domain

    chosen = [slug] if slug else list(slugs) if slugs is not None else None
    # What every club needs from the public schema, fetched per chunk of clubs, not per club.
    clubs = Club.objects.filter(kind=ClubKind.CLUB).prefetch_related(
        "categories",
        Prefetch("domains", queryset=Domain.objects.filter(is_primary=True).order_by("pk"), to_attr="primary_domains"),
    )
    if chosen is not None:
        clubs = clubs.filter(slug__in=chosen)
    schemas = None  # one club: schema_exists()
    if chosen is None or len(chosen) > 1:  # one catalogue query instead of schema_exists() per club
        with connection.cursor() as cursor:
            cursor.execute("SELECT nspname FROM pg_catalog.pg_namespace")
            schemas = {name for (name,) in cursor.fetchall()}
    totals = {"clubs": 0, "created": 0, "updated": 0, "deleted": 0}
    last_pk = 0
    while chunk := list(clubs.filter(pk__gt=last_pk).order_by("pk")[:REBUILD_CHUNK]):
        for club in chunk:
            present = None if schemas is None else club.schema_name in schemas
            result = listing_rebuild_club(club=club, schema_present=present)
            totals["clubs"] += 1
            for key, value in result.items():
                totals[key] += value
            if stdout is not None and totals["clubs"] % 100 == 0:
                stdout.write(f"  … {totals['clubs']} Vereine")
        last_pk = chunk[-1].pk
        if len(chunk) == REBUILD_CHUNK and not connection.in_atomic_block:
            # PostgreSQL keeps every table and index a connection has touched in its catalogue
            # cache, never evicting: measured ~0.5 MB per club schema, so one connection through
            # 2,000 clubs would grow to ~1 GB. A fresh connection per chunk caps that.
            connection.close()
    if chosen is None:
        totals["deleted"] += Listing.objects.exclude(club__kind=ClubKind.CLUB).delete()[0]
    return totals


# --- "notify me about new matches" ------------------------------------------------------------


def _portal_link(name: str, *args) -> str:
    """Absolute URL of a portal view; from any host or a management command (portal URLconf)."""
    from django.conf import settings
    from django.urls import reverse

    return host_url(settings.HH_BASE_DOMAIN, reverse(name, args=args, urlconf=settings.PUBLIC_SCHEMA_URLCONF))


def subscription_request(*, email: str, filters: dict) -> SearchSubscription:
    """Store an unconfirmed subscription and send the confirmation link (double opt-in)."""
    import secrets

    from django.core.mail import send_mail
    from django.template.loader import render_to_string
    from django.utils.translation import gettext as _

    subscription = SearchSubscription(email=email.strip().lower(), filters=filters, token=secrets.token_urlsafe(32))
    subscription.full_clean()
    subscription.save()
    context = {
        "confirm_url": _portal_link("portal:subscription_confirm", subscription.token),
        "unsubscribe_url": _portal_link("portal:subscription_cancel", subscription.token),
        "filters": filters,
    }
    send_mail(
        subject=_("Bitte bestätigen Sie Ihre Benachrichtigung von Heldenhelfer"),
        message=render_to_string("portal/email/subscription_confirm.txt", context),
        from_email=None,
        recipient_list=[subscription.email],
    )
    return subscription


def subscription_confirm(*, token: str) -> SearchSubscription | None:

    subscription = SearchSubscription.objects.filter(token=token).first()
    if subscription is not None and subscription.confirmed_at is None:
        subscription.confirmed_at = timezone.now()
        subscription.save(update_fields=["confirmed_at"])
    return subscription


def subscription_cancel(*, token: str) -> bool:
    """One-click unsubscribe: the row is deleted (nothing about the person is kept)."""

    deleted, _detail = SearchSubscription.objects.filter(token=token).delete()
    return bool(deleted)


def subscriptions_notify(*, now=None) -> int:
    """E-mail every confirmed subscriber the matches that are new since the last message."""
    from django.core.mail import EmailMessage
    from django.template.loader import render_to_string
    from django.utils.translation import gettext as _

    from .selectors import ListingFilters, listings_new_since

    now = now or timezone.now()
    sent = 0
    for subscription in SearchSubscription.objects.filter(confirmed_at__isnull=False).iterator():
        since = subscription.last_sent_at or subscription.confirmed_at
        matches = listings_new_since(filters=ListingFilters.from_dict(subscription.filters), since=since)
        if not matches:
            continue
        unsubscribe_url = _portal_link("portal:subscription_cancel", subscription.token)
        message = EmailMessage(
            subject=_("Neu bei Heldenhelfer: %(n)d passende Einträge") % {"n": len(matches)},
            body=render_to_string(
                "portal/email/subscription_matches.txt",
                {"matches": matches, "unsubscribe_url": unsubscribe_url, "filters": subscription.filters},
            ),
            to=[subscription.email],
            headers={"List-Unsubscribe": f"<{unsubscribe_url}>", "List-Unsubscribe-Post": "List-Unsubscribe=One-Click"},
        )
        message.send()
        subscription.last_sent_at = now
        subscription.save(update_fields=["last_sent_at"])
        sent += 1
    return sent
