"""Batch congestion as /v1/nodes reports it (``batchStats``).

The client's dynamic batching sizes its requests from these two numbers, as it
does against Weaviate: objects received but not yet written (the queue), and
objects written per second over the last full second.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class BatchStatsSnapshot:
    queue_length: int
    rate_per_second: int


class BatchStats:
    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self._clock = clock
        self._lock = threading.Lock()
        self._queued = 0
        self._window_start = clock()
        self._window_count = 0
        self._rate = 0

    def received(self, count: int) -> None:
        with self._lock:
            self._queued += count

    def done(self, count: int) -> None:
        with self._lock:
            self._queued -= count
            self._roll()
            self._window_count += count

    def snapshot(self) -> BatchStatsSnapshot:
        with self._lock:
            self._roll()
            return BatchStatsSnapshot(self._queued, self._rate)

    def _roll(self) -> None:
        now = self._clock()
        elapsed = now - self._window_start
        if elapsed >= 1.0:
            self._rate = int(self._window_count / elapsed) if elapsed < 2.0 else 0
            self._window_start, self._window_count = now, 0
