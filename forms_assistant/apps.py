from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FormsAssistantConfig(AppConfig):
    name = "forms_assistant"
    label = "forms_assistant"
    verbose_name = _("Antragsassistent")
