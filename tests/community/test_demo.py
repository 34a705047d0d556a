"""The demo region's exchange and applications, loaded from their data files onto the demo clubs."""

import datetime
from io import StringIO

import pytest

from community import demo as community_demo
from community.models import Crisis, Post, Thread
from forms_assistant import demo as forms_demo
from forms_assistant.constants import ApplicationStatus
from forms_assistant.models import Application, PlannedEvent
from sites.clubs import demo as clubs_demo


@pytest.mark.django_db
def test_demo_posts_events_and_applications_load_once_from_the_content_files():
    clubs_demo.load(stdout=StringIO())
    forms_demo.load(stdout=StringIO())
    community_demo.load(stdout=StringIO())

    festival = PlannedEvent.objects.get(title="Sommerfest am Marktplatz")
    assert (festival.time_start, festival.time_end) == (datetime.time(14), datetime.time(23))
    statuses = set(Application.objects.values_list("status", flat=True))
    assert {ApplicationStatus.DRAFT, ApplicationStatus.APPROVED, ApplicationStatus.REJECTED} <= statuses
    benches = Post.objects.get(title="Bierbänke für das Sommerkonzert")
    assert benches.starts_on > datetime.date.today()
    assert Thread.objects.filter(post__title="40 Bierbänke mit 20 Tischen").exists()
    assert Crisis.objects.filter(title=community_demo.PAST_CRISIS_TITLE).exists()

    counts = (Post.objects.count(), Thread.objects.count(), Application.objects.count(), PlannedEvent.objects.count())
    forms_demo.load(stdout=StringIO())
    community_demo.load(stdout=StringIO())
    assert (
        Post.objects.count(),
        Thread.objects.count(),
        Application.objects.count(),
        PlannedEvent.objects.count(),
    ) == counts
