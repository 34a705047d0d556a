"""Production settings refuse unsafe values and pass `manage.py check --deploy` when configured.

Each case runs in a subprocess with a clean environment: the settings read the environment once,
at import. DATABASE_URL points nowhere on purpose (nothing here connects), so the embedded
PostgreSQL is not started either.
"""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
VALID = {
    "DJANGO_SETTINGS_MODULE": "cms.settings.production",
    "DATABASE_URL": "postgres://heldenhelfer:geheim@127.0.0.1:1/heldenhelfer",
    "SECRET_KEY": "k7Qm2vX9pL4sT8wZ1nB6yR3cF5hJ0dG2aE7uI9oP4lK8mN1qW3eR5tY7",
    "DEBUG": "false",
    "HH_BASE_DOMAIN": "heldenhelfer.example",
    "ALLOWED_HOSTS": "heldenhelfer.example,.heldenhelfer.example",
    "REDIS_URL": "redis://127.0.0.1:1/0",
}


def _run(args: list[str], env: dict[str, str]) -> subprocess.CompletedProcess:
    clean = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "HOME": os.environ.get("HOME", "/tmp"), **env}
    return subprocess.run([sys.executable, *args], cwd=ROOT, env=clean, capture_output=True, text=True, timeout=120)


def _import(env: dict[str, str]) -> subprocess.CompletedProcess:
    return _run(["-c", "import cms.settings.production"], env)


def test_valid_environment_imports():
    result = _import(VALID)
    assert result.returncode == 0, result.stderr[-2000:]


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"SECRET_KEY": None}, "SECRET_KEY"),
        ({"SECRET_KEY": "dev-insecure-heldenhelfer-key-change-me"}, "SECRET_KEY"),
        ({"SECRET_KEY": "k7Qm2vX9pL4sT8wZ1nB6yR3cF5hJ0dG2aE7uI9oP4lK8"}, "SECRET_KEY"),
        ({"SECRET_KEY": "ab" * 30}, "SECRET_KEY"),
        ({"DEBUG": None}, "DEBUG"),  # the development default is True
        ({"DEBUG": "true"}, "DEBUG"),
        ({"HH_BASE_DOMAIN": None}, "HH_BASE_DOMAIN"),
        ({"ALLOWED_HOSTS": None}, "ALLOWED_HOSTS"),
        ({"REDIS_URL": None}, "REDIS_URL"),
    ],
    ids=[
        "no-secret",
        "default-secret",
        "short-secret",
        "monotonous-secret",
        "debug-default",
        "debug-true",
        "no-domain",
        "no-hosts",
        "no-redis",
    ],
)
def test_unsafe_environment_refuses_to_start(change, message):
    env = {**VALID, **change}
    env = {key: value for key, value in env.items() if value is not None}
    result = _import(env)
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert message in result.stderr.splitlines()[-1]


def test_one_process_may_run_without_redis():
    env = {key: value for key, value in VALID.items() if key != "REDIS_URL"}
    result = _import({**env, "HH_SINGLE_PROCESS": "true"})
    assert result.returncode == 0, result.stderr[-2000:]


def test_check_deploy_is_clean():
    result = _run(["manage.py", "check", "--deploy", "--fail-level", "WARNING"], VALID)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_keeps_cookies_secure_and_host_only():
    code = (
        "import cms.settings.production as s\n"
        "assert s.SESSION_COOKIE_SECURE and s.CSRF_COOKIE_SECURE\n"
        "assert s.SESSION_COOKIE_DOMAIN is None and s.CSRF_COOKIE_DOMAIN is None\n"
        "assert s.SECURE_HSTS_SECONDS >= 31536000 and s.SECURE_HSTS_INCLUDE_SUBDOMAINS\n"
        "assert s.HH_PUBLIC_SCHEME == 'https' and s.HH_PUBLIC_PORT == ''\n"
        "assert s.EMAIL_BACKEND.endswith('smtp.EmailBackend')\n"
        "assert s.TENANT_LIMIT_SET_CALLS is False\n"
    )
    result = _run(["-c", code], VALID)
    assert result.returncode == 0, result.stderr[-2000:]


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"MEDIA_ROOT": "/srv/hh/media", "PRIVATE_MEDIA_ROOT": "/srv/hh/media/private"}, "PRIVATE_MEDIA_ROOT"),
        ({"MEDIA_ROOT": "/srv/hh/media", "PRIVATE_MEDIA_ROOT": "/srv/hh/media"}, "PRIVATE_MEDIA_ROOT"),
        ({"MEDIA_ROOT": "/srv/hh/files/media", "PRIVATE_MEDIA_ROOT": "/srv/hh/files"}, "PRIVATE_MEDIA_ROOT"),
        ({"PRIVATE_MEDIA_ROOT": str(ROOT / "staticfiles" / "private")}, "PRIVATE_MEDIA_ROOT"),
        ({"MEDIA_ROOT": "/srv/hh/media", "HH_BACKUP_DIR": "/srv/hh/media/backups"}, "HH_BACKUP_DIR"),
        ({"HH_BACKUP_DIR": str(ROOT / "staticfiles")}, "HH_BACKUP_DIR"),
        ({"HH_PRIVATE_FILES_SERVE": "apache"}, "HH_PRIVATE_FILES_SERVE"),
    ],
    ids=[
        "private-in-media",
        "private-is-media",
        "media-in-private",
        "private-in-static",
        "backups-in-media",
        "backups-are-static",
        "unknown-serve-method",
    ],
)
def test_private_folders_outside_the_served_ones(change, message):
    """Private files, backups and exports of deleted clubs never below a publicly served folder."""
    result = _import({**VALID, **change})
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert message in result.stderr.splitlines()[-1]


def test_private_folders_apart_from_the_served_ones_are_accepted():
    env = {
        **VALID,
        "MEDIA_ROOT": "/srv/hh/media",
        "PRIVATE_MEDIA_ROOT": "/srv/hh/private",
        "HH_BACKUP_DIR": "/srv/hh/backups",
        "HH_PRIVATE_FILES_SERVE": "nginx",
    }
    code = (
        "import cms.settings.production as s\n"
        "assert s.SENDFILE_BACKEND == 'cms.private_files'\n"
        "assert s.WAGTAILDOCS_SERVE_METHOD == 'serve_view'\n"
    )
    result = _run(["-c", code], env)
    assert result.returncode == 0, result.stderr[-2000:]
