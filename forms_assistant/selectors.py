"""Reads of the application assistant.

Form templates are pages in the public schema; from a club request the club's own
`wagtailcore_page` would shadow them, so every page read happens here inside
`schema_context(public)` and returns plain snapshots (tenancy rule 3). Club-side reads always take
the club from `request.tenant`; staff reads are limited to the user's authorities.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from django.contrib.auth.models import Group
from django.db import connection
from django.db.models import Count, Q, QuerySet
from django.http import Http404

from django_tenants.utils import get_public_schema_name, schema_context

from sites.clubs.models import Club

from .constants import ApplicationStatus
from .models import Application, Authority, FormTemplatePage, PlannedEvent
from .prefill import EVENT_ATTRIBUTES


@dataclass(frozen=True)
class TemplateInfo:
    """What club-side code needs of a form template, read in the public schema."""

    id: int
    title: str
    summary: str
    authority_id: int
    authority_name: str
    legal_basis: str
    fee_note: str
    lead_time_days: int
    required_attachments: list[str]
    revision_id: int | None
    definition: dict
    always_recommend: bool = False
    recommend_when: list[dict] = field(default_factory=list)


def _info(page: FormTemplatePage) -> TemplateInfo:
    return TemplateInfo(
        id=page.pk,
        title=page.title,
        summary=page.summary,
        authority_id=page.authority_id,
        authority_name=page.authority.name,
        legal_basis=page.legal_basis,
        fee_note=page.fee_note,
        lead_time_days=page.lead_time_days,
        required_attachments=[line.strip() for line in page.required_attachments.splitlines() if line.strip()],
        revision_id=page.live_revision_id,
        definition=page.definition(),
        always_recommend=page.always_recommend,
        recommend_when=page.recommendation_conditions(),
    )


def _live_templates() -> QuerySet[FormTemplatePage]:
    """Published form templates in their original language (call inside the public schema).

    A translation of a form template (wagtail-localize on the portal) is not a template of its
    own: applications are always made from, and tied to, the authority's original.
    """
    from wagtail.models import Locale

    return FormTemplatePage.objects.live().filter(locale=Locale.get_default()).select_related("authority")


def form_template_list() -> list[TemplateInfo]:
    """Published form templates."""
    with schema_context(get_public_schema_name()):
        return [_info(p) for p in _live_templates().order_by("title")]


def form_template_get(page_id: int) -> TemplateInfo | None:
    with schema_context(get_public_schema_name()):
        page = _live_templates().filter(pk=page_id).first()
        return _info(page) if page else None


def form_template_known_keys() -> list[tuple[str, str]]:
    """(key, label) of every field and step of every template (latest drafts too), for pickers."""
    choices: dict[str, str] = {}
    with schema_context(get_public_schema_name()):
        for page in FormTemplatePage.objects.all():
            latest = page.get_latest_revision_as_object() if page.has_unpublished_changes else page
            try:
                definition = latest.definition()
            except Exception:  # a half-edited draft must not break the editor
                definition = page.definition()
            for step in definition["steps"]:
                choices.setdefault(f"step:{step['key']}", f"Schritt: {step['title']} ({step['key']})")
                for f in step["fields"]:
                    choices.setdefault(f["key"], f"{f['label']} ({f['key']})")
    return sorted(choices.items(), key=lambda kv: kv[1].lower())


@dataclass(frozen=True)
class Recommendation:
    template: TemplateInfo
    reasons: list[str]
    draft: Application | None = None  # the club's draft of it for this event, to be continued


def recommendations_for(event: PlannedEvent) -> list[Recommendation]:
    """Which applications an event needs, with the reasons ("because you sell alcohol"), and the
    club's draft of each for this event where one was begun (continue it, not a second one)."""
    result = []
    drafts = _latest_drafts(Application.objects.filter(club_id=event.club_id, event=event))
    for template in form_template_list():
        reasons = []
        for cond in template.recommend_when:
            attribute = EVENT_ATTRIBUTES.get(cond["attribute"])
            if attribute is None:
                continue
            value = getattr(event, attribute.key, None)
            if attribute.kind == "number":
                hit = value is not None and value >= (cond.get("minimum") or 1)
            else:
                hit = bool(value)
            if hit:
                reasons.append(cond.get("reason") or str(attribute.reason))
        if template.always_recommend and not reasons:
            reasons.append("für jedes Vorhaben nötig")
        if reasons:
            result.append(
                Recommendation(template=template, reasons=list(dict.fromkeys(reasons)), draft=drafts.get(template.id))
            )
    return result


