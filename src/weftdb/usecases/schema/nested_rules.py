"""Validation of nested properties of object/object[] (usecases/schema/validation.go)."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from weftdb.errors import InvalidInput

from .defaults import TEXT_TYPES, as_nested, as_primitive
from .text_analyzer import analyzer_is_empty, validate_text_analyzer

NESTED_NAME_REGEX = "[_A-Za-z][_0-9A-Za-z]*"
_NESTED_NAME = re.compile(f"^{NESTED_NAME_REGEX}$")
_NESTED_TOKENIZATIONS = ("field", "word", "whitespace", "lowercase")


def validate_nested_properties(props: list[Any], prefix: str,
                               user_presets: Mapping[str, Any]) -> None:
    """validateNestedProperties: every nested property, depth first."""
    if not props:
        raise InvalidInput(f"property '{prefix}': At least one nested property is required for "
                           "data type object/object[]")
    for prop in props:
        nested = prop if prop is not None else {}
        _validate_one(nested, prefix, user_presets)
        if as_nested(nested.get("dataType"))[1]:
            validate_nested_properties(nested.get("nestedProperties") or [],
                                       f"{prefix}.{nested.get('name', '')}", user_presets)


def _validate_one(prop: dict[str, Any], prefix: str, user_presets: Mapping[str, Any]) -> None:
    name = prop.get("name", "")
    if not _NESTED_NAME.match(name):
        raise InvalidInput(f"'{name}' is not a valid nested property name of '{prefix}'. "
                           "NestedProperty names in Weaviate are restricted to valid GraphQL "
                           f"names, which must be “/{NESTED_NAME_REGEX}/”")
    full = f"{prefix}.{name}"
    primitive, is_primitive = as_primitive(prop.get("dataType"))
    is_nested = as_nested(prop.get("dataType"))[1]
    _validate_data_type(full, primitive, is_primitive, is_nested)
    _validate_tokenization(prop.get("tokenization", ""), full, primitive, is_primitive, is_nested)
    _validate_flags(prop, full, primitive, is_primitive)
    _validate_processing(prop, full, primitive, is_primitive, user_presets)


def _validate_data_type(full: str, primitive: str, is_primitive: bool, is_nested: bool) -> None:
    if is_primitive:
        if primitive in ("string", "string[]"):
            raise InvalidInput(f"property '{full}': data type '{primitive}' is deprecated and not "
                               "allowed as nested property")
        if primitive in ("geoCoordinates", "phoneNumber"):
            raise InvalidInput(f"property '{full}': data type '{primitive}' not allowed as "
                               "nested property")
        return
    if not is_nested:
        raise InvalidInput(f"property '{full}': reference data type not allowed")


def _validate_tokenization(tokenization: str, full: str, primitive: str, is_primitive: bool,
                           is_nested: bool) -> None:
    if is_primitive:
        if primitive in TEXT_TYPES:
            if tokenization in _NESTED_TOKENIZATIONS:
                return
            raise InvalidInput(f"property '{full}': Tokenization '{tokenization}' is not allowed "
                               f"for data type '{primitive}'")
        if tokenization:
            raise InvalidInput(f"property '{full}': Tokenization is not allowed for data type "
                               f"'{primitive}'")
        return
    if not tokenization:
        return
    if is_nested:
        raise InvalidInput(f"property '{full}': Tokenization is not allowed for object/object[] "
                           "data types")
    raise InvalidInput(f"property '{full}': Tokenization is not allowed for reference data type")


def _validate_flags(prop: dict[str, Any], full: str, primitive: str, is_primitive: bool) -> None:
    for flag in ("indexFilterable", "indexSearchable", "indexRangeFilters"):
        if prop.get(flag) is None:
            raise InvalidInput(f"property '{full}': `{flag}` not set")
        if flag == "indexFilterable" and is_primitive and primitive in ("blob", "blobHash") \
                and prop[flag]:
            raise InvalidInput(f"property: '{full}': indexFilterable is not allowed for "
                               f"{primitive} data type")
        if flag == "indexSearchable" and prop[flag] and not (is_primitive and primitive in TEXT_TYPES):
            raise InvalidInput(f"property '{full}': `indexSearchable` is not allowed for other "
                               "than text/text[] data types")
        ranged = is_primitive and primitive in ("number", "int", "date")
        if flag == "indexRangeFilters" and prop[flag] and not ranged:
            raise InvalidInput(f"property '{full}': `indexRangeFilters` is not allowed for other "
                               "than number/int/date data types")


def _validate_processing(prop: dict[str, Any], full: str, primitive: str, is_primitive: bool,
                         user_presets: Mapping[str, Any]) -> None:
    if analyzer_is_empty(prop.get("textAnalyzer")):
        prop.pop("textAnalyzer", None)
        return
    if not is_primitive:
        raise InvalidInput(f"property '{full}': processing options are only allowed for text and "
                           "text[] data types")
    if primitive not in TEXT_TYPES:
        raise InvalidInput(f"property '{full}': processing options are only allowed for text and "
                           f"text[] data types, got '{primitive}'")
    if not prop.get("indexSearchable") and not prop.get("indexFilterable"):
        raise InvalidInput(f"property '{full}': processing options are only allowed for "
                           "properties with an inverted index")
    validate_text_analyzer(prop, full, user_presets, suffix=" for textAnalyzer")
