"""Class updates (PUT /v1/schema/{class}): what may change, and Weaviate's messages for the rest."""

from __future__ import annotations

import copy
from collections.abc import Callable
from typing import Any

import pytest

from weftdb.errors import InvalidInput
from weftdb.usecases.schema.definitions import SchemaDefaults, prepare_class_update, prepare_new_class

DEFAULTS = SchemaDefaults(
    enabled_modules=frozenset({"text2vec-openai", "generative-openai", "generative-cohere", "reranker-cohere"})
)
APPLY = "updating schema: TYPE_UPDATE_CLASS: bad request :parse class update: "

LEGACY = prepare_new_class(
    {"class": "Article", "properties": [{"name": "title", "dataType": ["text"]},
                                         {"name": "count", "dataType": ["int"]}]},
    {}, DEFAULTS,
)
NAMED = prepare_new_class(
    {"class": "Article", "properties": [{"name": "title", "dataType": ["text"]}],
     "vectorConfig": {"default": {"vectorizer": {"none": {}}, "vectorIndexType": "hnsw"},
                      "flat": {"vectorizer": {"none": {}}, "vectorIndexType": "flat"}}},
    {}, DEFAULTS,
)
TENANTS = prepare_new_class({"class": "Article", "multiTenancyConfig": {"enabled": True}}, {}, DEFAULTS)


def changed(current: dict[str, Any], change: Callable[[dict[str, Any]], None]) -> dict[str, Any]:
    body = copy.deepcopy(current)
    change(body)
    return body


def update(current: dict[str, Any], change: Callable[[dict[str, Any]], None], **kwargs: Any) -> dict[str, Any]:
    return prepare_class_update(current, changed(current, change), DEFAULTS, **kwargs)


def test_unchanged_definition_is_accepted_as_is() -> None:
    for current in (NAMED, TENANTS):
        assert prepare_class_update(current, copy.deepcopy(current), DEFAULTS) == current


def test_properties_come_back_sorted_by_name() -> None:
    result = prepare_class_update(LEGACY, copy.deepcopy(LEGACY), DEFAULTS)
    assert result == {**LEGACY, "properties": [LEGACY["properties"][1], LEGACY["properties"][0]]}


def test_descriptions_can_change() -> None:
    def change(body: dict[str, Any]) -> None:
        body["description"] = "new"
        body["properties"][0]["description"] = "the title"

    result = update(LEGACY, change)
    assert result["description"] == "new"
    assert result["properties"][1] == {**LEGACY["properties"][0], "description": "the title"}


def test_inverted_index_settings_can_change() -> None:
    def change(body: dict[str, Any]) -> None:
        body["invertedIndexConfig"]["bm25"] = {"b": 0.5, "k1": 2}
        body["invertedIndexConfig"]["cleanupIntervalSeconds"] = 30
        body["invertedIndexConfig"]["stopwords"] = {"preset": "none", "additions": ["a"], "removals": None}

    inverted = update(LEGACY, change)["invertedIndexConfig"]
    assert inverted == {
        "bm25": {"b": 0.5, "k1": 2}, "cleanupIntervalSeconds": 30,
        "stopwords": {"additions": ["a"], "preset": "none", "removals": None}, "usingBlockMaxWAND": True,
    }


def test_mutable_hnsw_settings_can_change() -> None:
    mutable = {"ef": 50, "dynamicEfMin": 10, "dynamicEfMax": 20, "dynamicEfFactor": 2, "flatSearchCutoff": 5,
               "vectorCacheMaxObjects": 1000, "filterStrategy": "sweeping", "skip": True}

    def change(body: dict[str, Any]) -> None:
        body["vectorIndexConfig"].update(mutable)
        body["vectorIndexConfig"]["pq"]["enabled"] = True

    cfg = update(LEGACY, change)["vectorIndexConfig"]
    assert {key: cfg[key] for key in mutable} == mutable
    assert cfg["pq"]["enabled"] is True


