"""The "Nach Ort" section of the directory, the event calendar and the search: a list of the towns
with their counts and a simple drawn map of them, both linking to the page filtered by the town.

The map is an inline SVG drawn here from the towns' coordinates (`selectors.towns`): no tiles, no
map service, no script, nothing requested from anyone. The region is drawn as the padded outline
of its known places (`constants.POSTAL_CODE_CENTROIDS`, so it does not change shape with a
search), each town as a dot sized by its count with its name, as a link. Labels are placed
beside, above or below their dot so that they do not overlap each other.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from django.http import QueryDict
from django.utils.translation import ngettext_lazy

from .constants import POSTAL_CODE_CENTROIDS
from .selectors.towns import TownCount

# What is counted, per page: the text of a count ("3 Vereine").
COUNT_TEXTS = {
    "clubs": ngettext_lazy("%(count)d Verein", "%(count)d Vereine", "count"),
    "events": ngettext_lazy("%(count)d Termin", "%(count)d Termine", "count"),
    "entries": ngettext_lazy("%(count)d Eintrag", "%(count)d Einträge", "count"),
}

WIDTH = 420  # the SVG's own units; it scales to its box (max. 30rem; on a phone ~350 px, labels stay ~13 px)
MAX_HEIGHT = 400
MIN_HEIGHT = 220
PAD_X, PAD_Y = 64, 34  # room for the labels of towns at the edge
OUTLINE_PAD = 26
FONT = 16
MIN_SPAN_DEGREES = 0.04  # a region of one town still gets a sensible scale


@dataclass
class _Label:
    x: float
    y: float
    anchor: str
    box: tuple[float, float, float, float]


def town_overview(
    *, towns: list[TownCount], params: QueryDict, path: str, kind: str, place: str, drop: tuple[str, ...]
) -> dict:
    """Context of templates/portal/includes/town_overview.html.

    `params`: the page's query string; each town links to it without `drop` (the place filter,
    its radius, the page number) and with `ort=<town>`. `place`: the current place filter.
    """
    count_text = COUNT_TEXTS[kind]
    base = params.copy()
    for key in drop:
        base.pop(key, None)
    current = (place or "").strip().casefold()
    rows = []
    for town in towns:
        query = base.copy()
        query["ort"] = town.town
        text = count_text % {"count": town.count}
        rows.append(
            {
                "town": town.town,
                "count": town.count,
                "count_text": text,
                # "Musterstadt: 3 Vereine" – the name of the map's link for screen readers.
                "label": f"{town.town}: {text}",
                "href": f"{path}?{query.urlencode()}",
                "is_current": town.town.casefold() == current,
                "position": town.position,
            }
        )
    # Is the count narrowed by a search? (The calendar's view, month and a sort order are none.)
    others = [key for key in base if key not in ("ansicht", "monat", "sortierung")]
    return {
        "towns": rows,
        "map": _drawn_map(rows),
        "all_href": (f"{path}?{base.urlencode()}" if base else path) if current else "",
        "is_narrowed": bool(others),
    }


def _project(points: list[tuple[float, float]]):
    """A function (lat, lon) -> (x, y) that fits `points` into the map, and the map's height.

    Equirectangular with the longitude scaled by cos(latitude): true enough for a district."""
    lats = [p[0] for p in points]
    lons = [p[1] for p in points]
    mid_lat = (min(lats) + max(lats)) / 2
    kx = math.cos(math.radians(mid_lat))
    span_x = max((max(lons) - min(lons)) * kx, MIN_SPAN_DEGREES)
    span_y = max(max(lats) - min(lats), MIN_SPAN_DEGREES)
    scale = min((WIDTH - 2 * PAD_X) / span_x, (MAX_HEIGHT - 2 * PAD_Y) / span_y)
    height = max(MIN_HEIGHT, round(span_y * scale + 2 * PAD_Y))
    centre_lon = (min(lons) + max(lons)) / 2
    centre_lat = (min(lats) + max(lats)) / 2

    def project(lat: float, lon: float) -> tuple[float, float]:
        return WIDTH / 2 + (lon - centre_lon) * kx * scale, height / 2 - (lat - centre_lat) * scale

    return project, height, scale


def _hull(points: list[tuple[float, float]]) -> list[tuple[float, float]]:
    """Convex hull (Andrew's monotone chain), counter-clockwise."""
    points = sorted(set(points))
    if len(points) < 3:
        return points

    def cross(o, a, b):
        return (a[0] - o[0]) * (b[1] - o[1]) - (a[1] - o[1]) * (b[0] - o[0])

    lower: list = []
    for p in points:
        while len(lower) >= 2 and cross(lower[-2], lower[-1], p) <= 0:
            lower.pop()
        lower.append(p)
    upper: list = []
    for p in reversed(points):
        while len(upper) >= 2 and cross(upper[-2], upper[-1], p) <= 0:
            upper.pop()
        upper.append(p)
    return lower[:-1] + upper[:-1]


def _outline(points: list[tuple[float, float]], height: int) -> str:
    """The region's outline: its hull pushed outwards from the centre, as SVG polygon points."""
    hull = _hull(points)
    if len(hull) < 3:
        return ""
    cx = sum(p[0] for p in hull) / len(hull)
    cy = sum(p[1] for p in hull) / len(hull)
    out = []
    for x, y in hull:
        dx, dy = x - cx, y - cy
        length = math.hypot(dx, dy) or 1.0
        ox = min(WIDTH - 4, max(4, x + dx / length * OUTLINE_PAD))
        oy = min(height - 4, max(4, y + dy / length * OUTLINE_PAD))
        out.append(f"{ox:.1f},{oy:.1f}")
    return " ".join(out)


def _scale_bar(scale: float, height: int) -> dict | None:
    """A bar of a round number of kilometres, 40–120 units long (1° of latitude ≈ 111 km)."""
    units_per_km = scale / 111.0
    for km in (1, 2, 5, 10, 20, 50, 100, 200):
        length = km * units_per_km
        if 40 <= length <= 120:
            return {"x1": 12, "x2": round(12 + length, 1), "y": height - 12, "text": f"{km} km"}
    return None


def _text_width(text: str) -> float:
    return len(text) * FONT * 0.56


def _overlaps(a, b) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def _place_label(x, y, r, text, height, taken) -> _Label:
    width = _text_width(text)
    candidates = [
        (x + r + 5, y + FONT * 0.35, "start", (x + r + 3, y - FONT * 0.7, x + r + 7 + width, y + FONT * 0.55)),
        (x - r - 5, y + FONT * 0.35, "end", (x - r - 7 - width, y - FONT * 0.7, x - r - 3, y + FONT * 0.55)),
        (x, y - r - 6, "middle", (x - width / 2, y - r - 6 - FONT, x + width / 2, y - r - 4)),
        (x, y + r + FONT + 2, "middle", (x - width / 2, y + r + 2, x + width / 2, y + r + FONT + 5)),
    ]
    inside = [c for c in candidates if c[3][0] >= 2 and c[3][2] <= WIDTH - 2 and c[3][1] >= 2 and c[3][3] <= height - 2]
    for cx, cy, anchor, box in inside or candidates:
        if not any(_overlaps(box, other) for other in taken):
            return _Label(cx, cy, anchor, box)
    cx, cy, anchor, box = (inside or candidates)[0]
    return _Label(cx, cy, anchor, box)


def _drawn_map(rows: list[dict]) -> dict | None:
    placed = [row for row in rows if row["position"] is not None]
    if not placed:
        return None
    region = list(POSTAL_CODE_CENTROIDS.values()) + [row["position"] for row in placed]
    project, height, scale = _project(region)
    biggest = max(row["count"] for row in placed)
    dots = []
    for row in placed:
        x, y = project(*row["position"])
        r = 5 + 9 * math.sqrt(row["count"] / biggest)
        dots.append((row, x, y, r))
    # Circles are obstacles for every label; the busiest towns choose their label's place first.
    taken = [(x - r, y - r, x + r, y + r) for _row, x, y, r in dots]
    towns = []
    for row, x, y, r in sorted(dots, key=lambda d: (-d[0]["count"], d[0]["town"])):
        text = f"{row['town']} ({row['count']})"
        label = _place_label(x, y, r, text, height, taken)
        taken.append(label.box)
        towns.append(
            {
                **row,
                "x": round(x, 1),
                "y": round(y, 1),
                "r": round(r, 1),
                "text": text,
                "text_x": round(label.x, 1),
                "text_y": round(label.y, 1),
                "anchor": label.anchor,
            }
        )
    # Drawn (and so focused) from west to east, north to south: the order the eye reads the map.
    towns.sort(key=lambda t: (t["y"] // 40, t["x"]))
    region_points = [project(*p) for p in region]
    return {
        "width": WIDTH,
        "height": height,
        "outline": _outline(region_points, height),
        "scale_bar": _scale_bar(scale, height),
        "towns": towns,
        "unplaced": len(rows) - len(placed),
    }
