"""Weaviate's class/property JSON models: decoding, body validation and rendering.

Decoding follows Go's ``encoding/json`` into the go-swagger structs of
``entities/models`` (class.go, property.go, nested_property.go, ...): unknown
keys are dropped, keys match case-insensitively, ``null`` leaves a field unset
and a value of the wrong JSON type is a parse error (REST 400). A decoded
*model* is a plain dict holding only the fields that are set; non-pointer
scalars at their zero value are left out, as Go cannot tell them from absent.

``body_enum_error`` reproduces the go-swagger ``Validate()`` enum checks (REST
422 with the ``"<path> in body should be one of [...]"`` message) and
``render`` writes a model back the way Go's encoder does (field order,
``omitempty``).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import Any

from weftdb.errors import BadRequest
from weftdb.goformat import (
    INT64_MAX,
    INT64_MIN,
    float32_json,
    go_value,
    json_number_text,
    to_float32,
)

TOKENIZATIONS = (
    "word", "lowercase", "whitespace", "field", "trigram", "gse", "kagome_kr", "kagome_ja", "gse_ch",
)
DELETION_STRATEGIES = ("NoAutomatedResolution", "DeleteOnConflict", "TimeBasedResolution")


@dataclass(frozen=True)
class Scalar:
    go_type: str  # "string", "bool", "int64" or "float32"
    pointer: bool = False


@dataclass(frozen=True)
class AnyValue:
    """A Go ``interface{}`` field: any JSON value, kept as is."""


@dataclass(frozen=True)
class ListOf:
    item: Kind
    go_type: str


@dataclass(frozen=True)
class MapOf:
    value: Kind
    go_type: str


@dataclass(frozen=True)
class StructRef:
    name: str  # key into STRUCTS, resolved lazily (structs are recursive)


@dataclass(frozen=True)
class Field:
    name: str
    kind: Kind
    omitempty: bool = True


Kind = Scalar | AnyValue | ListOf | MapOf | StructRef

_STR = Scalar("string")
_BOOL = Scalar("bool")
_INT = Scalar("int64")
_F32 = Scalar("float32")
_PBOOL = Scalar("bool", pointer=True)
_PINT = Scalar("int64", pointer=True)
_PSTR = Scalar("string", pointer=True)
_STRLIST = ListOf(_STR, "[]string")
_ANY = AnyValue()


def _struct(*fields: Field) -> tuple[Field, ...]:
    return fields


STRUCTS: Mapping[str, tuple[Field, ...]] = MappingProxyType({
    "Class": _struct(
        Field("class", _STR), Field("description", _STR),
        Field("invertedIndexConfig", StructRef("InvertedIndexConfig")),
        Field("moduleConfig", _ANY),
        Field("multiTenancyConfig", StructRef("MultiTenancyConfig")),
        Field("objectTtlConfig", StructRef("ObjectTTLConfig")),
        Field("properties", ListOf(StructRef("Property"), "[]*models.Property"), omitempty=False),
        Field("replicationConfig", StructRef("ReplicationConfig")),
        Field("shardingConfig", _ANY),
        Field("vectorConfig", MapOf(StructRef("VectorConfig"), "map[string]models.VectorConfig")),
        Field("vectorIndexConfig", _ANY), Field("vectorIndexType", _STR), Field("vectorizer", _STR),
    ),
    "InvertedIndexConfig": _struct(
        Field("bm25", StructRef("BM25Config")), Field("cleanupIntervalSeconds", _INT),
        Field("indexNullState", _BOOL), Field("indexPropertyLength", _BOOL),
        Field("indexTimestamps", _BOOL),
        Field("stopwordPresets", MapOf(_STRLIST, "map[string][]string")),
        Field("stopwords", StructRef("StopwordConfig")),
        Field("tokenizerUserDict", ListOf(
            StructRef("TokenizerUserDictConfig"), "[]*models.TokenizerUserDictConfig")),
        Field("usingBlockMaxWAND", _BOOL),
    ),
    "BM25Config": _struct(Field("b", _F32, omitempty=False), Field("k1", _F32, omitempty=False)),
    "StopwordConfig": _struct(
        Field("additions", _STRLIST, omitempty=False), Field("preset", _STR),
        Field("removals", _STRLIST, omitempty=False),
    ),
    "TokenizerUserDictConfig": _struct(
        Field("replacements", ListOf(
            StructRef("TokenizerUserDictConfigReplacementsItems0"),
            "[]*models.TokenizerUserDictConfigReplacementsItems0"), omitempty=False),
        Field("tokenizer", _STR),
    ),
    "TokenizerUserDictConfigReplacementsItems0": _struct(
        Field("source", _PSTR, omitempty=False), Field("target", _PSTR, omitempty=False),
    ),
    "MultiTenancyConfig": _struct(
        Field("autoTenantActivation", _BOOL, omitempty=False),
        Field("autoTenantCreation", _BOOL, omitempty=False),
        Field("enabled", _BOOL, omitempty=False),
    ),
    "ObjectTTLConfig": _struct(
        Field("defaultTtl", _INT, omitempty=False), Field("deleteOn", _STR, omitempty=False),
        Field("enabled", _BOOL, omitempty=False),
        Field("filterExpiredObjects", _BOOL, omitempty=False),
    ),
    "ReplicationConfig": _struct(
        Field("asyncConfig", StructRef("ReplicationAsyncConfig")),
        Field("deletionStrategy", _STR), Field("factor", _INT),
    ),
    "ReplicationAsyncConfig": _struct(*(Field(name, _PINT) for name in (
        "diffBatchSize", "diffPerNodeTimeout", "frequency", "frequencyWhilePropagating",
        "hashtreeHeight", "loggingFrequency", "prePropagationTimeout", "propagationBatchSize",
        "propagationConcurrency", "propagationDelay", "propagationLimit", "propagationTimeout",
    ))),
    "VectorConfig": _struct(
        Field("vectorIndexConfig", _ANY), Field("vectorIndexType", _STR), Field("vectorizer", _ANY),
    ),
    "Property": _struct(
        Field("dataType", _STRLIST, omitempty=False), Field("description", _STR),
        Field("disableDuplicatedReferences", _PBOOL), Field("indexFilterable", _PBOOL),
        Field("indexInverted", _PBOOL), Field("indexRangeFilters", _PBOOL),
        Field("indexSearchable", _PBOOL), Field("moduleConfig", _ANY), Field("name", _STR),
        Field("nestedProperties", ListOf(StructRef("NestedProperty"), "[]*models.NestedProperty")),
        Field("textAnalyzer", StructRef("TextAnalyzerConfig")), Field("tokenization", _STR),
    ),
    "NestedProperty": _struct(
        Field("dataType", _STRLIST, omitempty=False), Field("description", _STR),
        Field("indexFilterable", _PBOOL), Field("indexRangeFilters", _PBOOL),
        Field("indexSearchable", _PBOOL), Field("name", _STR),
        Field("nestedProperties", ListOf(StructRef("NestedProperty"), "[]*models.NestedProperty")),
        Field("textAnalyzer", StructRef("TextAnalyzerConfig")), Field("tokenization", _STR),
    ),
    "TextAnalyzerConfig": _struct(
        Field("asciiFold", _BOOL), Field("asciiFoldIgnore", _STRLIST), Field("stopwordPreset", _STR),
    ),
})


@dataclass(frozen=True)
class _Path:
    struct: str
    fields: tuple[str, ...]

    def enter(self, struct: str, field: str) -> _Path:
        return _Path(struct, self.fields + (field,))


class _TypeMismatch(Exception):
    def __init__(self, value_kind: str, go_type: str, path: _Path) -> None:
        super().__init__(value_kind)
        self.value_kind = value_kind
        self.go_type = go_type
        self.path = path

    def json_message(self) -> str:
        head = f"json: cannot unmarshal {self.value_kind} into Go "
        if not self.path.fields:
            return head + f"value of type {self.go_type}"
        where = f"{self.path.struct}.{'.'.join(self.path.fields)}"
        return head + f"struct field {where} of type {self.go_type}"


def decode_model(body: Any, struct: str, param: str) -> dict[str, Any]:
    """Decode a request body into the named model (raises BadRequest like go-swagger)."""
    try:
        decoded = _decode_struct(body, struct, _Path(struct, ()))
    except _TypeMismatch as mismatch:
        raise BadRequest(
            f'parsing {param} body from "" failed, because {mismatch.json_message()}'
        ) from None
    return decoded if decoded is not None else {}


def _json_kind(value: Any) -> str:
    if isinstance(value, bool):
        return "bool"
    if isinstance(value, (int, float)):
        return "number"
    if isinstance(value, str):
        return "string"
    if isinstance(value, list):
        return "array"
    return "object"


def _decode(value: Any, kind: Kind, path: _Path) -> Any:
    if isinstance(kind, AnyValue):
        return value
    if isinstance(kind, Scalar):
        return _decode_scalar(value, kind, path)
    if isinstance(kind, ListOf):
        if not isinstance(value, list):
            raise _TypeMismatch(_json_kind(value), kind.go_type, path)
        return [_decode_item(item, kind.item, path) for item in value]
    if isinstance(kind, MapOf):
        if not isinstance(value, dict):
            raise _TypeMismatch(_json_kind(value), kind.go_type, path)
        return {key: _decode_item(item, kind.value, path) for key, item in value.items()}
    return _decode_struct(value, kind.name, path)


def _decode_item(value: Any, kind: Kind, path: _Path) -> Any:
    if value is None:
        return "" if kind == _STR else None
    return _decode(value, kind, path)


def _decode_scalar(value: Any, kind: Scalar, path: _Path) -> Any:
    go_type = kind.go_type
    if go_type == "string" and isinstance(value, str):
        return value
    if go_type == "bool" and isinstance(value, bool):
        return value
    if go_type in ("int64", "float32") and isinstance(value, (int, float)) \
            and not isinstance(value, bool):
        return _decode_number(value, go_type, path)
    raise _TypeMismatch(_json_kind(value), go_type, path)


def _decode_number(value: int | float, go_type: str, path: _Path) -> int | float:
    literal = "number " + json_number_text(value)
    if go_type == "int64":
        if isinstance(value, float) or not INT64_MIN <= value <= INT64_MAX:
            raise _TypeMismatch(literal, go_type, path)
        return value
    try:
        return to_float32(float(value))
    except OverflowError:
        raise _TypeMismatch(literal, go_type, path) from None


def _decode_struct(value: Any, name: str, path: _Path) -> dict[str, Any] | None:
    if value is None:
        return None
    if not isinstance(value, dict):
        raise _TypeMismatch(_json_kind(value), f"models.{name}", path)
    fields = STRUCTS[name]
    out: dict[str, Any] = {}
    for key, item in value.items():
        field = _match_field(fields, key)
        if field is None:
            continue
        _assign(out, field, item, path.enter(name, field.name))
    return out


def _match_field(fields: tuple[Field, ...], key: str) -> Field | None:
    for field in fields:
        if field.name == key:
            return field
    folded = key.lower()
    for field in fields:
        if field.name.lower() == folded:
            return field
    return None


def _assign(out: dict[str, Any], field: Field, item: Any, path: _Path) -> None:
    kind = field.kind
    if item is None:
        if not (isinstance(kind, Scalar) and not kind.pointer):
            out.pop(field.name, None)
        return
    decoded = _decode(item, kind, path)
    if isinstance(kind, Scalar) and not kind.pointer and not decoded:
        out.pop(field.name, None)
        return
    out[field.name] = decoded


def render(model: Mapping[str, Any] | None, struct: str) -> dict[str, Any] | None:
    """Write a model the way Go's JSON encoder writes the struct."""
    if model is None:
        return None
    out: dict[str, Any] = {}
    for field in STRUCTS[struct]:
        value = model.get(field.name)
        if _omitted(value, field):
            continue
        out[field.name] = _render_value(value, field.kind)
    return out


