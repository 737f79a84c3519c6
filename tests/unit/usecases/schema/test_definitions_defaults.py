"""Defaults filled into new classes and properties (weftdb.usecases.schema.definitions)."""

from __future__ import annotations

import json
from typing import Any

import pytest

from weftdb.usecases.schema.definitions import (
    SchemaDefaults,
    canonical_class_name,
    default_property,
    prepare_new_class,
    prepare_new_property,
)

DEFAULTS = SchemaDefaults()

HNSW_DEFAULT: dict[str, Any] = {
    "skip": False,
    "cleanupIntervalSeconds": 300,
    "maxConnections": 32,
    "efConstruction": 128,
    "ef": -1,
    "dynamicEfMin": 100,
    "dynamicEfMax": 500,
    "dynamicEfFactor": 8,
    "vectorCacheMaxObjects": 1000000000000,
    "flatSearchCutoff": 40000,
    "distance": "cosine",
    "pq": {
        "enabled": False,
        "bitCompression": False,
        "segments": 0,
        "centroids": 256,
        "trainingLimit": 100000,
        "encoder": {"type": "kmeans", "distribution": "log-normal"},
    },
    "bq": {"enabled": False},
    "sq": {"enabled": False, "trainingLimit": 100000, "rescoreLimit": 20},
    "rq": {"enabled": False, "bits": 8, "rescoreLimit": 20},
    "filterStrategy": "acorn",
    "multivector": {
        "enabled": False,
        "muvera": {"enabled": False, "ksim": 4, "dprojections": 16, "repetitions": 10},
        "aggregation": "maxSim",
    },
    "skipDefaultQuantization": False,
    "trackDefaultQuantization": False,
}

FLAT_DEFAULT: dict[str, Any] = {
    "distance": "cosine",
    "vectorCacheMaxObjects": 1000000000000,
    "pq": {"enabled": False, "rescoreLimit": -1, "cache": False},
    "bq": {"enabled": False, "rescoreLimit": -1, "cache": False},
    "sq": {"enabled": False, "rescoreLimit": -1, "cache": False},
    "rq": {"enabled": False, "rescoreLimit": -1, "cache": False, "bits": 8},
    "skipDefaultQuantization": False,
    "trackDefaultQuantization": False,
}

MINIMAL_CLASS: dict[str, Any] = {
    "class": "Article",
    "invertedIndexConfig": {
        "bm25": {"b": 0.75, "k1": 1.2},
        "cleanupIntervalSeconds": 60,
        "stopwords": {"additions": None, "preset": "en", "removals": None},
        "usingBlockMaxWAND": True,
    },
    "multiTenancyConfig": {"autoTenantActivation": False, "autoTenantCreation": False, "enabled": False},
    "properties": None,
    "replicationConfig": {"deletionStrategy": "TimeBasedResolution", "factor": 1, "asyncEnabled": False},
    "shardingConfig": {
        "virtualPerPhysical": 128,
        "desiredCount": 1,
        "actualCount": 1,
        "desiredVirtualCount": 128,
        "actualVirtualCount": 128,
        "key": "_id",
        "strategy": "hash",
        "function": "murmur3",
    },
    "vectorIndexConfig": HNSW_DEFAULT,
    "vectorIndexType": "hnsw",
    "vectorizer": "none",
}


def create(body: dict[str, Any], defaults: SchemaDefaults = DEFAULTS, **existing: Any) -> dict[str, Any]:
    return prepare_new_class(body, existing, defaults)


def only_property(body_prop: dict[str, Any]) -> dict[str, Any]:
    definition = create({"class": "Article", "properties": [body_prop]})
    assert len(definition["properties"]) == 1
    prop: dict[str, Any] = definition["properties"][0]
    return prop


def test_minimal_class_gets_the_full_default_definition() -> None:
    assert create({"class": "article"}) == MINIMAL_CLASS


def test_definition_is_plain_json() -> None:
    definition = create({"class": "Article", "properties": [{"name": "t", "dataType": ["text"]}]})
    assert json.loads(json.dumps(definition)) == definition


def test_key_order_follows_weaviate() -> None:
    definition = create({"class": "Article"})
    assert list(definition) == list(MINIMAL_CLASS)
    assert list(definition["vectorIndexConfig"]) == list(HNSW_DEFAULT)


def test_description_is_kept_and_empty_description_omitted() -> None:
    assert create({"class": "A", "description": "about"})["description"] == "about"
    assert "description" not in create({"class": "A", "description": ""})


