"""Validation of a new class, in the order Weaviate's AddClass runs its checks.

Sources: usecases/schema/class.go (AddClass, validateCanAddClass,
validateClassInvariants), usecases/schema/parser.go (ParseClass),
usecases/sharding/state.go (InitState), cluster/schema/manager.go
(PreApplyFilter duplicate check, AddClass cross-reference check),
entities/schema/validation.go (names).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection, Mapping
from typing import Any

from weftdb.errors import AlreadyExists, InvalidInput
from weftdb.goformat import go_quote

from .class_settings import (
    parse_sharding,
    validate_async_replication,
    validate_inverted_config,
    validate_multi_tenancy,
    validate_object_ttl,
)
from .defaults import SchemaDefaults, has_legacy_vector_index, has_named_vectors
from .property_rules import (
    PropertyContext,
    is_ref_data_type,
    migrate_property,
    validate_property,
    validate_reserved_suffix,
)
from .vector_config import (
    check_distances,
    is_dropped,
    named_entries,
    parse_vector_configs,
    validate_module_config,
    validate_vector_settings,
    vectorizer_name,
)

CLASS_NAME_REGEX = "[A-Z][_0-9A-Za-z]{0,254}"
_CLASS_NAME = re.compile(f"^{CLASS_NAME_REGEX}$")
REF_TO_NONEXISTENT_CLASS = "bad request: reference property to nonexistent class"


def canonical_class_name(name: str) -> str:
    """entities/schema/schema.go UppercaseClassName."""
    if ":" in name:
        namespace, _, short = name.partition(":")
        return f"{namespace}:{short[:1].upper()}{short[1:]}"
    return name[:1].upper() + name[1:]


def validate_class_name(name: str) -> None:
    """entities/schema/validation.go ValidateClassName."""
    if len(name.encode()) > 255:
        raise InvalidInput(f"'{name}' is not a valid class name. "
                           "Name should not be longer than 255 characters")
    if not _CLASS_NAME.match(name):
        raise InvalidInput(f"'{name}' is not a valid class name")


def validate_property_suffixes(model: Mapping[str, Any]) -> None:
    for prop in model.get("properties") or []:
        validate_reserved_suffix(prop.get("name", ""))


def property_context(model: Mapping[str, Any], defaults: SchemaDefaults,
                     class_exists: Callable[[str], bool] | None) -> PropertyContext:
    """What validateProperty needs to know about the class it checks a property for."""
    vectorizers = {model["vectorizer"]} if model.get("vectorizer") else set()
    conflict = None
    for name, entry in named_entries(dict(model)):
        module = vectorizer_name(entry)
        if module is not None:
            vectorizers.add(module)
        elif isinstance(entry.get("vectorizer"), dict) and len(entry["vectorizer"]) > 1:
            conflict = conflict or f"vector index {go_quote(name)} has multiple vectorizers"
    inverted = model.get("invertedIndexConfig") or {}
    return PropertyContext(
        class_name=model.get("class", ""), enabled_modules=defaults.enabled_modules,
        vectorizers=frozenset(vectorizers), vectorizer_conflict=conflict,
        user_presets=inverted.get("stopwordPresets") or {}, class_exists=class_exists,
    )


def validate_new_properties(model: dict[str, Any], ctx: PropertyContext) -> None:
    for prop in model.get("properties") or []:
        validate_property(prop, ctx)
        ctx.taken.add(prop.get("name", "").lower())


def validate_new_class(model: dict[str, Any], defaults: SchemaDefaults) -> None:
    """validateCanAddClass: checks that run on the class with defaults filled."""
    if has_legacy_vector_index(model) and has_named_vectors(model):
        raise InvalidInput("creating a class with both a class level vector index and named "
                           "vectors is forbidden")
    for name, entry in named_entries(model):
        if is_dropped(entry):
            raise InvalidInput(
                f"vector {go_quote(name)}: cannot create a new class with vectorIndexType "
                f"{go_quote(entry['vectorIndexType'])}; this is an internal sentinel for dropped "
                "indexes")
    validate_class_name(model.get("class", ""))
    validate_new_properties(model, property_context(model, defaults, None))
    validate_vector_settings(model, defaults.enabled_modules)
    validate_module_config(model, defaults.enabled_modules)
    validate_multi_tenancy(model)
    validate_async_replication(model)
    validate_object_ttl(model)
    validate_inverted_config(model["invertedIndexConfig"])


def parse_new_class(model: dict[str, Any], defaults: SchemaDefaults, node_count: int) -> None:
    """Migrations after validation, then parser.go ParseClass and the sharding-state check."""
    for prop in model.get("properties") or []:
        migrate_property(prop)
    if model.get("class", "").lower() == "raft":
        raise InvalidInput("parse class name: class name `raft` is reserved")
    model["shardingConfig"] = parse_sharding(model, node_count)
    parse_vector_configs(model, defaults.enabled_modules)
    factor = model["replicationConfig"]["factor"]
    if factor > node_count:
        raise InvalidInput("init sharding state: could not find enough weaviate nodes for "
                           f"replication: {node_count} available, {factor} requested")


def check_not_duplicate(name: str, existing: Collection[str]) -> None:
    """cluster/schema/manager.go PreApplyFilter: exact or case-insensitive match."""
    if name in existing:
        raise AlreadyExists(f"class name {name} already exists")
    for other in existing:
        if other.lower() == name.lower():
            raise AlreadyExists(f"class already exists: found similar class {go_quote(other)}")


def check_references_exist(model: Mapping[str, Any], existing: Collection[str]) -> None:
    """cluster/schema/manager.go AddClass: every cross-reference target must exist."""
    for prop in model.get("properties") or []:
        data_type = prop.get("dataType")
        if not is_ref_data_type(data_type):
            continue
        for target in data_type:
            if target != model.get("class") and target not in existing:
                raise InvalidInput(REF_TO_NONEXISTENT_CLASS)


def finish_new_class(model: dict[str, Any], existing: Collection[str]) -> None:
    """The raft-side checks and the shard-init distance check, after all validation."""
    check_not_duplicate(model.get("class", ""), existing)
    check_references_exist(model, existing)
    check_distances(model)
