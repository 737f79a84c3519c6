"""Class-level vector settings: the legacy (class) vector index and named vectors.

Mirrors usecases/schema/class.go (validateVectorSettingsAgainst,
validateVectorIndexTypeBasic, validateVectorizer), usecases/schema/parser.go
(parseVectorIndexConfig, parseTargetVectorsIndexConfig) and
usecases/modules/module_config_init_and_validate.go (ValidateClass).
"""

from __future__ import annotations

import re
from typing import Any

from weftdb.errors import InvalidInput
from weftdb.goformat import error_prefix, go_quote, go_type, go_value

from .defaults import (
    VECTOR_INDEX_DROPPED,
    VECTOR_INDEX_DYNAMIC,
    VECTOR_INDEX_FLAT,
    VECTOR_INDEX_HNSW,
    VECTORIZER_NONE,
    has_legacy_vector_index,
    has_named_vectors,
)
from .module_names import has_module, is_multi_vector, vectorizer_error
from .vector_index import HFRESH_DISABLED, check_distance, parse_index_config
from .vector_index import is_multi_vector as config_is_multi_vector

TARGET_VECTOR_REGEX = "[_A-Za-z][_0-9A-Za-z]{0,229}"
_TARGET_VECTOR = re.compile(f"^{TARGET_VECTOR_REGEX}$")
_LEGACY_MULTI = ("class.VectorIndexConfig multi vector type index type is only configurable "
                 "using named vectors")


def vectorizer_name(entry: dict[str, Any]) -> str | None:
    """The module of a named vector when its vectorizer is a one-key map."""
    vectorizer = entry.get("vectorizer")
    if isinstance(vectorizer, dict) and len(vectorizer) == 1:
        return str(next(iter(vectorizer)))
    return None


def is_dropped(entry: dict[str, Any]) -> bool:
    return entry.get("vectorIndexType") == VECTOR_INDEX_DROPPED


def named_entries(model: dict[str, Any]) -> list[tuple[str, dict[str, Any]]]:
    return [(name, entry if entry is not None else {})
            for name, entry in (model.get("vectorConfig") or {}).items()]


def check_index_type(index_type: str) -> None:
    """class.go validateVectorIndexTypeBasic (weftdb has async indexing, no hfresh)."""
    if index_type in (VECTOR_INDEX_HNSW, VECTOR_INDEX_FLAT, VECTOR_INDEX_DYNAMIC):
        return
    if index_type == "hfresh":
        raise InvalidInput(HFRESH_DISABLED)
    raise InvalidInput(f"unrecognized or unsupported vectorIndexType {go_quote(index_type)}")


def _check_vectorizer(name: str, enabled: frozenset[str]) -> None:
    if name == VECTORIZER_NONE:
        return
    problem = vectorizer_error(name, enabled)
    if problem:
        raise InvalidInput(f"vectorizer: {problem}")


def validate_vector_settings(model: dict[str, Any], enabled: frozenset[str]) -> None:
    """validateVectorSettingsAgainst with raw (unparsed) configs, as on create."""
    if has_legacy_vector_index(model):
        check_index_type(model.get("vectorIndexType", ""))
        _check_vectorizer(model.get("vectorizer", ""), enabled)
        raw = model.get("vectorIndexConfig")
        if isinstance(raw, dict) and raw:
            multi = is_multi_vector(model.get("vectorizer", ""), enabled)
            with error_prefix("class.VectorIndexConfig can not parse: "):
                parsed = parse_index_config(model.get("vectorIndexType", ""), raw, multi)
            if config_is_multi_vector(parsed):
                raise InvalidInput(_LEGACY_MULTI)
    for name, entry in named_entries(model):
        if not is_dropped(entry):
            with error_prefix(f"target vector {go_quote(name)}: "):
                _validate_named(entry, enabled)


def _validate_named(entry: dict[str, Any], enabled: frozenset[str]) -> None:
    module = vectorizer_name(entry)
    if module is not None:
        _check_vectorizer(module, enabled)
    check_index_type(entry.get("vectorIndexType", ""))
    raw = entry.get("vectorIndexConfig")
    if isinstance(raw, dict):
        multi = module is not None and is_multi_vector(module, enabled)
        with error_prefix("parse vector index config: "):
            parse_index_config(entry.get("vectorIndexType", ""), raw, multi)



