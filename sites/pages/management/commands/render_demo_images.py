"""`manage.py render_demo_images`: draw the demo region's pictures into sites/pages/demo_images/.

The files are committed; the demo loader only reads them. Run this after changing a motif in
sites/pages/illustrations.py or the pictures of a demo club in sites/pages/demo.py.
"""

from django.core.management.base import BaseCommand

from sites.pages.demo import SPECS, demo_image_plan
from sites.pages.illustrations import DEMO_IMAGES_DIR, demo_image_path, illustration_png

# The size the pages' renditions are cut from (the starter tree draws the same).
SIZE = (1600, 800)


class Command(BaseCommand):
    help = "Zeichnet die Bilder der Demo-Region neu (sites/pages/demo_images/, eigene Zeichnungen)."

    def handle(self, *args, **options):
        wanted = set()
        for spec in SPECS.values():
            primary, secondary = spec["colours"]
            for seed, motif in demo_image_plan(spec):
                path = demo_image_path(folder=spec["images"], seed=seed, motif=motif)
                path.parent.mkdir(parents=True, exist_ok=True)
                path.write_bytes(
                    illustration_png(motif=motif, primary=primary, secondary=secondary, size=SIZE, seed=seed)
                )
                wanted.add(path)
        stale = [path for path in DEMO_IMAGES_DIR.glob("*/*.png") if path not in wanted]
        for path in stale:
            path.unlink()
        total = sum(path.stat().st_size for path in wanted)
        self.stdout.write(f"{len(wanted)} Bilder gezeichnet ({total // 1024} KB), {len(stale)} veraltete entfernt.")
