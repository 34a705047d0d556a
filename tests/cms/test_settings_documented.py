"""Every environment variable the settings read is documented in README.md and in .env.example."""

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
READS = re.compile(r"""(?:env(?:\.[a-z_]+)?|os\.environ(?:\.get)?)[\[(]\s*["']([A-Z][A-Z0-9_]+)["']""")


def _variables() -> list[str]:
    found: set[str] = set()
    for path in (ROOT / "cms" / "settings").glob("*.py"):
        found |= set(READS.findall(path.read_text(encoding="utf-8")))
    return sorted(found)


VARIABLES = _variables()


def test_the_settings_read_variables():
    assert {"SECRET_KEY", "DATABASE_URL", "HH_BASE_DOMAIN", "REDIS_URL"} <= set(VARIABLES)


@pytest.mark.parametrize("name", VARIABLES)
def test_variable_is_in_the_readme_table(name):
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert re.search(rf"^\| `{name}` \|", readme, re.MULTILINE), f"README.md: add {name} to the table"


@pytest.mark.parametrize("name", VARIABLES)
def test_variable_is_in_env_example(name):
    example = (ROOT / ".env.example").read_text(encoding="utf-8")
    assert re.search(rf"^#? ?{name}=", example, re.MULTILINE), f".env.example: add {name}"