def _omitted(value: Any, field: Field) -> bool:
    if not field.omitempty:
        return False
    if value is None:
        return True
    kind = field.kind
    if isinstance(kind, (AnyValue, StructRef)) or (isinstance(kind, Scalar) and kind.pointer):
        return False
    if isinstance(value, (list, dict, str)):
        return len(value) == 0
    return not value


def _render_value(value: Any, kind: Kind) -> Any:
    if value is None:
        return _zero(kind)
    if isinstance(kind, StructRef):
        return render(value, kind.name)
    if isinstance(kind, ListOf):
        return [_render_value(item, kind.item) for item in value]
    if isinstance(kind, MapOf):
        return {key: _render_value(item, kind.value) for key, item in value.items()}
    if isinstance(kind, Scalar) and kind.go_type == "float32":
        return float32_json(value)
    return value


def _zero(kind: Kind) -> Any:
    if isinstance(kind, Scalar) and not kind.pointer:
        return {"string": "", "bool": False}.get(kind.go_type, 0)
    return None


def body_enum_error(model: Mapping[str, Any], struct: str) -> str | None:
    """The first go-swagger ``Validate()`` failure of a decoded body, if any."""
    if struct == "Property":
        return _property_enum_error(model, "")
    return _class_enum_error(model)


def _enum_message(path: str, values: tuple[str, ...]) -> str:
    return f"{path} in body should be one of {go_value(list(values))}"


