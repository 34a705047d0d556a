"""Date and number formats per language (Django's FORMAT_MODULE_PATH), German first.

Editors and visitors type dates the German way (14.06.2026, 14.06.2026 15:00) whatever language
their admin or the page is in: Wagtail's date pickers show that format in every language
(WAGTAIL_DATE_FORMAT), so every language must read it back.
"""

GERMAN_DATE_INPUT_FORMATS = ["%d.%m.%Y", "%d.%m.%y"]
GERMAN_DATETIME_INPUT_FORMATS = [
    "%d.%m.%Y %H:%M",
    "%d.%m.%Y %H:%M:%S",
    "%d.%m.%Y, %H:%M",
    "%d.%m.%y %H:%M",
    "%d.%m.%y, %H:%M",
]
