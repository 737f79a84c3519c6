"""Validation of new classes and properties: Weaviate's rules and exact messages."""

from __future__ import annotations

from typing import Any

import pytest

from weftdb.errors import AlreadyExists, BadRequest, InvalidInput
from weftdb.usecases.schema.definitions import SchemaDefaults, prepare_new_class, prepare_new_property

DEFAULTS = SchemaDefaults(enabled_modules=frozenset({"text2vec-openai", "generative-openai"}))
TOKENIZATIONS = "[word lowercase whitespace field trigram gse kagome_kr kagome_ja gse_ch]"
PROPERTY_REGEX = "“/[_A-Za-z][_0-9A-Za-z]{0,230}/”"


def prop(name: str = "p", data_type: str | list[str] = "text", **extra: Any) -> dict[str, Any]:
    types = [data_type] if isinstance(data_type, str) else data_type
    return {"name": name, "dataType": types, **extra}


def with_props(*props: dict[str, Any]) -> dict[str, Any]:
    return {"class": "Article", "properties": list(props)}


def obj(*nested: dict[str, Any], name: str = "obj") -> dict[str, Any]:
    return prop(name, "object", nestedProperties=list(nested))


def hnsw(**config: Any) -> dict[str, Any]:
    return {"class": "A", "vectorIndexConfig": config}


def named(entry: dict[str, Any], name: str = "v", **extra: Any) -> dict[str, Any]:
    return {"class": "A", "vectorConfig": {name: entry}, **extra}


NONE_VECTORIZER: dict[str, Any] = {"none": {}}

