"""Template context shared by the portal and every club site."""

from cms import public_urls


def platform(request):
    tenant = getattr(request, "tenant", None)
    return {
        "current_club": tenant if tenant is not None and tenant.is_club else None,
        "portal_url": portal_url(),
    }


def portal_url() -> str:
    """The portal's home page, with the scheme and port in use (cms.public_urls)."""
    return public_urls.portal_url()
