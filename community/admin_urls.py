"""URLs of the club admin's menu "Netzwerk" (mounted under /admin/netzwerk/ by wagtail_hooks)."""

from django.urls import path

from . import admin_views as views

app_name = "community_admin"
urlpatterns = [
    path("", views.overview, name="overview"),
    path("suche/", views.search, name="search"),
    path("beitraege/neu/", views.post_create, name="post_create"),
    path("beitraege/<int:pk>/", views.post_detail, name="post"),
    path("beitraege/<int:pk>/bearbeiten/", views.post_edit, name="post_edit"),
    path("beitraege/<int:pk>/status/", views.post_status, name="post_status"),
    path("beitraege/<int:pk>/verlaengern/", views.post_renew, name="post_renew"),
    path("beitraege/<int:pk>/antworten/", views.post_answer, name="post_answer"),
    path("beitraege/<int:pk>/melden/", views.post_report, name="post_report"),
    path("gespraeche/", views.thread_list, name="threads"),
    path("gespraeche/<int:pk>/", views.thread_detail, name="thread"),
    path("gespraeche/<int:pk>/zusagen/", views.thread_accept, name="thread_accept"),
    path("gespraeche/<int:pk>/ablehnen/", views.thread_decline, name="thread_decline"),
    path("nachrichten/<int:pk>/melden/", views.message_report, name="message_report"),
]
