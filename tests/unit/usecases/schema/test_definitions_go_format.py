"""Go formatting helpers used to reproduce Weaviate's messages and JSON numbers."""

from __future__ import annotations

import pytest

from weftdb.goformat import (
    float32_json,
    go_quote,
    go_type,
    go_value,
    wrap_int16,
    wrap_uint64,
)


@pytest.mark.parametrize(
    ("text", "quoted"),
    [("abc", '"abc"'), ('a"b', '"a\\"b"'), ("a\\b", '"a\\\\b"'), ("\n\t", '"\\n\\t"'), ("é", '"é"'),
     ("\x01", '"\\x01"'), ("\u200b", '"\\u200b"')],
)
def test_go_quote(text: str, quoted: str) -> None:
    assert go_quote(text) == quoted


def test_go_value_and_type() -> None:
    assert go_value(["Foo", "text"]) == "[Foo text]"
    assert go_value([]) == "[]"
    assert go_value(True) == "true"
    assert go_value({"b": {}, "a": 1}) == "map[a:1 b:map[]]"
    assert [go_type(v) for v in (None, True, 1, 1.5, "s", [], {})] == [
        "<nil>", "bool", "json.Number", "json.Number", "string", "[]interface {}", "map[string]interface {}",
    ]


def test_float32_json_matches_go_encoding() -> None:
    assert float32_json(1.2) == 1.2
    assert float32_json(0.75) == 0.75
    assert float32_json(0.123456789) == 0.12345679
    assert float32_json(2.0) == 2 and isinstance(float32_json(2.0), int)


def test_integer_wraps() -> None:
    assert wrap_int16(65544) == 8
    assert wrap_int16(40000) == 40000 - 65536
    assert wrap_uint64(-1) == 2**64 - 1
