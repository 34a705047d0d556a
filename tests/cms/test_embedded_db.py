"""The embedded PostgreSQL's list of users survives a process killed while pgserver rewrote it."""

import json

import pytest

from cms.embedded_db import _forget_dead_handles


@pytest.mark.parametrize("damaged", ["", "[12, 3", "{}", '["x"]'])
def test_a_damaged_handle_list_no_longer_stops_every_start(tmp_path, damaged):
    handles = tmp_path / ".handle_pids.json"
    handles.write_text(damaged)
    _forget_dead_handles(tmp_path)
    assert json.loads(handles.read_text()) == [1]  # readable again; the server keeps running


def test_dead_users_are_forgotten_and_live_ones_kept(tmp_path):
    import os

    handles = tmp_path / ".handle_pids.json"
    handles.write_text(json.dumps([os.getpid(), 2**22 + 12345]))
    _forget_dead_handles(tmp_path)
    assert json.loads(handles.read_text()) == [os.getpid()]


def test_a_new_data_directory_has_no_list(tmp_path):
    _forget_dead_handles(tmp_path)
    assert not (tmp_path / ".handle_pids.json").exists()
