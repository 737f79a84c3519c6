"""The storage's background worker: one named thread doing periodic maintenance
(async indexing, index rebuilds, snapshots) for every registered task, woken
early when there is new work, stopped (and joined) on close."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable

log = logging.getLogger(__name__)


class Maintenance:
    def __init__(self, interval: float = 1.0, name: str = "weftdb-maintenance") -> None:
        self._interval = interval
        self._tasks: dict[object, Callable[[], None]] = {}
        self._lock = threading.Lock()
        self._wake = threading.Event()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name=name, daemon=True)
        self._started = False

    def register(self, key: object, task: Callable[[], None]) -> None:
        with self._lock:
            self._tasks[key] = task
            if not self._started:
                self._started = True
                self._thread.start()

    def unregister(self, key: object) -> None:
        with self._lock:
            self._tasks.pop(key, None)

    def wake(self) -> None:
        self._wake.set()

    def stopping(self) -> bool:
        """True once ``stop`` was called: long tasks check it between steps."""
        return self._stop.is_set()

    def _run(self) -> None:
        while not self._stop.is_set():
            self._wake.wait(self._interval)
            self._wake.clear()
            with self._lock:
                tasks = list(self._tasks.values())
            for task in tasks:
                if self._stop.is_set():
                    return
                try:
                    task()
                except Exception:  # a failing task must not stop maintenance of the others
                    log.exception("background maintenance task failed")

    def stop(self) -> None:
        self._stop.set()
        self._wake.set()
        if self._started:
            self._thread.join(timeout=60)
