"""Error shapes and wording, the query cache, number-list lifting, the executor."""

from __future__ import annotations

import logging

import pytest
from graphql import GraphQLError, GraphQLSyntaxError, Source, parse
from graphql_fakes import ARTICLE, FakeSchema, Harness, stored

from weftdb.api.graphql import service as service_module
from weftdb.api.graphql.errors import format_error, go_wording
from weftdb.api.graphql.hoist import declare, hoist, original_location
from weftdb.entities.search import SearchHit
from weftdb.errors import InvalidInput, StorageError

NUMBERS = ", ".join(str(i / 8) for i in range(20))


def syntax_error(query: str) -> str:
    with pytest.raises(GraphQLSyntaxError) as info:
        parse(Source(query))
    return str(format_error(info.value)["message"])


def test_syntax_errors_read_as_weaviates() -> None:
    # the message Weaviate's acceptance test for the batch endpoint expects
    assert syntax_error("testQuery") == 'Syntax Error GraphQL request (1:1) Unexpected Name "testQuery"\n\n1: testQuery\n   ^\n'
    assert syntax_error("{\n  Get {\n    A(\n}") == (
        "Syntax Error GraphQL request (4:1) Expected Name, found }\n\n"
        "3:     A(\n4: }\n   ^\n")


def test_validation_wording_uses_double_quotes() -> None:
    assert go_wording("Cannot query field 'nope' on type 'Article'. Did you mean 'note'?") == \
        'Cannot query field "nope" on type "Article". Did you mean "note"?'
    assert go_wording("Unknown argument 'x' on field 'GetObjectsObj.Article'.") == \
        'Unknown argument "x" on field "Article" of type "GetObjectsObj".'
    assert go_wording("can't touch 'this'") == "can't touch \"this\""


def test_error_shape_and_internal_errors_are_not_shown(caplog: pytest.LogCaptureFixture) -> None:
    h = Harness()
    assert h.run("{ Get { Article { zzzzzz } } }") == {"errors": [{
        "message": 'Cannot query field "zzzzzz" on type "Article".', "locations": [{"line": 1, "column": 19}],
        "path": None}]}
    h.searcher.error = InvalidInput("bad filter")
    assert h.run("{ Get { Article { title } } }") == {"data": {"Get": {"Article": None}}, "errors": [{
        "message": "bad filter", "locations": [{"line": 1, "column": 9}], "path": ["Get", "Article"]}]}
    h.searcher.error = KeyError("secret")
    with caplog.at_level(logging.ERROR):
        body = h.run("{ Get { Article { title } } }")
    assert body["errors"][0]["message"] == "internal server error: KeyError"
    assert "secret" not in str(body) and "graphql resolver failed" in caplog.text
    h.searcher.error = StorageError("disk on fire")
    caplog.clear()
    with caplog.at_level(logging.ERROR):
        assert h.error("{ Get { Article { title } } }") == "disk on fire"
    assert "graphql query failed" in caplog.text


def test_format_error_without_location() -> None:
    assert format_error(GraphQLError("boom")) == {"message": "boom", "locations": None, "path": None}


def test_cache_hits_per_version_and_bounded() -> None:
    schema = FakeSchema().add(ARTICLE)
    h = Harness(schema=schema)
    query = "{ Get { Article { title } } }"
    h.data(query)
    h.data(query)
    assert (h.service.cache.hits, h.service.cache.misses) == (1, 1)
    schema.add({"class": "Other", "properties": [{"name": "x", "dataType": ["text"]}]})
    h.data(query)
    assert (h.service.cache.hits, h.service.cache.misses) == (1, 2)
    assert len(h.service.cache) == 1  # the old version's entries are gone
    for i in range(600):
        h.data(f"{{ Get {{ Article(limit: {i}) {{ title }} }} }}")
    assert len(h.service.cache) == 512


def test_invalid_queries_are_cached_too() -> None:
    h = Harness()
    assert h.error("{ Get { Article { nope } } }") == h.error("{ Get { Article { nope } } }")
    assert h.service.cache.hits == 1


def test_hoist_replaces_long_number_lists_only_outside_strings_and_comments() -> None:
    query = f'{{ Get {{ A(nearVector: {{vector: [{NUMBERS}]}}, where: {{valueText: "[{NUMBERS}]"}}) {{ t }} }} }} # [{NUMBERS}]'
    hoisted = hoist(query)
    assert hoisted is not None and hoisted.text.count("$weftdbVector0") == 1 and "$weftdbVector1" not in hoisted.text
    assert hoisted.numbers[0][:3] == ["0.0", "0.125", "0.25"]
    assert hoist("{ Get { A(nearVector: {vector: [1, 2, 3]}) { t } } }") is None  # short lists stay
    assert hoist("[" + "1, " * 30 + "x]") is None
    assert hoist("[" + "1, " * 30 + "01]") is None  # not a GraphQL number: left to the parser


def test_hoist_lifts_plain_strings_and_leaves_escapes_and_block_strings() -> None:
    hoisted = hoist('{ Get { A(bm25: {query: "big cat", properties: ["t"]}, where: {valueText: "a\\"b"}) { t } } } '
                    '# "comment"')
    assert hoisted is not None and hoisted.texts == ("big cat", "t")
    assert '$weftdbText0' in hoisted.text and '$weftdbText1' in hoisted.text and '"a\\"b"' in hoisted.text
    assert hoist('{ Get { A(bm25: {query: """block"""}) { t } } }') is None
    assert hoist('{ Get { A(bm25: {query: "tab\there"}) { t } } }') is not None
    assert hoist('{ Get { A(bm25: {query: "bell\x07"}) { t } } }') is None  # the lexer refuses it: left to it


