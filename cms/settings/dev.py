"""Development settings: the defaults of base.py, e-mails printed to the console."""

from .base import *  # noqa: F403
