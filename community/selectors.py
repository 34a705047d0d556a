"""Reads of the exchange: search, matching, a club's posts and threads, crises.

Every function that serves a club takes the club (always `request.tenant` in views) and only
returns what that club may see; lookups by id raise Http404 for anything else.

Matching (`post_matches`) in short: the opposite type (offer ↔ request) of the same kind, live,
of another club, whose dates overlap (an undated post is "ongoing" and overlaps everything).
These are hard filters. The order is by words (German full-text rank of the new post's title
words against the other post) and by closeness of the postal codes: German postal codes are
assigned by region, so the length of the shared prefix (5 = same code, 4, 3 … 0) is a cheap,
dependency-free proxy for distance. It is coarse at region borders, which is acceptable for
"who is near" suggestions.
"""

import re
from datetime import date, datetime, timedelta
from functools import reduce
from operator import or_

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.postgres.search import SearchQuery, SearchRank
from django.core.cache import cache
from django.db.models import Case, Count, F, FloatField, IntegerField, Q, QuerySet, Value, When
from django.http import Http404
from django.urls import reverse
from django.utils import timezone

from django_tenants.utils import get_public_schema_name, schema_context

from cms.context_processors import portal_url
from cms.search_text import prefix_tsquery
from sites.clubs.constants import ClubKind
from sites.clubs.models import Club

from .constants import LIVE_STATUSES, PostType
from .models import Crisis, ExchangeSuspension, HelperSignup, Lending, Message, Post, Thread

ACTIVE_CRISES_KEY = "community:active-crises:v1"
ACTIVE_CRISES_SECONDS = 60
CRISIS_PAGE_SECONDS = 60


def crisis_page_generation_key(slug: str) -> str:
    return f"community:crisis-page-gen:{slug}"


def crisis_page_cache_key(request, slug: str) -> str:
    """Key of a crisis page's HTML: the crisis's generation (a new one with every change of its
    needs or sign-ups, `services.crisis_cache_clear`), the full-page cache's generations (theme,
    settings, clubs; cms.tenancy.page_cache), the host and the language. Read in the public schema."""
    import hashlib

    from django.utils.translation import get_language

    from cms.tenancy.page_cache import generations

    with schema_context(get_public_schema_name()):
        generation = cache.get(crisis_page_generation_key(slug), "0")
    varies = hashlib.blake2b(
        f"{request.get_host().lower()}|{get_language()}|{':'.join(generations(request))}".encode(), digest_size=16
    ).hexdigest()
    return f"community:crisis-page:{slug}:{generation}:{varies}"


# --- posts ------------------------------------------------------------------------------------


def live_posts(*, today: date | None = None) -> QuerySet[Post]:
    """Posts the region sees: open or partly met, not lapsed, not hidden, of an active, unsuspended club."""
    today = today or timezone.localdate()
    # Clubs that are inactive or suspended are few: an anti-join on their ids is much cheaper than
    # joining every post to its club (measured in bench/community.py).
    blocked = Club.objects.filter(
        Q(is_active=False) | ~Q(kind=ClubKind.CLUB) | Q(exchange_suspension__isnull=False)
    ).values("pk")
    return Post.objects.filter(status__in=LIVE_STATUSES, is_hidden=False, expires_on__gte=today).exclude(
        club_id__in=blocked
    )


def _active_crisis_ids() -> list[int]:
    return [c["id"] for c in active_crises()]


SEARCH_COUNT_CAP = 1000
MAX_SEARCH_WORDS = 8
_SEARCH_WORD = re.compile(r"[^\W_]+")
RANK_WINDOW = 500


