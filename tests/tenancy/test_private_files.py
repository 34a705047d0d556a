# ruff: noqa: F811  (pytest fixtures imported from tests/forms_assistant/conftest.py)
"""Private files are reachable only through views that check who asks (issue #10).

Every file field of the project and every configured storage is classified here: private (below
`PRIVATE_MEDIA_ROOT`, no URL), served by a checking view (Wagtail documents), or public by design
(each with its reason). A new file field fails `test_every_file_field_is_classified` until someone
decides which it is. For the private files — an application PDF, an attachment, documents in a
private and in a password-protected collection, on a club and on the portal — the tests turn the
development `/media/` view on (DEBUG=True, URLconfs reloaded) and try every public URL prefix,
the file's `.url`, guessable and legacy names and path tricks: anonymously, as another club's
editor (on its own host and with its session on the owner's host) and as another authority's
staff. The owner gets each file through its checking view: the filing club on its host, the staff
of the authority it was filed with on the portal.
"""

import importlib
import re
import shutil
import uuid
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import FileSystemStorage, storages
from django.db import connection, models
from django.test import Client, RequestFactory
from django.test.utils import isolate_apps
from django.urls import clear_url_caches

import pytest
from django_tenants.utils import schema_context

from cms import private_files
from cms.private_files import PrivateStorage, is_public_media_path
from tests.conftest import host_client
from tests.forms_assistant.conftest import (  # noqa: F401  (fixtures)
    STAFF_PASSWORD,
    authority,
    club_actor,
    club_profile,
    draft,
    event,
    form_template,
    login,
    other_authority,
    other_staff,
    staff,
    submitted,
)

# --- the classification: a new file field forces a decision -------------------------------------

# Below PRIVATE_MEDIA_ROOT, no URL; handed out by forms_assistant/views.py after its checks.
PRIVATE_FIELDS = {
    "forms_assistant.Application.pdf": "the application as filed (personal data)",
    "forms_assistant.ApplicationAttachment.file": "attachments, questions, permits (personal data)",
    "office.Booking.voucher": "vouchers of the club's books (invoices, donors' names and bank data)",
}
# Stored below MEDIA_ROOT but never served by their /media/ URL (not in HH_PUBLIC_MEDIA_PATHS).
NOT_PUBLIC_FIELDS = {
    "wagtaildocs.Document.file": "Wagtail's serve view (/documents/…) enforces private collections and passwords",
    "wagtailcore.UploadedFile.file": "Wagtail's temporary multi-upload files: read server-side, no URL needed",
}
# Public by design: served under /media/ to anyone (HH_PUBLIC_MEDIA_PATHS).
PUBLIC_FIELDS = {
    "wagtailimages.Image.file": "pictures of the published sites (Wagtail has no private images)",
    "wagtailimages.Rendition.file": "resized pictures of the published sites",
    "wagtailusers.UserProfile.avatar": "editors' pictures in the admin, random uuid in the name",
    "clubs.Club.logo": "club logos in the public directory",
    "community.PostPhoto.image": "photos of exchange posts (a public listing): random names, re-encoded",
}


def _file_fields(models_=None) -> dict[str, models.FileField]:
    found = {}
    for model in models_ if models_ is not None else apps.get_models():
        for field in model._meta.get_fields():
            if isinstance(field, models.FileField) and field.model is model:
                found[f"{model._meta.label}.{field.name}"] = field
    return found


def _unclassified(fields: dict[str, models.FileField]) -> set[str]:
    known = PRIVATE_FIELDS.keys() | NOT_PUBLIC_FIELDS.keys() | PUBLIC_FIELDS.keys()
    return set(fields) - known


def _inside(path, root) -> bool:
    path, root = Path(path).resolve(), Path(root).resolve()
    return path == root or path.is_relative_to(root)


