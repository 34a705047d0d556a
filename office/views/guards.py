"""Who may open the office's admin views: club hosts only (the tables do not exist in public: 404 on
the portal), and only users with a permission of the office (403 for plain page editors)."""

from functools import wraps

from django.template.response import TemplateResponse

from cms.tenancy.guards import club_only
from office.log_filters import OfficeExceptionReporterFilter

MEMBER_ACCESS = "office.view_member"
BANK_ACCESS = "office.view_bank_data"


def forbidden(request) -> TemplateResponse:
    return TemplateResponse(request, "office/forbidden.html", status=403)


def office_view(view, permission: str = MEMBER_ACCESS):
    """Wraps an admin view: 404 off club hosts, 403 without `permission`."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not request.user.has_perm(permission):
            return forbidden(request)
        # Error reports of office views show no posted values and no locals of office code.
        request.exception_reporter_filter = OfficeExceptionReporterFilter()
        return view(request, *args, **kwargs)

    return club_only(wrapper)


def guard_urlpatterns(patterns, permission: str = MEMBER_ACCESS):
    for pattern in patterns:
        pattern.callback = office_view(pattern.callback, permission)
    return patterns
