"""The club side of the exchange: menu "Netzwerk" in each club's Wagtail admin.

Every view is thin and acts for `request.tenant` (the club whose host this is), never for a club
id from the request; lookups by id go through selectors that answer 404 for anything the club may
not see. On the portal host (or any non-club host) every view answers 404.
"""

from functools import wraps

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cms.forms import form_errors_from
from cms.tenancy.guards import club_only

from . import selectors, services
from .constants import LENDABLE_KINDS, PostType, ThreadStatus
from .forms import (
    AcceptForm,
    AnswerForm,
    MessageForm,
    PageQueryForm,
    PhotoRemovalForm,
    PostCreateQueryForm,
    PostForm,
    ReportForm,
    SearchForm,
    StatusForm,
    new_submit_token,
)

ACT_PERMISSION = "community.act"


def user_may_act(user) -> bool:
    """May this editor act in the exchange for the club (`community.act`, superusers always)?"""
    return bool(user.is_active and (user.is_superuser or user.has_perm(ACT_PERMISSION)))


def exchange_view(view):
    """The exchange is worked from a club's own admin; elsewhere the views do not exist.

    On a club's host only editors with `community.act` may use them (GET and POST); the others get
    a 403 page saying which permission is missing (not Wagtail's silent redirect to the dashboard).
    """

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not user_may_act(request.user):
            return TemplateResponse(request, "community/admin/forbidden.html", status=403)
        return view(request, *args, **kwargs)

    return club_only(wrapper)


def _render(request, template: str, context: dict, status: int = 200):
    club = request.tenant
    context.setdefault("club", club)
    context.setdefault("suspension", selectors.suspension_for(club=club))
    return TemplateResponse(request, f"community/admin/{template}", context, status=status)


@exchange_view
def overview(request):
    club = request.tenant
    return _render(
        request,
        "overview.html",
        {
            "posts": selectors.club_posts(club=club)[:50],
            "threads": selectors.club_threads(club=club)[:20],
            "crises": selectors.active_crises(),
        },
    )


@exchange_view
def search(request):
    form = SearchForm(request.GET)
    posts = selectors.post_search(**form.filters())
    page = Paginator(posts, 20).get_page(PageQueryForm(request.GET).values["p"])
    query = request.GET.copy()
    query.pop("p", None)
    return _render(
        request,
        "search.html",
        {"form": form, "page": page, "querystring": query.urlencode(), "crises": selectors.active_crises()},
    )


def _post_form(request, *, instance=None, initial=None):
    club = request.tenant
    return PostForm(
        request.POST or None,
        request.FILES or None,
        instance=instance,
        initial=initial,
        editors=selectors.club_editors(club=club),
        crises=selectors.crisis_choices(),
    )


