"""Portal-host URLs of the forms_assistant app (each path spelled out here)."""

app_name = "forms_assistant"
urlpatterns: list = []
