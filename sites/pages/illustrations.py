"""Images we make ourselves with Pillow: friendly flat illustrations in a club's colours.

The starter tree and the demo region need pictures, and we may not download any. Each motif is a
small drawing function in `MOTIFS` (a registry, so a new motif is one function, not a new branch).
The starter tree of a new club draws its pictures when the club is provisioned (in the club's
colours); the demo region's pictures were drawn once and ship as files in `DEMO_IMAGES_DIR`
(`manage.py render_demo_images` draws them again).
"""

import io
import math
import random
from collections.abc import Callable
from pathlib import Path

from PIL import Image, ImageDraw

Colour = tuple[int, int, int]


def hex_to_rgb(value: str) -> Colour:
    value = value.lstrip("#")
    return int(value[0:2], 16), int(value[2:4], 16), int(value[4:6], 16)


def mix(a: Colour, b: Colour, amount: float) -> Colour:
    return tuple(round(x + (y - x) * amount) for x, y in zip(a, b, strict=True))  # type: ignore[return-value]


WHITE: Colour = (255, 255, 255)
INK: Colour = (30, 41, 59)


def _background(draw: ImageDraw.ImageDraw, size: tuple[int, int], top: Colour, bottom: Colour) -> None:
    width, height = size
    steps = 48  # banded gradient: looks calm and keeps the PNG small
    for i in range(steps):
        colour = mix(top, bottom, i / (steps - 1))
        y0 = round(height * i / steps)
        y1 = round(height * (i + 1) / steps)
        draw.rectangle([0, y0, width, y1], fill=colour)


def _sun(draw, size, c1, c2, rnd):
    w, h = size
    r = h * 0.16
    cx, cy = w * rnd.uniform(0.65, 0.85), h * 0.28
    draw.ellipse([cx - r, cy - r, cx + r, cy + r], fill=mix(c2, WHITE, 0.55))


def _hills(draw, size, c1, c2, rnd, layers=3):
    w, h = size
    for layer in range(layers):
        colour = mix(c1, INK, 0.15 * layer) if layer else mix(c2, WHITE, 0.25)
        base = h * (0.55 + 0.13 * layer)
        amp = h * (0.12 - 0.02 * layer)
        phase = rnd.uniform(0, math.pi * 2)
        points = [(0, h)]
        for x in range(0, w + 20, 20):
            points.append((x, base + amp * math.sin(x / w * math.pi * (2 + layer) + phase)))
        points.append((w, h))
        draw.polygon(points, fill=colour)


def motif_landscape(draw, size, c1, c2, rnd):
    _sun(draw, size, c1, c2, rnd)
    _hills(draw, size, c1, c2, rnd)