class PostResults:
    """Search results in display order: posts of an active crisis first, then all others.

    A few querysets read as one list instead of one query with a CASE sort key: each part keeps
    an order PostgreSQL reads straight from an index (newest first) or gets by a small top-N sort
    (rank within a window), and the crisis part is small. `count()` stops at SEARCH_COUNT_CAP + 1
    (the page then says "more than 1,000"): counting all of 50,000 matches costs more than the
    whole page and helps nobody. Works with Django's Paginator.
    """

    def __init__(self, *parts: QuerySet[Post]):
        self.parts = list(parts)
        self._sizes: dict[int, int] = {}
        self._total: int | None = None

    def _size(self, index: int) -> int:
        """Exact size of a leading part (the crisis part, which is small)."""
        if index not in self._sizes:
            self._sizes[index] = self.parts[index].order_by().count()
        return self._sizes[index]

    def count(self) -> int:
        if self._total is None:
            last = len(self.parts) - 1
            leading = sum(self._size(i) for i in range(last))
            if last in self._sizes:
                tail = self._sizes[last]
            else:
                # Without its ORDER BY the capped count stops reading after enough rows.
                tail = self.parts[last].order_by()[: max(SEARCH_COUNT_CAP + 1 - leading, 0)].count()
            self._total = min(leading + tail, SEARCH_COUNT_CAP + 1)
        return self._total

    def known_sizes(self, index: int, size: int) -> None:
        """Tell the size of a part that is already known (saves its count query)."""
        self._sizes[index] = size

    @property
    def is_capped(self) -> bool:
        return self.count() > SEARCH_COUNT_CAP

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, key):
        if isinstance(key, int):
            return self[key : key + 1][0]
        start, stop = key.start or 0, key.stop
        found: list[Post] = []
        offset = 0  # where the current part begins in the combined list
        for index, part in enumerate(self.parts):
            part_start = max(start - offset, 0)
            part_stop = None if stop is None else stop - offset
            if part_stop is not None and part_stop <= 0:
                break
            if index < len(self.parts) - 1:
                size = self._size(index)
                part_stop = size if part_stop is None else min(part_stop, size)
                offset += size
            if part_stop is None or part_start < part_stop:
                found += self._fetch(part, part_start, part_stop)
        return found

    @staticmethod
    def _fetch(part: QuerySet[Post], start: int, stop: int | None) -> list[Post]:
        # Each part is read from an index or is a small ranked window, so joining the page's
        # club, category and crisis here costs only the rows of the page.
        return list(part.select_related("club", "category", "crisis")[start:stop])

    def __iter__(self):
        yield from self[0:None]

    def __contains__(self, post) -> bool:
        return any(part.filter(pk=post.pk).exists() for part in self.parts)


def post_search(
    *,
    query: str = "",
    post_type: str = "",
    kind: str = "",
    category: str = "",
    town: str = "",
    postal_code: str = "",
    date_from: date | None = None,
    date_to: date | None = None,
    crisis_id: int | None = None,
    public_only: bool = False,
) -> PostResults:
    """Live posts filtered as asked; posts of an active crisis first, then by relevance and age."""
    posts = live_posts()
    if public_only:
        posts = posts.filter(is_public=True)
    if post_type:
        posts = posts.filter(post_type=post_type)
    if kind:
        posts = posts.filter(kind=kind)
    if category:
        posts = posts.filter(category__slug=category)
    if town:
        posts = posts.filter(town__iexact=town.strip())
    if postal_code:
        posts = posts.filter(postal_code__startswith=postal_code.strip())
    if date_from:
        posts = posts.filter(Q(ends_on__isnull=True) | Q(ends_on__gte=date_from))
    if date_to:
        posts = posts.filter(Q(starts_on__isnull=True) | Q(starts_on__lte=date_to))
    if crisis_id:
        posts = posts.filter(crisis_id=crisis_id)
    newest = ["-created_at", "-pk"]
    crisis_ids = _active_crisis_ids()
    # Letters and digits only (operators, quotes and emoji dropped), as the portal's search does.
    words = [word[:40] for word in _SEARCH_WORD.findall(query.lower())][:MAX_SEARCH_WORDS]
    if not words:
        posts = posts.order_by(*newest)
        if not crisis_ids:
            return PostResults(posts)
        return PostResults(posts.filter(crisis_id__in=crisis_ids), posts.exclude(crisis_id__in=crisis_ids))
    # Every word as a prefix in each of its spellings ("feuerwer" finds "Feuerwerk", "fussball"
    # "Fußball", "uebung" "Übung"): the same matching as the portal's search (cms.search_text).
    search_query = SearchQuery(prefix_tsquery(words), config="german", search_type="raw")
    posts = posts.filter(search_vector=search_query)
    rank = SearchRank(F("search_vector"), search_query)
    parts = []
    if crisis_ids:
        parts.append(posts.filter(crisis_id__in=crisis_ids).annotate(rank=rank).order_by("-rank", *newest))
        posts = posts.exclude(crisis_id__in=crisis_ids)
    # Ranking every match of a broad word (thousands) would read and rank them all; the newest
    # RANK_WINDOW matches are ranked, older ones follow newest first. Below the window (the usual
    # case of a specific search) this is the plain ranking by relevance.
    # One narrow query gives the window and the (capped) number of matches.
    ids = list(posts.order_by(*newest).values_list("pk", flat=True)[: SEARCH_COUNT_CAP + 1])
    window = ids[:RANK_WINDOW]
    sizes = [len(window)]
    parts.append(Post.objects.filter(pk__in=window).annotate(rank=rank).order_by("-rank", *newest))
    if len(ids) > RANK_WINDOW:
        parts.append(posts.exclude(pk__in=window).order_by(*newest))
        sizes.append(len(ids) - RANK_WINDOW)
    results = PostResults(*parts)
    for offset, size in enumerate(sizes):
        results.known_sizes(len(parts) - len(sizes) + offset, size)
    return results