def _latest_drafts(applications: QuerySet[Application]) -> dict[int, Application]:
    """The most recently edited draft per template page id."""
    found: dict[int, Application] = {}
    for application in applications.filter(status=ApplicationStatus.DRAFT, anonymised_at__isnull=True).order_by(
        "updated_at"
    ):
        found[application.template_page_id] = application
    return found


@dataclass(frozen=True)
class CatalogueEntry:
    template: TemplateInfo
    draft: Application | None  # the club's latest draft of this template, if any


def template_catalogue(*, club) -> list[CatalogueEntry]:
    """Published templates, each with the club's latest draft of it (the catalogue offers to
    continue that draft; a second one must be asked for explicitly)."""
    drafts = _latest_drafts(Application.objects.filter(club=club).select_related("event"))
    return [CatalogueEntry(template=t, draft=drafts.get(t.id)) for t in form_template_list()]


def club_draft_for(*, club, template_id: int, event: PlannedEvent | None) -> Application | None:
    """The club's latest draft of a template for the same event (or for none): what a second
    "start" of the same application continues instead of making a copy."""
    return _latest_drafts(Application.objects.filter(club=club, template_page_id=template_id, event=event)).get(
        template_id
    )


# --- club side (always for request.tenant) ---


def club_events(*, club) -> QuerySet[PlannedEvent]:
    return PlannedEvent.objects.filter(club=club).order_by("-date_start")


def club_event_get(*, club, pk: int) -> PlannedEvent:
    event = PlannedEvent.objects.filter(club=club, pk=pk).first()
    if event is None:
        raise Http404
    return event


def club_applications(*, club) -> QuerySet[Application]:
    return (
        Application.objects.filter(club=club, anonymised_at__isnull=True)
        .select_related("authority", "event")
        .order_by("-updated_at")
    )


def club_application_get(*, club, pk: int) -> Application:
    application = Application.objects.select_related("authority", "event", "club").filter(club=club, pk=pk).first()
    if application is None:
        raise Http404
    return application


# --- authority side ---


def authority_ids_of(user) -> frozenset[int]:
    """Ids of the authorities a portal user works for (through the staff groups, public schema).

    Kept on the user object: a request has one, and the inbox asks for every row it lists.
    """
    if not getattr(user, "is_authenticated", False):
        return frozenset()
    cached = getattr(user, "_fa_authority_ids", None)
    if cached is None:
        with schema_context(get_public_schema_name()):
            names = list(Group.objects.filter(user=user).values_list("name", flat=True))
            cached = frozenset(Authority.objects.filter(staff_group_name__in=names).values_list("pk", flat=True))
        user._fa_authority_ids = cached
    return cached


def authorities_of(user) -> QuerySet[Authority]:
    """The authorities a portal user works for."""
    return Authority.objects.filter(pk__in=authority_ids_of(user))


def inbox_applications(*, user) -> QuerySet[Application]:
    """Submitted applications of the user's authorities (drafts are the club's business)."""
    return (
        Application.objects.filter(authority_id__in=authority_ids_of(user))
        .exclude(status=ApplicationStatus.DRAFT)
        .select_related("club", "authority")
    )


