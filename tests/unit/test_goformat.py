"""Go's float formatting (values taken from Go's fmt and encoding/json)."""

from __future__ import annotations

import pytest

from weftdb.goformat import go_float, go_float32, go_json_float


@pytest.mark.parametrize(("value", "text"), [
    (1.5, "1.5"), (100.0, "100"), (123456.5, "123456.5"), (1e6, "1e+06"), (0.0001, "0.0001"),
    (0.00001, "1e-05"), (-0.0, "-0"), (float("nan"), "NaN"), (float("-inf"), "-Inf"),
    (0.1 + 0.2, "0.30000000000000004"), (1.234e-10, "1.234e-10"),
])
def test_float64_v(value: float, text: str) -> None:
    assert go_float(value) == text


@pytest.mark.parametrize(("value", "text"), [
    (3.0, "3"), (0.1, "0.1"), (1 / 3, "0.33333334"), (16777217.0, "1.6777216e+07"), (1e6, "1e+06"),
    (-0.0, "-0"), (2.5e-5, "2.5e-05"), (float("inf"), "+Inf"),
])
def test_float32_v(value: float, text: str) -> None:
    assert go_float32(value) == text


@pytest.mark.parametrize(("value", "text"), [
    (1e21, "1e+21"), (1e20, "100000000000000000000"), (1e-7, "1e-7"), (0.000001, "0.000001"), (-2.5, "-2.5"),
])
def test_json_float64(value: float, text: str) -> None:
    assert go_json_float(value) == text