def test_empty_properties_list_stays_a_list() -> None:
    assert create({"class": "A", "properties": []})["properties"] == []


def text_prop(name: str, data_type: str, tokenization: str = "word", searchable: bool = True) -> dict[str, Any]:
    return {
        "dataType": [data_type],
        "indexFilterable": True,
        "indexRangeFilters": False,
        "indexSearchable": searchable,
        "name": name,
        "tokenization": tokenization,
    }


def plain_prop(name: str, data_type: list[str]) -> dict[str, Any]:
    return {
        "dataType": data_type,
        "indexFilterable": True,
        "indexRangeFilters": False,
        "indexSearchable": False,
        "name": name,
    }


@pytest.mark.parametrize("data_type", ["text", "text[]"])
def test_text_properties(data_type: str) -> None:
    assert only_property({"name": "body", "dataType": [data_type]}) == text_prop("body", data_type)


@pytest.mark.parametrize(
    "data_type",
    [
        "int", "int[]", "number", "number[]", "boolean", "boolean[]", "date", "date[]", "uuid", "uuid[]",
        "geoCoordinates", "phoneNumber", "blob", "blobHash",
    ],
)
def test_non_text_primitive_properties(data_type: str) -> None:
    assert only_property({"name": "value", "dataType": [data_type]}) == plain_prop("value", [data_type])


def test_range_filters_can_be_enabled_for_numbers() -> None:
    prop = only_property({"name": "n", "dataType": ["int"], "indexRangeFilters": True})
    assert prop["indexRangeFilters"] is True


def test_explicit_flags_and_description_are_kept() -> None:
    prop = only_property(
        {"name": "t", "dataType": ["text"], "indexFilterable": False, "indexSearchable": False,
         "tokenization": "field", "description": "d"}
    )
    assert prop == {
        "dataType": ["text"], "description": "d", "indexFilterable": False, "indexRangeFilters": False,
        "indexSearchable": False, "name": "t", "tokenization": "field",
    }


@pytest.mark.parametrize("data_type", ["object", "object[]"])
def test_object_properties_get_nested_defaults(data_type: str) -> None:
    prop = only_property(
        {
            "name": "meta",
            "dataType": [data_type],
            "nestedProperties": [
                {"name": "title", "dataType": ["text"]},
                {"name": "raw", "dataType": ["blob"]},
                {"name": "inner", "dataType": ["object"], "nestedProperties": [{"name": "n", "dataType": ["int"]}]},
            ],
        }
    )
    nested_plain = {"indexFilterable": True, "indexRangeFilters": False, "indexSearchable": False}
    assert prop == {
        "dataType": [data_type],
        "indexFilterable": True,
        "indexRangeFilters": False,
        "indexSearchable": False,
        "name": "meta",
        "nestedProperties": [
            {"dataType": ["text"], "indexFilterable": True, "indexRangeFilters": False,
             "indexSearchable": True, "name": "title", "tokenization": "word"},
            {"dataType": ["blob"], "indexFilterable": False, "indexRangeFilters": False,
             "indexSearchable": False, "name": "raw"},
            {"dataType": ["object"], **nested_plain, "name": "inner",
             "nestedProperties": [{"dataType": ["int"], **nested_plain, "name": "n"}]},
        ],
    }


def test_cross_reference_to_itself_and_to_existing_class() -> None:
    definition = create(
        {"class": "Article", "properties": [{"name": "self", "dataType": ["Article"]},
                                            {"name": "author", "dataType": ["Author", "Article"]}]},
        Author={},
    )
    assert definition["properties"] == [
        plain_prop("self", ["Article"]),
        plain_prop("author", ["Author", "Article"]),
    ]


def test_deprecated_string_becomes_text_with_whitespace_tokenization() -> None:
    assert only_property({"name": "s", "dataType": ["string"]}) == text_prop("s", "text", "whitespace")
    assert only_property({"name": "s", "dataType": ["string[]"]}) == text_prop("s", "text[]", "whitespace")
    assert only_property({"name": "s", "dataType": ["string"], "tokenization": "field"}) == text_prop(
        "s", "text", "field"
    )


def test_deprecated_index_inverted_is_migrated() -> None:
    prop = only_property({"name": "t", "dataType": ["text"], "indexInverted": False})
    assert prop == {**text_prop("t", "text"), "indexFilterable": False, "indexSearchable": False}
    prop = only_property({"name": "n", "dataType": ["int"], "indexInverted": True})
    assert prop == plain_prop("n", ["int"])


