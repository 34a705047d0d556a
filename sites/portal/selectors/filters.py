"""What a visitor searches for (`ListingFilters`) and how it narrows the visible rows of the index."""

import math
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from django.db.models import Q, QuerySet
from django.db.models.expressions import RawSQL
from django.utils import timezone

from cms.constants import ListingKind
from sites.clubs.models import club_live_q
from sites.portal.constants import POSTAL_CODE_CENTROIDS
from sites.portal.models import Listing


def without_nul(value: str) -> str:
    """The text without NUL bytes, which PostgreSQL text fields and parameters cannot hold."""
    return (value or "").replace("\x00", "")


def visible_listings() -> QuerySet[Listing]:
    """Rows the public may see: of active clubs that went live, never of the portal or the template."""
    return Listing.objects.filter(club_live_q("club__"), is_visible=True)


@dataclass
class ListingFilters:
    """What a visitor searches for; built by `sites.portal.forms.listing_filters_from`."""

    q: str = ""
    kinds: list[str] = field(default_factory=list)
    categories: list[str] = field(default_factory=list)
    target_groups: list[str] = field(default_factory=list)
    time_commitments: list[str] = field(default_factory=list)
    languages: list[str] = field(default_factory=list)
    place: str = ""  # town name or postal code
    radius_km: int | None = None
    date_from: date | None = None
    date_to: date | None = None
    sort: str = ""
    include_past: bool = False
    club_id: int | None = None

    def __post_init__(self):
        # PostgreSQL text cannot hold NUL bytes: a "%00" in a shared link must not become a 500.
        for name in ("q", "place", "sort"):
            setattr(self, name, without_nul(getattr(self, name)))
        for name in ("kinds", "categories", "target_groups", "time_commitments", "languages"):
            setattr(self, name, [without_nul(v) for v in getattr(self, name)])

    def as_dict(self) -> dict:
        """JSON-safe form (stored with e-mail subscriptions)."""
        data = {k: v for k, v in self.__dict__.items() if v not in ("", [], None, False)}
        for key in ("date_from", "date_to"):
            if key in data:
                data[key] = data[key].isoformat()
        return data

    @classmethod
    def from_dict(cls, data: dict) -> "ListingFilters":
        data = dict(data)
        for key in ("date_from", "date_to"):
            if data.get(key):
                data[key] = date.fromisoformat(data[key])
        return cls(**{k: v for k, v in data.items() if k in cls.__dataclass_fields__})


def place_centre(place: str) -> tuple[float, float] | None:
    """Coordinates of a postal code or a town of the region, where known."""
    place = (place or "").strip()
    if place in POSTAL_CODE_CENTROIDS:
        return POSTAL_CODE_CENTROIDS[place]
    row = (
        Listing.objects.filter(town__iexact=place, latitude__isnull=False).values_list("latitude", "longitude").first()
    )
    return tuple(row) if row else None


def _distance_sql(lat: float, lon: float) -> RawSQL:
    # Great-circle distance in km (spherical law of cosines, clamped for acos).
    return RawSQL(
        "6371 * acos(least(1.0, greatest(-1.0, sin(radians(%s)) * sin(radians(latitude)) + "
        "cos(radians(%s)) * cos(radians(latitude)) * cos(radians(longitude) - radians(%s)))))",
        (lat, lat, lon),
    )


def radius_box(lat: float, radius_km: int) -> tuple[float, float]:
    """Half-sides in degrees (latitude, longitude) of the box around a centre that holds the radius."""
    return radius_km / 111.0, radius_km / (111.0 * max(0.1, math.cos(math.radians(lat))))


def unknown_place_note(place: str) -> str:
    from django.utils.translation import gettext as _

    return _("Für „%(place)s“ kennen wir keine Koordinaten; es wird nur nach dem Ort gesucht.") % {"place": place}


def date_bounds(filters: ListingFilters) -> tuple[datetime | None, datetime | None]:
    """[start, end) of the date filter in the current time zone; None where not set."""
    tz = timezone.get_current_timezone()
    start = datetime.combine(filters.date_from, time.min, tzinfo=tz) if filters.date_from else None
    end = datetime.combine(filters.date_to + timedelta(days=1), time.min, tzinfo=tz) if filters.date_to else None
    return start, end


def _apply_filters(queryset: QuerySet[Listing], filters: ListingFilters, notes: list[str]) -> QuerySet[Listing]:

    if filters.club_id:
        queryset = queryset.filter(club_id=filters.club_id)
    if filters.kinds:
        queryset = queryset.filter(kind__in=filters.kinds)
    if filters.categories:
        queryset = queryset.filter(categories__overlap=filters.categories)
    if filters.target_groups:
        queryset = queryset.filter(target_groups__overlap=filters.target_groups)
    if filters.time_commitments:
        queryset = queryset.filter(time_commitment__in=filters.time_commitments)
    if filters.languages:
        queryset = queryset.filter(language__in=filters.languages)
    if filters.place:
        centre = place_centre(filters.place) if filters.radius_km else None
        if centre:
            lat, lon = centre
            dlat, dlon = radius_box(lat, filters.radius_km)
            queryset = queryset.filter(
                latitude__range=(lat - dlat, lat + dlat), longitude__range=(lon - dlon, lon + dlon)
            ).filter(
                id__in=Listing.objects.annotate(distance=_distance_sql(lat, lon))
                .filter(
                    latitude__range=(lat - dlat, lat + dlat),
                    longitude__range=(lon - dlon, lon + dlon),
                    distance__lte=filters.radius_km,
                )
                .values("id")
            )
        else:
            if filters.radius_km:
                notes.append(unknown_place_note(filters.place))
            queryset = queryset.filter(Q(town__iexact=filters.place) | Q(postal_code=filters.place))
    start, end = date_bounds(filters)
    dated_kinds = [ListingKind.EVENT, ListingKind.NEWS]
    if start is not None:
        # Overlap with the range; events and news end when they start unless told otherwise,
        # opportunities without an end date stay open.
        queryset = queryset.filter(
            Q(ends_at__gte=start)
            | Q(ends_at__isnull=True, starts_at__isnull=True)
            | Q(ends_at__isnull=True, starts_at__gte=start)
            | (Q(ends_at__isnull=True) & ~Q(kind__in=dated_kinds))
        )
    elif not filters.include_past:
        # Past events and finished opportunities are history, not a way to get involved.
        now = timezone.now()
        queryset = queryset.exclude(
            Q(kind=ListingKind.EVENT, ends_at__isnull=True, starts_at__lt=now - timedelta(hours=6))
            | Q(kind=ListingKind.EVENT, ends_at__lt=now)
            | Q(kind=ListingKind.OPPORTUNITY, ends_at__lt=now)
        )
    if end is not None:
        queryset = queryset.filter(Q(starts_at__isnull=True) | Q(starts_at__lt=end))
    return queryset
