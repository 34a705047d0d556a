"""Starter and demo texts are data files read by one loader (cms/content_files.py)."""

from pathlib import Path

import pytest

from cms import content_files
from cms.content_files import ContentFileError, content_load, content_path

ROOT = Path(__file__).resolve().parents[2]


def test_every_content_file_in_the_repository_parses():
    files = sorted(ROOT.glob("*/content/*.yaml")) + sorted(ROOT.glob("*/*/content/*.yaml"))
    assert len(files) >= 6
    for path in files:
        package = ".".join(path.relative_to(ROOT).parts[:-2])
        assert content_load(package, path.stem), path


def test_callers_get_their_own_copy():
    first = content_load("sites.clubs", "demo_clubs")
    first["clubs"].clear()
    assert content_load("sites.clubs", "demo_clubs")["clubs"]


def test_a_missing_file_is_named():
    with pytest.raises(ContentFileError, match="nothing_here.yaml"):
        content_load("sites.clubs", "nothing_here")


def test_broken_yaml_names_file_and_line(tmp_path, monkeypatch):
    broken = tmp_path / "content" / "broken.yaml"
    broken.parent.mkdir()
    broken.write_text("title: ok\nlist: [unclosed\n", encoding="utf-8")
    monkeypatch.setattr(content_files, "content_path", lambda package, name: broken)
    with pytest.raises(ContentFileError, match=r"(?s)broken.yaml.*line 2"):
        content_load("any", "broken")


def test_yaml_may_not_build_python_objects(tmp_path, monkeypatch):
    hostile = tmp_path / "content" / "hostile.yaml"
    hostile.parent.mkdir()
    hostile.write_text("x: !!python/object/apply:os.system ['true']\n", encoding="utf-8")
    monkeypatch.setattr(content_files, "content_path", lambda package, name: hostile)
    with pytest.raises(ContentFileError):
        content_load("any", "hostile")


def test_content_path_of_an_app():
    assert content_path("sites.pages", "demo_sites") == ROOT / "sites" / "pages" / "content" / "demo_sites.yaml"
