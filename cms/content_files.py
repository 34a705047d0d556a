"""Starter and demo content kept as data files, read by this one loader.

Texts that a club or the demo region starts with (the demo clubs' profiles, pages, news, events,
exchange posts, form templates) are data, not code: they live as YAML in the `content/` folder of
the app that uses them (`sites/pages/content/demo_sites.yaml`, …) so that a writer can change a
sentence without touching Python. Every app reads them through `content_load`, which finds the
file from the app's module name, parses it safely (no Python objects in YAML) and says which file
and line is broken when one is.
"""

from __future__ import annotations

import copy
from functools import cache
from importlib.util import find_spec
from pathlib import Path
from typing import Any

import yaml


class ContentFileError(ValueError):
    """A content file is missing or not valid YAML; the message names the file and the line."""


def content_path(package: str, name: str) -> Path:
    """`<package>/content/<name>.yaml`, e.g. `content_path("sites.pages", "demo_sites")`."""
    spec = find_spec(package)
    if spec is None or not spec.submodule_search_locations:
        raise ContentFileError(f"Unknown package {package!r} for content file {name!r}.")
    return Path(next(iter(spec.submodule_search_locations))) / "content" / f"{name}.yaml"


@cache
def _parsed(path: Path) -> Any:
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError as error:
        raise ContentFileError(f"Content file {path} is missing.") from error
    try:
        return yaml.safe_load(text)
    except yaml.YAMLError as error:
        raise ContentFileError(f"Content file {path} is not valid YAML: {error}") from error


def content_load(package: str, name: str) -> Any:
    """The parsed content of `<package>/content/<name>.yaml`: plain dicts, lists, strings, numbers
    and booleans. Parsed once per process; every caller gets its own copy to change freely."""
    return copy.deepcopy(_parsed(content_path(package, name)))
