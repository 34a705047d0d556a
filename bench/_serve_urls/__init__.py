"""Bench-only views and URL configurations of bench/serve.py (never in production URLs)."""

from django.db import connection
from django.http import HttpResponse

from cms.tenancy.page_cache import page_cache_skip


def bare(request):
    """The tenant-routed baseline: every middleware ran, the view itself does nothing (never cached)."""
    page_cache_skip(request)
    return HttpResponse(f"<!DOCTYPE html><title>bare</title><p>{request.tenant.schema_name}</p>")


def publish(request):
    """Instance A's side of `cross_instance_purge_s`: publishes the club home with the title given
    in `?title=` as an editor's publish in the admin would (a new revision, published). Only in
    the bench's URLs; the load generator polls another instance until the title shows."""
    from django.http import HttpResponseBadRequest

    from wagtail.models import Page, Site

    title = request.GET.get("title", "")
    if not title:
        return HttpResponseBadRequest("title?")
    page_cache_skip(request)
    # A fresh copy: the request's site may carry the root page that readers share (cms/tenancy/hosts.py).
    home = Page.objects.get(pk=Site.find_for_request(request).root_page_id).specific
    home.title = title
    home.save_revision().publish()
    return HttpResponse("published")


def nodb(request):
    """The no-database baseline (served behind no middleware by _serve_wsgi.py)."""
    return HttpResponse("<!DOCTYPE html><title>nodb</title><p>ok</p>")


class NoPageCacheMiddleware:
    """Lets the load generator ask for a fresh page: sends the request around the page cache."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.META.get("HTTP_X_BENCH_NO_PAGE_CACHE"):
            request.META["HTTP_AUTHORIZATION"] = "bench"  # the page cache leaves such requests alone
        return self.get_response(request)


class StatementCountMiddleware:
    """Outermost: with X-Bench-Count-Statements, answers how many SQL statements the request sent
    (`SET search_path` included) in X-Bench-Statements."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not request.META.get("HTTP_X_BENCH_COUNT_STATEMENTS"):
            return self.get_response(request)
        statements = []

        def count(execute, sql, params, many, context):
            statements.append(sql)
            return execute(sql, params, many, context)

        with connection.execute_wrapper(count):
            response = self.get_response(request)
        response["X-Bench-Statements"] = str(len(statements))
        # What they were (the start of each), for a figure over the target.
        response["X-Bench-Statements-Sql"] = " | ".join(" ".join(sql.split())[:90] for sql in statements)
        return response