# A loose index scan over the partial index `fa_app_inbox_title`: from each title to the next one in
# the index (one index probe per title instead of reading every application of the authority).
_NEXT_TITLES_SQL = """
WITH RECURSIVE titles(title) AS (
    SELECT min(template_title) FROM forms_assistant_application
     WHERE authority_id = %(authority)s AND NOT (status = %(draft)s)
    UNION ALL
    SELECT (SELECT min(template_title) FROM forms_assistant_application
             WHERE authority_id = %(authority)s AND NOT (status = %(draft)s) AND template_title > titles.title)
      FROM titles WHERE titles.title IS NOT NULL
)
SELECT title FROM titles WHERE title IS NOT NULL
"""


def inbox_template_titles(*, user) -> list[str]:
    """The distinct template titles in the user's inbox, sorted (choices of the inbox's filter).

    The titles are snapshots on the applications (a renamed template keeps its old applications
    findable), so they come from the applications, not from today's templates: a `DISTINCT` would
    read every application on every page of the inbox; the recursive query jumps from title to
    title in the index instead.
    """
    titles: set[str] = set()
    with connection.cursor() as cursor:
        for authority in authority_ids_of(user):
            cursor.execute(_NEXT_TITLES_SQL, {"authority": authority, "draft": ApplicationStatus.DRAFT})
            titles.update(row[0] for row in cursor.fetchall())
    return sorted(titles, key=str.lower)


def inbox_top_clubs(*, user, limit: int = 30) -> list[tuple[str, str]]:
    """(slug, name) of the clubs with the most applications in the user's inbox, sorted by name."""
    top = (
        Application.objects.filter(authority_id__in=authority_ids_of(user))
        .exclude(status=ApplicationStatus.DRAFT)
        .values("club_id")
        .annotate(n=Count("*"))  # not Count("pk"): the count comes from the index alone
        .order_by("-n", "club_id")[:limit]
    )
    clubs = Club.objects.filter(pk__in=[row["club_id"] for row in top]).values_list("slug", "name")
    return sorted(clubs, key=lambda club: club[1].lower())


def inbox_search(queryset: QuerySet[Application], term: str) -> QuerySet[Application]:
    """Every word of `term` in the reference, the template's title or the club's name.

    The club names are matched in the (small) club table and the applications by club id, so the
    search needs no join and no `UPPER()` of a club name per application. References are made
    in upper case (`HH-2026-000123`), so they are compared with the upper-cased word as they are.
    """
    for word in term.split():
        queryset = queryset.filter(
            Q(reference__contains=word.upper())
            | Q(template_title__icontains=word)
            | Q(club_id__in=Club.objects.filter(name__icontains=word).values("pk"))
        )
    return queryset


def inbox_application_get(*, user, pk: int) -> Application:
    application = inbox_applications(user=user).filter(pk=pk).first()
    if application is None:
        raise Http404
    return application


def inbox_filter(
    queryset: QuerySet[Application],
    *,
    status: str = "",
    template: str = "",
    club: str = "",
    late: bool | None = None,
    date_from: date | None = None,
    date_to: date | None = None,
    query: str = "",
) -> QuerySet[Application]:
    if status:
        queryset = queryset.filter(status=status)
    if template:
        queryset = queryset.filter(template_title=template)
    if club:
        queryset = queryset.filter(club__slug=club)
    if late is not None:
        queryset = queryset.filter(is_late=late)
    if date_from:
        queryset = queryset.filter(event_date__gte=date_from)
    if date_to:
        queryset = queryset.filter(event_date__lte=date_to)
    if query:
        queryset = inbox_search(queryset, query)
    return queryset


def user_is_staff_of(user, application: Application) -> bool:
    return application.authority_id in authority_ids_of(user)


def user_may_inspect(user, application: Application) -> bool:
    """Staff see the submitted applications of their authorities (drafts are the club's business)."""
    return application.status != ApplicationStatus.DRAFT and user_is_staff_of(user, application)
