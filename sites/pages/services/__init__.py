"""Writes on a club's page tree and on what visitors send through it, by subject:

* `starter` — the starter tree of a new club, built from sites/pages/content/starter_tree.yaml
  (`starter_tree_create`, `club_template_refresh`, `starter_tree_personalise` after every clone);
* `submissions` — contact messages and event registrations, stored and e-mailed to the club;
* `media` — images and documents put into a club's library (found again by title);
* `tree` — small helpers to add and publish pages;
* `demo` — fills a demo club's site (`demo_club_fill`, called by sites.pages.demo).

Unless a function says otherwise it runs in the current schema (the club's or the template's).
"""

from .demo import demo_club_fill, demo_event_start
from .starter import club_template_refresh, starter_tree_create, starter_tree_personalise
from .submissions import contact_message_submit, event_registration_submit

__all__ = [
    "club_template_refresh",
    "contact_message_submit",
    "demo_club_fill",
    "demo_event_start",
    "event_registration_submit",
    "starter_tree_create",
    "starter_tree_personalise",
]
