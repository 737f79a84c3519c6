"""Auto-schema: the data types of properties a collection does not have yet, inferred
from an incoming object as Weaviate's ``usecases/objects/auto_schema.go`` does.

- strings: RFC3339 date -> ``default_date``; uuid (any form google/uuid parses,
  including 32 bare hex digits) -> ``uuid``; else ``default_string``;
- numbers: from REST (``json_numbers=True``) -> ``default_number``; from gRPC a
  float -> ``number``, an int (typed int array) -> ``int``;
- booleans -> ``boolean``; null -> ``text``;
- maps: ``{latitude, longitude}`` -> ``geoCoordinates``; ``{input[, defaultCountry]}``
  -> ``phoneNumber`` (top level only); else ``object`` with nested properties;
- lists: empty -> ``text[]``; elements typed as above (dates/uuids mixed with
  text -> ``text[]``; arrays of dates ignore ``default_date``); maps with a
  ``beacon`` -> references to the beacon's class (a beacon without class is
  resolved with ``find_object_class``; unresolved it is an ordinary object);
  other maps -> ``object[]`` with the union of the elements' keys.
Inside objects, geo/phone shapes and beacons are plain objects.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from weftdb.errors import InvalidInput
from weftdb.goformat import GoFmt
from weftdb.usecases.objects.beacons import parse_beacon
from weftdb.usecases.objects.property_values import parse_rfc3339, parse_uuid
from weftdb.usecases.objects.validation import lowercase_first

# (name, dataType, nestedProperties or None)
InferredProperty = tuple[str, list[str], list[dict[str, Any]] | None]
FindObjectClass = Callable[[str], str | None]  # canonical uuid -> class of that object

NESTED = ("object", "object[]")
_DAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
_ALLOWED = "'text', 'number', 'int', 'boolean', 'date', 'uuid', 'object'"


@dataclass(frozen=True)
class AutoSchemaSettings:
    enabled: bool = True  # AUTOSCHEMA_ENABLED
    default_string: str = "text"  # AUTOSCHEMA_DEFAULT_STRING: text | string
    default_number: str = "number"  # AUTOSCHEMA_DEFAULT_NUMBER: number | int
    default_date: str = "date"  # AUTOSCHEMA_DEFAULT_DATE: date | text | string


def infer_property_types(
    class_def: dict[str, Any] | None,
    properties: Any,
    settings: AutoSchemaSettings,
    *,
    class_name: str | None = None,
    find_object_class: FindObjectClass | None = None,
    json_numbers: bool = True,
    now: dt.datetime | None = None,
) -> list[InferredProperty]:
    """What one object adds to the schema of its class (``class_def`` None: a new class).

    New properties come with their inferred type (names get a lower-case first
    letter). An existing object/object[] property whose values bring new nested
    keys comes back with its existing name and dataType and the *complete*
    nested list: the existing entries untouched, new ones appended (recursively);
    the caller replaces that property's ``nestedProperties`` and nothing else.
    Types that conflict with existing properties are left to validation.
    Raises InvalidInput (``property 'x' on class 'C': ...``) when a value has no
    type, e.g. mixed arrays. With ``now``, nested properties get Weaviate's
    auto-schema description (see :func:`auto_schema_description` for the top level)."""
    if not settings.enabled or not isinstance(properties, dict):
        return []
    name = class_name if class_name is not None else str((class_def or {}).get("class", ""))
    inferrer = _Inferrer(settings, json_numbers, find_object_class, now)
    found = []
    for key, value in properties.items():
        try:
            found.append(inferrer.top_level(str(key), value))
        except InvalidInput as exc:
            raise InvalidInput(f"property '{key}' on class '{name}': {exc.message}") from None
    return _not_in_class(class_def, found)


def infer_batch(
    class_def: dict[str, Any] | None,
    objects_properties: Sequence[Any],
    settings: AutoSchemaSettings,
    **options: Any,
) -> tuple[list[InferredProperty], dict[int, str]]:
    """One schema change for many objects of one class: the merged inference, and the
    error message of each object (by position) whose inference failed; those objects
    should be rejected with that message, the others go on to validation."""
    inferred: list[list[InferredProperty]] = []
    errors: dict[int, str] = {}
    for index, props in enumerate(objects_properties):
        try:
            inferred.append(infer_property_types(class_def, props, settings, **options))
        except InvalidInput as exc:
            errors[index] = exc.message
    return merge_inferred(inferred), errors


def merge_inferred(batch: Sequence[Sequence[InferredProperty]]) -> list[InferredProperty]:
    """Combine the inferences of many objects of one class into one list (one schema
    update). The first object to bring a property decides its type, as when Weaviate
    applies them one by one; nested properties are united."""
    out: dict[str, InferredProperty] = {}
    for inferred in batch:
        for name, data_type, nested in inferred:
            previous = out.get(name)
            if previous is None:
                out[name] = (name, list(data_type), nested)
            elif previous[2] is not None and nested is not None:
                merged, changed = merge_nested_properties(previous[2], nested)
                if changed:
                    out[name] = (previous[0], previous[1], merged)
    return list(out.values())


def merge_nested_properties(
    old: Sequence[dict[str, Any]], new: Sequence[dict[str, Any]]
) -> tuple[list[dict[str, Any]], bool]:
    """``old`` with what ``new`` adds (recursively, by name; the old type wins), and
    whether anything was added. Inputs are not modified."""
    merged = list(old)
    index = {p["name"]: i for i, p in enumerate(merged)}
    changed = False
    for prop in new:
        position = index.get(prop["name"])
        if position is None:
            index[prop["name"]] = len(merged)
            merged.append(prop)
            changed = True
            continue
        current = merged[position]
        if _is_nested(current.get("dataType")):
            deeper, deeper_changed = merge_nested_properties(
                current.get("nestedProperties") or [], prop.get("nestedProperties") or []
            )
            if deeper_changed:
                merged[position] = {**current, "nestedProperties": deeper}
                changed = True
    return merged, changed


def auto_schema_description(now: dt.datetime, *, nested: bool = False) -> str:
    """Weaviate's description of auto-created (nested) properties, with Go's ANSIC time."""
    kind = "nested property" if nested else "property"
    stamp = f"{_DAYS[now.weekday()]} {_MONTHS[now.month - 1]} {now.day:2d} {now:%H:%M:%S} {now.year}"
    return f"This {kind} was generated by Weaviate's auto-schema feature on {stamp}"


def _is_nested(data_type: Any) -> bool:
    return isinstance(data_type, list) and len(data_type) == 1 and data_type[0] in NESTED


def _not_in_class(class_def: dict[str, Any] | None, found: list[InferredProperty]) -> list[InferredProperty]:
    """Weaviate's ``DedupProperties``: drop what the class has, extend its objects."""
    existing = {p["name"]: p for p in (class_def or {}).get("properties") or []}
    out: dict[str, InferredProperty] = {}
    for name, data_type, nested in found:
        previous = out.get(name)
        if previous is not None:
            if _is_nested(previous[1]) and previous[2] is not None and nested is not None:
                out[name] = (name, previous[1], merge_nested_properties(previous[2], nested)[0])
            continue
        old = existing.get(name)
        if old is None:
            out[name] = (name, data_type, nested)
        elif _is_nested(old.get("dataType")) and nested:
            merged, changed = merge_nested_properties(old.get("nestedProperties") or [], nested)
            if changed:
                out[name] = (name, list(old["dataType"]), merged)
    return list(out.values())