CLASS_ERRORS: list[tuple[dict[str, Any], str]] = [
    # class names
    ({"class": "123abc"}, "'123abc' is not a valid class name"),
    ({}, "'' is not a valid class name"),
    ({"class": "Foo-bar"}, "'Foo-bar' is not a valid class name"),
    ({"class": "A" * 256}, f"'{'A' * 256}' is not a valid class name. Name should not be longer than 255 characters"),
    ({"class": "raft"}, "parse class name: class name `raft` is reserved"),
    # property names
    (with_props(prop("1abc")), f"'1abc' is not a valid property name. Property names in Weaviate are restricted "
                               f"to valid GraphQL names, which must be {PROPERTY_REGEX}"),
    (with_props(prop("a-b")), f"'a-b' is not a valid property name. Property names in Weaviate are restricted "
                              f"to valid GraphQL names, which must be {PROPERTY_REGEX}"),
    (with_props(prop("p" * 232)), f"'{'p' * 232}' is not a valid property name. Name should not be longer than "
                                  "231 characters"),
    (with_props(prop("")), f"'' is not a valid property name. Property names in Weaviate are restricted "
                           f"to valid GraphQL names, which must be {PROPERTY_REGEX}"),
    (with_props(prop("_additional")), "'_additional' is a reserved property name"),
    (with_props(prop("_id")), "'_id' is a reserved property name"),
    (with_props(prop("id")), "'id' is a reserved property name"),
    (with_props(prop("title_searchable")),
     "'title_searchable' is not a valid property name: suffix '_searchable' is reserved for internal indices"),
    (with_props(prop("a_nullState")),
     "'a_nullState' is not a valid property name: suffix '_nullState' is reserved for internal indices"),
    (with_props(prop("title"), prop("Title")),
     'class "Article": conflict for property "title": already in use or provided multiple times'),
    (with_props(prop("myProp"), prop("myprop")),
     'class "Article": conflict for property "myprop": already in use or provided multiple times'),
    # data types
    (with_props(prop("p", "foo")), "property 'p': invalid dataType: [foo]: unknown primitive data type 'foo'"),
    (with_props(prop("p", [])), "property 'p': invalid dataType: []: dataType must have at least one element"),
    (with_props({"name": "p"}), "property 'p': invalid dataType: []: dataType must have at least one element"),
    (with_props(prop("p", "")), "property 'p': invalid dataType: []: dataType cannot be an empty string"),
    (with_props(prop("p", ["Foo", "text"])),
     "property 'p': invalid dataType: [Foo text]: 'text' is not a valid class name"),
    (with_props(prop("p", "Foo-Bar")), "property 'p': invalid dataType: [Foo-Bar]: 'Foo-Bar' is not a valid class name"),
    (with_props(prop("p", "Missing")), "bad request: reference property to nonexistent class"),
    # nested properties
    (with_props(prop("obj", "object")),
     "property 'obj': At least one nested property is required for data type object/object[]"),
    (with_props(prop("t", "text", nestedProperties=[prop("x", "int")])),
     "property 't': nestedProperties not allowed for data types other than object/object[]"),
    (with_props(obj(prop("s", "string"))),
     "property 'obj.s': data type 'string' is deprecated and not allowed as nested property"),
    (with_props(obj(prop("g", "geoCoordinates"))),
     "property 'obj.g': data type 'geoCoordinates' not allowed as nested property"),
    (with_props(obj(prop("r", "Article"))), "property 'obj.r': reference data type not allowed"),
    (with_props(obj(prop("1x", "int"))),
     "'1x' is not a valid nested property name of 'obj'. NestedProperty names in Weaviate are restricted to "
     "valid GraphQL names, which must be “/[_A-Za-z][_0-9A-Za-z]*/”"),
    (with_props(obj(prop("t", "text", tokenization="trigram"))),
     "property 'obj.t': Tokenization 'trigram' is not allowed for data type 'text'"),
    (with_props(obj(prop("n", "int", tokenization="word"))),
     "property 'obj.n': Tokenization is not allowed for data type 'int'"),
    (with_props(obj(prop("b", "blob", indexFilterable=True))),
     "property: 'obj.b': indexFilterable is not allowed for blob data type"),
    (with_props(obj(prop("n", "int", indexSearchable=True))),
     "property 'obj.n': `indexSearchable` is not allowed for other than text/text[] data types"),
    (with_props(obj(prop("t", "text", indexRangeFilters=True))),
     "property 'obj.t': `indexRangeFilters` is not allowed for other than number/int/date data types"),
    (with_props(obj(obj(name="inner"))),
     "property 'obj.inner': At least one nested property is required for data type object/object[]"),
    (with_props(obj(prop("t", "text", textAnalyzer={"asciiFold": True}, tokenization="field",
                          indexFilterable=False, indexSearchable=False))),
     "property 'obj.t': processing options are only allowed for properties with an inverted index"),
    (with_props(prop("p", "object", nestedProperties=[prop("x", "int")], tokenization="word")),
     "tokenization is not allowed for object/object[] data types"),
    # tokenization
    (with_props(prop("t", "text", tokenization="gse")),
     "the GSE tokenizer is not enabled; set 'ENABLE_TOKENIZER_GSE' to 'true' to enable"),
    (with_props(prop("t", "text[]", tokenization="gse_ch")),
     "the Chinese tokenizer is not enabled; set 'ENABLE_TOKENIZER_GSE_CH' to 'true' to enable"),
    (with_props(prop("t", "text", tokenization="kagome_kr")),
     "the Korean tokenizer is not enabled; set 'ENABLE_TOKENIZER_KAGOME_KR' to 'true' to enable"),
    (with_props(prop("t", "text", tokenization="kagome_ja")),
     "the Japanese tokenizer is not enabled; set 'ENABLE_TOKENIZER_KAGOME_JA' to 'true' to enable"),
    (with_props(prop("n", "int", tokenization="word")), "tokenization is not allowed for data type 'int'"),
    (with_props(prop("s", "string", tokenization="lowercase")),
     "tokenization 'lowercase' is not allowed for data type 'string'"),
    (with_props(prop("r", "Article", tokenization="word")), "tokenization is not allowed for reference data type"),
    (with_props(prop("t", "text", tokenization="foo")),
     f"properties.0.tokenization in body should be one of {TOKENIZATIONS}"),
    (with_props(prop("t", "int"), obj(prop("t", "text", tokenization="bar"))),
     f"properties.1.nestedProperties.0.tokenization in body should be one of {TOKENIZATIONS}"),
    # index flags
    (with_props(prop("n", "int", indexSearchable=True)),
     "`indexSearchable` is allowed only for text/text[] data types. For other data types set false or leave empty"),
    (with_props(prop("t", "text", indexRangeFilters=True)),
     "`indexRangeFilters` is allowed only for number/int/date data types. For other data types set false or "
     "leave empty"),
    (with_props(prop("n", "int[]", indexRangeFilters=True)),
     "`indexRangeFilters` is allowed only for number/int/date data types. For other data types set false or "
     "leave empty"),
    (with_props(prop("t", "text", indexInverted=True, indexFilterable=True)),
     "`indexInverted` is deprecated and can not be set together with `indexFilterable`, `indexSearchable` or "
     "`indexRangeFilters`"),
    # text analyzer
    (with_props(prop("n", "int", textAnalyzer={"asciiFold": True})),
     "property 'n': processing options are only allowed for text and text[] data types, got 'int'"),
    (with_props(prop("t", "text", textAnalyzer={"asciiFold": True}, indexFilterable=False, indexSearchable=False)),
     "property 't': processing options are only allowed for properties with an inverted index, "
     "got IndexSearchable=false and IndexFilterable=false"),
    (with_props(prop("t", "text", textAnalyzer={"asciiFoldIgnore": ["é"]})),
     "property 't': asciiFoldIgnore requires asciiFold to be enabled"),
    (with_props(prop("t", "text", textAnalyzer={"asciiFold": True, "asciiFoldIgnore": ["ab"]})),
     "property 't': each asciiFoldIgnore entry must be a single character, got \"ab\""),
    (with_props(prop("t", "text", tokenization="field", textAnalyzer={"stopwordPreset": "en"})),
     "property 't': stopwordPreset is only supported with tokenization \"word\", got \"field\""),
    (with_props(prop("t", "text", textAnalyzer={"stopwordPreset": "fr"})),
     "property 't': unknown stopword preset \"fr\"; must be a built-in preset ('en', 'none') or defined in "
     "invertedIndexConfig.stopwordPresets"),
    # vector index type and config
    ({"class": "A", "vectorIndexType": "foo"}, 'unrecognized or unsupported vectorIndexType "foo"'),
    ({"class": "A", "vectorIndexType": "hfresh"}, "the hfresh index is available only in experimental mode"),
    (named({"vectorizer": NONE_VECTORIZER, "vectorIndexType": "foo"}),
     'target vector "v": unrecognized or unsupported vectorIndexType "foo"'),
    (hnsw(maxConnections=0), "class.VectorIndexConfig can not parse: parse vector index config: invalid hnsw "
                             "config: maxConnections must be a positive integer with a minimum of 4"),
    (hnsw(maxConnections=-1, efConstruction=0),
     "class.VectorIndexConfig can not parse: parse vector index config: invalid hnsw config: maxConnections "
     "must be a positive integer with a minimum of 4, efConstruction must be a positive integer with a minimum of 4"),
    (hnsw(maxConnections=5000), "class.VectorIndexConfig can not parse: parse vector index config: invalid hnsw "
                                "config: maxConnections must be less than 2048"),
    (hnsw(filterStrategy="fast"), "class.VectorIndexConfig can not parse: parse vector index config: invalid hnsw "
                                  "config: filterStrategy must be either 'sweeping' or 'acorn'"),
    (hnsw(pq={"enabled": True}, bq={"enabled": True}),
     "class.VectorIndexConfig can not parse: parse vector index config: invalid hnsw config: more than a single "
     "compression methods enabled"),
    (hnsw(pq={"encoder": {"type": "fancy"}}),
     "class.VectorIndexConfig can not parse: parse vector index config: invalid encoder type fancy"),
    (hnsw(pq={"enabled": True, "segments": -1}),
     "class.VectorIndexConfig can not parse: parse vector index config: pq segments must be non-negative"),
    (hnsw(rq={"enabled": True, "bits": 2}),
     "class.VectorIndexConfig can not parse: parse vector index config: RQ bits must be 8, 4 or 1"),
    (hnsw(ef=1.5), "class.VectorIndexConfig can not parse: parse vector index config: json.Number to int64 for "
                   '"ef": strconv.ParseInt: parsing "1.5": invalid syntax'),
    (hnsw(multivector={"enabled": True, "muvera": {"enabled": True, "ksim": 11}}),
     "class.VectorIndexConfig can not parse: parse vector index config: invalid hnsw config: ksim must be at "
     "most 10"),
    (hnsw(multivector={"enabled": True}),
     "class.VectorIndexConfig multi vector type index type is only configurable using named vectors"),
    (hnsw(distance="euclid"), 'init vector index: unrecognized distance metric "euclid",choose one of '
                              '["cosine", "dot", "l2-squared", "manhattan","hamming"]'),
    ({"class": "A", "vectorIndexType": "hnsw", "vectorIndexConfig": "big"},
     "parse vector index config: parse vector index config: input must be a non-nil map"),
    ({"class": "A", "vectorIndexType": "flat", "vectorIndexConfig": {"pq": {"enabled": True}}},
     "class.VectorIndexConfig can not parse: parse vector index config: PQ is not currently supported for flat "
     "indices"),
    ({"class": "A", "vectorIndexType": "flat", "vectorIndexConfig": {"rq": {"enabled": True, "bits": 4}}},
     "class.VectorIndexConfig can not parse: parse vector index config: RQ bits must be either 1 or 8"),
    ({"class": "A", "vectorIndexType": "flat", "vectorIndexConfig": {"bq": {"cache": True}}},
     "class.VectorIndexConfig can not parse: parse vector index config: not possible to use the cache without "
     "compression"),
    ({"class": "A", "vectorIndexType": "flat", "vectorIndexConfig": {"bq": {"enabled": True}, "rq": {"enabled": True}}},
     "class.VectorIndexConfig can not parse: parse vector index config: cannot enable multiple quantization "
     "methods at the same time"),
    ({"class": "A", "vectorIndexType": "dynamic", "vectorIndexConfig": {"hnsw": {"multivector": {"enabled": True}}}},
     "class.VectorIndexConfig can not parse: parse vector index config: multi vector index is not supported for "
     "dynamic index"),
    (named({"vectorizer": NONE_VECTORIZER, "vectorIndexConfig": {"efConstruction": 2}}),
     'target vector "v": parse vector index config: parse vector index config: invalid hnsw config: '
     "efConstruction must be a positive integer with a minimum of 4"),
    (named({"vectorizer": NONE_VECTORIZER, "vectorIndexType": "flat", "vectorIndexConfig": {"distance": "cos"}}),
     'init vector index: unrecognized distance metric "cos",choose one of ["cosine", "dot", "l2-squared", '
     '"manhattan","hamming"]'),
    # vectorizers and modules
    ({"class": "A", "vectorizer": "text2vec-cohere"}, 'vectorizer: no module with name "text2vec-cohere" present'),
    ({"class": "A", "vectorizer": "generative-openai"},
     'vectorizer: module "generative-openai" exists, but does not provide the Vectorizer or ReferenceVectorizer '
     "capability"),
    (named({"vectorizer": {"text2vec-cohere": {}}}),
     'target vector "v": vectorizer: no module with name "text2vec-cohere" present'),
    (named({"vectorizer": NONE_VECTORIZER}, vectorizer="none"),
     "creating a class with both a class level vector index and named vectors is forbidden"),
    (named({"vectorizer": NONE_VECTORIZER}, vectorIndexConfig={}),
     "creating a class with both a class level vector index and named vectors is forbidden"),
    (named({"vectorizer": NONE_VECTORIZER, "vectorIndexType": "none"}),
     'vector "v": cannot create a new class with vectorIndexType "none"; this is an internal sentinel for '
     "dropped indexes"),
    (named({"vectorizer": NONE_VECTORIZER}, name="1v"),
     'class.VectorConfig target vector name "1v" is not valid, in Weaviate target vector names are restricted to '
     "valid GraphQL names, which must be “/[_A-Za-z][_0-9A-Za-z]{0,229}/”."),
    (named({"vectorizer": NONE_VECTORIZER}, name="v" * 231),
     f'class.VectorConfig target vector name "{"v" * 231}" is not valid. Target vector name should not be longer '
     "than 230 characters."),
    (named({"vectorizer": "none"}), "class.VectorConfig.Vectorizer must be an object, got string"),
    (named({"vectorIndexType": "hnsw"}), "class.VectorConfig.Vectorizer must be an object, got <nil>"),
    (named({"vectorizer": {}}), "class.VectorConfig.Vectorizer must consist only 1 configuration, got: 0"),
    (named({"vectorizer": {"none": {}, "text2vec-openai": {}}}),
     "class.VectorConfig.Vectorizer must consist only 1 configuration, got: 2"),
    (named({"vectorizer": {"none": {}, "text2vec-openai": {}}}, properties=[prop("t")]),
     'vector index "v" has multiple vectorizers'),
    (named({"vectorizer": NONE_VECTORIZER}, moduleConfig={"generative-cohere": {}}),
     "module with name generative-cohere doesn't exist"),
    (named({"vectorizer": NONE_VECTORIZER}, properties=[prop("t", moduleConfig={"text2vec-openai": {}})]),
     'vectorizer "text2vec-openai" not configured for any of target vectors'),
    (named({"vectorizer": {"text2vec-openai": {}}}, properties=[prop("t", moduleConfig={"text2vec-openai": 1})]),
     'vectorizer config for vectorizer "text2vec-openai" not of type map[string]interface{}'),
    (named({"vectorizer": {"text2vec-openai": {}}}, properties=[prop("t", moduleConfig=[])]),
     "t property config invalid"),
    # sharding, multi-tenancy, replication
    ({"class": "A", "shardingConfig": {"key": "name"}},
     "parse sharding config: sharding only supported on key '_id' for now, got: name"),
    ({"class": "A", "shardingConfig": {"strategy": "range"}},
     "parse sharding config: sharding only supported with strategy 'hash' for now, got: range"),
    ({"class": "A", "shardingConfig": {"function": "crc"}},
     "parse sharding config: sharding only supported with function 'murmur3' for now, got: crc"),
    ({"class": "A", "shardingConfig": {"desiredCount": -1}},
     "parse sharding config: sharding config: desiredCount must not be negative, got: -1"),
    ({"class": "A", "shardingConfig": {"key": 5}},
     'parse sharding config: field "key" must be of type string, got: json.Number'),
    ({"class": "A", "shardingConfig": {"desiredCount": 1.5}},
     'parse sharding config: desiredCount: strconv.ParseInt: parsing "1.5": invalid syntax'),
    ({"class": "A", "shardingConfig": "one"}, "parse sharding config: input string-false must be a non-nil"),
    ({"class": "A", "shardingConfig": {}, "multiTenancyConfig": {"enabled": True}},
     "cannot have both shardingConfig and multiTenancyConfig"),
    ({"class": "A", "multiTenancyConfig": {"autoTenantCreation": True}},
     "can't enable autoTenantCreation on a non-multi-tenant class"),
    ({"class": "A", "multiTenancyConfig": {"autoTenantActivation": True}},
     "can't enable autoTenantActivation on a non-multi-tenant class"),
    ({"class": "A", "replicationConfig": {"factor": 2}},
     "init sharding state: could not find enough weaviate nodes for replication: 1 available, 2 requested"),
    ({"class": "A", "replicationConfig": {"deletionStrategy": "Never"}},
     "replicationConfig.deletionStrategy in body should be one of "
     "[NoAutomatedResolution DeleteOnConflict TimeBasedResolution]"),
    ({"class": "A", "replicationConfig": {"asyncConfig": {"hashtreeHeight": 30}}},
     "async replication config: hashtreeHeight: value 30 out of range: min 0, max 20"),
    ({"class": "A", "replicationConfig": {"asyncConfig": {"loggingFrequency": 0}}},
     "async replication config: loggingFrequency must be > 0"),
    ({"class": "A", "replicationConfig": {"asyncConfig": {"propagationDelay": -1}}},
     "async replication config: propagationDelay must be >= 0"),
    ({"class": "A", "objectTtlConfig": {"enabled": True, "deleteOn": "_creationTimeUnix", "defaultTtl": 3600}},
     "ObjectTTLConfig: enabling objectTTL requires a running background scheduler. "
     "Set OBJECTS_TTL_DELETE_SCHEDULE to activate it"),
    # inverted index
    ({"class": "A", "invertedIndexConfig": {"cleanupIntervalSeconds": -1}}, "cleanup interval seconds must be > 0"),
    ({"class": "A", "invertedIndexConfig": {"bm25": {"k1": -1, "b": 0.5}}}, "BM25.k1 must be >= 0"),
    ({"class": "A", "invertedIndexConfig": {"bm25": {"k1": 1, "b": 1.5}}}, "BM25.b must be >= 0 and <= 1"),
    ({"class": "A", "invertedIndexConfig": {"stopwords": {"preset": "fr"}}}, "stopwordPreset 'fr' does not exist"),
    ({"class": "A", "invertedIndexConfig": {"stopwords": {"additions": [" "]}}},
     "cannot use whitespace in stopword.additions"),
    ({"class": "A", "invertedIndexConfig": {"stopwords": {"additions": ["x"], "removals": ["x"]}}},
     "found 'x' in both stopwords.additions and stopwords.removals"),
    ({"class": "A", "invertedIndexConfig": {"stopwordPresets": {"mine": []}}},
     'stopwordPresets: preset "mine" must have at least one word'),
    ({"class": "A", "invertedIndexConfig": {"tokenizerUserDict": [{"tokenizer": "word", "replacements": []}]}},
     "tokenizer 'word' in tokenizer user dict config is not supported"),
    ({"class": "A", "invertedIndexConfig": {"tokenizerUserDict": [
        {"tokenizer": "kagome_ja", "replacements": [{"source": "a"}]}]}},
     "invertedIndexConfig.tokenizerUserDict.0.replacements.0.target in body is required"),
]


