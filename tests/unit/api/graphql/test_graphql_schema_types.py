"""The generated GraphQL schema: Weaviate's type names, field types and arguments."""

from __future__ import annotations

from typing import Any

import pytest
from graphql import GraphQLObjectType, GraphQLSchema, GraphQLUnionType, get_introspection_query, graphql_sync
from graphql_fakes import ARTICLE, PERSON, FakeSchema, Harness

from weftdb.api.graphql.get_params import GraphQLLimits
from weftdb.errors import InvalidInput


def schema_of(h: Harness) -> GraphQLSchema:
    _, schema = h.service._schemas.current()
    assert schema is not None
    return schema


@pytest.fixture(scope="module")
def schema() -> GraphQLSchema:
    return schema_of(Harness())


def object_type(schema: GraphQLSchema, name: str) -> GraphQLObjectType:
    kind = schema.get_type(name)
    assert isinstance(kind, GraphQLObjectType), name
    return kind


def field_types(kind: GraphQLObjectType) -> dict[str, str]:
    return {name: str(f.type) for name, f in kind.fields.items()}


def test_root_and_query_kinds(schema: GraphQLSchema) -> None:
    assert schema.query_type is not None and schema.query_type.name == "WeaviateObj"
    assert set(schema.query_type.fields) == {"Get", "Aggregate"}
    assert str(schema.query_type.fields["Get"].type) == "GetObjectsObj"
    assert str(schema.query_type.fields["Aggregate"].type) == "AggregateObjectsObj"
    assert set(object_type(schema, "GetObjectsObj").fields) == {"Article", "Person", "Org", "String"}


def test_every_property_type(schema: GraphQLSchema) -> None:
    types = field_types(object_type(schema, "Article"))
    assert types == {
        "title": "String", "tags": "[String]", "count": "Int", "counts": "[Int]", "price": "Float",
        "prices": "[Float]", "done": "Boolean", "flags": "[Boolean]", "when": "String", "whens": "[String]",
        "uid": "String", "uids": "[String]", "loc": "ArticlelocGeoCoordinatesObj",
        "phone": "ArticlephonePhoneNumberObj", "image": "String", "author": "[ArticleAuthorObj]",
        "mentions": "[ArticleMentionsObj]", "info": "Article_info_object", "_additional": "ArticleAdditional",
    }  # "gone" links to a collection that does not exist: left out, as Weaviate
    assert field_types(object_type(schema, "ArticlelocGeoCoordinatesObj")) == {
        "latitude": "Float", "longitude": "Float"}
    assert field_types(object_type(schema, "ArticlephonePhoneNumberObj")) == {
        "input": "String", "internationalFormatted": "String", "nationalFormatted": "String", "national": "Int",
        "valid": "Boolean", "countryCode": "Int", "defaultCountry": "String"}
    assert field_types(object_type(schema, "Article_info_object")) == {"k": "String", "inner": "[Article_info_inner_object]"}
    assert field_types(object_type(schema, "Article_info_inner_object")) == {"n": "Int"}


def test_references_are_unions_of_the_linked_classes_and_beacon(schema: GraphQLSchema) -> None:
    mentions = schema.get_type("ArticleMentionsObj")
    assert isinstance(mentions, GraphQLUnionType)
    assert [t.name for t in mentions.types] == ["Person", "Org", "Beacon"]
    assert field_types(object_type(schema, "Beacon")) == {"beacon": "String"}


def test_additional_fields(schema: GraphQLSchema) -> None:
    additional = field_types(object_type(schema, "ArticleAdditional"))
    assert additional == {
        "classification": "ArticleAdditionalClassification", "certainty": "Float", "distance": "Float",
        "vector": "[Float]", "id": "String", "creationTimeUnix": "String", "lastUpdateTimeUnix": "String",
        "score": "String", "explainScore": "String", "queryProfile": "String", "group": "ArticleAdditionalGroup",
    }
    assert field_types(object_type(schema, "PersonAdditional"))["vectors"] == "PersonAdditionalVectors"
    assert field_types(object_type(schema, "PersonAdditionalVectors")) == {
        "a": "PersonaNearVectorVectorScalar", "b": "PersonbNearVectorVectorScalar"}
    assert field_types(object_type(schema, "OrgAdditional"))["isConsistent"] == "Boolean"
    group = field_types(object_type(schema, "ArticleAdditionalGroup"))
    assert group == {"id": "Int", "groupedBy": "ArticleAdditionalGroupGroupedBy", "minDistance": "Float",
                     "maxDistance": "Float", "count": "Int", "hits": "[ArticleAdditionalGroupHits]"}
    hits = field_types(object_type(schema, "ArticleAdditionalGroupHits"))
    assert hits["title"] == "String" and hits["_additional"] == "ArticleAdditionalGroupHitsAdditional"


