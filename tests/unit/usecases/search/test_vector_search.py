"""The vector search use case's own refusals (the transports pass these through)."""

from __future__ import annotations

import numpy as np
import pytest
from search_fakes import FakeRepo, FakeVectors, collection

from weftdb.entities.search import NearVector, TargetQuery
from weftdb.errors import NotImplementedYet
from weftdb.usecases.search.vector_search import MULTI_VECTOR_UNSUPPORTED, VectorQuery, VectorSearch

MULTI = collection(vectorIndexConfig={"distance": "cosine", "multivector": {"enabled": True}})


@pytest.mark.parametrize("vector", [np.ones((2, 3), np.float32), np.ones(3, np.float32)], ids=["multi", "single"])
def test_a_multi_vector_space_is_not_searched_yet(vector: np.ndarray) -> None:
    vectors = FakeVectors([])
    search = VectorSearch(vectors, FakeRepo())
    with pytest.raises(NotImplementedYet, match=f"^{MULTI_VECTOR_UNSUPPORTED}$"):
        search.near_vector(VectorQuery(MULTI, "", 10, None, False), NearVector((TargetQuery("", vector),)))
    assert vectors.ks == []