def _proximity(postal_code: str):
    """Length of the postal-code prefix shared with `postal_code` (5 = same code … 0), as SQL."""
    postal_code = (postal_code or "").strip()
    if not postal_code.isdigit():
        return Value(0, output_field=IntegerField())
    whens = [When(postal_code=postal_code, then=Value(5))]
    whens += [When(postal_code__startswith=postal_code[:n], then=Value(n)) for n in (4, 3, 2, 1)]
    return Case(*whens, default=Value(0), output_field=IntegerField())


def postal_proximity(a: str, b: str) -> int:
    """Python twin of `_proximity` for display: shared prefix length of two postal codes."""
    shared = 0
    for x, y in zip(a or "", b or "", strict=False):
        if x != y:
            break
        shared += 1
    return shared


def _title_words(text: str) -> list[str]:
    words = []
    for raw in text.replace("-", " ").split():
        word = "".join(ch for ch in raw if ch.isalnum())
        if len(word) >= 3 and not word.isdigit():
            words.append(word)
    return words[:8]


def post_matches(*, post: Post, limit: int = 10) -> list[Post]:
    """Fitting live posts of other clubs for `post` (see the module docstring for the rules)."""
    opposite = PostType.OFFER if post.post_type == PostType.REQUEST else PostType.REQUEST
    posts = live_posts().filter(post_type=opposite, kind=post.kind).exclude(club_id=post.club_id)
    if post.ends_on:
        posts = posts.filter(Q(starts_on__isnull=True) | Q(starts_on__lte=post.ends_on))
    if post.starts_on:
        posts = posts.filter(Q(ends_on__isnull=True) | Q(ends_on__gte=post.starts_on))
    words = _title_words(post.title)
    if words:
        search_query = reduce(or_, (SearchQuery(w, config="german") for w in words))
        word_score = SearchRank(F("search_vector"), search_query)
    else:
        word_score = Value(0.0, output_field=FloatField())
    posts = posts.annotate(word_score=word_score, proximity=_proximity(post.postal_code)).annotate(
        score=F("word_score") * 10 + F("proximity")
    )
    return list(posts.select_related("club").order_by("-score", "-created_at", "-pk")[:limit])


def post_for_club(*, club: Club, pk: int) -> Post:
    """One of the club's own posts (any status), else 404."""
    try:
        return Post.objects.select_related("club", "crisis", "category").get(pk=pk, club=club)
    except Post.DoesNotExist as exc:
        raise Http404 from exc


def post_visible_to_club(*, club: Club, pk: int) -> Post:
    """A post the club may look at: its own, or a live one of another club; else 404."""
    post = Post.objects.select_related("club", "crisis", "category").filter(pk=pk).first()
    if post is None:
        raise Http404
    if post.club_id == club.pk:
        return post
    if not live_posts().filter(pk=pk).exists():
        raise Http404
    return post


def public_post(*, pk: int) -> Post:
    try:
        return live_posts().select_related("club", "crisis", "category").get(pk=pk, is_public=True)
    except Post.DoesNotExist as exc:
        raise Http404 from exc


def club_posts(*, club: Club) -> QuerySet[Post]:
    return (
        Post.objects.filter(club=club)
        .select_related("crisis")
        .annotate(thread_count=Count("threads", distinct=True))
        .order_by("-created_at")
    )


def lending_calendar(*, post: Post) -> QuerySet[Lending]:
    return post.lendings.filter(cancelled_at__isnull=True).select_related("borrower").order_by("period")


def club_editors(*, club: Club) -> list:
    """The club's editors (users of the club's schema) who can be a post's contact person."""
    with schema_context(club.schema_name):
        return list(get_user_model().objects.filter(is_active=True).order_by("first_name", "last_name", "username"))


def club_editor(*, club: Club, user_id: int):
    with schema_context(club.schema_name):
        return get_user_model().objects.filter(is_active=True, pk=user_id).first()


def is_suspended(*, club: Club) -> bool:
    return ExchangeSuspension.objects.filter(club=club).exists()


def suspension_for(*, club: Club) -> ExchangeSuspension | None:
    return ExchangeSuspension.objects.filter(club=club).first()


# --- threads and messages ---------------------------------------------------------------------


def club_threads(*, club: Club) -> QuerySet[Thread]:
    """Every thread the club is a side of, newest activity first."""
    return (
        Thread.objects.filter(Q(post__club=club) | Q(responder=club))
        .select_related("post", "post__club", "responder")
        .order_by("-last_message_at")
    )


