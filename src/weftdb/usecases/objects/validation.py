"""Validate an object's properties against its collection and normalise them (Weaviate's
``usecases/objects/validation``), plus the id and vector checks that go with it.

The returned properties are what is stored and what ``GET /v1/objects`` returns:
top-level names get a lower-case first letter, top-level nulls are dropped
(nested nulls are kept), dates are re-encoded as RFC3339Nano, uuids and beacon
ids are canonical lower-case, ints are whole Python ints, numbers floats,
geo coordinates float32 values, phone numbers Weaviate's parsed model, and
references ``[{"beacon": "weaviate://localhost/<Class>/<uuid>"}]``.

Messages are Weaviate's, without the ``invalid object: `` prefix its callers
add. Numbers print as Weaviate prints them, which depends on the transport:
pass ``json_numbers=True`` for REST bodies (Weaviate sees ``json.Number``) and
``False`` for values built from gRPC (``float64`` / ``int64``); it also decides
whether a whole float such as ``5.0`` is a valid int (gRPC: yes, REST: no).
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from weftdb.errors import InvalidInput
from weftdb.goformat import GoFmt
from weftdb.usecases.objects.beacons import beacon_string, parse_beacon
from weftdb.usecases.objects.property_values import PRIMITIVE_CHECKS, parse_uuid

ClassExists = Callable[[str], bool]
# (class name, or "" for a beacon without class, canonical uuid) -> does the object exist
ObjectExists = Callable[[str, str], bool]

NESTED_DATA_TYPES = frozenset({"object", "object[]"})
VALUE_DATA_TYPES = frozenset(PRIMITIVE_CHECKS) | NESTED_DATA_TYPES
CREF = "cref"

ERROR_NO_SUCH_PROPERTY = (
    "no such prop with name '{}' found in class '{}' in the schema. "
    "Check your schema files for which properties in this class are available"
)
ERROR_INVALID_SINGLE_REF = (
    "only direct references supported at the moment, concept references not supported yet: "
    "class '{}' with property '{}' requires exactly 1 arguments: 'beacon'. "
    "Check your input schema, got: {}"
)
_FLOAT32_MAX = 3.4028234663852886e38


@dataclass(frozen=True)
class _Context:
    class_name: str
    fmt: GoFmt
    class_exists: ClassExists
    object_exists: ObjectExists | None


def validate_properties(
    class_def: dict[str, Any],
    properties: Any,
    *,
    class_exists: ClassExists,
    object_exists: ObjectExists | None = None,
    json_numbers: bool = True,
) -> dict[str, Any]:
    """Normalised properties, or InvalidInput with Weaviate's message.

    Reference targets must exist: a beacon naming a class for which
    ``class_exists`` is false fails, and so does one for which ``object_exists``
    (when given) is false, with Weaviate's ``no object with id ... found``.
    The input is not modified."""
    if properties is None:
        return {}
    fmt = GoFmt(json_numbers)
    if not isinstance(properties, dict):
        raise InvalidInput(f"could not recognize object's properties: {fmt.v(properties)}")
    ctx = _Context(str(class_def.get("class", "")), fmt, class_exists, object_exists)
    by_name = {p["name"]: p for p in class_def.get("properties") or []}
    out: dict[str, Any] = {}
    for key, value in properties.items():
        if value is None:
            continue  # Weaviate drops null properties
        name = lowercase_first(key)
        prop = by_name.get(name)
        if prop is None:
            raise InvalidInput(ERROR_NO_SUCH_PROPERTY.format(name, ctx.class_name))
        out[name] = _property(ctx, prop, name, value)
    return out


def lowercase_first(name: str) -> str:
    """Weaviate stores property names with a lower-case first letter."""
    return name[:1].lower() + name[1:]


def is_ref_data_type(data_type: str) -> bool:
    """Weaviate's rule: a data type whose first character is its own upper case names a class."""
    return bool(data_type) and data_type[0].upper() == data_type[0]


def property_data_type(prop: dict[str, Any]) -> str:
    """``cref`` for references, else the value data type (the last entry wins, as in Weaviate)."""
    result = ""
    for data_type in prop.get("dataType") or []:
        if not data_type:
            raise InvalidInput("invalid-dataType")
        if is_ref_data_type(data_type):
            result = CREF
        elif data_type in VALUE_DATA_TYPES:
            result = data_type
        else:
            raise InvalidInput("given value-DataType does not exist")
    return result


def _property(ctx: _Context, prop: dict[str, Any], name: str, value: Any) -> Any:
    data_type = property_data_type(prop)
    if data_type == CREF:
        return _references(ctx, prop.get("dataType") or [], name, value)
    if data_type in NESTED_DATA_TYPES:
        return _nested(ctx, name, value, data_type, prop.get("nestedProperties"))
    return _primitive(ctx, name, value, data_type)


def _primitive(ctx: _Context, name: str, value: Any, data_type: str) -> Any:
    entry = PRIMITIVE_CHECKS.get(data_type)
    if entry is None:
        raise InvalidInput(f"unrecognized data type '{data_type}'")
    label, check = entry
    try:
        return check(value, ctx.fmt)
    except InvalidInput as exc:
        raise InvalidInput(f"invalid {label} property '{name}' on class '{ctx.class_name}': {exc.message}") from None