def test_get_arguments(schema: GraphQLSchema) -> None:
    args = {name: str(a.type) for name, a in object_type(schema, "GetObjectsObj").fields["Article"].args.items()}
    assert args == {
        "after": "String", "limit": "Int", "offset": "Int", "autocut": "Int",
        "sort": "[GetObjectsArticleSortInpObj]", "nearVector": "GetObjectsArticleNearVectorInpObj",
        "nearObject": "GetObjectsArticleNearObjectInpObj", "where": "GetObjectsArticleWhereInpObj",
        "groupBy": "GetObjectsArticleGroupByInpObj", "bm25": "GetObjectsArticleHybridGetBm25InpObj",
        "hybrid": "GetObjectsArticleHybridInpObj",
    }
    org = object_type(schema, "GetObjectsObj").fields["Org"].args
    assert str(org["tenant"].type) == "String" and str(org["consistencyLevel"].type) == "OrgConsistencyLevelEnum"


def test_argument_input_types(schema: GraphQLSchema) -> None:
    def inputs(name: str) -> dict[str, str]:
        kind: Any = schema.get_type(name)
        return {n: str(f.type) for n, f in kind.fields.items()}

    assert inputs("GetObjectsArticleNearVectorInpObj") == {
        "vector": "GetObjectsArticleNearVectorVectorScalar", "vectorPerTarget": "VectorPerTarget",
        "certainty": "Float", "distance": "Float", "targetVectors": "[String]",
        "targets": "GetObjectsArticlenearVectorTargetInpObj"}
    assert inputs("GetObjectsArticlenearVectorTargetInpObj") == {
        "targetVectors": "[String]", "combinationMethod": "targetCombinationEnum", "weights": "Weights"}
    assert set(inputs("GetObjectsArticleHybridInpObj")) == {
        "query", "alpha", "maxVectorDistance", "vector", "properties", "fusionType", "targetVectors",
        "bm25SearchOperator", "searches", "targets"}
    assert inputs("GetObjectsArticleHybridInpObj")["fusionType"] == "FusionEnum"
    assert inputs("GetObjectsArticleGroupByInpObj") == {"path": "[String]!", "groups": "Int!", "objectsPerGroup": "Int!"}
    assert set(inputs("GetObjectsArticleWhereInpObj")) == {
        "operator", "path", "valueInt", "valueNumber", "valueBoolean", "valueString", "valueText", "valueDate",
        "valueGeoRange", "operands"}
    assert inputs("GetObjectsArticleWhereInpObj")["valueInt"] == "IntGetObjectsArticle"
    assert inputs("GetObjectsArticleHybridGetBm25InpObj") == {
        "query": "String", "properties": "[String]", "searchOperator": "GetObjectsArticleSearches"}
    assert "targets" not in inputs("AggregateObjectsArticleNearVectorInpObj")


def test_aggregate_types(schema: GraphQLSchema) -> None:
    aggregate = field_types(object_type(schema, "AggregateArticle"))
    assert aggregate["count"] == "AggregateArticlecountObj" and aggregate["title"] == "AggregateArticletitleObj"
    assert {"loc", "phone", "uid", "uids", "info"}.isdisjoint(aggregate)  # not aggregatable
    assert aggregate["meta"] == "AggregateArticleMetaObject"
    assert aggregate["groupedBy"] == "AggregateArticleGroupedByObj"
    assert field_types(object_type(schema, "AggregateArticleMetaObject")) == {"count": "Int"}
    assert field_types(object_type(schema, "AggregateArticlecountObj")) == {
        "sum": "Float", "minimum": "Float", "maximum": "Float", "mean": "Float", "mode": "Float",
        "median": "Float", "count": "Int", "type": "String"}
    assert set(field_types(object_type(schema, "AggregateArticledoneObj"))) == {
        "count", "totalTrue", "percentageTrue", "totalFalse", "percentageFalse", "type"}
    assert field_types(object_type(schema, "AggregateArticlewhenObj"))["median"] == "String"
    assert field_types(object_type(schema, "AggregateArticleauthorObj")) == {"type": "String", "pointingTo": "[String]"}
    top = object_type(schema, "AggregateArticletitleObj").fields["topOccurrences"]
    assert str(top.type) == "[AggregateArticletitleTopOccurrencesObj]" and set(top.args) == {"limit"}
    args = set(object_type(schema, "AggregateObjectsObj").fields["Article"].args)
    assert args == {"limit", "where", "groupBy", "nearVector", "nearObject", "objectLimit", "hybrid"}


