"""Admin registration of the cms package: the second-factor views under /admin/zwei-faktor/."""

from django.urls import path

from wagtail import hooks

from . import two_factor


@hooks.register("register_admin_urls")
def register_two_factor_urls():
    return [
        path("zwei-faktor/", two_factor.verify, name="cms_2fa_verify"),
        path("zwei-faktor/einrichten/", two_factor.setup, name="cms_2fa_setup"),
    ]