def _served_roots() -> list[Path]:
    """Every folder something serves by URL: media, static files (collected and sources)."""
    roots = [Path(settings.MEDIA_ROOT), Path(settings.STATIC_ROOT), *map(Path, settings.STATICFILES_DIRS)]
    for alias in settings.STORAGES:
        location = getattr(storages[alias], "location", None)
        if location:
            roots.append(Path(location))
    return roots


def test_every_file_field_is_classified():
    fields = _file_fields()
    assert not _unclassified(fields), "decide: private (PrivateStorage), not public or public, and list it here"
    assert set(fields) >= PRIVATE_FIELDS.keys() | NOT_PUBLIC_FIELDS.keys() | PUBLIC_FIELDS.keys()
    private = {name for name, field in fields.items() if isinstance(field.storage, PrivateStorage)}
    assert private == PRIVATE_FIELDS.keys()


def test_a_new_private_field_without_private_storage_is_caught():
    with isolate_apps("forms_assistant"):

        class Receipt(models.Model):  # noqa: DJ008
            scan = models.FileField(upload_to="receipts/")

            class Meta:
                app_label = "forms_assistant"

        assert _unclassified(_file_fields([Receipt])) == {"forms_assistant.Receipt.scan"}


def test_private_storages_lie_outside_every_served_folder():
    private_roots = {Path(field.storage.location) for name, field in _file_fields().items() if name in PRIVATE_FIELDS}
    assert private_roots
    for root in private_roots:
        assert _inside(root, settings.PRIVATE_MEDIA_ROOT)
        for served in _served_roots():
            assert not _inside(root, served) and not _inside(served, root), (root, served)
    # And no storage of the settings or of a non-private field writes below the private root.
    for alias in settings.STORAGES:
        location = getattr(storages[alias], "location", None)
        assert location is None or not _inside(location, settings.PRIVATE_MEDIA_ROOT), alias
    for name, field in _file_fields().items():
        if name not in PRIVATE_FIELDS and isinstance(field.storage, FileSystemStorage):
            assert not _inside(field.storage.location, settings.PRIVATE_MEDIA_ROOT), name


def test_private_files_have_no_url_and_random_names(submitted):
    with pytest.raises(NotImplementedError):
        submitted.pdf.url  # noqa: B018
    assert re.fullmatch(r"pdf/[0-9a-f]{32}\.pdf", submitted.pdf.name)
    assert submitted.reference not in submitted.pdf.name
    attachment = _attachment(submitted, b"%PDF-1.4\n", "Lageplan Festwiese.PDF")
    assert re.fullmatch(r"files/\d{4}/\d{2}/[0-9a-f]{32}\.pdf", attachment.file.name)
    assert attachment.original_name == "Lageplan Festwiese.PDF"
    assert _inside(attachment.file.path, Path(settings.PRIVATE_MEDIA_ROOT) / "forms_assistant")


def test_documents_go_through_wagtails_serve_view():
    assert settings.WAGTAILDOCS_SERVE_METHOD == "serve_view"


@pytest.mark.parametrize(
    ("path", "public"),
    [
        ("club_alpha/original_images/foto.jpg", True),
        ("public/images/foto.fill-600x450.jpg", True),
        ("club_alpha/avatar_images/avatar_1_x.png", True),
        ("public/club-logos/alpha.png", True),
        ("public/community/7/0a1b.jpg", True),
        ("club_alpha/documents/protokoll.pdf", False),
        ("public/documents/protokoll.pdf", False),
        ("club_alpha/wagtail_uploads/x.jpg", False),
        ("private/forms_assistant/pdf/HH-2026-000001.pdf", False),
        ("public/club-logos/../../private/forms_assistant/pdf/x.pdf", False),
        ("club_alpha/original_images/../documents/protokoll.pdf", False),
        ("club_alpha/original_images/", False),
        ("/etc/passwd", False),
        ("club_alpha/original_images/a\\..\\b.pdf", False),
    ],
)
def test_public_media_paths(path, public):
    assert is_public_media_path(path) is public


# --- real files, every public URL, every kind of stranger ---------------------------------------


