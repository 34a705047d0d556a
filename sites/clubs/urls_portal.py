"""Portal-host URLs of the clubs app (club directory, registration). The portal's nav links here."""

from django.urls import path

from . import views

app_name = "clubs_portal"
urlpatterns = [
    path("vereine/", views.directory, name="directory"),
    path("vereine/<slug:slug>/", views.club_detail, name="detail"),
    path("registrieren/", views.registration, name="registration"),
    path("registrieren/danke/", views.registration_thanks, name="registration_thanks"),
    path("registrieren/nutzungsbedingungen/", views.terms, name="terms"),
]
