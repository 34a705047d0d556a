"""The club admin's dashboard panel (issue #15): first steps until the site is live, then what
reached the club lately. Registered in `wagtail_hooks.py` (`construct_homepage_panels`)."""

from django.middleware.csrf import get_token

from wagtail.admin.ui.components import Component

from .first_steps import club_dashboard_activity, club_first_steps, club_legal_missing
from .selectors import club_fresh


class ClubDashboardPanel(Component):
    name = "club_first_steps"
    template_name = "clubs/admin/dashboard_panel.html"
    order = 10  # above Wagtail's own panels

    def __init__(self, club):
        self.club = club

    def get_context_data(self, parent_context):
        request = parent_context["request"]
        club = club_fresh(club=self.club)  # request.tenant is the host cache's copy
        context = {"request": request, "club": club, "csrf_token": get_token(request)}
        user = request.user
        if club.is_live:
            context.update(club_dashboard_activity(club=club, user=user))
            context.update(may_apply=user.has_perm("forms_assistant.apply"), may_act=user.has_perm("community.act"))
            return context
        steps = club_first_steps(club=club)
        context.update(
            {
                "steps": steps,
                "done_count": sum(step.done for step in steps),
                "step_count": len(steps),
                "legal_missing": club_legal_missing(club=club),
                "may_go_live": user.has_perm("clubs.go_live"),
            }
        )
        return context
