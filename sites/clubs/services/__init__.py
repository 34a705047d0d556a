"""Writes on clubs: the portal and template tenants, provisioning, registration decisions.

Provisioning clones the kept-migrated template schema (ARCHITECTURE.md, "Provisioning a club";
the copy itself is `cloning.schema_clone`):
one transaction makes the club row, its domain and the cloned schema, so a failure half-way
leaves nothing behind; files and e-mail follow only after the commit.

One module per subject; this package re-exports every name, so `sites.clubs.services.x` keeps
working. Tests that replace a function patch the module that calls it (e.g. `services.provisioning`).
"""

from .editors import (
    _editor_create,
    club_editor_invite,
    club_editor_remove,
    club_invitations_resend,
    club_user_password_set,
    invitation_send,
    operator_ensure,
)
from .going_live import _after_go_live, club_go_live
from .profile import PROFILE_FIELDS, _is_text_field, category_ensure, club_profile_update, club_set_active
from .provisioning import (
    PORTAL_SLUG,
    PROVISIONING_LOCK,
    TEMPLATE_SLUG,
    ProvisioningError,
    _club_fill,
    _copy_template_media,
    _readable_error,
    _schema_name_for,
    _template_renditions_prepare,
    club_provision,
    club_template_ensure,
    portal_ensure,
)
from .registration import (
    _applicant_addresses,
    _mail,
    _operator_reply_to,
    registration_approve,
    registration_reject,
    registration_submit,
)

__all__ = [
    "TEMPLATE_SLUG",
    "PROVISIONING_LOCK",
    "PORTAL_SLUG",
    "ProvisioningError",
    "portal_ensure",
    "club_template_ensure",
    "_template_renditions_prepare",
    "_schema_name_for",
    "club_provision",
    "_readable_error",
    "_club_fill",
    "_copy_template_media",
    "_editor_create",
    "invitation_send",
    "club_invitations_resend",
    "club_editor_invite",
    "club_editor_remove",
    "club_user_password_set",
    "operator_ensure",
    "registration_approve",
    "registration_reject",
    "registration_submit",
    "_applicant_addresses",
    "_operator_reply_to",
    "_mail",
    "PROFILE_FIELDS",
    "club_profile_update",
    "_is_text_field",
    "club_set_active",
    "category_ensure",
    "club_go_live",
    "_after_go_live",
]