def test_class_named_like_a_scalar_gets_an_underscore(schema: GraphQLSchema) -> None:
    assert str(object_type(schema, "GetObjectsObj").fields["String"].type) == "[_String]"


def test_introspection_works(schema: GraphQLSchema) -> None:
    result = graphql_sync(schema, get_introspection_query())
    assert result.errors is None
    assert any(t["name"] == "GetObjectsArticleWhereInpObj" for t in result.data["__schema"]["types"])  # type: ignore[index]


def test_rebuilt_when_the_version_moves() -> None:
    fake = FakeSchema().add(ARTICLE)
    h = Harness(schema=fake, limits=GraphQLLimits())
    first = schema_of(h)
    assert schema_of(h) is first
    fake.add(PERSON)
    second = schema_of(h)
    assert second is not first and "Person" in object_type(second, "GetObjectsObj").fields
    assert h.data("{ Get { Person { name } } }") == {"Get": {"Person": []}}


def test_no_collections_no_schema() -> None:
    h = Harness(schema=FakeSchema())
    assert h.service._schemas.current()[1] is None


def test_generated_names_that_clash_get_a_prefix_and_collections_keep_theirs() -> None:
    # "ArticleAdditional" is also Article's _additional type; "ArticleHybrid"'s Get hybrid
    # types are named as Article's Aggregate hybrid types (Weaviate fails to build its schema)
    fake = FakeSchema().add(ARTICLE, {"class": "ArticleAdditional", "properties": [
        {"name": "x", "dataType": ["text"]}]}, {"class": "ArticleHybrid"})
    h = Harness(schema=fake)
    assert h.data("{ Get { Article { title } ArticleAdditional { x __typename } } }") == {
        "Get": {"Article": [], "ArticleAdditional": []}}
    schema = schema_of(h)
    assert schema.get_type("ArticleAdditional") is object_type(schema, "GetObjectsObj").fields[
        "ArticleAdditional"].type.of_type
    renamed = [name for name in schema.type_map if name.startswith("Weftdb")]
    assert "Weftdb2ArticleAdditional" in renamed
    assert any(name.startswith("Weftdb2ArticleHybridSubSearch") for name in renamed)
    for value in ("0.5", "0.25"):  # a lifted vector is typed by its (renamed) scalar: the second query,
        vector = ", ".join([value] * 20)  # with another vector, is a cache hit
        h.data(f'{{ Aggregate {{ Article(hybrid: {{query: "a", searches: [{{nearVector: {{vector: [{vector}], '
               f'distance: 0.5}}}}]}}) {{ meta {{ count }} }} }} }}')
        sent = h.aggregator.calls[-1].hybrid
        assert sent is not None and sent.vector is not None
        assert sent.vector.queries[0].vector.tolist() == [float(value)] * 20
    assert h.service.cache.hits >= 1


def test_a_collection_named_like_a_generated_type_keeps_its_name() -> None:
    h = Harness(schema=FakeSchema().add(ARTICLE, {"class": "GetObjectsArticleNearVectorInpObj", "properties": [
        {"name": "x", "dataType": ["text"]}]}))
    assert h.data("{ Get { GetObjectsArticleNearVectorInpObj { __typename x } } }") == {
        "Get": {"GetObjectsArticleNearVectorInpObj": []}}
    schema = schema_of(h)  # the collection's type has the name, Article's input type the prefix
    name = "GetObjectsArticleNearVectorInpObj"
    assert schema.get_type(name) is object_type(schema, "GetObjectsObj").fields[name].type.of_type
    assert "Weftdb2GetObjectsArticleNearVectorInpObj" in schema.type_map


def test_a_collection_named_beacon_is_reported_as_weaviate_fails_too() -> None:
    """The reference unions' ``Beacon`` is resolved by its name: it is not renamed."""
    h = Harness(schema=FakeSchema().add(PERSON, {"class": "Beacon"}))
    with pytest.raises(InvalidInput, match="Beacon"):
        h.run("{ Get { Person { name } } }")