def _class_enum_error(model: Mapping[str, Any]) -> str | None:
    inverted = model.get("invertedIndexConfig") or {}
    for i, entry in enumerate(inverted.get("tokenizerUserDict") or []):
        for j, replacement in enumerate((entry or {}).get("replacements") or []):
            for key in ("source", "target"):
                if replacement is not None and replacement.get(key) is None:
                    return (f"invertedIndexConfig.tokenizerUserDict.{i}.replacements.{j}."
                            f"{key} in body is required")
    for i, prop in enumerate(model.get("properties") or []):
        error = _property_enum_error(prop or {}, f"properties.{i}.")
        if error:
            return error
    strategy = (model.get("replicationConfig") or {}).get("deletionStrategy", "")
    if strategy and strategy not in DELETION_STRATEGIES:
        return _enum_message("replicationConfig.deletionStrategy", DELETION_STRATEGIES)
    return None


def _property_enum_error(prop: Mapping[str, Any], prefix: str) -> str | None:
    for i, nested in enumerate(prop.get("nestedProperties") or []):
        error = _property_enum_error(nested or {}, f"{prefix}nestedProperties.{i}.")
        if error:
            return error
    tokenization = prop.get("tokenization", "")
    if tokenization and tokenization not in TOKENIZATIONS:
        return _enum_message(f"{prefix}tokenization", TOKENIZATIONS)
    return None
