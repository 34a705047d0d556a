"""Read-only open-data API of the portal (django-ninja), documented at /api/openapi.json.

Everything comes from `selectors.visible_listings()` / `clubs_public()`: nothing unpublished,
private or of a deactivated club. Licence of the data: the clubs' own publications.
"""

from datetime import datetime

from django.http import Http404, HttpRequest

from ninja import Field, NinjaAPI, Query, Schema

from cms.constants import ListingKind, TargetGroup, TimeCommitment

from . import selectors
from .constants import PAGE_SIZE

api = NinjaAPI(
    title="Heldenhelfer Open Data",
    version="1.0.0",
    description=(
        "Offene Daten des Regionalportals: Engagement-Angebote, Veranstaltungen, Neuigkeiten und Vereine. "
        "Nur lesend, ohne Anmeldung. Seitenweise (page, page_size ≤ 100), filterbar. "
        "Quelle bleibt die Seite des Vereins (Feld `url`)."
    ),
    urls_namespace="portal:portal_api",  # nested in the portal app's URL namespace
    docs_url=None,  # Swagger UI would load scripts from a CDN; the OpenAPI document is enough.
    openapi_url="/openapi.json",
)


class ListingOut(Schema):
    id: int
    kind: ListingKind
    title: str
    summary: str
    url: str = Field(..., description="Die Seite beim Verein (Quelle)")
    image_url: str
    starts_at: datetime | None
    ends_at: datetime | None
    is_cancelled: bool
    place: str
    postal_code: str
    town: str
    categories: list[str]
    target_groups: list[TargetGroup]
    time_commitment: TimeCommitment | None
    language: str
    club: str = Field(..., description="Subdomain (slug) des Vereins")
    club_name: str
    updated_at: datetime

    @staticmethod
    def resolve_club(obj) -> str:
        return obj.club.slug

    @staticmethod
    def resolve_image_url(obj) -> str:
        return obj.image_absolute_url

    @staticmethod
    def resolve_time_commitment(obj) -> str | None:
        return obj.time_commitment or None


class ListingPage(Schema):
    count: int
    page: int
    num_pages: int
    page_size: int
    results: list[ListingOut]


class ListingFilterIn(Schema):
    q: str = Field("", max_length=200, description="Volltextsuche (deutsch, Wortanfänge)")
    kind: list[ListingKind] = Field(default_factory=list)
    category: list[str] = Field(default_factory=list, description="Kategorie-Kürzel, z. B. sport")
    target_group: list[TargetGroup] = Field(default_factory=list)
    time_commitment: list[TimeCommitment] = Field(default_factory=list)
    place: str = Field("", max_length=120, description="Ort oder Postleitzahl")
    club: str = Field("", max_length=40, description="Subdomain eines Vereins")
    include_past: bool = False
    page: int = Field(1, ge=1, le=100000)
    page_size: int = Field(PAGE_SIZE, ge=1, le=100)


class ClubOut(Schema):
    slug: str
    name: str
    short_name: str
    description: str
    town: str
    postal_code: str
    url: str
    categories: list[str]

    @staticmethod
    def resolve_categories(obj) -> list[str]:
        return [c.slug for c in obj.categories.all()]


class ClubPage(Schema):
    count: int
    page: int
    num_pages: int
    page_size: int
    results: list[ClubOut]


class ErrorOut(Schema):
    detail: str


@api.get("/listings", response=ListingPage, summary="Einträge der Übersicht", tags=["listings"])
def listings(request: HttpRequest, filters: Query[ListingFilterIn]):
    club_id = None
    if filters.club:
        club = selectors.club_public_by_slug(filters.club)
        club_id = club.pk if club else -1
    search = selectors.ListingFilters(
        q=filters.q,
        kinds=[str(k) for k in filters.kind],
        categories=filters.category,
        target_groups=[str(t) for t in filters.target_group],
        time_commitments=[str(t) for t in filters.time_commitment],
        place=filters.place,
        include_past=filters.include_past,
        club_id=club_id,
    )
    result = selectors.listing_search(filters=search, page=filters.page, page_size=filters.page_size, facets=False)
    if result.page != filters.page:
        result.listings = []
    return {
        "count": result.total,
        "page": filters.page,
        "num_pages": result.num_pages,
        "page_size": filters.page_size,
        "results": result.listings,
    }


@api.get("/listings/{listing_id}", response={200: ListingOut, 404: ErrorOut}, summary="Ein Eintrag", tags=["listings"])
def listing_detail(request: HttpRequest, listing_id: int):
    listing = selectors.visible_listings().select_related("club").filter(pk=listing_id).first()
    if listing is None:
        return 404, {"detail": "Nicht gefunden."}
    return 200, listing


@api.get("/clubs", response=ClubPage, summary="Vereine", tags=["clubs"])
def clubs(
    request: HttpRequest,
    town: str = Query("", max_length=120),
    category: str = Query("", max_length=80),
    page: int = Query(1, ge=1, le=100000),
    page_size: int = Query(PAGE_SIZE, ge=1, le=100),
):
    queryset = selectors.clubs_public().prefetch_related("categories", "domains").order_by("name", "pk")
    town, category = selectors.without_nul(town), selectors.without_nul(category)
    if town:
        queryset = queryset.filter(town__iexact=town)
    if category:
        queryset = queryset.filter(categories__slug=category).distinct()
    count = queryset.count()
    num_pages = max(1, -(-count // page_size))
    results = list(queryset[(page - 1) * page_size : page * page_size])
    return {"count": count, "page": page, "num_pages": num_pages, "page_size": page_size, "results": results}


@api.get("/clubs/{slug}", response={200: ClubOut, 404: ErrorOut}, summary="Ein Verein", tags=["clubs"])
def club_detail(request: HttpRequest, slug: str):
    club = selectors.club_public_by_slug(slug)
    if club is None:
        return 404, {"detail": "Nicht gefunden."}
    return 200, club


def _not_found(request, exc):
    return api.create_response(request, {"detail": "Nicht gefunden."}, status=404)


api.add_exception_handler(Http404, _not_found)
