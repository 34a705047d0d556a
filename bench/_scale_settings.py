"""Settings of bench/scale.py's real migration: production-like base plus the bench-only probe app.

Importable when bench/ is on the Python path (scale.py sets PYTHONPATH for its subprocesses).
"""

from cms.settings.base import *  # noqa: F403
from cms.settings.base import SHARED_APPS, TENANT_APPS

TENANT_APPS = [*TENANT_APPS, "_benchapp"]
INSTALLED_APPS = list(dict.fromkeys(SHARED_APPS + TENANT_APPS))
