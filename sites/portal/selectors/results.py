"""The answer of a search: `SearchResult`, the page's rows in order, the facet counts."""

from dataclasses import dataclass

from cms.constants import ListingKind, TargetGroup, TimeCommitment
from sites.clubs.models import Category
from sites.portal.models import Listing

_LIST_FIELDS = (
    "id",
    "club_id",
    "page_id",
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
    "categories",
    "target_groups",
    "time_commitment",
    "language",
    "club_name",
    "first_seen_at",
    "updated_at",
    "sequence",
)


@dataclass
class SearchResult:
    listings: list[Listing]
    total: int
    page: int
    num_pages: int
    facets: dict[str, list[tuple[str, str, int]]]
    notes: list[str]
    corrected_query: str = ""


def _facet_spec() -> tuple[list[tuple[str, str]], list[tuple[str, str, str]]]:
    """(categories, [(facet, value, SQL condition over the window's columns)]) in display order."""
    categories = [(slug, name) for slug, name in Category.objects.values_list("slug", "name")]
    spec = [("kinds", value, "kind = %s") for value, _label in ListingKind.choices]
    spec += [("target_groups", value, "%s = ANY(target_groups)") for value, _label in TargetGroup.choices]
    spec += [("time_commitments", value, "time_commitment = %s") for value, _label in TimeCommitment.choices]
    spec += [("categories", slug, "%s = ANY(categories)") for slug, _name in categories]
    return categories, spec


def _facets_from(categories: list, spec: list, counts: list[int]) -> dict[str, list[tuple[str, str, int]]]:
    labels = {
        "kinds": dict(ListingKind.choices),
        "target_groups": dict(TargetGroup.choices),
        "time_commitments": dict(TimeCommitment.choices),
        "categories": dict(categories),
    }
    facets: dict[str, list[tuple[str, str, int]]] = {key: [] for key in labels}
    for (facet, value, _condition), count in zip(spec, counts, strict=True):
        facets[facet].append((value, str(labels[facet][value]), count))
    return facets


def _rows_in_order(ids: list[int]) -> list[Listing]:
    rows = Listing.objects.filter(id__in=ids).select_related("club")
    by_id = {row.id: row for row in rows.only(*_LIST_FIELDS, "club__slug", "club__name", "club__short_name")}
    return [by_id[i] for i in ids if i in by_id]