@pytest.mark.parametrize(("body", "message"), CLASS_ERRORS)
def test_create_class_errors(body: dict[str, Any], message: str) -> None:
    with pytest.raises(InvalidInput) as caught:
        prepare_new_class(body, {}, DEFAULTS)
    assert caught.value.message == message
    assert not isinstance(caught.value, AlreadyExists)


def test_replication_factor_below_the_minimum() -> None:
    with pytest.raises(InvalidInput) as caught:
        prepare_new_class({"class": "A", "replicationConfig": {"factor": 2}}, {}, SchemaDefaults(
            default_replication_factor=3), node_count=3)
    assert caught.value.message == (
        "invalid replication factor: setup requires a minimum replication factor of 3: got 2"
    )


def test_property_errors_come_before_vector_errors() -> None:
    body = {"class": "A", "vectorIndexType": "foo", "properties": [prop("id")]}
    with pytest.raises(InvalidInput, match="'id' is a reserved property name"):
        prepare_new_class(body, {}, DEFAULTS)


def test_validation_errors_come_before_the_duplicate_check() -> None:
    with pytest.raises(InvalidInput) as caught:
        prepare_new_class({"class": "A", "vectorIndexType": "foo"}, {"A": {}}, DEFAULTS)
    assert not isinstance(caught.value, AlreadyExists)