def test_named_vector_settings_can_change_and_new_vectors_can_be_added() -> None:
    def change(body: dict[str, Any]) -> None:
        body["vectorConfig"]["default"]["vectorIndexConfig"]["ef"] = 99
        body["vectorConfig"]["flat"]["vectorIndexConfig"]["vectorCacheMaxObjects"] = 7
        body["vectorConfig"]["extra"] = {"vectorizer": {"none": {}}, "vectorIndexType": "flat"}

    vectors = update(NAMED, change)["vectorConfig"]
    assert vectors["default"]["vectorIndexConfig"]["ef"] == 99
    assert vectors["flat"]["vectorIndexConfig"]["vectorCacheMaxObjects"] == 7
    assert vectors["extra"] == {**NAMED["vectorConfig"]["flat"]}


def test_a_named_vector_can_be_added_to_a_legacy_class() -> None:
    result = update(LEGACY, lambda body: body.setdefault("vectorConfig", {}).update(
        {"extra": {"vectorizer": {"none": {}}}}))
    assert result["vectorizer"] == "none" and result["vectorIndexType"] == "hnsw"
    assert result["vectorIndexConfig"] == LEGACY["vectorIndexConfig"]
    assert result["vectorConfig"]["extra"]["vectorIndexType"] == "hnsw"


def test_replication_and_multi_tenancy_settings_can_change() -> None:
    def change(body: dict[str, Any]) -> None:
        body["replicationConfig"]["deletionStrategy"] = "DeleteOnConflict"
        body["multiTenancyConfig"]["autoTenantCreation"] = True
        body["multiTenancyConfig"]["autoTenantActivation"] = True

    result = update(TENANTS, change)
    assert result["replicationConfig"] == {"deletionStrategy": "DeleteOnConflict", "factor": 1,
                                           "asyncEnabled": False}
    assert result["multiTenancyConfig"] == {"autoTenantActivation": True, "autoTenantCreation": True,
                                            "enabled": True}


def test_replication_factor_can_be_lowered() -> None:
    current = prepare_new_class({"class": "A", "replicationConfig": {"factor": 2}}, {}, DEFAULTS, node_count=2)
    result = prepare_class_update(current, changed(current, lambda b: b["replicationConfig"].update(factor=1)),
                                  DEFAULTS, node_count=2)
    assert result["replicationConfig"]["factor"] == 1
    assert result["replicationConfig"]["asyncEnabled"] is False


def test_generative_module_is_replaced_and_other_modules_kept() -> None:
    current = prepare_new_class({"class": "A", "moduleConfig": {"generative-openai": {"model": "a"}}}, {}, DEFAULTS)
    result = update(current, lambda body: body.update(moduleConfig={"generative-cohere": {}, "reranker-cohere": {}}))
    assert result["moduleConfig"] == {"generative-cohere": {}, "reranker-cohere": {}}
    kept = update(result, lambda body: body.update(moduleConfig={"generative-openai": {"model": "b"}}))
    assert kept["moduleConfig"] == {"reranker-cohere": {}, "generative-openai": {"model": "b"}}


def test_fields_missing_from_the_body_fall_back_like_weaviate() -> None:
    result = prepare_class_update(LEGACY, {"class": "Article", "properties": LEGACY["properties"]}, DEFAULTS)
    assert result["replicationConfig"] == {"factor": 1, "asyncEnabled": False}
    assert "multiTenancyConfig" not in result
    assert result["shardingConfig"] == LEGACY["shardingConfig"]
    assert result["vectorIndexConfig"] == LEGACY["vectorIndexConfig"]


def test_unknown_keys_in_the_update_body_are_dropped() -> None:
    result = update(LEGACY, lambda body: body.update(somethingNew=True))
    assert "somethingNew" not in result


