"""Portal-host URLs of the community app (each path spelled out here)."""

from django.urls import path

from . import views

app_name = "community"
urlpatterns = [
    path("netzwerk/", views.public_posts, name="posts"),
    path("netzwerk/beitrag/<int:pk>/", views.public_post, name="post"),
    path("netzwerk/krise/<slug:slug>/", views.crisis_page, name="crisis"),
    path("netzwerk/krise/<slug:slug>/helfen/<int:pk>/", views.helper_signup, name="helper_signup"),
    path("netzwerk/absage/<str:token>/", views.helper_cancel, name="helper_cancel"),
]