def test_duplicate_class_name() -> None:
    with pytest.raises(AlreadyExists) as caught:
        prepare_new_class({"class": "article"}, {"Article": {}}, DEFAULTS)
    assert caught.value.message == "class name Article already exists"


def test_duplicate_class_name_differing_in_case() -> None:
    with pytest.raises(AlreadyExists) as caught:
        prepare_new_class({"class": "ArtiCle"}, {"Other": {}, "ARTICLE": {}}, DEFAULTS)
    assert caught.value.message == 'class already exists: found similar class "ARTICLE"'


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ({"class": 5}, "json: cannot unmarshal number into Go struct field Class.class of type string"),
        ([], "json: cannot unmarshal array into Go value of type models.Class"),
        ({"class": "A", "properties": "x"},
         "json: cannot unmarshal string into Go struct field Class.properties of type []*models.Property"),
        ({"class": "A", "properties": ["x"]},
         "json: cannot unmarshal string into Go struct field Class.properties of type models.Property"),
        ({"class": "A", "properties": [{"name": "p", "dataType": "text"}]},
         "json: cannot unmarshal string into Go struct field Property.properties.dataType of type []string"),
        ({"class": "A", "replicationConfig": {"factor": 1.5}},
         "json: cannot unmarshal number 1.5 into Go struct field ReplicationConfig.replicationConfig.factor of "
         "type int64"),
        ({"class": "A", "invertedIndexConfig": {"indexTimestamps": "yes"}},
         "json: cannot unmarshal string into Go struct field InvertedIndexConfig.invertedIndexConfig.indexTimestamps"
         " of type bool"),
        ({"class": "A", "vectorConfig": {"v": 1}},
         "json: cannot unmarshal number into Go struct field Class.vectorConfig of type models.VectorConfig"),
    ],
)
def test_bodies_of_the_wrong_json_shape_are_bad_requests(body: Any, message: str) -> None:
    with pytest.raises(BadRequest) as caught:
        prepare_new_class(body, {}, DEFAULTS)
    assert caught.value.message == f'parsing objectClass body from "" failed, because {message}'


