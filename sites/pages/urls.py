"""Club-host URLs of the pages app that are views rather than pages."""

from django.urls import path

from . import views

app_name = "pages"
urlpatterns = [
    path("theme.css", views.theme_css, name="theme_css"),
]
