"""Bad GraphQL input gets Weaviate's error shapes (HTTP 200 with ``errors`` for the
query's own mistakes, 422 for an unusable request), never a 500; the batch
endpoint answers in order."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import weaviate
from weaviate.classes.config import DataType, Property

from tests.acceptance.graphql_support import IGNORE_DEPRECATION, errors, post
from tests.harness import ServerProcess

pytestmark = [pytest.mark.acceptance, IGNORE_DEPRECATION]


@pytest.fixture
def coll(client: weaviate.WeaviateClient, name: str) -> Any:
    c = client.collections.create(name, properties=[Property(name="title", data_type=DataType.TEXT),
                                                    Property(name="n", data_type=DataType.INT)])
    c.data.insert_many([{"title": f"t{i}", "n": i} for i in range(3)])
    return c


def error_body(server: ServerProcess, query: str) -> dict[str, Any]:
    response = post(server, {"query": query})
    assert response.status_code == 200, response.text
    body = response.json()
    assert set(body) <= {"data", "errors"} and body["errors"]
    for error in body["errors"]:
        assert set(error) == {"message", "locations", "path"}
    return dict(body)


def test_syntax_error(server: ServerProcess, coll: Any) -> None:
    body = error_body(server, "{ Get { ")
    assert "data" not in body
    assert body["errors"] == [{"message": "Syntax Error GraphQL request (1:9) Expected Name, found EOF\n\n1: { Get { \n"
                               "           ^\n", "locations": [{"line": 1, "column": 9}], "path": None}]


def test_unknown_class_field_and_argument(server: ServerProcess, client: weaviate.WeaviateClient, name: str,
                                          coll: Any) -> None:
    assert error_body(server, "{ Get { NoSuchClass { title } } }")["errors"][0]["message"] == \
        'Cannot query field "NoSuchClass" on type "GetObjectsObj".'
    assert errors(client, f"{{ Get {{ {name} {{ zzzzzz }} }} }}")[0]["message"] == \
        f'Cannot query field "zzzzzz" on type "{name}".'
    assert errors(client, f"{{ Get {{ {name}(zzzzzz: 1) {{ title }} }} }}")[0]["message"] == \
        f'Unknown argument "zzzzzz" on field "{name}" of type "GetObjectsObj".'
    assert errors(client, "{ Explore { beacon } }")[0]["message"].startswith(
        'Cannot query field "Explore" on type "WeaviateObj".')


@pytest.mark.parametrize("args", [
    'limit: "ten"', "offset: 1.5", 'where: {path: ["n"], operator: Equal, valueInt: "x"}',
    'where: {path: ["n"], operator: Equalz, valueInt: 1}', 'nearVector: {vector: ["a"]}',
    'hybrid: {query: "x", fusionType: invalidFusion}', 'bm25: {query: 5}', 'sort: [{path: ["n"], order: up}]',
    'groupBy: {path: ["n"]}',
])
def test_wrong_argument_types(server: ServerProcess, name: str, coll: Any, args: str) -> None:
    body = error_body(server, f"{{ Get {{ {name}({args}) {{ title }} }} }}")
    assert "data" not in body and body["errors"][0]["locations"]


@pytest.mark.parametrize(("args", "message"), [
    ('where: {path: ["nope"], operator: Equal, valueInt: 1}', "no such prop with name 'nope'"),
    ('where: {path: ["n"], operator: Equal, valueText: "1"}', "data type"),
    ('sort: [{path: ["nope"]}]', "nope"),
    ('nearVector: {vector: [1, 2], distance: 0.1, certainty: 0.2}', "cannot provide distance and certainty"),
    ('nearObject: {id: "not-a-uuid"}', "invalid id"),
    ('after: "x", limit: 1', "is not a valid uuid"),
    ('limit: 20000', "query maximum results exceeded"),
    ('hybrid: {query: "x", alpha: -1}', "alpha should be between 0.0 and 1.0"),
    ('tenant: "t"', 'Unknown argument "tenant"'),
])
def test_domain_errors_in_the_errors_list(server: ServerProcess, name: str, coll: Any, args: str, message: str) -> None:
    body = error_body(server, f"{{ Get {{ {name}({args}) {{ title }} }} }}")
    assert message in body["errors"][0]["message"]
    if "Unknown argument" not in message:
        assert body["data"] == {"Get": {name: None}} and body["errors"][0]["path"] == ["Get", name]


def test_unusable_requests_get_422(server: ServerProcess, coll: Any) -> None:
    for body, message in [({"query": ""}, "query cannot be empty"), ({}, "query cannot be empty"),
                          ({"query": "{ Get { x } }", "variables": [1]},
                           "variables must be a JSON object, got []interface {}")]:
        response = post(server, body)
        assert (response.status_code, response.json()) == (422, {"error": [{"message": message}]})
    assert post(server, ["not", "an", "object"]).status_code == 422
    response = post(server, None)
    assert response.status_code in (400, 422) and "error" in response.json()


def test_variables_and_operation_name(server: ServerProcess, name: str, coll: Any) -> None:
    query = f"""query A($n: IntGetObjects{name}) {{ Get {{ {name}(where: {{path: ["n"], operator: Equal, valueInt: $n}}) {{ title }} }} }}
        query B {{ Get {{ {name}(limit: 1) {{ n }} }} }}"""
    response = post(server, {"query": query, "operationName": "A", "variables": {"n": 2}})
    assert response.json() == {"data": {"Get": {name: [{"title": "t2"}]}}}
    (only,) = post(server, {"query": query, "operationName": "B"}).json()["data"]["Get"][name]
    assert only["n"] in (0, 1, 2)
    body = post(server, {"query": query}).json()
    assert body["errors"][0]["message"] == "Must provide operation name if query contains multiple operations."


def test_batch_endpoint(server: ServerProcess, name: str, coll: Any) -> None:
    queries = [{"query": "testQuery", "operationName": "testQuery"},
               {"query": f'{{ Get {{ {name}(where: {{path: ["n"], operator: Equal, valueInt: 0}}) {{ title }} }} }}'},
               {"query": ""},
               {"query": "{ Get { x } }", "variables": [1, 2, 3]}]
    response = post(server, queries, "/v1/graphql/batch")
    assert response.status_code == 200
    first, second, third, fourth = response.json()
    assert first["errors"][0]["message"] == \
        'Syntax Error GraphQL request (1:1) Unexpected Name "testQuery"\n\n1: testQuery\n   ^\n'
    assert second == {"data": {"Get": {name: [{"title": "t0"}]}}}
    assert third["errors"][0]["message"] == \
        "422: The request is well-formed but was unable to be followed due to semantic errors."
    assert fourth["errors"][0]["message"] == "422: expected map[string]interface{}, received [1 2 3]"
    assert post(server, [], "/v1/graphql/batch").status_code == 422


def test_no_server_error_for_fuzzed_queries(server: ServerProcess, name: str, coll: Any) -> None:
    samples = ["{", "}", "{ Get }", "{ Get { } }", f"{{ Get {{ {name} }} }}", f"{{ Get {{ {name} {{ _additional }} }} }}",
               f"{{ Get {{ {name} {{ _additional {{ group {{ hits {{ title }} }} }} }} }} }}",
               f"{{ Aggregate {{ {name} {{ n }} }} }}", f'{{ Aggregate {{ {name}(groupBy: ["a", "b"]) {{ meta {{ count }} }} }} }}',
               "query { __schema { types { name } } }", f"{{ Get {{ {name}(nearVector: {{}}) {{ title }} }} }}",
               f'{{ Get {{ {name}(nearVector: {{vectorPerTarget: {{a: [1]}}}}) {{ title }} }} }}',
               f'{{ Get {{ {name}(hybrid: {{query: "x"}}) {{ title }} }} }}', "\x00\x01", "{" * 500 + "}" * 500]
    for query in samples:
        response = post(server, {"query": query})
        assert response.status_code in (200, 422), (query, response.text)
        assert "internal server error" not in response.text, query


@pytest.fixture
def empty_server(tmp_path: Path) -> Iterator[ServerProcess]:
    proc = ServerProcess(tmp_path / "data").start()
    yield proc
    proc.stop()


def test_no_collections_is_422(empty_server: ServerProcess) -> None:
    response = post(empty_server, {"query": "{ Get { A { b } } }"})
    assert response.status_code == 422
    assert response.json() == {"error": [{"message": "no graphql provider present, this is most likely because no "
                                          "schema is present. Import a schema first!"}]}
    with weaviate.connect_to_local(host="127.0.0.1", port=empty_server.port, grpc_port=empty_server.grpc_port) as client:
        client.collections.create("Fresh", properties=[Property(name="b", data_type=DataType.TEXT)])
        client.collections.get("Fresh").data.insert({"b": "x"})
        assert client.graphql_raw_query("{ Get { Fresh { b } } }").get == {"Fresh": [{"b": "x"}]}
        client.collections.delete("Fresh")
    assert post(empty_server, {"query": "{ Get { Fresh { b } } }"}).status_code == 422
