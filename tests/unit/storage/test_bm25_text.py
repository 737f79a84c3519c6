"""Query analysis for BM25 (Go's white space and lower-casing, duplicate counts,
stopwords), boosts as Weaviate reads them, and the explainScore number format."""

from __future__ import annotations

import pytest

from weftdb.entities.schema import CollectionDef
from weftdb.entities.search import KeywordQuery
from weftdb.storage.db.keyword import bm25_request
from weftdb.storage.inverted.searchable import searchable_props
from weftdb.storage.inverted.tokenizer import TextAnalysis, go_lower, tokenize


@pytest.mark.parametrize(("tokenization", "text", "tokens"), [
    ("whitespace", "a\x1cb c", ["a\x1cb", "c"]),  # Go's unicode.IsSpace excludes U+001C..U+001F
    ("lowercase", "A\u00a0B\u2003C", ["a", "b", "c"]),
    ("field", "\x1f x \n", ["\x1f x"]),
    ("word", "İSTANBUL ΟΔΟΣ", ["istanbul", "οδοσ"]),  # per-character lower-casing, as strings.ToLower
    ("trigram", "ΣΑΣ", ["σασ"]),
])
def test_go_text_rules(tokenization: str, text: str, tokens: list[str]) -> None:
    assert tokenize(tokenization, text) == tokens


def test_go_lower_keeps_python_lower_for_everything_else() -> None:
    assert go_lower("Straße ÉCOLE ǅ") == "Straße ÉCOLE ǅ".lower()


def test_query_counts_keep_duplicates_and_drop_stopwords_for_word_only() -> None:
    word = TextAnalysis("word", stopwords=frozenset({"the", "a"}))
    assert word.query_counts("The cat, the CAT and a dog cat") == {"cat": 3, "and": 1, "dog": 1}
    assert word.query_counts("the a") == {}
    assert TextAnalysis("whitespace", stopwords=frozenset({"the"})).query_counts("the the x") == {"the": 2, "x": 1}
    assert TextAnalysis("field").query_counts("  a b  ") == {"a b": 1}
    assert word.counts(["The cat", "cat"]) == {"the": 1, "cat": 2}


COLLECTION = CollectionDef.from_dict({
    "class": "Doc",
    "invertedIndexConfig": {"bm25": {"k1": 1.5, "b": 0.5}},
    "properties": [
        {"name": "title", "dataType": ["text"], "indexSearchable": True},
        {"name": "body", "dataType": ["text"], "indexSearchable": True,
         "textAnalyzer": {"asciiFold": True}},
        {"name": "notes", "dataType": ["text"], "indexSearchable": True,
         "textAnalyzer": {"stopwordPreset": "none"}},
        {"name": "plain", "dataType": ["text"], "indexSearchable": False},
        {"name": "n", "dataType": ["int"]},
    ],
})


def test_request_reads_k1_and_b_and_takes_the_searchable_or_the_named_properties() -> None:
    req = bm25_request(COLLECTION, KeywordQuery("q"), searchable_props(COLLECTION))
    assert req.props == (("title", 1.0), ("body", 1.0), ("notes", 1.0))
    assert (req.k1, req.b, req.operator, req.minimum) == (1.5, 0.5, "or", 0)
    req = bm25_request(COLLECTION, KeywordQuery("q", ("title^2", "body", "title^3"), "and", 2), ())
    assert req.props == (("title", 3.0), ("body", 1.0))


def test_property_groups_follow_weaviates_tokenization_keys() -> None:
    props = searchable_props(COLLECTION)
    assert {name: p.group for name, p in props.items()} == {
        "title": "word", "body": "word:ascii", "notes": "word:notes"}


