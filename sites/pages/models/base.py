"""Building blocks the club page types share: a multiple-choice array field, the listing contract
consumed by the portal's listings index, form handling for pages that take submissions, and the
tree's shape (which page may sit where) with the image and summary fields every family uses."""

import unicodedata

from django import forms
from django.contrib.postgres.fields import ArrayField
from django.core.exceptions import ValidationError
from django.db import models
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _

from wagtail.images.models import SourceImageIOError

from cms.blocks import stream_plain_text
from cms.forms import form_errors_from
from cms.public_urls import absolute_url, url_host
from cms.rate_limits import rate_limit_take

SENT_PARAMETER = "gesendet"


class ChoiceArrayField(ArrayField):
    """An ArrayField of choices that editors tick as checkboxes instead of typing comma lists."""

    def formfield(self, **kwargs):
        defaults = {
            "form_class": forms.TypedMultipleChoiceField,
            "choices": self.base_field.choices,
            "coerce": self.base_field.to_python,
            "widget": forms.CheckboxSelectMultiple,
        }
        defaults.update(kwargs)
        # Skip ArrayField.formfield (a comma-separated text input) on purpose.
        return super(ArrayField, self).formfield(**defaults)


def _truncate(text: str, length: int) -> str:
    """`Truncator(text).chars(length)`, without its translated ellipsis lookup for short texts."""
    text = unicodedata.normalize("NFC", text)  # as Truncator does
    return text if len(text) <= length else Truncator(text).chars(length)


class ListingMixin:
    """The listing contract: what the portal's listings index copies from a club page.

    Call inside the club's schema. Keys and types are fixed (see `listing_payload`); subclasses
    provide `listing_kind` and override the `listing_*` hooks.
    """

    listing_kind: str = ""
    SUMMARY_LENGTH = 300

    def listing_dates(self):
        return None, None

    def listing_place(self) -> tuple[str, str, str]:
        return "", "", ""

    def listing_extra(self) -> dict:
        return {"target_groups": [], "time_commitment": "", "skills": ""}

    def listing_image(self):
        return getattr(self, "image", None)

    def listing_body_text(self) -> str:
        return stream_plain_text(getattr(self, "body", None))

    def listing_payload(self) -> dict:
        body_text = self.listing_body_text()
        summary = (getattr(self, "summary", "") or "").strip() or body_text
        starts_at, ends_at = self.listing_dates()
        place, postal_code, town = self.listing_place()
        # What get_full_url() and get_site().root_url would give, from one lookup and no query.
        site_id, root_url, page_path = self.get_url_parts() or (None, None, None)
        image = self.listing_image()
        image_url = ""
        if image is not None:
            try:
                image_url = image.get_rendition("fill-800x450").url
            except SourceImageIOError:
                # The original file is missing (e.g. media not copied): list the page without image.
                image_url = ""
            if image_url.startswith("/") and root_url:
                image_url = absolute_url(url_host(root_url), image_url)
        extra = self.listing_extra()
        return {
            "kind": str(self.listing_kind),
            "title": self.title,
            "summary": _truncate(" ".join(summary.split()), self.SUMMARY_LENGTH),
            "url": absolute_url(url_host(root_url), page_path) if root_url and page_path is not None else "",
            "image_url": image_url,
            "starts_at": starts_at,
            "ends_at": ends_at,
            "place": place,
            "postal_code": postal_code,
            "town": town,
            "target_groups": [str(group) for group in extra["target_groups"]],
            "time_commitment": str(extra["time_commitment"] or ""),
            "skills": extra["skills"] or "",
            "language": self.locale.language_code,
            "search_text": " ".join([self.title, summary, body_text]).strip(),
        }


class FormPageMixin:
    """A page that shows a form and stores what was sent (join, contact, event registration).

    GET shows an empty form, an invalid POST re-renders with everything typed and a message per
    field, a valid POST is handed to `form_submitted` and redirects (so reloading sends nothing twice).
    Valid submissions are limited per client and form (`rate_limit_form`, cms/rate_limits.py): over
    the limit the form comes back filled in, with the waiting time, as status 429.
    """

    form_class: type[forms.Form]
    rate_limit_form = "club_form"

    def get_form(self, request):
        if request.method == "POST":
            return self.form_class(request.POST)
        return self.form_class()

    def form_submitted(self, request, form) -> None:  # pragma: no cover - every page overrides
        raise NotImplementedError

    def serve_form(self, request, *args, **kwargs):
        form = self.get_form(request)
        status = 200
        if request.method == "POST" and form.is_valid():
            slot = rate_limit_take(request, form=self.rate_limit_form)
            if slot.allowed:
                try:
                    self.form_submitted(request, form)
                except ValidationError as exc:  # the model's own checks: shown like the form's
                    slot.release()
                    form_errors_from(form, exc)
                else:
                    return redirect(f"{self.url}?{SENT_PARAMETER}=1#formular")
            else:
                form.add_error(None, slot.message)
                status = 429
        context = self.get_context(request, *args, **kwargs)
        context["form"] = form
        context["form_sent"] = request.method == "GET" and request.GET.get(SENT_PARAMETER) == "1"
        response = TemplateResponse(request, self.get_template(request, *args, **kwargs), context, status=status)
        if status == 429:
            response["Retry-After"] = str(slot.retry_after)
        return response


# Shared by the page types of every family.
IMAGE_MODEL = "wagtailimages.Image"
INTRO_FEATURES = ["bold", "italic", "link", "ul", "ol"]

HOME = "pages.ClubHomePage"
CONTENT = "pages.ContentPage"
# Pages that may sit directly under the home page or under a content page.
SECTION_PAGES = [
    "pages.ContentPage",
    "pages.NewsIndexPage",
    "pages.EventIndexPage",
    "pages.VolunteeringIndexPage",
    "pages.TeamPage",
    "pages.JoinPage",
    "pages.ContactPage",
    "pages.GalleryPage",
    "pages.DownloadsPage",
]


def image_field(verbose_name, help_text):
    return models.ForeignKey(
        IMAGE_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=verbose_name,
        help_text=help_text,
    )


def summary_field():
    return models.TextField(
        _("Kurzfassung"),
        blank=True,
        max_length=300,
        help_text=_(
            "Zwei, drei Sätze (höchstens 300 Zeichen). Erscheinen in Übersichten, auf der Startseite und "
            "im Heldenhelfer-Portal der Region."
        ),
    )
