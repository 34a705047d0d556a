"""`cms/` is the shared base and imports no domain app (issue #16): the domain apps register what
the base needs from them (cms/tenancy/hooks.py). The settings and URL configurations name apps as
strings (INSTALLED_APPS, include("…")), which is wiring, not an import."""

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
DOMAIN_APPS = ("sites", "community", "forms_assistant", "office")


def _imports(tree: ast.AST):
    for node in ast.walk(tree):  # also imports inside functions
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield node.lineno, alias.name
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            yield node.lineno, node.module


def test_cms_imports_no_domain_app():
    offenders = []
    for file in sorted((ROOT / "cms").rglob("*.py")):
        tree = ast.parse(file.read_text(encoding="utf-8"), filename=str(file))
        for line, module in _imports(tree):
            if module.split(".")[0] in DOMAIN_APPS:
                offenders.append(f"{file.relative_to(ROOT)}:{line} imports {module}")
    assert offenders == []


def test_the_check_sees_an_import_inside_a_function():
    tree = ast.parse("def f():\n    from sites.pages.views import theme_colours\n")
    assert [module for _line, module in _imports(tree)] == ["sites.pages.views"]