UPDATE_ERRORS: list[tuple[dict[str, Any], Callable[[dict[str, Any]], None], str]] = [
    (LEGACY, lambda b: b.update({"class": "Other"}),
     'class name is immutable: attempted change from "Article" to "Other"'),
    (LEGACY, lambda b: b.update({"class": "article"}),
     'class name is immutable: attempted change from "Article" to "article"'),
    (LEGACY, lambda b: b.update(vectorizer="text2vec-openai"),
     APPLY + 'vectorizer is immutable: attempted change from "none" to "text2vec-openai"'),
    (LEGACY, lambda b: b.update(vectorizer="text2vec-cohere"),
     'vectorizer: no module with name "text2vec-cohere" present'),
    (LEGACY, lambda b: b.update(vectorIndexType="flat"),
     APPLY + 'vector index type is immutable: attempted change from "hnsw" to "flat"'),
    (LEGACY, lambda b: b["vectorIndexConfig"].update(distance="dot"),
     APPLY + 'validate vector index config: distance is immutable: attempted change from "cosine" to "dot"'),
    (LEGACY, lambda b: b["vectorIndexConfig"].update(efConstruction=64),
     APPLY + 'validate vector index config: efConstruction is immutable: attempted change from "128" to "64"'),
    (LEGACY, lambda b: b["vectorIndexConfig"].update(maxConnections=16),
     APPLY + 'validate vector index config: maxConnections is immutable: attempted change from "32" to "16"'),
    (LEGACY, lambda b: b["vectorIndexConfig"].update(cleanupIntervalSeconds=1),
     APPLY + "validate vector index config: cleanupIntervalSeconds is immutable: attempted change from "
             '"300" to "1"'),
    (LEGACY, lambda b: b["vectorIndexConfig"].update(maxConnections=1),
     "parse vector index config: parse vector index config: invalid hnsw config: maxConnections must be a "
     "positive integer with a minimum of 4"),
    (NAMED, lambda b: b["vectorConfig"]["default"]["vectorIndexConfig"].update(efConstruction=64),
     APPLY + 'invalid update for vector "default": efConstruction is immutable: attempted change from "128" '
             'to "64"'),
    (NAMED, lambda b: b["vectorConfig"]["flat"]["vectorIndexConfig"]["bq"].update(enabled=True),
     APPLY + 'invalid update for vector "flat": bq is immutable: attempted change from "false" to "true"'),
    (NAMED, lambda b: b["vectorConfig"]["default"].update(vectorIndexType="flat"),
     APPLY + 'vector index type of vector "default" is immutable: attempted change from "hnsw" to "flat"'),
    (NAMED, lambda b: b["vectorConfig"]["default"].update(vectorizer={"text2vec-openai": {}}),
     'vectorizer config of vector "default" is immutable for class Article'),
    (NAMED, lambda b: b["vectorConfig"]["default"].update(vectorizer={"none": {"x": 1}}),
     'vectorizer config of vector "default" is immutable for class Article'),
    (NAMED, lambda b: b["vectorConfig"].pop("flat"), APPLY + 'missing config for vector "flat"'),
    (NAMED, lambda b: b["vectorConfig"]["default"].update(vectorIndexType="none"),
     'vector "default": vectorIndexType "none" is an internal sentinel for dropped indexes and cannot be set '
     "through a class update; use the drop vector index API instead"),
    (NAMED, lambda b: b["vectorConfig"]["default"]["vectorIndexConfig"].update(maxConnections=3000),
     "parse vector index config: parse vector config for default: parse vector index config: invalid hnsw "
     "config: maxConnections must be less than 2048"),
    (LEGACY, lambda b: b.update(vectorConfig={"default": {"vectorizer": {"none": {}}}}),
     APPLY + "vector named default cannot be created when collection level vector index is configured"),
    (LEGACY, lambda b: b["properties"][0].update(dataType=["int"]),
     APPLY + 'property "title": property fields other than description cannot be updated through updating the '
             'class. Use the add property feature (e.g. "POST /v1/schema/{className}/properties") to add '
             "additional properties"),
    (LEGACY, lambda b: b["properties"][0].update(indexSearchable=False),
     APPLY + 'property "title": property fields other than description cannot be updated through updating the '
             'class. Use the add property feature (e.g. "POST /v1/schema/{className}/properties") to add '
             "additional properties"),
    (LEGACY, lambda b: b["properties"].append({"name": "new", "dataType": ["int"]}),
     APPLY + "property fields other than description cannot be updated through updating the class. Use the add "
             'property feature (e.g. "POST /v1/schema/{className}/properties") to add additional properties'),
    (LEGACY, lambda b: b["shardingConfig"].update(desiredCount=2),
     APPLY + 'validate sharding config: re-sharding not supported yet: shard count is immutable: attempted change '
             'from "1" to "2"'),
    (LEGACY, lambda b: b["shardingConfig"].update(virtualPerPhysical=64),
     APPLY + 'validate sharding config: virtual shards per physical is immutable: attempted change from "128" '
             'to "64"'),
    (LEGACY, lambda b: b["shardingConfig"].update(key="name"),
     "parse sharding config: sharding only supported on key '_id' for now, got: name"),
    (LEGACY, lambda b: b["multiTenancyConfig"].update(enabled=True),
     "enabling multi-tenancy for an existing class is not supported"),
    (TENANTS, lambda b: b.update(multiTenancyConfig={"enabled": False}, shardingConfig=None),
     "disabling multi-tenancy for an existing class is not supported"),
    (TENANTS, lambda b: b["multiTenancyConfig"].update(enabled=False),
     "parse sharding config: sharding only supported on key '_id' for now, got: "),
    (LEGACY, lambda b: b["multiTenancyConfig"].update(autoTenantCreation=True),
     "can't enable autoTenantCreation on a non-multi-tenant class"),
    (LEGACY, lambda b: b["invertedIndexConfig"].update(indexTimestamps=True),
     '"indexTimestamp" setting is immutable. Value changed from "false" to "true"'),
    (LEGACY, lambda b: b["invertedIndexConfig"].update(indexNullState=True),
     '"indexNullState" setting is immutable. Value changed from "false" to "true"'),
    (LEGACY, lambda b: b["invertedIndexConfig"].update(indexPropertyLength=True),
     '"indexPropertyLength" setting is immutable. Value changed from "false" to "true"'),
    (LEGACY, lambda b: b["invertedIndexConfig"].update(bm25={"b": 2, "k1": 1}),
     APPLY + "inverted index config: BM25.b must be >= 0 and <= 1"),
    (LEGACY, lambda b: b["invertedIndexConfig"].update(cleanupIntervalSeconds=-5),
     APPLY + "inverted index config: cleanup interval seconds must be > 0"),
    (LEGACY, lambda b: b["invertedIndexConfig"].update(stopwords={"preset": "fr"}),
     APPLY + "inverted index config: stopwordPreset 'fr' does not exist"),
    (LEGACY, lambda b: b["replicationConfig"].update(asyncConfig={"diffBatchSize": 0}),
     "async replication config: diffBatchSize: value 0 out of range: min 1, max 10000"),
    (LEGACY, lambda b: b["replicationConfig"].update(deletionStrategy="Sometimes"),
     "replicationConfig.deletionStrategy in body should be one of "
     "[NoAutomatedResolution DeleteOnConflict TimeBasedResolution]"),
    (LEGACY, lambda b: b.update(moduleConfig={"generative-openai": {}, "generative-cohere": {}}),
     APPLY + "updated moduleconfig has multiple generative modules: map[generative-cohere:map[] "
             "generative-openai:map[]]"),
    (LEGACY, lambda b: b.update(moduleConfig=[1]), "parse module config: module config is not a map, got [1]"),
]