class _Inferrer:
    def __init__(
        self,
        settings: AutoSchemaSettings,
        json_numbers: bool,
        find_object_class: FindObjectClass | None,
        now: dt.datetime | None,
    ) -> None:
        self._settings = settings
        self._json_numbers = json_numbers
        self._fmt = GoFmt(json_numbers)
        self._find_object_class = find_object_class
        self._now = now

    def top_level(self, name: str, value: Any) -> InferredProperty:
        data_type = self.value_type(value, nested=False)
        return lowercase_first(name), data_type, self._nested_of(data_type, value)

    def _nested_of(self, data_type: list[str], value: Any) -> list[dict[str, Any]] | None:
        if data_type == ["object"]:
            return self._object_properties(value)
        if data_type == ["object[]"]:
            return self._array_properties(value)
        return None

    # -- single values --------------------------------------------------------------
    def value_type(self, value: Any, *, nested: bool) -> list[str]:
        if value is None:
            return ["text"]
        if isinstance(value, bool):
            return ["boolean"]
        if isinstance(value, str):
            return [self._string_type(value)]
        if isinstance(value, (int, float)):
            return [self._number_type(value)]
        if isinstance(value, dict):
            return [self._map_type(value, nested)]
        if isinstance(value, list):
            return self._list_type(value, nested)
        allowed = _ALLOWED if nested else _ALLOWED + ", 'phoneNumber', 'geoCoordinates'"
        raise InvalidInput(f"unrecognized data type of value '{self._fmt.v(value)}' - one of {allowed} expected")

    def _string_type(self, value: str) -> str:
        if _could_be_date(value) and parse_rfc3339(value) is not None:
            return self._settings.default_date
        if _could_be_uuid(value) and _is_uuid(value):
            return "uuid"
        return self._settings.default_string or "text"

    def _number_type(self, value: int | float) -> str:
        if self._json_numbers:
            return self._settings.default_number
        return "int" if isinstance(value, int) else "number"

    @staticmethod
    def _map_type(value: dict[str, Any], nested: bool) -> str:
        if not nested:
            if len(value) == 2 and value.get("latitude") is not None and value.get("longitude") is not None:
                return "geoCoordinates"
            if value.get("input") is not None and (len(value) == 1 or (len(value) == 2 and "defaultCountry" in value)):
                return "phoneNumber"
        return "object"

    # -- lists ----------------------------------------------------------------------
    def _list_type(self, values: list[Any], nested: bool) -> list[str]:
        if not values:
            return ["text[]"]
        refs: list[str] = []
        is_ref, determined = False, ""
        for index, value in enumerate(values):
            try:
                data_type, ref = self._element_type(value, nested)
            except InvalidInput as exc:
                raise InvalidInput(f"element [{index}]: {exc.message}") from None
            if index == 0:
                is_ref, determined = ref != "", data_type
            if not data_type:
                if not is_ref:
                    raise _mismatch(index, f"'{_single(determined)}' expected, got reference")
                if ref not in refs:
                    refs.append(ref)
                continue
            determined = _combine(index, determined, data_type, is_ref)
        return refs or [determined]

    def _element_type(self, value: Any, nested: bool) -> tuple[str, str]:
        """(array data type, "") or ("", referenced class)."""
        if isinstance(value, bool):
            return "boolean[]", ""
        if isinstance(value, str):
            if _could_be_date(value) and parse_rfc3339(value) is not None:
                return "date[]", ""
            if _could_be_uuid(value) and _is_uuid(value):
                return "uuid[]", ""
            return ("string[]" if self._settings.default_string == "string" else "text[]"), ""
        if isinstance(value, (int, float)):
            if self._json_numbers:
                return ("int[]" if self._settings.default_number == "int" else "number[]"), ""
            return ("int[]" if isinstance(value, int) else "number[]"), ""
        if isinstance(value, dict):
            ref = "" if nested else self._ref_class(value)
            return ("", ref) if ref else ("object[]", "")
        allowed = _ALLOWED if nested else _ALLOWED + ", 'cref'"
        raise InvalidInput(f"unrecognized data type of value '{self._fmt.v(value)}' - one of {allowed} expected")

    def _ref_class(self, value: dict[str, Any]) -> str:
        beacon = value.get("beacon")
        if not isinstance(beacon, str):
            return ""
        try:
            parsed = parse_beacon(beacon)
        except InvalidInput:
            return ""
        if parsed.class_name or self._find_object_class is None:
            return parsed.class_name
        return self._find_object_class(parsed.target_id) or ""

    # -- nested properties ----------------------------------------------------------
    def _object_properties(self, value: dict[str, Any]) -> list[dict[str, Any]]:
        out = []
        for name, item in value.items():
            try:
                out.append(self._nested_property(str(name), item))
            except InvalidInput as exc:
                raise InvalidInput(f"nested property '{name}': {exc.message}") from None
        return out

    def _nested_property(self, name: str, value: Any) -> dict[str, Any]:
        data_type = self.value_type(value, nested=True)
        prop: dict[str, Any] = {"name": name, "dataType": data_type}
        if self._now is not None:
            prop["description"] = auto_schema_description(self._now, nested=True)
        nested = self._nested_of(data_type, value)
        if nested is not None:
            prop["nestedProperties"] = nested
        return prop

    def _array_properties(self, values: list[dict[str, Any]]) -> list[dict[str, Any]]:
        """The first element's keys, then what later elements add (Weaviate's order)."""
        if not values:
            return []
        merged = self._object_properties(values[0])
        for value in values[1:]:
            for name, item in value.items():
                known = next((p for p in merged if p["name"] == name), None)
                if known is not None and not _is_nested(known["dataType"]):
                    continue  # the first element decided; this value is not even looked at
                # Weaviate does not prefix errors of later elements with "nested property".
                merged, _ = merge_nested_properties(merged, [self._nested_property(str(name), item)])
        return merged


