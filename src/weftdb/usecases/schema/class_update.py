"""Rules of ``PUT /v1/schema/{class}``: what may change and Weaviate's messages.

Sources: usecases/schema/class.go (UpdateClassInternal, validateImmutableFields,
rejectVectorIndexTypeNone), usecases/schema/parser.go (ParseClassUpdate and its
helpers), cluster/schema/manager.go (UpdateClass: which fields are applied).
Checks that Weaviate runs inside the Raft apply carry the apply's prefix.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from weftdb.errors import InvalidInput
from weftdb.goformat import go_quote, go_value

from .class_settings import (
    mt_enabled,
    parse_sharding,
    validate_async_replication,
    validate_inverted_update,
    validate_multi_tenancy_update,
    validate_object_ttl,
    validate_presets_still_used,
    validate_sharding_update,
)
from .defaults import SchemaDefaults, fill_class_defaults, has_legacy_vector_index
from .property_update import validate_properties_update
from .vector_config import (
    check_distances,
    is_dropped,
    named_entries,
    parse_vector_configs,
    validate_vector_settings,
    vectorizer_name,
)
from .vector_index import validate_index_update

APPLY_PREFIX = "updating schema: TYPE_UPDATE_CLASS: bad request :parse class update: "
APPLIED_FIELDS = (
    "vectorIndexConfig", "invertedIndexConfig", "vectorConfig", "replicationConfig",
    "multiTenancyConfig", "objectTtlConfig", "description", "properties",
)


def prepare_update(initial: dict[str, Any], updated: dict[str, Any], defaults: SchemaDefaults,
                   node_count: int, shard_replicas: Mapping[str, int] | None) -> dict[str, Any]:
    """Validate ``updated`` against ``initial`` (both decoded models); return the new model."""
    fill_class_defaults(updated, defaults)
    validate_async_replication(updated)
    validate_object_ttl(updated)
    _parse_class(initial, defaults, node_count)
    _parse_class(updated, defaults, node_count)
    _check_module_config_shape(updated)
    _reject_dropped_sentinel(initial, updated)
    validate_vector_settings(updated, defaults.enabled_modules)
    validate_multi_tenancy_update(initial, updated)
    _check_replicas(initial, updated, shard_replicas or {})
    validate_immutable_fields(initial, updated)
    try:
        module_config = _validate_in_apply(initial, updated, defaults)
    except InvalidInput as err:
        raise InvalidInput(APPLY_PREFIX + err.message) from None
    check_distances(updated)
    return _apply(initial, updated, module_config)


def _check_replicas(initial: dict[str, Any], updated: dict[str, Any],
                    shard_replicas: Mapping[str, int]) -> None:
    """class.go UpdateClassInternal: a higher factor needs that many replicas per shard."""
    before = initial["replicationConfig"]["factor"] if initial.get("replicationConfig") else 0
    after = updated["replicationConfig"]["factor"]
    if before >= after:
        return
    for shard, replicas in sorted(shard_replicas.items()):
        if replicas < after:
            raise InvalidInput(f"not enough replicas in shard {go_quote(shard)} to increase replication "
                               f"factor to {after} for class {go_quote(initial.get('class', ''))}")


def _parse_class(model: dict[str, Any], defaults: SchemaDefaults, node_count: int) -> None:
    if model.get("class", "").lower() == "raft":
        raise InvalidInput("parse class name: class name `raft` is reserved")
    model["shardingConfig"] = parse_sharding(model, node_count)
    parse_vector_configs(model, defaults.enabled_modules)


def _check_module_config_shape(model: dict[str, Any]) -> None:
    """parser.go parseModuleConfig."""
    module_config = model.get("moduleConfig")
    if module_config is None:
        return
    if not isinstance(module_config, dict):
        raise InvalidInput(f"parse module config: module config is not a map, got "
                           f"{go_value(module_config)}")
    for module, config in module_config.items():
        if config is not None and not isinstance(config, dict):
            raise InvalidInput(f"parse module config: module config: module config for {module} "
                               f"is not a map, got {go_value(config)}")


def _reject_dropped_sentinel(initial: dict[str, Any], updated: dict[str, Any]) -> None:
    """class.go rejectVectorIndexTypeNone."""
    before = dict(named_entries(initial))
    for name, entry in named_entries(updated):
        if is_dropped(entry) and not (name in before and is_dropped(before[name])):
            raise InvalidInput(
                f"vector {go_quote(name)}: vectorIndexType \"none\" is an internal sentinel for "
                "dropped indexes and cannot be set through a class update; use the drop vector "
                "index API instead")
    after = dict(named_entries(updated))
    for name, entry in before.items():
        if is_dropped(entry) and name in after and not is_dropped(after[name]):
            raise InvalidInput(
                f"vector {go_quote(name)}: a dropped index entry cannot be revived to a live type "
                "through a class update; the drop completes via its cleanup task — re-create the "
                "vector after it finishes")


def _as_json(value: Any) -> Any:
    return json.loads(json.dumps(value))


def validate_immutable_fields(initial: dict[str, Any], updated: dict[str, Any]) -> None:
    """class.go validateImmutableFields."""
    before, after = initial.get("class", ""), updated.get("class", "")
    if before != after:
        raise InvalidInput(f"class name is immutable: attempted change from {go_quote(before)} "
                           f"to {go_quote(after)}")
    old_vectors = dict(named_entries(initial))
    for name, entry in named_entries(updated):
        old = old_vectors.get(name)
        if old is None or is_dropped(old) or is_dropped(entry):
            continue
        _keep_quantization_flags(old.get("vectorIndexConfig"), entry.get("vectorIndexConfig"))
        if _as_json(old.get("vectorizer")) != _as_json(entry.get("vectorizer")):
            raise InvalidInput(f"vectorizer config of vector {go_quote(name)} is immutable for "
                               f"class {after}")
    for flag, label in (("indexTimestamps", "indexTimestamp"), ("indexNullState", "indexNullState"),
                        ("indexPropertyLength", "indexPropertyLength")):
        old_value = bool((initial.get("invertedIndexConfig") or {}).get(flag))
        new_value = bool((updated.get("invertedIndexConfig") or {}).get(flag))
        if old_value != new_value:
            raise InvalidInput(f"{go_quote(label)} setting is immutable. Value changed from "
                               f'"{go_value(old_value)}" to "{go_value(new_value)}"')


def _keep_quantization_flags(old: Any, new: Any) -> None:
    """skip/trackDefaultQuantization of a named vector silently keep their first value."""
    if not isinstance(old, dict) or not isinstance(new, dict):
        return
    for sub in ("hnsw", "flat"):
        if isinstance(old.get(sub), dict) and isinstance(new.get(sub), dict):
            _keep_quantization_flags(old[sub], new[sub])
    for flag in ("skipDefaultQuantization", "trackDefaultQuantization"):
        if flag in old and flag in new:
            new[flag] = old[flag]


def _validate_in_apply(initial: dict[str, Any], updated: dict[str, Any],
                       defaults: SchemaDefaults) -> Any:
    """parser.go ParseClassUpdate (the checks not already run above)."""
    module_config = _merge_module_config(initial, updated, defaults.enabled_modules)
    _validate_named_vectors_update(initial, updated)
    _validate_legacy_vector_update(initial, updated)
    for name, old in named_entries(initial):
        new = dict(named_entries(updated)).get(name)
        if new is None or is_dropped(old) or is_dropped(new):
            continue
        try:
            validate_index_update(old["vectorIndexType"], old["vectorIndexConfig"],
                                  new["vectorIndexConfig"])
        except InvalidInput as err:
            raise InvalidInput(f"invalid update for vector {go_quote(name)}: {err.message}") \
                from None
    if not mt_enabled(initial):
        validate_sharding_update(initial["shardingConfig"], updated["shardingConfig"])
    validate_properties_update(initial.get("properties") or [], updated.get("properties") or [])
    validate_inverted_update(initial["invertedIndexConfig"], updated["invertedIndexConfig"])
    presets = updated["invertedIndexConfig"].get("stopwordPresets") or {}
    validate_presets_still_used(initial.get("properties") or [], presets)
    return module_config


def _merge_module_config(initial: dict[str, Any], updated: dict[str, Any],
                         enabled: frozenset[str]) -> Any:
    """parser.go validateModuleConfigsParityAndImmutables; returns the merged moduleConfig."""
    current, incoming = initial.get("moduleConfig"), updated.get("moduleConfig")
    if incoming is None or current == incoming:
        return current
    kinds = {"generative": False, "reranker": False}
    existing = current if isinstance(current, dict) else {}
    for module, config in incoming.items():
        kind = _module_kind(module, enabled)
        if kind:
            if kinds[kind]:
                raise InvalidInput(f"updated moduleconfig has multiple {kind} modules: "
                                   f"{go_value(incoming)}")
            kinds[kind] = True
        elif module in existing and _as_json(existing[module]) != _as_json(config):
            raise InvalidInput("can only update generative and reranker module configs. Got: "
                               f"{module} for class: {updated.get('class', '')}")
    if not isinstance(current, dict):
        return dict(incoming)
    merged = {module: config for module, config in current.items()
              if not kinds.get(_module_kind(module, enabled) or "", False)}
    merged.update(incoming)
    return merged


def _module_kind(module: str, enabled: frozenset[str]) -> str | None:
    if module in enabled:
        for kind in ("generative", "reranker"):
            if module.startswith(kind + "-"):
                return kind
    return None


def _validate_named_vectors_update(initial: dict[str, Any], updated: dict[str, Any]) -> None:
    """parser.go validateNamedVectorConfigsParityAndImmutables."""
    after = dict(named_entries(updated))
    if has_legacy_vector_index(initial) and "default" in after:
        raise InvalidInput("vector named default cannot be created when collection level vector "
                           "index is configured")
    for name, old in named_entries(initial):
        new = after.get(name)
        if new is None:
            if is_dropped(old):
                continue
            raise InvalidInput(f"missing config for vector {go_quote(name)}")
        if is_dropped(old) or is_dropped(new):
            continue
        if old.get("vectorIndexType", "") != new.get("vectorIndexType", ""):
            raise InvalidInput(
                f"vector index type of vector {go_quote(name)} is immutable: attempted change "
                f"from {go_quote(old.get('vectorIndexType', ''))} to "
                f"{go_quote(new.get('vectorIndexType', ''))}")
        _check_vectorizer_kept(name, old, new)


def _check_vectorizer_kept(name: str, old: dict[str, Any], new: dict[str, Any]) -> None:
    before = vectorizer_name(old)
    if before is None:
        return
    after = vectorizer_name(new)
    if after is None:
        raise InvalidInput(f"invalid vectorizer config for vector {go_quote(name)}")
    if before != after:
        raise InvalidInput(f"vectorizer of vector {go_quote(name)} is immutable: attempted "
                           f"change from {go_quote(before)} to {go_quote(after)}")


def _validate_legacy_vector_update(initial: dict[str, Any], updated: dict[str, Any]) -> None:
    for field, label in (("vectorizer", "vectorizer"), ("vectorIndexType", "vector index type")):
        before, after = initial.get(field, ""), updated.get(field, "")
        if before != after:
            raise InvalidInput(f"{label} is immutable: attempted change from {go_quote(before)} "
                               f"to {go_quote(after)}")
    old_cfg, new_cfg = initial.get("vectorIndexConfig"), updated.get("vectorIndexConfig")
    if old_cfg is None and new_cfg is None:
        return
    if old_cfg is None or new_cfg is None:
        raise InvalidInput(f"vector index config wrong type: current={go_value(old_cfg is not None)}"
                           f" new={go_value(new_cfg is not None)}")
    try:
        validate_index_update(initial.get("vectorIndexType", ""), old_cfg, new_cfg)
    except InvalidInput as err:
        raise InvalidInput(f"validate vector index config: {err.message}") from None


def _apply(initial: dict[str, Any], updated: dict[str, Any], module_config: Any) -> dict[str, Any]:
    """cluster/schema/manager.go UpdateClass: the fields an update replaces."""
    result = dict(initial)
    for field in APPLIED_FIELDS:
        if updated.get(field) is None:
            result.pop(field, None)
        else:
            result[field] = updated[field]
    if result.get("properties") is not None:
        result["properties"] = sorted(result["properties"], key=lambda p: p.get("name", ""))
    if module_config is None:
        result.pop("moduleConfig", None)
    else:
        result["moduleConfig"] = module_config
    return result