@pytest.mark.parametrize(("current", "change", "message"), UPDATE_ERRORS)
def test_update_errors(current: dict[str, Any], change: Callable[[dict[str, Any]], None], message: str) -> None:
    with pytest.raises(InvalidInput) as caught:
        update(current, change)
    assert caught.value.message == message


def test_rq_bits_are_immutable_once_enabled() -> None:
    current = prepare_new_class({"class": "A", "vectorIndexConfig": {"rq": {"enabled": True}}}, {}, DEFAULTS)
    with pytest.raises(InvalidInput) as caught:
        update(current, lambda b: b["vectorIndexConfig"]["rq"].update(bits=1))
    assert caught.value.message == (
        APPLY + 'validate vector index config: rq bits is immutable: attempted change from "8" to "1"'
    )


def test_non_generative_module_config_cannot_change() -> None:
    current = prepare_new_class(
        {"class": "A", "vectorizer": "text2vec-openai", "moduleConfig": {"text2vec-openai": {"model": "a"}}},
        {}, DEFAULTS,
    )
    with pytest.raises(InvalidInput) as caught:
        update(current, lambda b: b["moduleConfig"].update({"text2vec-openai": {"model": "b"}}))
    assert caught.value.message == (
        APPLY + "can only update generative and reranker module configs. Got: text2vec-openai for class: A"
    )


