"""django-tenants' PostgreSQL backend that sends `SET search_path` only when the path changes."""
