"""Club-host URLs of the clubs app (invitation links)."""

from django.urls import path

from . import views

app_name = "clubs"
urlpatterns = [
    path("einladung/<uidb64>/<token>/", views.invitation, name="invitation"),
]