def test_property_names_get_a_lower_case_first_letter() -> None:
    assert only_property({"name": "Title", "dataType": ["text"]})["name"] == "title"


def test_empty_text_analyzer_is_dropped_and_a_set_one_kept() -> None:
    assert "textAnalyzer" not in only_property({"name": "t", "dataType": ["text"], "textAnalyzer": {}})
    prop = only_property({"name": "t", "dataType": ["text"], "textAnalyzer": {"asciiFold": True}})
    assert prop["textAnalyzer"] == {"asciiFold": True}


def test_named_vector_without_index_type_gets_the_default_type() -> None:
    definition = create({"class": "A", "vectorConfig": {"v": {"vectorizer": {"none": {}}}}})
    assert definition["vectorConfig"] == {
        "v": {"vectorIndexConfig": HNSW_DEFAULT, "vectorIndexType": "hnsw", "vectorizer": {"none": {}}}
    }
    for key in ("vectorizer", "vectorIndexType", "vectorIndexConfig"):
        assert key not in definition


def test_named_vectors_follow_the_configured_default_index_type() -> None:
    definition = create(
        {"class": "A", "vectorConfig": {"a": {"vectorizer": {"none": {}}},
                                        "b": {"vectorizer": {"none": {}}, "vectorIndexType": "hnsw"}}},
        SchemaDefaults(default_vector_index_type="flat"),
    )
    assert definition["vectorConfig"]["a"]["vectorIndexType"] == "flat"
    assert definition["vectorConfig"]["a"]["vectorIndexConfig"] == FLAT_DEFAULT
    assert definition["vectorConfig"]["b"]["vectorIndexConfig"] == HNSW_DEFAULT


def test_legacy_class_follows_the_configured_defaults() -> None:
    definition = create({"class": "A"}, SchemaDefaults(default_vector_index_type="flat"))
    assert definition["vectorIndexType"] == "flat"
    assert definition["vectorIndexConfig"] == FLAT_DEFAULT
    enabled = SchemaDefaults(default_vectorizer="text2vec-openai", enabled_modules=frozenset({"text2vec-openai"}))
    assert create({"class": "A"}, enabled)["vectorizer"] == "text2vec-openai"


def test_flat_index_defaults() -> None:
    definition = create({"class": "A", "vectorIndexType": "flat"})
    assert definition["vectorIndexConfig"] == FLAT_DEFAULT


def test_dynamic_index_defaults() -> None:
    definition = create({"class": "A", "vectorConfig": {"v": {"vectorizer": {"none": {}}, "vectorIndexType": "dynamic"}}})
    assert definition["vectorConfig"]["v"]["vectorIndexConfig"] == {
        "distance": "cosine",
        "threshold": 10000,
        "hnsw": HNSW_DEFAULT,
        "flat": FLAT_DEFAULT,
    }


def test_dynamic_top_level_distance_does_not_reach_sub_indexes() -> None:
    cfg = create({"class": "A", "vectorIndexType": "dynamic",
                  "vectorIndexConfig": {"distance": "dot", "threshold": 5, "flat": {"bq": {"enabled": True}}}})
    index = cfg["vectorIndexConfig"]
    assert (index["distance"], index["threshold"]) == ("dot", 5)
    assert index["hnsw"]["distance"] == "cosine"
    assert index["flat"]["bq"] == {"enabled": True, "rescoreLimit": -1, "cache": False}


def test_hnsw_values_and_compression_are_parsed() -> None:
    cfg = create({"class": "A", "vectorIndexConfig": {
        "ef": 100, "efConstruction": 64, "maxConnections": 16, "distance": "dot", "skip": True,
        "pq": {"enabled": True, "segments": 4, "encoder": {"type": "tile"}},
        "filterStrategy": "sweeping", "unknownKey": 1,
    }})["vectorIndexConfig"]
    assert cfg == {
        **HNSW_DEFAULT, "ef": 100, "efConstruction": 64, "maxConnections": 16, "distance": "dot", "skip": True,
        "filterStrategy": "sweeping",
        "pq": {**HNSW_DEFAULT["pq"], "enabled": True, "segments": 4,
               "encoder": {"type": "tile", "distribution": "log-normal"}},
    }