def _attachment(application, data: bytes, name: str):
    from forms_assistant.models import ApplicationAttachment

    attachment = ApplicationAttachment(application=application, original_name=name, size=len(data), kind="answer")
    attachment.file.save(name, ContentFile(data), save=False)
    attachment.save()
    return attachment


def _document(schema: str, *, restriction: str, data: bytes, filename: str):
    from wagtail.documents import get_document_model
    from wagtail.models import Collection, CollectionViewRestriction

    with schema_context(schema):
        collection = Collection.get_first_root_node().add_child(name=f"Intern {uuid.uuid4().hex[:6]}")
        rule = CollectionViewRestriction.objects.create(
            collection=collection,
            restriction_type=restriction,
            password="vorstand-geheim" if restriction == CollectionViewRestriction.PASSWORD else "",
        )
        if restriction == CollectionViewRestriction.GROUPS:
            from django.contrib.auth.models import Group

            rule.groups.add(Group.objects.create(name=f"Redaktion {uuid.uuid4().hex[:6]}"))
        document = get_document_model().objects.create(
            title="Protokoll", collection=collection, file=ContentFile(data, name=filename)
        )
        return document, rule, Path(document.file.path)


@pytest.fixture
def debug_media(settings):
    """DEBUG=True with the development /media/ view in the URLconfs (reloaded), then back."""
    import cms.middleware
    import cms.urls_common
    import cms.urls_public
    import cms.urls_tenant

    def reload():
        for module in (cms.urls_common, cms.urls_public, cms.urls_tenant):
            importlib.reload(module)
        clear_url_caches()
        cms.middleware._serves_page_cached.cache_clear()

    settings.DEBUG = True
    reload()
    yield
    settings.DEBUG = False
    reload()


def _body(response) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


def _editor_client(club, email: str) -> Client:
    from django.contrib.auth import get_user_model

    with schema_context(club.schema_name):
        user = get_user_model().objects.get(email=email)
        user.set_password("test-passwort-123")
        user.save()
    return login(club.primary_hostname, user.username, "test-passwort-123")


@pytest.fixture
def private_world(club, other_club, submitted, staff, other_staff):
    """Club alpha's application (PDF + attachment, filed with authority A), documents in a private
    and a password collection on alpha's site and on the portal (keyed by schema and restriction), and a legacy copy of the PDF
    where the old code kept it (MEDIA_ROOT/private/forms_assistant, guessable name)."""
    marker = uuid.uuid4().hex.encode()
    pdf_data = submitted.pdf.read()
    submitted.pdf.close()
    attachment = _attachment(submitted, b"%PDF-1.4\n% Lageplan " + marker + b"\n%%EOF\n", "lageplan.pdf")
    legacy = Path(settings.MEDIA_ROOT) / "private" / "forms_assistant" / "pdf" / f"{submitted.reference}.pdf"
    legacy.parent.mkdir(parents=True, exist_ok=True)
    legacy.write_bytes(pdf_data)
    legacy_files = legacy.parent.parent / "files" / "2026" / "12" / "lageplan.pdf"
    legacy_files.parent.mkdir(parents=True, exist_ok=True)
    legacy_files.write_bytes(b"%PDF-1.4 legacy " + marker)
    documents = {}
    # On the portal every clerk is signed in: its private collection is for one group only.
    for schema, private in ((club.schema_name, "login"), ("public", "groups")):
        for restriction in (private, "password"):
            data = b"%PDF-1.4\n% Protokoll " + marker + restriction.encode() + schema.encode() + b"\n%%EOF\n"
            documents[(schema, restriction)] = (
                *_document(schema, restriction=restriction, data=data, filename=f"protokoll-{restriction}.pdf"),
                data,
            )
    yield {
        "application": submitted,
        "pdf": pdf_data,
        "attachment": attachment,
        "attachment_data": attachment.file.read(),
        "documents": documents,
        "legacy": [(legacy, pdf_data), (legacy_files, legacy_files.read_bytes())],
    }
    attachment.file.close()
    shutil.rmtree(Path(settings.MEDIA_ROOT) / "private", ignore_errors=True)


