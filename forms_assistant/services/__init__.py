"""Writes of the application assistant: planned events, drafts, submission, status changes,
the PDF and e-mails, retention and export.

Every function acts for a club or a staff member given by the caller (views take the club from
`request.tenant`, never from the request). A submitted application is an immutable snapshot:
only `application_transition` may change it afterwards, and only its status and decision.

One module per subject; this package re-exports every name, so `forms_assistant.services.x`
keeps working.
"""

from .attachments import ALLOWED_UPLOADS, MAX_UPLOAD_BYTES, attachment_add, attachment_check
from .authorities import STAFF_PERMISSIONS, authority_save, staff_group_ensure, staff_user_ensure
from .drafts import _event_date, _require_draft, application_save_step, application_start, prefill_answers
from .events import planned_event_save
from .pdf import application_render_pdf, application_sections
from .retention import (
    DRAFT_MAX_AGE,
    DRAFT_WARNING_BEFORE,
    _delete_files,
    club_export_zip,
    decided_anonymise,
    drafts_expire,
)
from .submission import _log, _notify, application_submit, application_transition
from .templates import definition_to_stream, fim_import, form_index_ensure, form_template_save, template_info_for
from .transitions import NOTE_REQUIRED, TRANSITIONS, Actor, ApplicationError, ApplicationInvalid, allowed_transitions

__all__ = [
    "TRANSITIONS",
    "NOTE_REQUIRED",
    "ApplicationError",
    "ApplicationInvalid",
    "Actor",
    "allowed_transitions",
    "application_submit",
    "application_transition",
    "_log",
    "_notify",
    "planned_event_save",
    "application_start",
    "prefill_answers",
    "_require_draft",
    "application_save_step",
    "_event_date",
    "MAX_UPLOAD_BYTES",
    "ALLOWED_UPLOADS",
    "attachment_check",
    "attachment_add",
    "application_sections",
    "application_render_pdf",
    "STAFF_PERMISSIONS",
    "authority_save",
    "staff_group_ensure",
    "staff_user_ensure",
    "DRAFT_MAX_AGE",
    "DRAFT_WARNING_BEFORE",
    "drafts_expire",
    "decided_anonymise",
    "_delete_files",
    "club_export_zip",
    "template_info_for",
    "definition_to_stream",
    "form_index_ensure",
    "form_template_save",
    "fim_import",
]