def _combine(index: int, determined: str, data_type: str, is_ref: bool) -> str:
    """The array type so far, given the next element's type (text absorbs dates and uuids)."""
    if determined == "text[]" and data_type in ("uuid[]", "date[]"):
        return determined
    if determined in ("date[]", "uuid[]") and data_type in ("date[]", "uuid[]", "text[]") and data_type != determined:
        return "text[]"
    if is_ref:
        raise _mismatch(index, f"reference expected, got '{_single(data_type)}'")
    if data_type != determined:
        raise _mismatch(index, f"'{_single(determined)}' expected, got '{_single(data_type)}'")
    return determined


def _mismatch(index: int, detail: str) -> InvalidInput:
    return InvalidInput(f"element [{index}]: mismatched data type - {detail}")


def _single(array_type: str) -> str:
    return array_type[:-2] if array_type.endswith("[]") else array_type


def _could_be_date(text: str) -> bool:
    """Weaviate's cheap pre-check before trying to parse a date."""
    return len(text) >= 20 and text[4] == "-" and text[7] == "-" and text[10] in "Tt"


def _could_be_uuid(text: str) -> bool:
    return len(text.encode("utf-8", "surrogatepass")) in (32, 36, 38, 45)


def _is_uuid(text: str) -> bool:
    try:
        parse_uuid(text)
    except InvalidInput:
        return False
    return True
