"""Weaviate's distance definitions (adapters/repos/db/vector/hnsw/distancer).

- cosine: vectors are normalised to unit length in the index; distance = 1 - a.b,
  never below 0; certainty = 1 - distance / 2
- dot: distance = -(a.b)
- l2-squared: sum of squared differences
- manhattan: sum of absolute differences
- hamming: number of positions whose values differ

faiss computes similarities for inner products (larger is nearer): those are
turned into distances here, so every index answers in Weaviate's terms.
"""

from __future__ import annotations

from typing import Any

import faiss as _faiss
import numpy as np
import numpy.typing as npt

from weftdb.errors import InvalidInput

#: faiss's bundled stubs are partial; treat the module as untyped
faiss: Any = _faiss

COSINE, DOT, L2, MANHATTAN, HAMMING = "cosine", "dot", "l2-squared", "manhattan", "hamming"
METRICS = (COSINE, DOT, L2, MANHATTAN, HAMMING)

Matrix = npt.NDArray[np.float32]


def check_metric(metric: str) -> str:
    if metric not in METRICS:
        raise InvalidInput(f"init vector index: unrecognized distance metric {metric!r}, choose one of {list(METRICS)}")
    return metric


def faiss_metric(metric: str) -> int | None:
    """The faiss metric computing this distance (None: faiss has none, e.g. hamming)."""
    return {
        COSINE: faiss.METRIC_INNER_PRODUCT,
        DOT: faiss.METRIC_INNER_PRODUCT,
        L2: faiss.METRIC_L2,
        MANHATTAN: faiss.METRIC_L1,
    }.get(metric)


def prepare(metric: str, vectors: Matrix) -> Matrix:
    """Vectors as the index stores them: unit length for cosine (zero stays zero)."""
    vectors = np.ascontiguousarray(vectors, dtype=np.float32)
    if metric != COSINE:
        return vectors
    if vectors.ndim == 2 and len(vectors) == 1:  # a single query: skip the general path's overhead
        norm = float(np.sqrt(np.dot(vectors[0], vectors[0])))
        return vectors / np.float32(norm) if norm > 0 else np.zeros_like(vectors)
    norms = np.linalg.norm(vectors, axis=-1, keepdims=True)
    return np.divide(vectors, norms, out=np.zeros_like(vectors), where=norms > 0)


def from_faiss(metric: str, scores: Matrix) -> Matrix:
    """faiss scores -> Weaviate distances."""
    if metric == COSINE:
        return np.maximum(np.float32(1.0) - scores, np.float32(0.0))
    if metric == DOT:
        return -scores
    return scores


def exact(metric: str, stored: Matrix, query: Matrix) -> Matrix:
    """Distances of one prepared query to each prepared row of ``stored``."""
    if metric == COSINE:
        return np.maximum(np.float32(1.0) - stored @ query, np.float32(0.0))
    if metric == DOT:
        return -(stored @ query)
    if metric == L2:
        diff = stored - query
        return np.einsum("ij,ij->i", diff, diff)
    if metric == MANHATTAN:
        return np.abs(stored - query).sum(axis=1, dtype=np.float32)
    return (stored != query).sum(axis=1).astype(np.float32)