def _public_urls(world) -> list[tuple[str, bytes]]:
    """(url, bytes that must not come back) for every public way to a private file."""
    application = world["application"]
    media = Path(settings.MEDIA_ROOT)
    nginx = settings.HH_PRIVATE_FILES_NGINX_PREFIX.rstrip("/")
    urls = []
    for name, data in ((application.pdf.name, world["pdf"]), (world["attachment"].file.name, world["attachment_data"])):
        for prefix in ("/media/", "/media/private/", "/media/private/forms_assistant/", "/media/public/", "/"):
            urls.append((prefix + name, data))
        urls.append((f"{nginx}/private/forms_assistant/{name}", data))
        urls.append((f"/media/../.data/private/forms_assistant/{name}", data))
    urls += [
        (f"/media/private/forms_assistant/pdf/{application.reference}.pdf", world["pdf"]),
        (f"/media/pdf/{application.reference}.pdf", world["pdf"]),
        ("/media/private/forms_assistant/files/2026/12/lageplan.pdf", world["legacy"][1][1]),
        ("/media/public/club-logos/../../private/forms_assistant/files/2026/12/lageplan.pdf", world["legacy"][1][1]),
        (
            "/media/public/club-logos/%2e%2e/%2e%2e/private/forms_assistant/files/2026/12/lageplan.pdf",
            world["legacy"][1][1],
        ),
    ]
    for (schema, _restriction), (document, _rule, path, data) in world["documents"].items():
        relative = path.relative_to(media).as_posix()
        urls += [
            ("/media/" + relative, data),  # the document file's own storage URL
            (document.file.url, data),
            (f"/media/{schema}/original_images/../documents/{path.name}", data),
            (f"/media/{schema}/documents/{path.name}", data),
        ]
    return urls


def _strangers(club, other_club, other_staff) -> dict[str, Client]:
    beta = _editor_client(other_club, "editor@beta.example")
    beta_session_on_alpha = host_client(club.primary_hostname)
    beta_session_on_alpha.cookies["sessionid"] = beta.cookies["sessionid"].value
    return {
        "anonymous on the club host": host_client(club.primary_hostname),
        "anonymous on the portal": host_client("localhost"),
        "anonymous on another club's host": host_client(other_club.primary_hostname),
        "another club's editor on its host": beta,
        "another club's session on the club host": beta_session_on_alpha,
        "another authority's staff": login("localhost", other_staff.username, STAFF_PASSWORD),
    }


def test_no_public_url_reaches_a_private_file(debug_media, private_world, club, other_club, other_staff, staff):
    # The development view is really on: a public image of the club is served.
    from wagtail.images import get_image_model

    with schema_context(club.schema_name):
        image = get_image_model().objects.create(title="Foto", file=ContentFile(_png(), name="foto.png"))
        image_url = image.file.url
    assert host_client(club.primary_hostname).get(image_url).status_code == 200

    clients = _strangers(club, other_club, other_staff)
    clients["the club's own editor"] = _editor_client(club, "editor@alpha.example")
    clients["the authority's own staff"] = login("localhost", staff.username, STAFF_PASSWORD)
    leaks = []
    for who, client in clients.items():
        for url, data in _public_urls(private_world):
            response = client.get(url)
            if data in _body(response):
                leaks.append(f"{who}: {url} → {response.status_code}")
    assert not leaks


def test_restricted_documents_are_refused_to_strangers(debug_media, private_world, club, other_club, other_staff):
    clients = _strangers(club, other_club, other_staff)
    for (schema, restriction), (document, _rule, _path, data) in private_world["documents"].items():
        url = f"/documents/{document.pk}/{document.filename}"
        for who, client in clients.items():
            response = client.get(url)
            assert data not in _body(response), (who, schema, restriction)
            if restriction != "password" and who.startswith("anonymous"):
                assert response.status_code in (302, 404), (who, schema)