def test_hnsw_one_bit_rq_gets_the_brq_rescore_limit() -> None:
    cfg = create({"class": "A", "vectorIndexConfig": {"rq": {"enabled": True, "bits": 1}}})["vectorIndexConfig"]
    assert cfg["rq"] == {"enabled": True, "bits": 1, "rescoreLimit": 512}


def test_hnsw_numbers_of_the_wrong_json_type_read_as_zero_like_weaviate() -> None:
    cfg = create({"class": "A", "vectorIndexConfig": {"ef": "fast", "flatSearchCutoff": True}})["vectorIndexConfig"]
    assert (cfg["ef"], cfg["flatSearchCutoff"]) == (0, 0)


def test_multi_vector_named_vector() -> None:
    definition = create({"class": "A", "vectorConfig": {"mv": {
        "vectorizer": {"none": {}}, "vectorIndexType": "hnsw", "vectorIndexConfig": {"multivector": {"enabled": True}},
    }}})
    assert definition["vectorConfig"]["mv"]["vectorIndexConfig"]["multivector"] == {
        **HNSW_DEFAULT["multivector"], "enabled": True,
    }


def test_multi_tenant_class_has_a_zero_sharding_config() -> None:
    definition = create({"class": "A", "multiTenancyConfig": {"enabled": True, "autoTenantCreation": True}})
    assert definition["multiTenancyConfig"] == {
        "autoTenantActivation": False, "autoTenantCreation": True, "enabled": True,
    }
    assert definition["shardingConfig"] == {
        "virtualPerPhysical": 0, "desiredCount": 0, "actualCount": 0, "desiredVirtualCount": 0,
        "actualVirtualCount": 0, "key": "", "strategy": "", "function": "",
    }


def test_sharding_config_values_are_derived() -> None:
    definition = prepare_new_class(
        {"class": "A", "shardingConfig": {"desiredCount": 2, "virtualPerPhysical": 64, "actualCount": 9}},
        {}, DEFAULTS, node_count=3,
    )
    assert definition["shardingConfig"] == {
        "virtualPerPhysical": 64, "desiredCount": 2, "actualCount": 2, "desiredVirtualCount": 128,
        "actualVirtualCount": 128, "key": "_id", "strategy": "hash", "function": "murmur3",
    }


def test_node_count_sets_the_default_shard_count() -> None:
    definition = prepare_new_class({"class": "A"}, {}, DEFAULTS, node_count=3)
    assert definition["shardingConfig"]["desiredCount"] == 3
    assert definition["shardingConfig"]["actualVirtualCount"] == 384


def test_replication_factor_below_one_becomes_the_minimum() -> None:
    for factor in (0, -3):
        replication = create({"class": "A", "replicationConfig": {"factor": factor}})["replicationConfig"]
        assert replication == {"deletionStrategy": "TimeBasedResolution", "factor": 1, "asyncEnabled": False}


def test_replication_settings_are_kept() -> None:
    replication = prepare_new_class(
        {"class": "A", "replicationConfig": {"factor": 2, "deletionStrategy": "DeleteOnConflict",
                                             "asyncEnabled": False, "asyncConfig": {"frequency": 30}}},
        {}, DEFAULTS, node_count=2,
    )["replicationConfig"]
    assert replication == {
        "asyncConfig": {"frequency": 30}, "deletionStrategy": "DeleteOnConflict", "factor": 2, "asyncEnabled": True,
    }


def test_inverted_index_settings_are_kept_and_bm25_is_float32() -> None:
    inverted = create({"class": "A", "invertedIndexConfig": {
        "bm25": {"k1": 0.123456789, "b": 1}, "cleanupIntervalSeconds": 5, "indexTimestamps": True,
        "indexNullState": True, "indexPropertyLength": True,
        "stopwords": {"preset": "none", "additions": ["x"], "removals": ["y"]},
        "stopwordPresets": {"custom": ["foo"]},
    }})["invertedIndexConfig"]
    assert inverted == {
        "bm25": {"b": 1, "k1": 0.12345679}, "cleanupIntervalSeconds": 5, "indexNullState": True,
        "indexPropertyLength": True, "indexTimestamps": True, "stopwordPresets": {"custom": ["foo"]},
        "stopwords": {"additions": ["x"], "preset": "none", "removals": ["y"]}, "usingBlockMaxWAND": True,
    }


