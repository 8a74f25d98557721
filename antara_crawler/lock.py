"""One writer per store: an exclusive, non-blocking flock beside the store, on its resolved path (a
symlink or another spelling of the path names the same lock). The OS releases it if the process dies.
Every writer takes it: the crawl, `antara-crawler reparse`."""

from __future__ import annotations

import fcntl
import os
from datetime import UTC, datetime
from typing import IO, Any

from .store import StoreError, db_path


class Locked(RuntimeError):
    pass


def lock_path(settings: Any) -> str:
    return str(settings.get("ANTARA_LOCK") or os.path.realpath(db_path(settings)) + ".lock")


class RunLock:
    def __init__(self, path: str, purpose: str = "crawl"):
        self.path, self.purpose = path, purpose
        self.file: IO[str] | None = None

    def __enter__(self) -> RunLock:
        try:
            file = open(self.path, "a+", encoding="utf-8")
        except OSError as exc:
            raise StoreError(f"cannot create the lock file {self.path!r} beside the store: {exc.strerror}") from None
        try:
            fcntl.flock(file, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            file.seek(0)
            holder = file.read().strip() or "unknown process"
            file.close()
            raise Locked(
                f"another run is already writing to this store ({holder}; lock {self.path}); exiting"
            ) from None
        file.seek(0)
        file.truncate()
        file.write(f"pid {os.getpid()}, {self.purpose}, started {datetime.now(UTC).isoformat(timespec='seconds')}")
        file.flush()
        self.file = file
        return self

    def __exit__(self, *exc: object) -> None:
        if self.file:
            fcntl.flock(self.file, fcntl.LOCK_UN)
            self.file.close()
