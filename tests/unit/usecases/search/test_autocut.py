"""autocut against Weaviate's own table (entities/autocut/autocut_test.go)."""

from __future__ import annotations

import numpy as np
import pytest

from tests.autocut_oracle import autocut_keep
from weftdb.usecases.search.autocut import autocut

CASES = [
    ([], 1, 0),
    ([2], 1, 1),
    ([2, 1.95, 1.9, 0.2, 0.1, 0.1, -1], 1, 3),
    ([2, 1.95, 1.9, 0.2, 0.1, 0.1, -2], 2, 6),
    ([5, 1, 1, 1, 1, 0, 0], 1, 1),
    ([5, 1, 1, 1, 1, 0, 0], 2, 5),
    ([0.298, 0.260, 0.169, 0.108, 0.108, 0.104, 0.093], 1, 3),
    ([0.5, 0.32, 0.31, 0.30, 0.29, 0.15], 1, 1),
    ([0.5, 0.32, 0.31, 0.30, 0.29, 0.15, 0.15, 0.15], 2, 5),
    ([1.0, 0.98, 0.95, 0.9, 0.88, 0.87, 0.80, 0.79], 1, 3),
    ([1.0, 0.98, 0.95, 0.9, 0.88, 0.87, 0.80, 0.79], 2, 6),
    ([1.0, 0.98, 0.95, 0.9, 0.88, 0.87, 0.80, 0.79], 3, 8),
    ([0.586835, 0.5450372, 0.34137487, 0.30482167, 0.2753393], 1, 2),
    ([0.36663342, 0.33818772, 0.045160502, 0.045160501], 1, 2),
]


@pytest.mark.parametrize(("values", "cut_off", "expected"), CASES)
def test_weaviates_table(values: list[float], cut_off: int, expected: int) -> None:
    assert autocut(values, cut_off) == expected
    assert autocut_keep(values, cut_off) == expected


def test_the_acceptance_tests_oracle_agrees_on_random_scores() -> None:
    """tests/autocut_oracle.py is written apart from the implementation; both follow Go."""
    rng = np.random.default_rng(5)
    for _ in range(300):
        scores = sorted(rng.random(int(rng.integers(0, 15))).astype(np.float32).tolist(), reverse=True)
        for jumps in (1, 2, 3):
            assert autocut(scores, jumps) == autocut_keep(scores, jumps)