def test_the_owner_gets_documents_through_wagtails_view(private_world, club):
    editor = _editor_client(club, "editor@alpha.example")
    document, _rule, _path, data = private_world["documents"][(club.schema_name, "login")]
    response = editor.get(f"/documents/{document.pk}/{document.filename}")
    assert response.status_code == 200 and _body(response) == data
    assert response["X-Content-Type-Options"] == "nosniff"

    document, rule, _path, data = private_world["documents"][(club.schema_name, "password")]
    url = f"/documents/{document.pk}/{document.filename}"
    visitor = host_client(club.primary_hostname)
    assert data not in _body(visitor.get(url))
    visitor.post(
        f"/documents/authenticate_with_password/{rule.pk}/", {"password": "vorstand-geheim", "return_url": url}
    )
    response = visitor.get(url)
    assert response.status_code == 200 and _body(response) == data


def _checking_urls(world) -> dict[str, list[tuple[str, bytes]]]:
    application, attachment = world["application"], world["attachment"]
    return {
        "club": [
            (f"/admin/antraege/{application.pk}/antrag.pdf", world["pdf"]),
            (f"/admin/antraege/{application.pk}/anlage/{attachment.pk}/", world["attachment_data"]),
        ],
        "portal": [
            (f"/admin/posteingang/{application.pk}/antrag.pdf", world["pdf"]),
            (f"/admin/posteingang/{application.pk}/anlage/{attachment.pk}/", world["attachment_data"]),
        ],
    }


def _no_store(response) -> bool:
    # The admin adds its own never-cache directives after ours.
    return {"private", "no-store"} <= {part.strip() for part in response["Cache-Control"].split(",")}