def test_property_module_config_cannot_be_removed() -> None:
    current = prepare_new_class(
        {"class": "A", "vectorizer": "text2vec-openai",
         "properties": [{"name": "t", "dataType": ["text"], "moduleConfig": {"text2vec-openai": {"skip": True}}}]},
        {}, DEFAULTS,
    )
    with pytest.raises(InvalidInput) as caught:
        update(current, lambda b: b["properties"][0].pop("moduleConfig"))
    assert caught.value.message == APPLY + 'property "t": module "text2vec-openai" configuration was removed'
    with pytest.raises(InvalidInput) as caught:
        update(current, lambda b: b["properties"][0]["moduleConfig"]["text2vec-openai"].update(skip=False))
    assert caught.value.message == APPLY + 'property "t": module "text2vec-openai" configuration cannot be updated'


def test_stopword_preset_in_use_cannot_be_removed() -> None:
    current = prepare_new_class(
        {"class": "A", "invertedIndexConfig": {"stopwordPresets": {"mine": ["foo"]}},
         "properties": [{"name": "t", "dataType": ["text"], "textAnalyzer": {"stopwordPreset": "mine"}}]},
        {}, DEFAULTS,
    )
    with pytest.raises(InvalidInput) as caught:
        update(current, lambda b: b["invertedIndexConfig"].pop("stopwordPresets"))
    assert caught.value.message == (
        APPLY + 'inverted index config: invertedIndexConfig.stopwordPresets: cannot remove preset "mine" because '
                'it is still used by property "t"'
    )


def test_raising_the_replication_factor_needs_replicas_in_every_shard() -> None:
    body = changed(LEGACY, lambda b: b["replicationConfig"].update(factor=2))
    with pytest.raises(InvalidInput) as caught:
        prepare_class_update(LEGACY, body, DEFAULTS, shard_replicas={"S1": 1})
    assert caught.value.message == (
        'not enough replicas in shard "S1" to increase replication factor to 2 for class "Article"'
    )
    raised = prepare_class_update(LEGACY, body, DEFAULTS, shard_replicas={"S1": 2})
    assert raised["replicationConfig"] == {"deletionStrategy": "TimeBasedResolution", "factor": 2,
                                           "asyncEnabled": True}


def test_default_quantization_flags_of_named_vectors_keep_their_value() -> None:
    def change(body: dict[str, Any]) -> None:
        body["vectorConfig"]["default"]["vectorIndexConfig"]["skipDefaultQuantization"] = True
        body["vectorConfig"]["flat"]["vectorIndexConfig"]["trackDefaultQuantization"] = True

    vectors = update(NAMED, change)["vectorConfig"]
    assert vectors["default"]["vectorIndexConfig"]["skipDefaultQuantization"] is False
    assert vectors["flat"]["vectorIndexConfig"]["trackDefaultQuantization"] is False
