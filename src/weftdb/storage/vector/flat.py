"""The flat index: exact search with numpy over an in-memory matrix."""

from __future__ import annotations

import numpy as np

from weftdb.storage.vector.base import BaseIndex, Matrix


class FlatIndex(BaseIndex):
    kind = "flat"

    def __init__(self, metric: str, config: object) -> None:
        super().__init__(metric, config)  # type: ignore[arg-type]
        self._matrix: Matrix = np.empty((0, 0), dtype=np.float32)

    def _add_rows(self, prepared: Matrix) -> None:
        n, count = self.slots.n, len(prepared)
        if n + count > len(self._matrix):
            capacity = max(n + count, 2 * len(self._matrix), 1024)
            grown = np.empty((capacity, prepared.shape[1]), dtype=np.float32)
            if n:
                grown[:n] = self._matrix[:n]
            self._matrix = grown
        self._matrix[n : n + count] = prepared

    def _rows_view(self, n: int) -> Matrix:
        return self._matrix[:n]
