"""Admin views of the club office (registered in office/wagtail_hooks.py)."""