def thread_for_club(*, club: Club, pk: int) -> Thread:
    """A thread the club is a side of, else 404 (never another pair of clubs' conversation)."""
    thread = club_threads(club=club).filter(pk=pk).first()
    if thread is None:
        raise Http404
    return thread


def thread_messages(*, thread: Thread) -> QuerySet[Message]:
    return thread.messages.filter(is_hidden=False).select_related("sender")


def thread_for_post_and_club(*, post: Post, club: Club) -> Thread | None:
    return Thread.objects.filter(post=post, responder=club).first()


def message_for_club(*, club: Club, pk: int) -> Message:
    message = (
        Message.objects.filter(pk=pk)
        .filter(Q(thread__post__club=club) | Q(thread__responder=club))
        .select_related("thread")
        .first()
    )
    if message is None:
        raise Http404
    return message


# --- crises -----------------------------------------------------------------------------------


def _crisis_url(slug: str) -> str:
    path = reverse("community:crisis", kwargs={"slug": slug}, urlconf=settings.PUBLIC_SCHEMA_URLCONF)
    return portal_url().rstrip("/") + path


def active_crises(*, now: datetime | None = None) -> list[dict]:
    """Crises active now, newest first, from one cache entry (this runs on every request).

    The cache holds every crisis that has not ended; whether one is active is decided per call,
    so a planned end or start takes effect on time even with a cached list. The entry is kept
    under the public schema's key prefix so that all club hosts share it and one delete
    (`crisis_cache_clear`) reaches them all.
    """
    now = now or timezone.now()
    with schema_context(get_public_schema_name()):
        data = cache.get(ACTIVE_CRISES_KEY)
        if data is None:
            rows = Crisis.objects.filter(ended_at__isnull=True).filter(
                Q(planned_end__isnull=True) | Q(planned_end__gt=now)
            )
            data = [
                {
                    "id": c.pk,
                    "title": c.title,
                    "slug": c.slug,
                    "starts_at": c.starts_at,
                    "ends_at": c.ends_at,
                }
                for c in rows.order_by("-starts_at")
            ]
            cache.set(ACTIVE_CRISES_KEY, data, ACTIVE_CRISES_SECONDS)
    # The address is built per request: the cached list is shared by every host, scheme and port.
    return [
        {**c, "url": _crisis_url(c["slug"])}
        for c in data
        if c["starts_at"] <= now and (c["ends_at"] is None or c["ends_at"] > now)
    ]


def crisis_choices() -> QuerySet[Crisis]:
    """Crises a post may be tagged with (the active ones)."""
    return Crisis.objects.filter(pk__in=_active_crisis_ids())


def crisis_by_slug(*, slug: str) -> Crisis:
    try:
        return Crisis.objects.get(slug=slug)
    except Crisis.DoesNotExist as exc:
        raise Http404 from exc


def crisis_needs(*, crisis: Crisis) -> list[Post]:
    """Live requests tagged with the crisis, each with `helper_count` (active sign-ups)."""
    return list(
        live_posts()
        .filter(crisis=crisis, post_type=PostType.REQUEST)
        .select_related("club")
        .annotate(helper_count=Count("helper_signups", filter=Q(helper_signups__cancelled_at__isnull=True)))
        .order_by("-created_at")
    )


def crisis_need(*, crisis: Crisis, pk: int) -> Post:
    """A need of a crisis open for sign-ups, else 404."""
    post = (
        live_posts()
        .filter(crisis=crisis, post_type=PostType.REQUEST, pk=pk)
        .annotate(helper_count=Count("helper_signups", filter=Q(helper_signups__cancelled_at__isnull=True)))
        .select_related("club")
        .first()
    )
    if post is None:
        raise Http404
    return post


def helpers_for_post(*, club: Club, post: Post) -> QuerySet[HelperSignup]:
    """Helpers who signed up for one of the club's own needs (nobody else sees them)."""
    if post.club_id != club.pk:
        raise Http404
    return post.helper_signups.filter(cancelled_at__isnull=True).order_by("created_at")


def clubs_in_area(*, crisis: Crisis) -> QuerySet[Club]:
    """Active clubs whose postal code starts with one of the crisis's codes or whose town is listed."""
    conditions = [Q(postal_code__startswith=code) for code in crisis.postal_code_list]
    conditions += [Q(town__iexact=town) for town in crisis.town_list]
    if not conditions:
        return Club.objects.none()
    return Club.objects.filter(kind=ClubKind.CLUB, is_active=True).filter(reduce(or_, conditions))


def crises_to_purge(*, now: datetime, keep_days: int) -> QuerySet[Crisis]:
    limit = now - timedelta(days=keep_days)
    return Crisis.objects.filter(helpers_purged_at__isnull=True).filter(
        Q(ended_at__lte=limit) | Q(ended_at__isnull=True, planned_end__lte=limit)
    )
