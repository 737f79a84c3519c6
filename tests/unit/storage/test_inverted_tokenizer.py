"""Tokenizations, ASCII folding, stopwords, Like patterns and key encodings."""

from __future__ import annotations

import math

import pytest

from weftdb.entities.schema import CollectionDef
from weftdb.storage.inverted import keys
from weftdb.storage.inverted.like import parse_like
from weftdb.storage.inverted.plan import build_plan
from weftdb.storage.inverted.tokenizer import AsciiFold, TextAnalysis, tokenize, tokenize_with_wildcards


@pytest.mark.parametrize(("tokenization", "text", "tokens"), [
    ("word", "Hello, World! It's 2024_06 naïve-Café", ["hello", "world", "it", "s", "2024", "06", "naïve", "café"]),
    ("word", "  ", []),
    ("lowercase", "Hello, World!  It's", ["hello,", "world!", "it's"]),
    ("whitespace", "Hello, World!\tIt's", ["Hello,", "World!", "It's"]),
    ("field", "  Hello, World!  ", ["Hello, World!"]),
    ("field", "   ", [""]),
    ("trigram", "Hello, World", ["hel", "ell", "llo", "low", "owo", "wor", "orl", "rld"]),
    ("trigram", "ab", []),
    ("gse", "anything", []),
])
def test_tokenize(tokenization: str, text: str, tokens: list[str]) -> None:
    assert tokenize(tokenization, text) == tokens


def test_wildcards_survive_like_tokenization() -> None:
    assert tokenize_with_wildcards("word", "Hel*o w?rld!") == ["hel*o", "w?rld"]
    assert tokenize_with_wildcards("field", " a*b ") == ["a*b"]
    assert tokenize_with_wildcards("trigram", "ab*") == ["ab*"]


def test_ascii_fold_and_ignore() -> None:
    fold = AsciiFold()
    assert fold.apply("Crème Brûlée Æsir straße łódź") == "Creme Brulee AEsir strasse lodz"
    keep = AsciiFold.from_ignore(["é"])
    assert keep.apply("Éclair café") == "Éclair café"
    assert keep.apply("naïve") == "naive"


def test_text_analysis_query_drops_stopwords_for_word_only() -> None:
    word = TextAnalysis("word", stopwords=frozenset({"the", "a"}))
    assert word.query("The cat and THE hat") == ["cat", "and", "hat"]
    assert word.indexed(["The cat", "a hat"]) == {"the", "cat", "a", "hat"}
    assert TextAnalysis("whitespace", stopwords=frozenset({"the"})).query("the cat") == ["the", "cat"]


def test_plan_reads_stopwords_and_analyzer_settings() -> None:
    coll = CollectionDef.from_dict({
        "class": "C",
        "invertedIndexConfig": {"stopwords": {"preset": "en", "additions": ["cat"], "removals": ["the"]},
                                "stopwordPresets": {"mine": ["dog"]}},
        "properties": [
            {"name": "a", "dataType": ["text"], "tokenization": "word"},
            {"name": "b", "dataType": ["text"], "tokenization": "word", "textAnalyzer": {"stopwordPreset": "mine"}},
            {"name": "c", "dataType": ["text"], "tokenization": "word", "textAnalyzer": {"stopwordPreset": "none"}},
            {"name": "d", "dataType": ["text"], "tokenization": "word", "textAnalyzer": {"asciiFold": True}},
        ],
    })
    plan = build_plan(coll)
    analysis = {name: p.text for name, p in plan.props.items()}
    assert analysis["a"] is not None and analysis["a"].query("the cat is here") == ["the", "here"]
    assert analysis["b"] is not None and analysis["b"].query("the dog") == ["the"]
    assert analysis["c"] is not None and analysis["c"].query("the dog") == ["the", "dog"]
    assert analysis["d"] is not None and analysis["d"].indexed(["Café"]) == {"cafe"}


@pytest.mark.parametrize(("pattern", "term", "matches"), [
    ("ca*", "cat", True), ("ca*", "dog", False), ("c?t", "cat", True), ("c?t", "cart", False),
    ("*", "", True), ("a.b", "a.b", True), ("a.b", "axb", False), ("*end", "the end", True),
    ("x", "x\n", False),
])
def test_like(pattern: str, term: str, matches: bool) -> None:
    assert parse_like(pattern).matches(term) is matches


def test_like_prefix_bounds() -> None:
    assert parse_like("ab*c").prefix_bounds() == (b"ab", b"ac")
    assert parse_like("*ab").prefix_bounds() == (None, None)


def test_sortable_encodings_keep_order() -> None:
    floats = [-math.inf, -1e300, -2.5, -1e-300, 0.0, 1e-300, 3.0, 1e300, math.inf]
    encoded = [keys.encode_float(f) for f in floats]
    assert encoded == sorted(encoded)
    assert [keys.decode_float(e) for e in encoded] == floats
    assert keys.encode_float(-0.0) == keys.encode_float(0.0)
    ints = [-(2**63), -1, 0, 1, 2**63 - 1]
    assert [keys.encode_int(i) for i in ints] == sorted(keys.encode_int(i) for i in ints)
    assert [keys.decode_int(keys.encode_int(i)) for i in ints] == ints


def test_rfc3339() -> None:
    assert keys.rfc3339_nanos("1970-01-01T00:00:01.5Z") == 1_500_000_000
    assert keys.rfc3339_nanos("1970-01-01T01:00:00+01:00") == 0
    assert keys.rfc3339_millis("2000-02-29T00:00:00.123456Z") == 951782400123
    for bad in ("2001-02-29T00:00:00Z", "2024-01-01", "2024-01-01T25:00:00Z", "x"):
        assert keys.rfc3339_nanos(bad) is None
