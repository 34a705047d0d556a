"""Public URLs of the club office on a club's host (cms/urls_tenant.py): the confirmation link of an
online application and the members' self-service ("Mein Mitgliedskonto"). No sign-in: each acts
through a signed, expiring token bound to the club's schema (office/services/join.py, self_service.py)."""

from django.urls import path

from .views import assembly_member, join, resolution_member, self_service

app_name = "office_public"

urlpatterns = [
    path("mitgliedsantrag/bestaetigen/<str:token>/", join.join_confirm, name="join_confirm"),
    path("mitgliedskonto/", self_service.link_request, name="account"),
    path("mitgliedskonto/<str:token>/", self_service.account_home, name="account_home"),
    path("mitgliedskonto/<str:token>/bankverbindung/", self_service.account_iban, name="account_iban"),
    path(
        "mitgliedskonto/<str:token>/beitraege-<int:year>.pdf",
        self_service.account_statement,
        name="account_statement",
    ),
    path("mitgliedskonto/<str:token>/kuendigung/", self_service.account_notice, name="account_notice"),
    path("versammlung/<str:token>/", assembly_member.assembly_home, name="assembly_home"),
    path("versammlung/<str:token>/protokoll.pdf", assembly_member.assembly_minutes_pdf, name="assembly_minutes"),
    path("beschluss/<str:token>/", resolution_member.resolution_home, name="resolution_home"),
]
