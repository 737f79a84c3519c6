"""Properties in a class update: only descriptions (and new module configs) may change.

Source: usecases/schema/parser.go validatePropertiesForUpdate,
validatePropertyForUpdate, propertyAsMap.
"""

from __future__ import annotations

import json
from typing import Any

from weftdb.errors import InvalidInput
from weftdb.goformat import go_quote

PROPERTIES_UPDATED = (
    "property fields other than description cannot be updated through updating the class. "
    'Use the add property feature (e.g. "POST /v1/schema/{className}/properties") to add '
    "additional properties"
)


def validate_properties_update(existing: list[Any], new: list[Any]) -> None:
    if len(existing) != len(new):
        raise InvalidInput(PROPERTIES_UPDATED)
    pairs = zip(_by_name(existing), _by_name(new), strict=True)
    for before, after in pairs:
        if before is None or after is None:
            continue
        try:
            _validate_one(before, after)
        except InvalidInput as err:
            raise InvalidInput(f"property {go_quote(before.get('name', ''))}: {err.message}") \
                from None


def _by_name(props: list[Any]) -> list[Any]:
    return sorted(props, key=lambda prop: (prop or {}).get("name", ""))


def _validate_one(before: dict[str, Any], after: dict[str, Any]) -> None:
    old_modules = before.get("moduleConfig")
    new_modules = after.get("moduleConfig")
    if isinstance(old_modules, dict):
        new_map = new_modules if isinstance(new_modules, dict) else {}
        for module, config in old_modules.items():
            if module not in new_map:
                raise InvalidInput(f"module {go_quote(module)} configuration was removed")
            if _as_json(config) != _as_json(new_map[module]):
                raise InvalidInput(f"module {go_quote(module)} configuration cannot be updated")
    if _comparable(before) != _comparable(after):
        raise InvalidInput(PROPERTIES_UPDATED)


def _comparable(prop: dict[str, Any]) -> dict[str, Any]:
    """propertyAsMap without description and moduleConfig (nested: without description)."""
    out = {key: value for key, value in prop.items() if key not in ("description", "moduleConfig")}
    out["nestedProperties"] = [_comparable(nested or {})
                               for nested in prop.get("nestedProperties") or []]
    return out


def _as_json(value: Any) -> Any:
    return json.loads(json.dumps(value))
