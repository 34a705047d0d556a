"""The starter tree of a new club: built from sites/pages/content/starter_tree.yaml.

* `starter_tree_create` builds it in the template schema (idempotent: it only adds what is
  missing; `club_template_refresh` rebuilds it from scratch when the starter content changed);
* `starter_tree_personalise` runs after every clone and must stay fast (a handful of queries).

The texts are data: a writer changes a sentence in the YAML file, and `club_template_refresh()`
rebuilds the template schema's tree (new clubs get the change; existing clubs keep their pages).
"""

import re
from dataclasses import dataclass, field

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.html import escape
from django.utils.translation import gettext as _

from wagtail.documents.models import Document
from wagtail.images.models import Image
from wagtail.models import Collection, Page, Revision, Site
from wagtail.search import index

from django_tenants.utils import schema_context

from cms.content_files import content_load
from cms.models import SiteAppearance
from sites.pages.models import (
    CLUB_PAGE_TYPES,
    ClubHomePage,
    EventPage,
)

from .media import collection_ensure, illustration_image_ensure, text_document_ensure
from .tree import child_add, next_weekday_at, page_publish, rich

STARTER_COLLECTION = "Startbilder"
STARTER_PRIMARY = "#1d4ed8"
STARTER_SECONDARY = "#0f766e"

# The page types a starter file may name (a registry, not an if-chain): every club page type.
PAGE_TYPES: dict[str, type[Page]] = {model.__name__: model for model in CLUB_PAGE_TYPES}
_STRUCTURE_KEYS = {"key", "type", "parent", "publish"}


def starter_content() -> dict:
    return content_load("sites.pages", "starter_tree")


@dataclass
class StarterImages:
    hero: Image
    news: Image
    event: Image
    volunteer: Image
    gallery: list[Image] = field(default_factory=list)


def _starter_images(content: dict) -> StarterImages:
    collection = collection_ensure(STARTER_COLLECTION)

    def make(spec: dict) -> Image:
        return illustration_image_ensure(
            title=spec["title"],
            description=spec["description"],
            motif=spec["motif"],
            primary=STARTER_PRIMARY,
            secondary=STARTER_SECONDARY,
            collection=collection,
            seed=spec["seed"],
        )

    images = content["images"]
    named = {name: make(images[name]) for name in ("hero", "news", "event", "volunteer")}
    return StarterImages(**named, gallery=[make(spec) for spec in images["gallery"]])


def _starter_documents(content: dict) -> list[Document]:
    collection = collection_ensure(STARTER_COLLECTION)
    return [text_document_ensure(**spec, collection=collection) for spec in content["documents"]]


def home_intro(*, name: str, town: str, email: str, template: str | None = None) -> str:
    """The starter home page's text: only what is true of every club (its name, town, address).

    `[ … ]` parts of the template are left out when a value they use is empty."""
    template = template or starter_content()["home"]["intro"]
    values = {"name": escape(name), "town": escape(town), "email": escape(email)}

    def optional(match: re.Match) -> str:
        part = match.group(1)
        used = re.findall(r"{(\w+)}", part)
        return part if all(values.get(key) for key in used) else ""

    text = re.sub(r"\[([^\]]*)\]", optional, template)
    return f"<p>{text.format(**values)}</p>"


def _page_fields(spec: dict, *, images: StarterImages, documents: list[Document]) -> dict:
    """The model fields of a page spec, with the file's conventions resolved (see the YAML header)."""
    fields = {key: value for key, value in spec.items() if key not in _STRUCTURE_KEYS}
    if "image" in fields:
        fields["image"] = getattr(images, fields["image"])
    for key in ("starts_at", "ends_at"):
        if key in fields:
            fields[key] = next_weekday_at(fields[key]["days_ahead"], fields[key]["hour"])
    if "body" in fields:
        fields["body"] = [
            (block, rich(value) if block == "rich_text" else value)
            for item in fields["body"]
            for block, value in item.items()
        ]
    if fields.get("images") == "gallery":
        fields["images"] = [
            ("image", {"image": img, "alt_text": img.description, "caption": "", "credit": ""})
            for img in images.gallery
        ]
    if fields.get("documents") == "starter":
        fields["documents"] = [("document", {"document": doc, "title": "", "description": ""}) for doc in documents]
    return fields


