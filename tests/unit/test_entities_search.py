"""Entities of a search that carry rules of their own."""

from __future__ import annotations

import pytest

from weftdb.entities.search import KeywordQuery, property_boost


@pytest.mark.parametrize(("prop", "boost"), [
    ("t", 1.0), ("t^2", 2.0), ("t^0.5", 0.5), ("t^-1", -1.0), ("t^1e1", 10.0), ("t^.25", 0.25), ("t^2^3", 2.0),
    ("t^x", 0.0), ("t^", 0.0), ("t^ 2", 0.0), ("t^0.1", float.fromhex("0x1.99999ap-4")),
])
def test_boost_parses_as_go_float32(prop: str, boost: float) -> None:
    assert property_boost(prop) == ("t", boost)


def test_a_property_named_twice_keeps_its_last_boost() -> None:
    assert KeywordQuery("q", ("title^2", "body", "title^3")).boosted() == (("title", 3.0), ("body", 1.0))
