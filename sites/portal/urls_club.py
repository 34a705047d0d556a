"""Club-host URLs the portal app publishes for every club: sitemap, robots.txt, own feeds."""

from django.urls import path

from . import feeds, sitemaps, views

app_name = "portal_club"
urlpatterns = [
    path("sitemap.xml", sitemaps.club_sitemap, name="sitemap"),
    path("robots.txt", views.robots_txt, name="robots"),
    path("kalender.ics", feeds.ical_this_club, name="ical"),
    path("neuigkeiten.rss", feeds.NewsFeed(), name="news_rss"),
    path("neuigkeiten.atom", feeds.AtomNewsFeed(), name="news_atom"),
]