def test_empty_bm25_and_stopwords_objects_are_not_defaulted_like_weaviate() -> None:
    inverted = create({"class": "A", "invertedIndexConfig": {"bm25": {}, "stopwords": {}}})["invertedIndexConfig"]
    assert inverted["bm25"] == {"b": 0, "k1": 0}
    assert inverted["stopwords"] == {"additions": None, "preset": "en", "removals": None}


def test_stopword_additions_already_in_the_preset_are_dropped() -> None:
    stopwords = create({"class": "A", "invertedIndexConfig": {"stopwords": {"additions": ["the", "foo"]}}})[
        "invertedIndexConfig"]["stopwords"]
    assert stopwords == {"additions": ["foo"], "preset": "en", "removals": None}
    stopwords = create({"class": "A", "invertedIndexConfig": {"stopwords": {"additions": ["the"]}}})[
        "invertedIndexConfig"]["stopwords"]
    assert stopwords["additions"] is None


def test_unknown_keys_are_dropped_everywhere() -> None:
    definition = create({
        "class": "A", "unknown": 1, "asyncEnabled": True,
        "replicationConfig": {"factor": 1, "asyncEnabled": True, "maxWorkers": 3},
        "multiTenancyConfig": {"enabled": False, "extra": "x"},
        "properties": [{"name": "t", "dataType": ["text"], "skip_vectorization": False,
                        "vectorize_property_name": True, "searchableBlockmax": True,
                        "nestedProperties": None}],
    })
    assert "unknown" not in definition and "asyncEnabled" not in definition
    assert definition["properties"] == [text_prop("t", "text")]
    assert definition["multiTenancyConfig"] == MINIMAL_CLASS["multiTenancyConfig"]
    assert definition["replicationConfig"] == MINIMAL_CLASS["replicationConfig"]


def test_keys_match_case_insensitively_like_go() -> None:
    definition = create({"Class": "a", "VECTORIZER": "none", "Properties": [{"NAME": "t", "datatype": ["int"]}]})
    assert definition["class"] == "A"
    assert definition["properties"] == [plain_prop("t", ["int"])]


def test_module_config_is_kept() -> None:
    defaults = SchemaDefaults(enabled_modules=frozenset({"generative-openai"}))
    definition = create({"class": "A", "moduleConfig": {"generative-openai": {"model": "gpt"}}}, defaults)
    assert definition["moduleConfig"] == {"generative-openai": {"model": "gpt"}}


def test_property_module_config_for_a_configured_vectorizer_is_kept() -> None:
    defaults = SchemaDefaults(enabled_modules=frozenset({"text2vec-openai"}))
    definition = create({
        "class": "A",
        "vectorConfig": {"v": {"vectorizer": {"text2vec-openai": {"properties": ["t"]}}}},
        "properties": [{"name": "t", "dataType": ["text"],
                        "moduleConfig": {"text2vec-openai": {"skip": False, "vectorizePropertyName": True}}}],
    }, defaults)
    assert definition["properties"][0]["moduleConfig"] == {
        "text2vec-openai": {"skip": False, "vectorizePropertyName": True}
    }


def test_canonical_class_name() -> None:
    assert canonical_class_name("article") == "Article"
    assert canonical_class_name("Article") == "Article"
    assert canonical_class_name("a") == "A"
    assert canonical_class_name("") == ""


@pytest.mark.parametrize(
    ("data_type", "expected"),
    [
        (["text"], text_prop("p", "text")),
        (["text[]"], text_prop("p", "text[]")),
        (["int"], plain_prop("p", ["int"])),
        (["object"], plain_prop("p", ["object"])),
        (["Other"], plain_prop("p", ["Other"])),
    ],
)
def test_default_property(data_type: list[str], expected: dict[str, Any]) -> None:
    assert default_property("p", data_type, DEFAULTS) == expected


def test_new_property_gets_defaults() -> None:
    current = create({"class": "Article", "properties": [{"name": "title", "dataType": ["text"]}]})
    prop = prepare_new_property(current, {"name": "Year", "dataType": ["int"], "extra": True}, DEFAULTS)
    assert prop == plain_prop("year", ["int"])
    prop = prepare_new_property(current, {"name": "self", "dataType": ["Article"]}, DEFAULTS, existing=["Article"])
    assert prop == plain_prop("self", ["Article"])
    prop = prepare_new_property(current, {"name": "s", "dataType": ["string"]}, DEFAULTS)
    assert prop == text_prop("s", "text", "whitespace")
