"""Models of the club site (club schemas only): page types and what visitors send through them.

Page types exist only in club schemas (tenancy rule 4), one module per family: `home`, `content`
(text pages, gallery, downloads), `news`, `events`, `volunteering`, `team`, `contact` (join and
contact forms), `legal` (Impressum, Datenschutz); shared fields and the tree's shape in `base`.
`CLUB_PAGE_TYPES` lists them all; tests check that none of them may sit in the portal's tree and
the other way round.
"""

from .contact import ContactPage, JoinPage
from .content import ContentPage, DownloadsPage, GalleryPage
from .events import EventIndexPage, EventPage
from .home import ClubHomePage
from .legal import ImprintPage, PrivacyPage
from .news import NewsArticlePage, NewsIndexPage
from .submissions import ContactMessage, EventRegistration, MembershipApplication
from .team import TeamContact, TeamPage
from .volunteering import VolunteeringIndexPage, VolunteeringOpportunityPage

CLUB_PAGE_TYPES = [
    ClubHomePage,
    ContentPage,
    NewsIndexPage,
    NewsArticlePage,
    EventIndexPage,
    EventPage,
    VolunteeringIndexPage,
    VolunteeringOpportunityPage,
    TeamPage,
    JoinPage,
    ContactPage,
    GalleryPage,
    DownloadsPage,
    ImprintPage,
    PrivacyPage,
]

__all__ = [
    "CLUB_PAGE_TYPES",
    "ClubHomePage",
    "ContactMessage",
    "ContactPage",
    "ContentPage",
    "DownloadsPage",
    "EventIndexPage",
    "EventPage",
    "EventRegistration",
    "GalleryPage",
    "ImprintPage",
    "JoinPage",
    "MembershipApplication",
    "NewsArticlePage",
    "NewsIndexPage",
    "PrivacyPage",
    "TeamContact",
    "TeamPage",
    "VolunteeringIndexPage",
    "VolunteeringOpportunityPage",
]
