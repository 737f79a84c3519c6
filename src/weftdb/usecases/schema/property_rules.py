"""Validation and migration of one property (usecases/schema/class.go, validation.go).

``validate_property`` runs Weaviate's validateProperty checks in Weaviate's
order; ``migrate_property`` applies the post-validation migrations
(string -> text, indexInverted -> indexFilterable/indexSearchable).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any

from weftdb.errors import InvalidInput
from weftdb.goformat import go_quote, go_value

from .defaults import (
    NESTED_TYPES,
    STRING_TYPES,
    TEXT_TYPES,
    as_primitive,
)
from .module_names import vectorizer_error
from .nested_rules import validate_nested_properties
from .text_analyzer import analyzer_is_empty, validate_text_analyzer

PROPERTY_NAME_REGEX = "[_A-Za-z][_0-9A-Za-z]{0,230}"
_PROPERTY_NAME = re.compile(f"^{PROPERTY_NAME_REGEX}$")
_CLASS_NAME_CORE = "[A-Z][_0-9A-Za-z]{0,254}"
_QUALIFIED_CLASS = re.compile(f"^(?:[a-z0-9][a-z0-9-]{{1,34}}[a-z0-9]:)?{_CLASS_NAME_CORE}$")
RESERVED_NAMES = ("_additional", "_id", "id")
RESERVED_SUFFIXES = (
    "_searchable", "_rangeable", "_temp", "__meta_count", "_propertyLength", "_nullState",
)
_TOKENIZERS_OFF = MappingProxyType({
    "gse": "the GSE tokenizer is not enabled; set 'ENABLE_TOKENIZER_GSE' to 'true' to enable",
    "gse_ch": "the Chinese tokenizer is not enabled; "
              "set 'ENABLE_TOKENIZER_GSE_CH' to 'true' to enable",
    "kagome_kr": "the Korean tokenizer is not enabled; "
                 "set 'ENABLE_TOKENIZER_KAGOME_KR' to 'true' to enable",
    "kagome_ja": "the Japanese tokenizer is not enabled; "
                 "set 'ENABLE_TOKENIZER_KAGOME_JA' to 'true' to enable",
})


@dataclass(frozen=True)
class DataTypeInfo:
    """entities/schema/data_types.go propertyDataType."""

    kind: str  # "primitive", "nested" or "reference"
    name: str = ""  # the primitive or nested type
    classes: tuple[str, ...] = ()


@dataclass
class PropertyContext:
    """What validateProperty reads from the class and the rest of the schema."""

    class_name: str
    enabled_modules: frozenset[str]
    vectorizers: frozenset[str]  # vectorizers configured on the class
    vectorizer_conflict: str | None = None  # "vector index %q has multiple vectorizers"
    user_presets: Mapping[str, Any] = field(default_factory=dict)
    class_exists: Callable[[str], bool] | None = None  # None: cross-refs not checked
    taken: set[str] = field(default_factory=set)  # lower-cased names in use


def validate_reserved_suffix(name: str) -> None:
    for suffix in RESERVED_SUFFIXES:
        if name.endswith(suffix):
            raise InvalidInput(f"'{name}' is not a valid property name: suffix '{suffix}' "
                               "is reserved for internal indices")


def validate_property_name(name: str) -> None:
    """entities/schema/validation.go ValidatePropertyName + ValidateReservedPropertyName."""
    if len(name.encode()) > 231:
        raise InvalidInput(f"'{name}' is not a valid property name. "
                           "Name should not be longer than 231 characters")
    if not _PROPERTY_NAME.match(name):
        raise InvalidInput(f"'{name}' is not a valid property name. Property names in Weaviate "
                           "are restricted to valid GraphQL names, which must be "
                           f"“/{PROPERTY_NAME_REGEX}/”")
    if name in RESERVED_NAMES:
        raise InvalidInput(f"'{name}' is a reserved property name")


def lowercase_first(name: str) -> str:
    """entities/schema/schema.go LowercaseFirstLetter."""
    return name[:1].lower() + name[1:]


def validate_property(prop: dict[str, Any], ctx: PropertyContext) -> None:
    """usecases/schema/class.go validateProperty for one property."""
    name = prop.get("name", "")
    validate_property_name(name)
    if name.lower() in ctx.taken:
        raise InvalidInput(f"class {go_quote(ctx.class_name)}: conflict for property "
                           f"{go_quote(name)}: already in use or provided multiple times")
    info = _data_type_or_error(prop, ctx)
    if info.kind == "nested":
        validate_nested_properties(prop.get("nestedProperties") or [], name, ctx.user_presets)
    elif prop.get("nestedProperties"):
        raise InvalidInput(f"property '{name}': nestedProperties not allowed for data types "
                           "other than object/object[]")
    _validate_tokenization(prop.get("tokenization", ""), info)
    _validate_processing(prop, info, ctx.user_presets)
    validate_indexing(prop)
    _validate_module_config(prop, ctx)


def _data_type_or_error(prop: dict[str, Any], ctx: PropertyContext) -> DataTypeInfo:
    data_type = prop.get("dataType")
    try:
        return find_data_type(data_type, ctx.class_name, ctx.class_exists)
    except InvalidInput as err:
        raise InvalidInput(f"property '{prop.get('name', '')}': invalid dataType: "
                           f"{go_value(data_type or [])}: {err.message}") from None


def find_data_type(data_type: list[str] | None, class_name: str,
                   class_exists: Callable[[str], bool] | None) -> DataTypeInfo:
    """entities/schema/data_types.go FindPropertyDataTypeWithRefsAndAuth."""
    if not data_type:
        raise InvalidInput("dataType must have at least one element")
    if len(data_type) == 1:
        primitive, is_primitive = as_primitive(data_type)
        if is_primitive and primitive:
            return DataTypeInfo("primitive", primitive)
        if data_type[0] in NESTED_TYPES:
            return DataTypeInfo("nested", data_type[0])
        if not data_type[0]:
            raise InvalidInput("dataType cannot be an empty string")
        if not is_ref_data_type(data_type):
            raise InvalidInput(f"unknown primitive data type '{data_type[0]}'")
    for target in data_type:
        if len(target) > 36 + 1 + 255 or not _QUALIFIED_CLASS.match(target):
            raise InvalidInput(f"'{target}' is not a valid class name")
        if target != class_name and class_exists is not None and not class_exists(target):
            raise InvalidInput("reference property to nonexistent class")
    return DataTypeInfo("reference", classes=tuple(data_type))


def is_ref_data_type(data_type: list[str] | None) -> bool:
    """entities/schema/backward_compat.go IsRefDataType (first letter upper-case)."""
    if not data_type or not data_type[0]:
        return False
    name = data_type[0]
    if ":" in name:
        name = name.split(":", 1)[1]
        if not name:
            return False
    return not name[0].isascii() or name[0].upper() == name[0]


def _validate_tokenization(tokenization: str, info: DataTypeInfo) -> None:
    """usecases/schema/class.go validatePropertyTokenization."""
    if info.kind != "primitive":
        if not tokenization:
            return
        what = "object/object[]" if info.kind == "nested" else "reference"
        raise InvalidInput(f"tokenization is not allowed for {what} data type"
                           + ("s" if info.kind == "nested" else ""))
    if info.name in STRING_TYPES and tokenization in ("field", "word"):
        return
    if info.name in TEXT_TYPES:
        if tokenization in ("field", "word", "whitespace", "lowercase", "trigram"):
            return
        if tokenization in _TOKENIZERS_OFF:
            raise InvalidInput(_TOKENIZERS_OFF[tokenization])
    elif info.name not in STRING_TYPES:
        if not tokenization:
            return
        raise InvalidInput(f"tokenization is not allowed for data type '{info.name}'")
    raise InvalidInput(f"tokenization '{tokenization}' is not allowed for data type '{info.name}'")


def validate_indexing(prop: dict[str, Any]) -> None:
    """usecases/schema/class.go validatePropertyIndexing."""
    flags = ("indexFilterable", "indexSearchable", "indexRangeFilters")
    if prop.get("indexInverted") is not None and any(prop.get(f) is not None for f in flags):
        raise InvalidInput("`indexInverted` is deprecated and can not be set together with "
                           "`indexFilterable`, `indexSearchable` or `indexRangeFilters`")
    data_type, _ = as_primitive(prop.get("dataType"))
    if prop.get("indexSearchable") and data_type not in STRING_TYPES + TEXT_TYPES:
        raise InvalidInput("`indexSearchable` is allowed only for text/text[] data types. "
                           "For other data types set false or leave empty")
    if prop.get("indexRangeFilters") and data_type not in ("number", "int", "date"):
        raise InvalidInput("`indexRangeFilters` is allowed only for number/int/date data types. "
                           "For other data types set false or leave empty")


def _fmt_flag(value: bool | None) -> str:
    return "<nil>" if value is None else go_value(value)


def _validate_processing(prop: dict[str, Any], info: DataTypeInfo,
                         user_presets: Mapping[str, Any]) -> None:
    """usecases/schema/class.go validatePropertyProcessing (textAnalyzer)."""
    if analyzer_is_empty(prop.get("textAnalyzer")):
        prop.pop("textAnalyzer", None)
        return
    name = prop.get("name", "")
    if info.kind != "primitive":
        raise InvalidInput(f"property '{name}': processing options are only allowed for text "
                           "and text[] data types")
    if info.name not in TEXT_TYPES:
        raise InvalidInput(f"property '{name}': processing options are only allowed for text "
                           f"and text[] data types, got '{info.name}'")
    searchable, filterable = prop.get("indexSearchable"), prop.get("indexFilterable")
    if not searchable and not filterable:
        raise InvalidInput(
            f"property '{name}': processing options are only allowed for properties with an "
            f"inverted index, got IndexSearchable={_fmt_flag(searchable)} and "
            f"IndexFilterable={_fmt_flag(filterable)}")
    validate_text_analyzer(prop, name, user_presets)


def _validate_module_config(prop: dict[str, Any], ctx: PropertyContext) -> None:
    """usecases/schema/property.go validatePropModuleConfig."""
    if ctx.vectorizer_conflict:
        raise InvalidInput(ctx.vectorizer_conflict)
    module_config = prop.get("moduleConfig")
    if module_config is None:
        return
    if not isinstance(module_config, dict):
        raise InvalidInput(f"{prop.get('name', '')} property config invalid")
    for vectorizer, cfg in module_config.items():
        if vectorizer_error(vectorizer, ctx.enabled_modules) is not None:
            continue
        if vectorizer not in ctx.vectorizers:
            raise InvalidInput(f"vectorizer {go_quote(vectorizer)} not configured for any of "
                               "target vectors")
        if not isinstance(cfg, dict):
            raise InvalidInput(f"vectorizer config for vectorizer {go_quote(vectorizer)} not of "
                               "type map[string]interface{}")


def migrate_property(prop: dict[str, Any]) -> None:
    """usecases/schema/class.go migratePropertySettings (after validation)."""
    data_type, _ = as_primitive(prop.get("dataType"))
    if data_type in STRING_TYPES:
        prop["dataType"] = ["text" if data_type == "string" else "text[]"]
        if prop.get("tokenization") == "word":
            prop["tokenization"] = "whitespace"
    inverted = prop.pop("indexInverted", None)
    flags = ("indexFilterable", "indexSearchable", "indexRangeFilters")
    if inverted is not None and all(prop.get(flag) is None for flag in flags):
        prop["indexFilterable"] = inverted
        text = as_primitive(prop.get("dataType"))[0] in TEXT_TYPES
        prop["indexSearchable"] = inverted if text else False
        prop["indexRangeFilters"] = False
