"""The portal's Impressum and privacy notice, from the operator's profile (names without a namespace:
every portal footer and the sitemap link them as `portal_imprint` / `portal_privacy`)."""

from django.urls import path

from . import views

urlpatterns = [
    path("impressum/", views.portal_imprint, name="portal_imprint"),
    path("datenschutz/", views.portal_privacy, name="portal_privacy"),
]
