"""Template context of the community app for every page: the crisis banner.

This runs on every request of every host, so it is one cache read (`selectors.active_crises`),
never a query per request.
"""

from .selectors import active_crises


def crisis(request):
    crises = active_crises()
    return {"active_crisis": crises[0] if crises else None, "active_crises": crises}
