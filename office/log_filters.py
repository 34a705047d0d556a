"""Member data in no log line and no error report.

* `MemberDataFilter` redacts what identifies a member in any log record that reaches a handler:
  IBANs and e-mail addresses, in the message and its arguments. It is put on every handler of the
  root logger when the office app is ready, so no settings file has to know about the office.
* `OfficeExceptionReporterFilter` is set on each request to an office view (office/views/guards.py):
  an error report (the 500 e-mail to the admins, the debug page) then shows neither the posted
  form values nor the local variables of office code, where member rows live.

The office's own code logs no member data at all; tests/office/test_data_protection.py checks import,
export and anonymisation with caplog at DEBUG level.
"""

import logging
import re

from django.views.debug import SafeExceptionReporterFilter

IBAN = re.compile(r"\b[A-Z]{2}\d{2}(?:\s?[A-Z0-9]){11,30}\b")
EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
REDACTED = "[entfernt]"


def redact(text: str) -> str:
    return EMAIL.sub(REDACTED, IBAN.sub(REDACTED, text))


class MemberDataFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except Exception:  # a broken format string: leave it to the handler to report
            return True
        cleaned = redact(message)
        if cleaned != message:
            record.msg, record.args = cleaned, None
        return True


def install() -> None:
    root = logging.getLogger()
    for handler in root.handlers:
        if not any(isinstance(existing, MemberDataFilter) for existing in handler.filters):
            handler.addFilter(MemberDataFilter())


class OfficeExceptionReporterFilter(SafeExceptionReporterFilter):
    def get_post_parameters(self, request):
        if request is None:
            return {}
        return {name: self.cleansed_substitute for name in request.POST}

    def get_traceback_frame_variables(self, request, tb_frame):
        module = tb_frame.f_globals.get("__name__", "")
        if module.startswith("office."):
            return [(name, self.cleansed_substitute) for name in tb_frame.f_locals]
        return super().get_traceback_frame_variables(request, tb_frame)
