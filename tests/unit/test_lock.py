"""One writer per store: the lock is exclusive, released on exit, and taken on the resolved path."""

import os

import pytest

from antara_crawler.lock import Locked, RunLock, lock_path


def test_run_lock_is_exclusive(tmp_path):
    path = str(tmp_path / "a.db.lock")
    with (
        RunLock(path),
        pytest.raises(Locked, match=r"another run is already writing to this store \(pid \d+, crawl, started "),
        RunLock(path),
    ):
        pass
    with RunLock(path):  # released on exit
        pass


def test_every_spelling_of_a_store_path_names_one_lock(tmp_path, monkeypatch):
    (tmp_path / "data").mkdir()
    os.symlink(tmp_path / "data", tmp_path / "link")
    monkeypatch.chdir(tmp_path)
    spellings = ["data/a.db", str(tmp_path / "link" / "a.db"), "./data/../data/a.db"]
    assert len({lock_path({"ANTARA_DB": s}) for s in spellings}) == 1
    assert lock_path({"ANTARA_DB": "data/a.db", "ANTARA_LOCK": "/tmp/other.lock"}) == "/tmp/other.lock"