# -- object / object[] --------------------------------------------------------------------
def _nested(ctx: _Context, name: str, value: Any, data_type: str, nested: Any) -> Any:
    by_name = {p["name"]: p for p in nested or []}
    try:
        if data_type == "object":
            return _object(ctx, name, value, by_name)
        return _object_array(ctx, name, value, by_name)
    except InvalidInput as exc:
        raise InvalidInput(
            f"invalid {data_type} property '{name}' on class '{ctx.class_name}': {exc.message}"
        ) from None


def _object(ctx: _Context, prefix: str, value: Any, by_name: dict[str, Any]) -> dict[str, Any]:
    """Nested keys must be declared (they are not lower-cased); nested nulls are kept."""
    if not isinstance(value, dict):
        raise InvalidInput(f"object must be a map, but got: {ctx.fmt.type_name(value)}")
    out: dict[str, Any] = {}
    for key, item in value.items():
        path = f"{prefix}.{key}"
        nested = by_name.get(key)
        if nested is None:
            raise InvalidInput(f"unknown property '{path}'")
        try:
            out[key] = _nested_value(ctx, path, item, nested)
        except InvalidInput as exc:
            raise InvalidInput(f"property '{path}': {exc.message}") from None
    return out


def _nested_value(ctx: _Context, path: str, item: Any, nested: dict[str, Any]) -> Any:
    data_types = nested.get("dataType") or [""]
    data_type = data_types[0]
    if data_type not in VALUE_DATA_TYPES:
        raise InvalidInput("given value-DataType does not exist")
    if item is None:
        return None
    if data_type in NESTED_DATA_TYPES:
        return _nested(ctx, path, item, data_type, nested.get("nestedProperties"))
    return _primitive(ctx, path, item, data_type)


def _object_array(ctx: _Context, prefix: str, value: Any, by_name: dict[str, Any]) -> list[Any]:
    if not isinstance(value, list):
        raise InvalidInput(f"not an object array, but {ctx.fmt.type_name(value)}")
    out = []
    for index, item in enumerate(value):
        try:
            out.append(_object(ctx, prefix, item, by_name))
        except InvalidInput as exc:
            raise InvalidInput(f"invalid object '{index}' in array: {exc.message}") from None
    return out


# -- references ---------------------------------------------------------------------------
def _references(ctx: _Context, targets: list[str], name: str, value: Any) -> list[dict[str, str]]:
    if not isinstance(value, list):
        raise InvalidInput(f"reference property is not a slice {ctx.fmt.v(value)}")
    prepared = [_with_target_class(ctx, item, targets) for item in value]
    out = []
    for ref in prepared:
        try:
            out.append(_single_ref(ctx, name, ref))
        except InvalidInput as exc:
            raise InvalidInput(f"invalid cref: {exc.message}") from None
    return out


def _with_target_class(ctx: _Context, item: Any, targets: list[str]) -> dict[str, Any]:
    """A copy of the reference; a beacon without class gets the property's only target class."""
    if not isinstance(item, dict):
        raise InvalidInput("reference property is not a map: map[string]interface {}")  # sic
    beacon = item.get("beacon")
    if not isinstance(beacon, str):
        raise InvalidInput(f"beacon property is not a string: {ctx.fmt.type_name(beacon)}")
    parsed = parse_beacon(beacon)
    ref = dict(item)
    if not parsed.class_name and len(targets) == 1:
        ref["beacon"] = beacon_string(targets[0], parsed.target_id)
    return ref


def _single_ref(ctx: _Context, name: str, ref: dict[str, Any]) -> dict[str, str]:
    ref.pop("href", None)
    if len(ref) != 1:  # the only key left must be the beacon (checked above)
        raise InvalidInput(ERROR_INVALID_SINGLE_REF.format(ctx.class_name, name, ctx.fmt.sharp_v(ref)))
    try:
        parsed = parse_beacon(ref["beacon"])
    except InvalidInput as exc:
        raise InvalidInput(f"invalid reference: {exc.message}") from None
    if not parsed.local:
        raise InvalidInput("unrecognized cross-ref ref format")
    cls = parsed.class_name
    missing = (cls and not ctx.class_exists(cls)) or (
        ctx.object_exists is not None and not ctx.object_exists(cls, parsed.target_id)
    )
    if missing:
        raise InvalidInput(f"'cref' {ctx.class_name}:{name}: no object with id {parsed.target_id} found")
    return {"beacon": str(parsed)}


# -- ids and vectors ----------------------------------------------------------------------
def validate_uuid(value: Any) -> str:
    """Canonical lower-case uuid, or InvalidInput with google/uuid's message
    (``invalid UUID length: 5``, ``invalid UUID format``)."""
    if not isinstance(value, str):
        raise InvalidInput("invalid UUID format")
    return parse_uuid(value)


def validate_vector(values: Any, *, name: str | None = None) -> list[float]:
    """A list of finite float32-range numbers; an empty list means "no vector"."""
    label = f"vector {name}" if name else "vector"
    if not isinstance(values, (list, tuple)):
        raise InvalidInput(f"{label} has to be an array of numbers")
    out = []
    for index, item in enumerate(values):
        if isinstance(item, bool) or not isinstance(item, (int, float)):
            raise InvalidInput(
                f"{label} has to be an array of numbers, found {type(item).__name__} at position {index}"
            )
        number = float(item) if abs(item) <= _FLOAT32_MAX else math.inf
        if not math.isfinite(number):
            raise InvalidInput(
                f"{label} contains a value that is not a finite float32 ({item}) at position {index}; "
                "NaN and infinity are not allowed"
            )
        out.append(number)
    return out
