"""HNSW through faiss (IndexHNSWFlat), with Weaviate's settings and semantics.

maxConnections -> M (faiss keeps 2*M links on layer 0, as Weaviate does),
efConstruction, ef (fixed or dynamic per query), flatSearchCutoff. Deleted and
filtered-out positions are excluded inside faiss's search through an
IDSelectorBitmap, never by post-filtering a short result list. Hamming has no
faiss metric: it is always searched exactly.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import faiss as _faiss
import numpy as np
import numpy.typing as npt

from weftdb.storage.vector import distances
from weftdb.storage.vector.base import EMPTY, BaseIndex, Matrix, Result, SearchConfig

#: faiss's bundled stubs are partial; treat the module as untyped
faiss: Any = _faiss


def set_build_threads(count: int) -> None:
    """faiss's OpenMP threads: a batch add builds the graph on ``count`` cores (single
    queries are searched on one thread whatever this says). Process-wide."""
    faiss.omp_set_num_threads(max(1, count))


@dataclass
class HnswConfig(SearchConfig):
    max_connections: int = 32
    ef_construction: int = 128


class HnswIndex(BaseIndex):
    kind = "hnsw"

    def __init__(self, metric: str, config: HnswConfig) -> None:
        super().__init__(metric, config)
        self.hnsw_config = config
        self._faiss: Any = None
        self._plain_params: dict[int, Any] = {}

    def _make(self, dims: int) -> faiss.IndexHNSWFlat:
        metric = distances.faiss_metric(self.metric)  # METRIC_INNER_PRODUCT is 0: compare with None
        index = faiss.IndexHNSWFlat(
            dims, self.hnsw_config.max_connections, faiss.METRIC_L2 if metric is None else metric
        )
        index.hnsw.efConstruction = self.hnsw_config.ef_construction
        return index

    def _add_rows(self, prepared: Matrix) -> None:
        if self._faiss is None:
            self._faiss = self._make(prepared.shape[1])
        self._faiss.add(prepared)

    def _approximate_ok(self) -> bool:
        return self._faiss is not None and distances.faiss_metric(self.metric) is not None

    def _approximate(self, prepared: Matrix, k: int, bitmap: npt.NDArray[np.uint8] | None) -> Result:
        assert self._faiss is not None
        ef = self.config.ef_for(k)
        params = self._plain_params.get(ef) if bitmap is None else None
        if params is None:
            params = faiss.SearchParametersHNSW()
            params.efSearch = ef
            if bitmap is None:  # complete before it is shared: read-only for concurrent queries
                self._plain_params[ef] = params
            else:
                params.sel = faiss.IDSelectorBitmap(self.slots.n, faiss.swig_ptr(bitmap))
        return self._faiss_search(self._faiss, prepared, k, params)

    def _exact(self, prepared: Matrix, positions: npt.NDArray[np.int64], k: int) -> Result:
        """Exact search over the allowed positions inside faiss (its flat storage with the
        allow-list as selector): no gather of the allowed rows into a new matrix."""
        metric = distances.faiss_metric(self.metric)
        if self._faiss is None or metric not in (faiss.METRIC_INNER_PRODUCT, faiss.METRIC_L2) or not len(positions):
            return super()._exact(prepared, positions, k)
        bitmap = self.slots.packed(positions)
        params = faiss.SearchParameters()
        params.sel = faiss.IDSelectorBitmap(self.slots.n, faiss.swig_ptr(bitmap))
        storage = faiss.downcast_index(self._faiss.storage)
        return self._faiss_search(storage, prepared, min(k, len(positions)), params)

    def _faiss_search(self, index: Any, prepared: Matrix, k: int, params: Any) -> Result:
        """One faiss query: labels are positions; Weaviate's distances, nearest first."""
        scores, labels = index.search(prepared.reshape(1, -1), k, params=params)
        found = labels[0] >= 0
        if not found.any():
            return EMPTY
        dist = distances.from_faiss(self.metric, scores[0][found]).astype(np.float32)
        order = np.argsort(dist, kind="stable")
        return self.slots.doc_ids[labels[0][found][order]], dist[order]

    def _rows_view(self, n: int) -> Matrix:
        if self._faiss is None or not n:
            return np.empty((0, self.dims), dtype=np.float32)
        storage = faiss.downcast_index(self._faiss.storage)
        flat = faiss.rev_swig_ptr(storage.get_xb(), self._faiss.ntotal * self.dims)
        return np.asarray(flat).reshape(self._faiss.ntotal, self.dims)[:n]

    # -- persistence -------------------------------------------------------------
    def payload_bytes(self, n: int) -> bytes:
        if self._faiss is None:
            return super().payload_bytes(n)
        return bytes(faiss.serialize_index(self._faiss))

    def load_bytes(self, raw: bytes) -> None:
        with self.lock.write():
            if raw:
                self._faiss = faiss.deserialize_index(np.frombuffer(raw, dtype=np.uint8))
                self._faiss.hnsw.efConstruction = self.hnsw_config.ef_construction