def validate_module_config(model: dict[str, Any], enabled: frozenset[str]) -> None:
    """Provider.ValidateClass (module-specific class checks are the modules' business)."""
    if not has_named_vectors(model):
        if model.get("vectorizer") != VECTORIZER_NONE:
            _validate_legacy_module_config(model, enabled)
        return
    for name, entry in named_entries(model):
        _validate_named_vectorizer(name, entry, enabled)
    module_config = model.get("moduleConfig")
    if isinstance(module_config, dict):
        for module in module_config:
            if module not in enabled:
                raise InvalidInput(f"module with name {module} doesn't exist")


def _validate_named_vectorizer(name: str, entry: dict[str, Any], enabled: frozenset[str]) -> None:
    if len(name.encode()) > 230:
        raise InvalidInput(f"class.VectorConfig target vector name {go_quote(name)} is not valid. "
                           "Target vector name should not be longer than 230 characters.")
    if not _TARGET_VECTOR.match(name):
        raise InvalidInput(
            f"class.VectorConfig target vector name {go_quote(name)} is not valid, in Weaviate "
            "target vector names are restricted to valid GraphQL names, which must be "
            f"“/{TARGET_VECTOR_REGEX}/”.")
    vectorizer = entry.get("vectorizer")
    if not isinstance(vectorizer, dict):
        raise InvalidInput("class.VectorConfig.Vectorizer must be an object, "
                           f"got {go_type(vectorizer)}")
    if len(vectorizer) != 1:
        raise InvalidInput("class.VectorConfig.Vectorizer must consist only 1 configuration, "
                           f"got: {len(vectorizer)}")
    module = next(iter(vectorizer))
    if module != VECTORIZER_NONE and module not in enabled:
        raise InvalidInput(f"class.VectorConfig.Vectorizer module with name {module} doesn't exist")


def _validate_legacy_module_config(model: dict[str, Any], enabled: frozenset[str]) -> None:
    module_config = model.get("moduleConfig")
    if not isinstance(module_config, dict):
        module_config = {}
    configured = [name for name in module_config if vectorizer_error(name, enabled) is None]
    vectorizer = model.get("vectorizer", "")
    if len(configured) > 1:
        raise InvalidInput(f"multiple vectorizers configured in class's moduleConfig: "
                           f"{go_value(configured)}. class.vectorizer is set to "
                           f"{go_quote(vectorizer)}")
    for name in configured[:1] + [vectorizer]:
        if is_multi_vector(name, enabled):
            raise InvalidInput(f"multi vector vectorizer: {go_quote(name)} is only allowed to be "
                               "defined using named vector configuration")


def parse_vector_configs(model: dict[str, Any], enabled: frozenset[str]) -> None:
    """parser.go parseVectorIndexConfig: replace raw configs by complete typed ones."""
    with error_prefix("parse vector index config: "):
        _parse_all(model, enabled)


def _parse_all(model: dict[str, Any], enabled: frozenset[str]) -> None:
    index_type = model.get("vectorIndexType", "")
    vectorless = not has_named_vectors(model) and not index_type and not model.get("vectorizer")
    if not vectorless and (not has_named_vectors(model) or index_type):
        multi = is_multi_vector(model.get("vectorizer", ""), enabled)
        parsed = parse_index_config(index_type, model.get("vectorIndexConfig"), multi)
        if config_is_multi_vector(parsed):
            raise InvalidInput(_LEGACY_MULTI)
        model["vectorIndexConfig"] = parsed
    for name, entry in named_entries(model):
        if not is_dropped(entry):
            with error_prefix(f"parse vector config for {name}: "):
                _parse_named(entry, enabled)


def _parse_named(entry: dict[str, Any], enabled: frozenset[str]) -> None:
    vectorizer = entry.get("vectorizer")
    module = list(vectorizer)[-1] if isinstance(vectorizer, dict) and vectorizer else ""
    if not has_module(module, enabled):
        raise InvalidInput(f"vectorizer module not found with name: {go_quote(module)}")
    multi = is_multi_vector(module, enabled)
    parsed = parse_index_config(entry.get("vectorIndexType", ""),
                                entry.get("vectorIndexConfig"), multi)
    if config_is_multi_vector(parsed) and module != VECTORIZER_NONE and not multi:
        raise InvalidInput(f"multi vector index configured but vectorizer: {go_quote(module)} "
                           "doesn't support multi vectors")
    entry["vectorIndexConfig"] = parsed


def check_distances(model: dict[str, Any]) -> None:
    """Refuse metrics the vector index cannot be built with (Weaviate fails at shard init)."""
    if isinstance(model.get("vectorIndexConfig"), dict):
        check_distance(model["vectorIndexConfig"])
    for _, entry in named_entries(model):
        if isinstance(entry.get("vectorIndexConfig"), dict):
            check_distance(entry["vectorIndexConfig"])