def test_queries_differing_only_in_strings_share_one_cached_document() -> None:
    h = Harness()
    first = h.params('{ Get { Article(bm25: {query: "big cat", properties: ["title"]}) { title } } }')
    second = h.params('{ Get { Article(bm25: {query: "small dog", properties: ["title"]}) { title } } }')
    assert first.bm25 is not None and second.bm25 is not None
    assert (first.bm25.query, second.bm25.query) == ("big cat", "small dog")
    assert first.bm25.properties == second.bm25.properties == ("title",)
    assert (h.service.cache.hits, h.service.cache.misses) == (1, 1)


def test_a_string_where_no_string_is_expected_keeps_the_original_error() -> None:
    h = Harness()
    query = '{ Get { Article(where: {path: ["title"], operator: "Equal", valueText: "x"}) { title } } }'
    message = h.error(query)
    assert "weftdbText" not in message and "Equal" in message  # an enum refuses a string literal
    body = h.run(query)
    assert body["errors"][0]["locations"] == [{"line": 1, "column": query.index('"Equal"') + 1}]


@pytest.mark.parametrize("properties", ['["title"null]', '["title"x]', '[""""]', '["title" "title"]'])
def test_lifting_never_changes_what_a_query_means(properties: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """A lifted variable cannot run into the next token, and an unterminated block
    string is left to the lexer: body and search are those of the text run as sent."""
    query = f'{{ Get {{ Article(bm25: {{query: "cat", properties: {properties}}}) {{ title }} }} }}'
    lifted = Harness()
    lifted_body = lifted.run(query)
    monkeypatch.setattr(service_module, "hoist", lambda *_, **__: None)
    plain = Harness()
    assert lifted_body == plain.run(query)
    assert [c.bm25 for c in lifted.searcher.calls] == [c.bm25 for c in plain.searcher.calls]


def test_a_string_for_a_custom_scalar_stays_in_the_text_and_the_vector_is_still_lifted() -> None:
    h = Harness()
    for i in range(3):
        vector = ", ".join(str(i + j / 8) for j in range(20))
        params = h.params(f'{{ Get {{ Article(nearVector: {{vector: [{vector}]}}, '
                          f'where: {{path: ["title"], operator: Equal, valueText: "abc"}}) {{ title }} }} }}')
        assert params.filters is not None and params.filters.value == "abc"
    # the lifted text (refused: valueText is a custom scalar) and the one that keeps "abc": two documents
    assert h.service.cache.misses == 2 and h.service.cache.hits == 4


def test_locations_map_back_with_carriage_return_line_ends() -> None:
    h = Harness()
    h.searcher.error = InvalidInput("bad")
    query = '{ Get {\r  Article(bm25: {query: "cat"}) { title } } }'
    assert h.run(query)["errors"][0]["locations"] == [{"line": 2, "column": 3}]


def test_hoisted_locations_map_back() -> None:
    query = f"{{ Get {{\n A(nearVector: {{vector: [{NUMBERS}]}}) {{ t }} B {{ t }} }} }}"
    hoisted = hoist(query)
    assert hoisted is not None
    line, column = 2, hoisted.text.split("\n")[1].index("B") + 1
    assert original_location(hoisted, query, line, column) == (2, query.split("\n")[1].index("B") + 1)


def test_hoisting_falls_back_to_the_original_text() -> None:
    h = Harness()
    # two operations: not rewritten; the result is the same
    query = f"query A {{ Get {{ Article(nearVector: {{vector: [{NUMBERS}]}}) {{ title }} }} }} query B {{ Get {{ Person {{ name }} }} }}"
    assert h.service.execute(query, "A") == {"data": {"Get": {"Article": []}}}
    assert declare(parse(query), h.service._schemas.current()[1]) is None  # type: ignore[arg-type]
    # an invalid value keeps the original's message and location
    bad = f'{{ Get {{ Article(limit: "x", nearVector: {{vector: [{NUMBERS}]}}) {{ title }} }} }}'
    body = h.run(bad)
    assert body["errors"][0]["locations"] == [{"line": 1, "column": bad.index('"x"') + 1}]


def test_projection_honours_aliases_fragments_directives_and_typename() -> None:
    h = Harness()
    h.hits(SearchHit(stored(1, title="a", count=3, loc={"latitude": 1.5, "longitude": 2.0})))
    data = h.data("""query Q($skip: Boolean!) { Get { Article { t: title title count @skip(if: $skip) __typename
        loc { ... on ArticlelocGeoCoordinatesObj { lat: latitude } } ...F _additional { id } } } }
        fragment F on Article { c2: count }""", {"skip": True})
    assert data == {"Get": {"Article": [{"t": "a", "title": "a", "__typename": "Article", "loc": {"lat": 1.5},
                                         "c2": 3, "_additional": {"id": "00000000-0000-0000-0000-000000000001"}}]}}


def test_a_lifted_list_in_the_wrong_place_reports_the_original_text() -> None:
    h = Harness()
    message = h.error(f'{{ Get {{ Article(sort: [{{path: [{NUMBERS}]}}]) {{ title }} }} }}')
    assert "weftdbVector" not in message and "String cannot represent" in message