CURRENT = prepare_new_class(with_props(prop("title")), {}, DEFAULTS)


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ({"dataType": ["text"]}, "property must contain name"),
        ({"name": "x"}, "property must contain dataType"),
        ({"name": "Title", "dataType": ["int"]},
         'class "Article": conflict for property "title": already in use or provided multiple times'),
        ({"name": "x_temp", "dataType": ["int"]},
         "'x_temp' is not a valid property name: suffix '_temp' is reserved for internal indices"),
        ({"name": "ref", "dataType": ["Missing"]},
         "property 'ref': invalid dataType: [Missing]: reference property to nonexistent class"),
        ({"name": "t", "dataType": ["text"], "tokenization": "x"}, f"tokenization in body should be one of {TOKENIZATIONS}"),
        ({"name": "o", "dataType": ["object"], "nestedProperties": [{"name": "t", "dataType": ["text"],
                                                                     "tokenization": "x"}]},
         f"nestedProperties.0.tokenization in body should be one of {TOKENIZATIONS}"),
        ({"name": "n", "dataType": ["number"], "indexSearchable": True},
         "`indexSearchable` is allowed only for text/text[] data types. For other data types set false or leave empty"),
        ({"name": "t", "dataType": ["text"], "tokenization": "gse"},
         "the GSE tokenizer is not enabled; set 'ENABLE_TOKENIZER_GSE' to 'true' to enable"),
    ],
)
def test_add_property_errors(body: dict[str, Any], message: str) -> None:
    with pytest.raises(InvalidInput) as caught:
        prepare_new_property(CURRENT, body, DEFAULTS, existing=["Article", "Author"])
    assert caught.value.message == message


def test_add_property_accepts_references_to_existing_classes() -> None:
    added = prepare_new_property(CURRENT, {"name": "author", "dataType": ["Author"]}, DEFAULTS,
                                 existing=["Article", "Author"])
    assert added["dataType"] == ["Author"]


def test_add_property_with_a_body_of_the_wrong_shape() -> None:
    with pytest.raises(BadRequest) as caught:
        prepare_new_property(CURRENT, {"name": 1}, DEFAULTS)
    assert caught.value.message == ('parsing body body from "" failed, because json: cannot unmarshal number into '
                                    "Go struct field Property.name of type string")
