"""Template context shared by the portal and every club site."""

from django.conf import settings


def platform(request):
    tenant = getattr(request, "tenant", None)
    return {
        "current_club": tenant if tenant is not None and tenant.is_club else None,
        "portal_url": portal_url(),
    }


def portal_url() -> str:
    port = f":{settings.HH_PUBLIC_PORT}" if settings.HH_PUBLIC_PORT else ""
    return f"{settings.HH_PUBLIC_SCHEME}://{settings.HH_BASE_DOMAIN}{port}/"