@exchange_view
def post_create(request):
    club = request.tenant
    initial = {
        "post_type": PostCreateQueryForm(request.GET).values["art"],
        "postal_code": club.postal_code,
        "town": club.town,
        "contact": request.user.pk,
        "submit_token": new_submit_token(),
    }
    form = _post_form(request, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            post = services.post_create(
                club=club,
                contact=form.cleaned_data["contact"],
                photos=form.cleaned_data["photos"],
                submit_token=form.cleaned_data["submit_token"],
                **form.post_fields(),
            )
        except PermissionDenied as exc:
            form.add_error(None, str(exc))
        except ValidationError as exc:
            form_errors_from(form, exc)
        else:
            messages.success(request, _("Ihr Beitrag „%(title)s“ ist veröffentlicht.") % {"title": post.title})
            return redirect("community_admin:post", pk=post.pk)
    return _render(request, "post_form.html", {"form": form, "is_new": True})


@exchange_view
def post_edit(request, pk: int):
    club = request.tenant
    post = selectors.post_for_club(club=club, pk=pk)
    form = _post_form(request, instance=post, initial={"contact": post.contact_user_id})
    photo_ids = [photo.pk for photo in post.photos.all()]
    removal = PhotoRemovalForm(request.POST or None, photo_ids=photo_ids)
    if request.method == "POST" and not removal.is_valid():
        for error in removal.errors.get("remove_photo", []):
            form.add_error(None, error)
    if request.method == "POST" and form.is_valid():
        remove = removal.cleaned_data["remove_photo"]
        try:
            services.post_update(
                post=post,
                club=club,
                contact=form.cleaned_data["contact"],
                photos=form.cleaned_data["photos"],
                remove_photo_ids=remove,
                **form.post_fields(),
            )
        except PermissionDenied as exc:
            form.add_error(None, str(exc))
        except ValidationError as exc:
            form_errors_from(form, exc)
        else:
            messages.success(request, _("Änderungen gespeichert."))
            return redirect("community_admin:post", pk=post.pk)
    ticked = {str(pk) for pk in request.POST.getlist("remove_photo")} if request.method == "POST" else set()
    return _render(request, "post_form.html", {"form": form, "post": post, "is_new": False, "ticked": ticked})


@exchange_view
def post_detail(request, pk: int):
    club = request.tenant
    post = selectors.post_visible_to_club(club=club, pk=pk)
    own = post.club_id == club.pk
    context = {"post": post, "own": own, "photos": post.photos.all()}
    if own:
        context.update(
            matches=selectors.post_matches(post=post),
            threads=post.threads.select_related("responder").order_by("-last_message_at"),
            helpers=selectors.helpers_for_post(club=club, post=post) if post.crisis_id else None,
            lendings=selectors.lending_calendar(post=post),
            status_form=StatusForm(initial={"status": post.status}),
        )
    else:
        context.update(
            thread=selectors.thread_for_post_and_club(post=post, club=club),
            answer_form=AnswerForm(),
            lendings=selectors.lending_calendar(post=post) if post.kind in LENDABLE_KINDS else None,
        )
    return _render(request, "post_detail.html", context)


@exchange_view
@require_POST
def post_status(request, pk: int):
    club = request.tenant
    post = selectors.post_for_club(club=club, pk=pk)
    form = StatusForm(request.POST)
    if form.is_valid():
        try:
            services.post_set_status(post=post, club=club, status=form.cleaned_data["status"])
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("Status geändert: %(status)s") % {"status": post.get_status_display()})
    return redirect("community_admin:post", pk=post.pk)


@exchange_view
def post_renew(request, pk: int):
    """The link from the reminder e-mail: one button renews the post."""
    club = request.tenant
    post = selectors.post_for_club(club=club, pk=pk)
    if request.method == "POST":
        try:
            services.post_renew(post=post, club=club)
        except (ValidationError, PermissionDenied) as exc:
            messages.error(request, " ".join(getattr(exc, "messages", [str(exc)])))
        else:
            messages.success(
                request,
                _("Verlängert: Der Beitrag ist jetzt bis zum %(date)s sichtbar.")
                % {"date": post.expires_on.strftime("%d.%m.%Y")},
            )
        return redirect("community_admin:post", pk=post.pk)
    return _render(request, "post_renew.html", {"post": post, "renewed_until": services.post_renewed_until(post=post)})


@exchange_view
def post_answer(request, pk: int):
    club = request.tenant
    post = selectors.post_visible_to_club(club=club, pk=pk)
    if post.club_id == club.pk:
        raise Http404
    existing = selectors.thread_for_post_and_club(post=post, club=club)
    if existing:
        return redirect("community_admin:thread", pk=existing.pk)
    form = AnswerForm(request.POST or None, lendable=_lendable(post))
    if request.method == "POST" and form.is_valid():
        try:
            thread = services.thread_start(
                post=post,
                club=club,
                user=request.user,
                body=form.cleaned_data["body"],
                wanted_from=form.cleaned_data.get("wanted_from"),
                wanted_to=form.cleaned_data.get("wanted_to"),
            )
        except PermissionDenied as exc:
            form.add_error(None, str(exc))
        except ValidationError as exc:
            form_errors_from(form, exc)
        else:
            messages.success(
                request,
                _("Ihre Antwort ist bei %(club)s angekommen. Sie erhalten eine E-Mail, sobald geantwortet wird.")
                % {"club": post.club.display_name},
            )
            return redirect("community_admin:thread", pk=thread.pk)
    return _render(request, "post_answer.html", {"post": post, "form": form})


@exchange_view
def post_report(request, pk: int):
    club = request.tenant
    post = selectors.post_visible_to_club(club=club, pk=pk)
    form = ReportForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.report_create(club=club, user=request.user, post=post, reason=form.cleaned_data["reason"])
        except ValidationError as exc:
            form_errors_from(form, exc)
        else:
            messages.success(request, _("Danke, Ihre Meldung ist beim Heldenhelfer-Team angekommen."))
            return redirect("community_admin:post", pk=post.pk)
    return _render(
        request,
        "report_form.html",
        {"form": form, "post": post, "back": reverse("community_admin:post", args=[post.pk])},
    )


