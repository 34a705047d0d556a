"""Private files: stored outside every publicly served folder, handed out only by checking views.

Files that hold personal data (application PDFs, their attachments) must never be reachable by a
URL alone. They live below `PRIVATE_MEDIA_ROOT`, which neither Django's development `/media/`
view nor the reverse proxy serves, under random names (`pdf/<uuid4 hex>.pdf`), with the name the
user gave kept only in the database. A view first checks who asks, then calls `file_response`,
which streams the file itself (`HH_PRIVATE_FILES_SERVE=django`) or lets the web server send it
(`nginx`: `X-Accel-Redirect` to an `internal;` location; `sendfile`: `X-Sendfile` for Apache's
mod_xsendfile or lighttpd). docs/operations.md has the proxy configuration.

The module is also Wagtail's `SENDFILE_BACKEND` when the web server sends files (documents pass
Wagtail's serve view and its collection checks first), and it holds the list of media paths that
may be served publicly (`is_public_media_path`), which the development `/media/` view enforces.

Generic on purpose: `cms` imports no domain app; apps create their own `PrivateStorage(subdir)`.
"""

from __future__ import annotations

import mimetypes
import os
import re
import uuid
from pathlib import Path
from urllib.parse import quote

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.http import FileResponse, Http404, HttpResponse
from django.utils import timezone
from django.utils.http import content_disposition_header

SERVE_METHODS = ("django", "nginx", "sendfile")

# Extensions kept on random names (lower case letters and digits only, as stored on disk).
_EXTENSION = re.compile(r"^\.[a-z0-9]{1,10}$")


class PrivateStorage(FileSystemStorage):
    """A file system storage below `PRIVATE_MEDIA_ROOT/<subdir>` that has no URL.

    The location is read from the settings on every use (not cached), so tests that override
    `PRIVATE_MEDIA_ROOT` see their own folder.
    """

    def __init__(self, subdir: str = ""):
        self.subdir = subdir
        super().__init__()

    @property
    def base_location(self):
        return os.path.join(settings.PRIVATE_MEDIA_ROOT, self.subdir)

    @property
    def location(self):
        return os.path.abspath(self.base_location)

    def url(self, name):
        raise NotImplementedError("Private files have no URL: serve them through a view that checks who asks.")


def random_name(folder: str, filename: str, *, extension: str | None = None) -> str:
    """An unguessable storage name `<folder>/<uuid4 hex><.ext>`; `folder` may hold strftime codes.

    The original name never reaches the disk (keep it in the database if it is needed).
    """
    if extension is None:
        extension = os.path.splitext(filename or "")[1].lower()
    if not _EXTENSION.match(extension or ""):
        extension = ""
    folder = timezone.now().strftime(folder).strip("/")
    return f"{folder}/{uuid.uuid4().hex}{extension}"


# --- serving ------------------------------------------------------------------------------------


def file_response(file, *, filename: str, content_type: str | None = None) -> HttpResponse:
    """Hand out a stored file as a download, after the calling view has checked who asks.

    `file` is a `FieldFile` (or any object with `open`, `path`, `name`); `filename` is the name the
    browser should save it under. Answers 404 if the file is gone.
    """
    if not file:
        raise Http404
    content_type = content_type or mimetypes.guess_type(filename)[0] or "application/octet-stream"
    method = settings.HH_PRIVATE_FILES_SERVE
    path = _local_path(file)
    header = _server_header(method, path) if path else None
    if header is None:
        try:
            handle = file.open("rb")
        except FileNotFoundError as exc:
            raise Http404 from exc
        response = FileResponse(handle, as_attachment=True, filename=filename, content_type=content_type)
    else:
        if not os.path.isfile(path):
            raise Http404
        response = HttpResponse(content_type=content_type)
        response[header[0]] = header[1]
        response["Content-Disposition"] = content_disposition_header(True, filename)
    return harden(response)


def harden(response: HttpResponse) -> HttpResponse:
    """Headers of every private download: no sniffing, no shared caches, no active content."""
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response


def sendfile(request, filename, **kwargs) -> HttpResponse:
    """Wagtail's `SENDFILE_BACKEND` (documents that passed Wagtail's checks): let the server send it.

    Wagtail sets Content-Type, Content-Disposition and the length on the answer afterwards.
    """
    header = _server_header(settings.HH_PRIVATE_FILES_SERVE, str(filename))
    if header is None:
        response = FileResponse(open(filename, "rb"))  # noqa: SIM115 (closed by the response)
    else:
        response = HttpResponse()
        response[header[0]] = header[1]
    response["X-Content-Type-Options"] = "nosniff"
    return response


def internal_uri(path: str | os.PathLike) -> str | None:
    """The URI of `path` below nginx's internal locations, or None if it is under neither root.

    `<prefix>private/…` aliases `PRIVATE_MEDIA_ROOT`, `<prefix>media/…` aliases `MEDIA_ROOT`.
    """
    resolved = Path(path).resolve()
    prefix = "/" + settings.HH_PRIVATE_FILES_NGINX_PREFIX.strip("/") + "/"
    for folder, root in (("private", settings.PRIVATE_MEDIA_ROOT), ("media", settings.MEDIA_ROOT)):
        try:
            relative = resolved.relative_to(Path(root).resolve())
        except ValueError:
            continue
        return f"{prefix}{folder}/{quote(relative.as_posix())}"
    return None


def _server_header(method: str, path: str) -> tuple[str, str] | None:
    if method == "nginx":
        uri = internal_uri(path)
        return ("X-Accel-Redirect", uri) if uri else None
    if method == "sendfile" and path.isascii():
        return ("X-Sendfile", str(Path(path).resolve()))
    return None


def _local_path(file) -> str | None:
    try:
        return file.path
    except (NotImplementedError, AttributeError, ValueError):
        return None


# --- what may be served publicly ----------------------------------------------------------------


def is_public_media_path(path: str) -> bool:
    """True if `path` (relative to MEDIA_ROOT) may be served to anyone by its URL.

    Only the folders listed in `HH_PUBLIC_MEDIA_PATHS` are public (images, renditions, avatars,
    logos, exchange photos); Wagtail documents (`<schema>/documents/`) and everything else are not:
    documents go through Wagtail's serve view, which enforces private collections and passwords.
    """
    if "\\" in path or "\x00" in path:
        return False
    parts = path.split("/")
    if any(part in ("", ".", "..") for part in parts):
        return False
    return any(re.fullmatch(pattern, path) for pattern in settings.HH_PUBLIC_MEDIA_PATHS)


def public_media_serve(request, path: str):
    """Development's `/media/` view (DEBUG only): public media paths only, everything else 404."""
    from django.views.static import serve

    if not is_public_media_path(path):
        raise Http404
    return serve(request, path, document_root=settings.MEDIA_ROOT)
