"""App config of the bench-only probe app (never installed outside bench/_scale_settings.py)."""

from django.apps import AppConfig


class BenchProbeConfig(AppConfig):
    name = "_benchapp"
    label = "bench_probe"
    default_auto_field = "django.db.models.BigAutoField"