def _assert_download(response, data: bytes, filename: str):
    assert response.status_code == 200
    assert _body(response) == data
    assert response["Content-Disposition"].startswith("attachment")
    assert filename in response["Content-Disposition"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert _no_store(response)


def test_the_owners_get_the_files_through_the_checking_views(private_world, club, staff):
    urls = _checking_urls(private_world)
    reference = private_world["application"].reference
    editor = _editor_client(club, "editor@alpha.example")
    _assert_download(editor.get(urls["club"][0][0]), urls["club"][0][1], f"{reference}.pdf")
    _assert_download(editor.get(urls["club"][1][0]), urls["club"][1][1], "lageplan.pdf")
    clerk = login("localhost", staff.username, STAFF_PASSWORD)
    _assert_download(clerk.get(urls["portal"][0][0]), urls["portal"][0][1], f"{reference}.pdf")
    _assert_download(clerk.get(urls["portal"][1][0]), urls["portal"][1][1], "lageplan.pdf")


def test_the_checking_views_refuse_everybody_else(private_world, club, other_club, other_staff):
    urls = _checking_urls(private_world)
    for who, client in _strangers(club, other_club, other_staff).items():
        for url, data in urls["club"] + urls["portal"]:
            response = client.get(url)
            assert response.status_code in (302, 403, 404), (who, url, response.status_code)
            assert data not in _body(response), (who, url)
    # The club's editor on the portal, the authority's staff on a club host: not their door.
    editor = _editor_client(club, "editor@alpha.example")
    for url, data in urls["portal"]:
        response = editor.get(url)  # club host: the inbox answers 404 there
        assert response.status_code == 404 and data not in _body(response)


# --- serving through the web server -------------------------------------------------------------


@pytest.mark.parametrize("method", ["nginx", "sendfile"])
def test_the_web_server_sends_the_file_when_configured(settings, method, private_world, club, staff):
    settings.HH_PRIVATE_FILES_SERVE = method
    application = private_world["application"]
    clerk = login("localhost", staff.username, STAFF_PASSWORD)
    response = clerk.get(f"/admin/posteingang/{application.pk}/antrag.pdf")
    assert response.status_code == 200 and _body(response) == b""
    assert response["Content-Disposition"].startswith("attachment")
    assert response["X-Content-Type-Options"] == "nosniff" and _no_store(response)
    if method == "nginx":
        assert response["X-Accel-Redirect"] == f"/_protected/private/forms_assistant/{application.pdf.name}"
    else:
        assert response["X-Sendfile"] == str(Path(application.pdf.path).resolve())
    # Wagtail's documents take the same way out once they passed Wagtail's checks.
    document, _rule, path, _data = private_world["documents"][(club.schema_name, "login")]
    response = private_files.sendfile(RequestFactory().get("/"), str(path))
    relative = path.resolve().relative_to(Path(settings.MEDIA_ROOT).resolve()).as_posix()
    if method == "nginx":
        assert response["X-Accel-Redirect"] == f"/_protected/media/{relative}"
    else:
        assert response["X-Sendfile"] == str(path.resolve())


def test_a_missing_file_answers_404(private_world, club):
    application = private_world["application"]
    Path(application.pdf.path).unlink()
    editor = _editor_client(club, "editor@alpha.example")
    assert editor.get(f"/admin/antraege/{application.pk}/antrag.pdf").status_code == 404


# --- existing deployments: the data migration ---------------------------------------------------


def test_the_migration_moves_legacy_files_out_of_the_media_folder(submitted):
    from forms_assistant.models import Application, ApplicationAttachment

    migration = importlib.import_module("forms_assistant.migrations.0003_private_files")
    old_root = Path(settings.MEDIA_ROOT) / "private" / "forms_assistant"
    pdf_data = submitted.pdf.read()
    submitted.pdf.close()
    # As the old code stored them: guessable names below MEDIA_ROOT.
    (old_root / "pdf").mkdir(parents=True, exist_ok=True)
    (old_root / "pdf" / f"{submitted.reference}.pdf").write_bytes(pdf_data)
    (old_root / "files" / "2026" / "12").mkdir(parents=True, exist_ok=True)
    (old_root / "files" / "2026" / "12" / "lageplan.pdf").write_bytes(b"%PDF-1.4 lageplan")
    (old_root / "files" / "2026" / "12" / "vergessen.pdf").write_bytes(b"%PDF-1.4 orphan")
    Application.objects.filter(pk=submitted.pk).update(pdf=f"pdf/{submitted.reference}.pdf")
    attachment = ApplicationAttachment.objects.create(
        application=submitted, original_name="lageplan.pdf", file="files/2026/12/lageplan.pdf"
    )

    class Editor:
        pass

    editor = Editor()
    editor.connection = connection
    migration.move_to_private_root(apps, editor)

    submitted.refresh_from_db()
    attachment.refresh_from_db()
    assert re.fullmatch(r"pdf/[0-9a-f]{32}\.pdf", submitted.pdf.name)
    assert re.fullmatch(r"files/2026/12/[0-9a-f]{32}\.pdf", attachment.file.name)
    assert Path(submitted.pdf.path).read_bytes() == pdf_data
    assert Path(attachment.file.path).read_bytes() == b"%PDF-1.4 lageplan"
    assert attachment.original_name == "lageplan.pdf"
    assert not old_root.exists()  # nothing left below MEDIA_ROOT
    unreferenced = Path(settings.PRIVATE_MEDIA_ROOT) / "forms_assistant" / "unreferenced"
    assert (unreferenced / "files" / "2026" / "12" / "vergessen.pdf").read_bytes() == b"%PDF-1.4 orphan"
    # Running it again changes nothing.
    names = (submitted.pdf.name, attachment.file.name)
    migration.move_to_private_root(apps, editor)
    submitted.refresh_from_db()
    attachment.refresh_from_db()
    assert (submitted.pdf.name, attachment.file.name) == names
    shutil.rmtree(unreferenced)


def _png() -> bytes:
    import io

    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (4, 4), "red").save(buffer, format="PNG")
    return buffer.getvalue()
