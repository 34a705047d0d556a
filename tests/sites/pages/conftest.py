"""Fixtures for the club site tests: pages of the alpha club's starter tree, form tokens."""

import time

from django.core.cache import cache

import pytest
from django_tenants.utils import schema_context


@pytest.fixture(autouse=True)
def _clear_cache():
    # The forms' rate limits count in the cache, which outlives a test.
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def in_club(club):
    """Run the test body inside the alpha club's schema."""
    with schema_context(club.schema_name):
        yield club


@pytest.fixture
def old_token():
    """A form-started token from a minute ago: a person who took their time."""
    from sites.pages.forms import form_started_token

    return form_started_token(time.time() - 60)


def club_page(club, model, **filters):
    with schema_context(club.schema_name):
        return model.objects.live().filter(**filters).first()
