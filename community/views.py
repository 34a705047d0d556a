"""Portal pages of the exchange: public posts, the crisis page, helpers' sign-up and cancellation.

Plain Django views on the portal host (public schema). The crisis page must stay up under load:
its HTML is cached as a whole (no per-visitor content, the sign-up form is a separate page) and
dropped from the cache whenever a need or a sign-up changes. The other pages here are kept by the
full-page cache (cms.tenancy.page_cache), which the services purge when a public post changes.
"""

from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.template.loader import render_to_string
from django.template.response import TemplateResponse
from django.views.decorators.cache import never_cache

from cms.forms import form_errors_from
from cms.tenancy.guards import portal_only

from . import selectors, services
from .forms import HelperSignupForm, PageQueryForm, SearchForm
from .selectors import CRISIS_PAGE_SECONDS, crisis_page_cache_key


@portal_only
def public_posts(request):
    form = SearchForm(request.GET)
    posts = selectors.post_search(public_only=True, **form.filters())
    page = Paginator(posts, 20).get_page(PageQueryForm(request.GET).values["p"])
    query = request.GET.copy()
    query.pop("p", None)
    return TemplateResponse(
        request, "community/post_list.html", {"form": form, "page": page, "querystring": query.urlencode()}
    )


@portal_only
def public_post(request, pk: int):
    post = selectors.public_post(pk=pk)
    return TemplateResponse(request, "community/post.html", {"post": post, "photos": post.photos.all()})


@portal_only
def crisis_page(request, slug: str):
    # Kept in its own cache entry, which every change of the crisis's needs and sign-ups
    # replaces (services.crisis_cache_clear), not in the full-page cache: purging that means the
    # whole portal (and a proxy's copy of it), for every sign-up during a crisis.
    key = crisis_page_cache_key(request, slug)
    html = cache.get(key)
    if html is None:
        crisis = selectors.crisis_by_slug(slug=slug)
        html = render_to_string(
            "community/crisis.html",
            {"crisis": crisis, "needs": selectors.crisis_needs(crisis=crisis)},
            request=request,
        )
        cache.set(key, html, CRISIS_PAGE_SECONDS)
    response = HttpResponse(html)
    # Anyone may keep it but must ask again before showing it (one cache read here): someone who
    # just signed up sees the new count on going back. `no-cache` also keeps it out of the
    # full-page cache (cms.tenancy.page_cache stores no such response).
    response["Cache-Control"] = "public, no-cache"
    return response


@portal_only
@never_cache
def helper_signup(request, slug: str, pk: int):
    crisis = selectors.crisis_by_slug(slug=slug)
    if not crisis.is_active:
        raise Http404
    need = selectors.crisis_need(crisis=crisis, pk=pk)
    form = HelperSignupForm(request.POST or None, slots=need.slot_list)
    full = need.helper_cap is not None and need.helper_count >= need.helper_cap
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            signup, token = services.helper_signup(
                post=need, name=data["name"], email=data["email"], phone=data["phone"], slot=data["slot"]
            )
        except ValidationError as exc:
            form_errors_from(form, exc)
        else:
            return TemplateResponse(
                request,
                "community/helper_thanks.html",
                {"crisis": crisis, "need": need, "signup": signup, "token": token},
            )
    return TemplateResponse(
        request, "community/helper_signup.html", {"crisis": crisis, "need": need, "form": form, "full": full}
    )


@portal_only
@never_cache
def helper_cancel(request, token: str):
    """The private link: GET asks (link scanners must not cancel), POST cancels."""
    signup = services.helper_signup_by_token(token=token)
    if request.method == "POST" and signup is not None:
        services.helper_cancel(token=token)
        return TemplateResponse(request, "community/helper_cancel.html", {"signup": signup, "done": True})
    if signup is None:
        return TemplateResponse(request, "community/helper_cancel.html", {"signup": None}, status=404)
    return TemplateResponse(request, "community/helper_cancel.html", {"signup": signup})
