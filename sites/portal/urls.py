"""Portal-host URLs of the portal app: search, calendar, feeds, open data, sitemap, robots.txt."""

from django.urls import path

from . import feeds, sitemaps, views
from .api import api

app_name = "portal"
urlpatterns = [
    path("engagement/", views.engagement_search, name="engagement"),
    path("engagement/benachrichtigung/", views.subscription_create, name="subscription_create"),
    path(
        "engagement/benachrichtigung/bestaetigen/<str:token>/",
        views.subscription_confirm,
        name="subscription_confirm",
    ),
    path("engagement/benachrichtigung/abmelden/<str:token>/", views.subscription_cancel, name="subscription_cancel"),
    path("veranstaltungen/", views.event_calendar, name="events"),
    path("veranstaltungen/kalender.ics", feeds.ical_region, name="ical_region"),
    path("veranstaltungen/kategorie/<slug:slug>.ics", feeds.ical_category, name="ical_category"),
    path("veranstaltungen/verein/<slug:slug>.ics", feeds.ical_club, name="ical_club"),
    path("neuigkeiten/feed.rss", feeds.NewsFeed(), name="news_rss"),
    path("neuigkeiten/feed.atom", feeds.AtomNewsFeed(), name="news_atom"),
    path("neuigkeiten/verein/<slug:slug>.rss", feeds.NewsFeed(), name="news_rss_club"),
    path("neuigkeiten/verein/<slug:slug>.atom", feeds.AtomNewsFeed(), name="news_atom_club"),
    path("api/export/engagement.csv", views.opportunities_csv, name="opportunities_csv"),
    path("api/", api.urls),
    path("sitemap.xml", sitemaps.portal_sitemap, name="sitemap"),
    path("robots.txt", views.robots_txt, name="robots"),
]