def _ensure_home(content: dict, site_name: str, images: StarterImages) -> ClubHomePage:
    home = ClubHomePage.objects.filter(depth=2).first()
    if home:
        return home
    root = Page.get_first_root_node()
    # Wagtail's migrations leave a "Welcome" page; the club tree replaces it.
    for child in root.get_children():
        child.delete()
    spec = content["home"]
    home = ClubHomePage(
        title=site_name,
        slug=spec["slug"],
        hero_image=getattr(images, spec["image"]),
        intro=home_intro(name=site_name, town="", email="", template=spec["intro"]),
        volunteer_title=spec["volunteer_title"],
        volunteer_text=spec["volunteer_text"],
    )
    root.add_child(instance=home)
    return page_publish(home)


def _ensure_site(home: ClubHomePage, *, site_name: str, hostname: str) -> Site:
    Site.objects.exclude(root_page=home).delete()
    site, _created = Site.objects.get_or_create(
        root_page=home,
        defaults={"hostname": hostname, "port": 80, "is_default_site": True, "site_name": site_name},
    )
    SiteAppearance.objects.get_or_create(site=site)
    return site


@transaction.atomic
def starter_tree_create(*, site_name: str, hostname: str) -> ClubHomePage:
    """Build the starter tree in the current (template) schema; adds only what is missing."""
    content = starter_content()
    images = _starter_images(content)
    documents = _starter_documents(content)
    home = _ensure_home(content, site_name, images)
    _ensure_site(home, site_name=site_name, hostname=hostname)

    pages: dict[str, Page] = {"home": home}
    for spec in content["pages"]:
        model = PAGE_TYPES[spec["type"]]
        page = model(**_page_fields(spec, images=images, documents=documents))
        page = child_add(pages[spec["parent"]], page, publish=spec.get("publish", True))
        if "key" in spec:
            pages[spec["key"]] = page
    if "example_event" in pages:
        _keep_in_future(pages["example_event"], content)
    if home.volunteer_page_id is None and "volunteering" in pages:
        home.volunteer_page = pages["volunteering"]
        page_publish(home)
    return home


def _keep_in_future(event: EventPage, content: dict) -> None:
    """The template's example event (a draft) should never look stale to a brand-new club."""
    if event.starts_at >= timezone.now():
        return
    spec = next(page for page in content["pages"] if page.get("key") == "example_event")
    event.starts_at = next_weekday_at(spec["starts_at"]["days_ahead"], spec["starts_at"]["hour"])
    event.ends_at = next_weekday_at(spec["ends_at"]["days_ahead"], spec["ends_at"]["hour"])
    if event.live:
        page_publish(event)
    else:
        event.save_revision()


def club_template_refresh() -> ClubHomePage:
    """Rebuild the template schema's starter tree from scratch (after the starter content changed)."""
    with schema_context(settings.TENANT_BASE_SCHEMA):
        with transaction.atomic():
            for home in ClubHomePage.objects.filter(depth=2):
                home.delete()
            collection = Collection.get_first_root_node().get_children().filter(name=STARTER_COLLECTION).first()
            if collection:
                Image.objects.filter(collection=collection).delete()
                Document.objects.filter(collection=collection).delete()
        return starter_tree_create(site_name=_("Unser Verein"), hostname="template.invalid")


def starter_tree_personalise(*, club, hostname: str, port: int) -> None:
    """After a clone: give the copied tree the club's name and host. Kept to a few queries.

    Colours stay blank in the site settings on purpose: blank means "the club profile's colours",
    so a club that changes its profile sees the change at once.
    """
    name = club.display_name
    intro = home_intro(name=club.name, town=club.town, email=club.email)
    home = ClubHomePage.objects.filter(depth=2).only("pk", "latest_revision_id").first()
    Page.objects.filter(pk=home.pk).update(title=name, draft_title=name, seo_title="")
    ClubHomePage.objects.filter(pk=home.pk).update(intro=intro)
    # Wagtail's root page is the first step of every breadcrumb in the admin: the club, not "Root".
    Page.objects.filter(depth=1).update(title=name, draft_title=name)
    if home.latest_revision_id:
        revision = Revision.objects.get(pk=home.latest_revision_id)
        revision.content = {**revision.content, "title": name, "draft_title": name, "intro": intro}
        revision.save(update_fields=["content"])
    Site.objects.update(hostname=hostname, port=port, site_name=name)
    home.title, home.intro = name, intro
    index.insert_or_update_object(home)