@exchange_view
def thread_list(request):
    threads = selectors.club_threads(club=request.tenant)
    page = Paginator(threads, 30).get_page(PageQueryForm(request.GET).values["p"])
    return _render(request, "thread_list.html", {"page": page})


def _lendable(post) -> bool:
    return post.post_type == PostType.OFFER and post.kind in LENDABLE_KINDS


@exchange_view
def thread_detail(request, pk: int):
    club = request.tenant
    thread = selectors.thread_for_club(club=club, pk=pk)
    return _thread_page(request, thread, form=MessageForm(request.POST or None))


def _thread_page(request, thread, *, form, accept_form=None, status: int = 200):
    """The conversation; `accept_form` bound after a refused acceptance (the typed days stay)."""
    club = request.tenant
    post = thread.post
    is_poster = post.club_id == club.pk
    if request.method == "POST" and form.is_bound and form.is_valid():
        try:
            services.message_send(thread=thread, club=club, user=request.user, body=form.cleaned_data["body"])
        except PermissionDenied as exc:
            form.add_error(None, str(exc))
        except ValidationError as exc:
            form_errors_from(form, exc)
        else:
            messages.success(request, _("Nachricht gesendet."))
            return redirect("community_admin:thread", pk=thread.pk)
    lendable = _lendable(post)
    if accept_form is None and is_poster and thread.status == ThreadStatus.PENDING:
        # The days the other club asked for; the whole offer is rarely what is lent.
        accept_form = AcceptForm(initial={"lend_from": thread.wanted_from, "lend_to": thread.wanted_to})
    return _render(
        request,
        "thread_detail.html",
        {
            "thread": thread,
            "post": post,
            "other": thread.other_club(club),
            "is_poster": is_poster,
            "thread_messages": selectors.thread_messages(thread=thread),
            "form": form,
            "accept_form": accept_form if is_poster and thread.status == ThreadStatus.PENDING else None,
            "lendable": lendable,
            "lendings": thread.lendings.filter(cancelled_at__isnull=True),
        },
        status=status,
    )


@exchange_view
@require_POST
def thread_accept(request, pk: int):
    club = request.tenant
    thread = selectors.thread_for_club(club=club, pk=pk)
    if thread.post.club_id != club.pk:
        raise Http404
    form = AcceptForm(request.POST)
    if form.is_valid():
        try:
            services.thread_accept(
                thread=thread,
                club=club,
                lend_from=form.cleaned_data["lend_from"],
                lend_to=form.cleaned_data["lend_to"],
            )
        except PermissionDenied as exc:
            form.add_error(None, str(exc))
        except ValidationError as exc:
            form_errors_from(form, exc)
        else:
            messages.success(request, _("Zugesagt. Beide Vereine sehen jetzt die Kontaktdaten der Ansprechpersonen."))
            return redirect("community_admin:thread", pk=thread.pk)
    # Refused: the page again with the days as typed and the reason next to them.
    return _thread_page(request, thread, form=MessageForm(), accept_form=form, status=400)


@exchange_view
@require_POST
def thread_decline(request, pk: int):
    club = request.tenant
    thread = selectors.thread_for_club(club=club, pk=pk)
    if thread.post.club_id != club.pk:
        raise Http404
    try:
        services.thread_decline(thread=thread, club=club)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Abgelehnt. Der andere Verein wird benachrichtigt."))
    return redirect("community_admin:thread", pk=thread.pk)


@exchange_view
def message_report(request, pk: int):
    club = request.tenant
    message = selectors.message_for_club(club=club, pk=pk)
    form = ReportForm(request.POST or None)
    back = reverse("community_admin:thread", args=[message.thread_id])
    if request.method == "POST" and form.is_valid():
        try:
            services.report_create(club=club, user=request.user, message=message, reason=form.cleaned_data["reason"])
        except ValidationError as exc:
            form_errors_from(form, exc)
        else:
            messages.success(request, _("Danke, Ihre Meldung ist beim Heldenhelfer-Team angekommen."))
            return redirect(back)
    return _render(request, "report_form.html", {"form": form, "message": message, "back": back})