def motif_ball(draw, size, c1, c2, rnd):
    """A sports field with a ball and lanes."""
    w, h = size
    draw.rectangle([0, h * 0.6, w, h], fill=mix(c2, INK, 0.1))
    for i in range(1, 6):
        y = h * 0.6 + i * h * 0.08
        draw.line([(0, y), (w, y)], fill=mix(c2, WHITE, 0.4), width=max(2, h // 200))
    r = h * 0.14
    cx, cy = w * 0.7, h * 0.45
    draw.ellipse([cx - r, cy - r, cx + r, cy + r], fill=WHITE, outline=INK, width=max(3, h // 120))
    for angle in range(0, 360, 72):
        a = math.radians(angle + 18)
        px, py = cx + r * 0.55 * math.cos(a), cy + r * 0.55 * math.sin(a)
        draw.regular_polygon((px, py, r * 0.22), 5, fill=INK)
    draw.regular_polygon((cx, cy, r * 0.3), 5, fill=INK)


def motif_notes(draw, size, c1, c2, rnd):
    """Music staves with notes."""
    w, h = size
    for s in range(2):
        top = h * (0.3 + 0.3 * s)
        for line in range(5):
            y = top + line * h * 0.035
            draw.line([(w * 0.05, y), (w * 0.95, y)], fill=mix(c1, WHITE, 0.7), width=max(2, h // 250))
        for n in range(7):
            x = w * (0.12 + n * 0.12) + rnd.uniform(-10, 10)
            y = top + rnd.choice([0, 1, 2, 3, 4]) * h * 0.035
            rx, ry = h * 0.035, h * 0.026
            draw.ellipse([x - rx, y - ry, x + rx, y + ry], fill=WHITE)
            draw.line([(x + rx - 2, y), (x + rx - 2, y - h * 0.15)], fill=WHITE, width=max(3, h // 150))


def motif_flame(draw, size, c1, c2, rnd):
    """A fire engine silhouette in front of hills."""
    _hills(draw, size, c1, c2, rnd, layers=2)
    w, h = size
    body = mix(c1, (200, 30, 30), 0.5)
    x0, y0 = w * 0.25, h * 0.52
    draw.rounded_rectangle([x0, y0, x0 + w * 0.45, y0 + h * 0.22], radius=h * 0.02, fill=body)
    draw.rounded_rectangle([x0 + w * 0.45, y0 + h * 0.06, x0 + w * 0.56, y0 + h * 0.22], radius=h * 0.02, fill=body)
    draw.rectangle([x0 + w * 0.47, y0 + h * 0.08, x0 + w * 0.54, y0 + h * 0.13], fill=mix(WHITE, c2, 0.2))
    for i in range(6):
        draw.line(
            [(x0 + w * 0.03 + i * w * 0.06, y0 - h * 0.04), (x0 + w * 0.03 + i * w * 0.06, y0)], fill=WHITE, width=4
        )
    draw.line([(x0 + w * 0.02, y0 - h * 0.04), (x0 + w * 0.36, y0 - h * 0.04)], fill=WHITE, width=5)
    for wx in (x0 + w * 0.08, x0 + w * 0.36, x0 + w * 0.5):
        r = h * 0.05
        draw.ellipse([wx - r, y0 + h * 0.2, wx + r, y0 + h * 0.2 + 2 * r], fill=INK)
        draw.ellipse([wx - r / 2, y0 + h * 0.2 + r / 2, wx + r / 2, y0 + h * 0.2 + 1.5 * r], fill=WHITE)


def motif_people(draw, size, c1, c2, rnd):
    """A row of simple figures holding hands: community, youth work."""
    w, h = size
    count = 6
    palette = [mix(c1, WHITE, 0.15), mix(c2, WHITE, 0.35), WHITE, mix(c1, INK, 0.2)]
    for i in range(count):
        cx = w * (0.12 + i * 0.152)
        colour = palette[i % len(palette)]
        head = h * 0.06
        top = h * rnd.uniform(0.34, 0.4)
        draw.ellipse([cx - head, top - head, cx + head, top + head], fill=colour)
        draw.rounded_rectangle(
            [cx - head * 1.3, top + head * 1.3, cx + head * 1.3, top + h * 0.38], radius=head, fill=colour
        )
        if i < count - 1:
            draw.line(
                [(cx + head * 1.3, top + h * 0.15), (cx + w * 0.152 - head * 1.3, top + h * 0.15)],
                fill=colour,
                width=max(4, h // 90),
            )
    draw.rectangle([0, h * 0.82, w, h], fill=mix(c2, INK, 0.15))


def motif_leaves(draw, size, c1, c2, rnd):
    """Leaves and a tree: environment groups."""
    _hills(draw, size, c1, c2, rnd, layers=2)
    w, h = size
    for _i in range(26):
        x, y = rnd.uniform(0, w), rnd.uniform(0, h * 0.6)
        r = rnd.uniform(h * 0.03, h * 0.07)
        colour = mix(c2, WHITE, rnd.uniform(0.1, 0.6))
        draw.ellipse([x - r, y - r / 2, x + r, y + r / 2], fill=colour)
        draw.line([(x - r, y), (x + r, y)], fill=mix(colour, INK, 0.3), width=2)
    tx = w * 0.78
    draw.rectangle([tx - h * 0.02, h * 0.45, tx + h * 0.02, h * 0.78], fill=(92, 64, 51))
    draw.ellipse([tx - h * 0.14, h * 0.22, tx + h * 0.14, h * 0.52], fill=mix(c1, (34, 139, 34), 0.5))


def motif_basket(draw, size, c1, c2, rnd):
    """A basket of fruit and bread: food banks."""
    w, h = size
    draw.rectangle([0, h * 0.75, w, h], fill=mix(c1, INK, 0.2))
    bx, by = w * 0.5, h * 0.62
    fruit = [(220, 60, 50), (250, 180, 40), (120, 180, 60), (240, 120, 40), (200, 40, 90)]
    for i in range(9):
        r = h * rnd.uniform(0.05, 0.08)
        x = bx + (i - 4) * h * 0.07 + rnd.uniform(-8, 8)
        y = by - h * 0.07 - rnd.uniform(0, h * 0.08)
        draw.ellipse([x - r, y - r, x + r, y + r], fill=fruit[i % len(fruit)])
    draw.ellipse([bx + h * 0.12, by - h * 0.26, bx + h * 0.42, by - h * 0.08], fill=(214, 170, 110))
    draw.polygon(
        [
            (bx - h * 0.4, by - h * 0.05),
            (bx + h * 0.4, by - h * 0.05),
            (bx + h * 0.3, by + h * 0.16),
            (bx - h * 0.3, by + h * 0.16),
        ],
        fill=(160, 110, 60),
    )
    for i in range(5):
        y = by - h * 0.02 + i * h * 0.04
        draw.line([(bx - h * 0.38 + i * 4, y), (bx + h * 0.38 - i * 4, y)], fill=(120, 80, 40), width=3)


def motif_pattern(draw, size, c1, c2, rnd):
    """Overlapping circles: a neutral pattern for anything."""
    w, h = size
    for _i in range(18):
        r = rnd.uniform(h * 0.08, h * 0.3)
        x, y = rnd.uniform(0, w), rnd.uniform(0, h)
        colour = mix(c2 if rnd.random() > 0.5 else c1, WHITE, rnd.uniform(0.2, 0.7))
        draw.ellipse([x - r, y - r, x + r, y + r], outline=colour, width=max(4, int(h / 60)))


def motif_calendar(draw, size, c1, c2, rnd):
    """A calendar sheet: events."""
    w, h = size
    x0, y0, x1, y1 = w * 0.32, h * 0.18, w * 0.68, h * 0.86
    draw.rounded_rectangle([x0, y0, x1, y1], radius=h * 0.03, fill=WHITE)
    draw.rounded_rectangle([x0, y0, x1, y0 + h * 0.14], radius=h * 0.03, fill=mix(c2, INK, 0.1))
    cols, rows = 7, 5
    cw, rh = (x1 - x0 - h * 0.06) / cols, (y1 - y0 - h * 0.22) / rows
    mark = (rnd.randrange(cols), rnd.randrange(rows))
    for cx in range(cols):
        for ry in range(rows):
            px = x0 + h * 0.03 + cx * cw + cw / 2
            py = y0 + h * 0.19 + ry * rh + rh / 2
            r = min(cw, rh) * 0.3
            fill = mix(c1, WHITE, 0.1) if (cx, ry) == mark else mix(c1, WHITE, 0.75)
            draw.ellipse([px - r, py - r, px + r, py + r], fill=fill)


MOTIFS: dict[str, Callable] = {
    "landscape": motif_landscape,
    "ball": motif_ball,
    "notes": motif_notes,
    "flame": motif_flame,
    "people": motif_people,
    "leaves": motif_leaves,
    "basket": motif_basket,
    "pattern": motif_pattern,
    "calendar": motif_calendar,
}


def illustration_png(*, motif: str, primary: str, secondary: str, size=(1600, 800), seed: int = 1) -> bytes:
    """A PNG illustration in the given colours; the same arguments always give the same bytes."""
    rnd = random.Random(seed)
    c1, c2 = hex_to_rgb(primary), hex_to_rgb(secondary)
    image = Image.new("RGB", size, WHITE)
    draw = ImageDraw.Draw(image)
    _background(draw, size, mix(c1, WHITE, 0.55), mix(c2, WHITE, 0.2))
    MOTIFS[motif](draw, size, c1, c2, rnd)
    out = io.BytesIO()
    image.save(out, format="PNG", optimize=True)
    return out.getvalue()


DEMO_IMAGES_DIR = Path(__file__).resolve().parent / "demo_images"


def demo_image_path(*, folder: str, seed: int, motif: str) -> Path:
    """Where the demo region ships one picture: `<folder>/<seed>-<motif>.png`."""
    return DEMO_IMAGES_DIR / folder / f"{seed:02d}-{motif}.png"
