"""Group-by for aggregations (adapters/repos/db/aggregator/grouper.go).

Every value of the grouped-by property makes a group (each element of an array,
each beacon of a reference); an object is counted once per group. Values are
what Go decodes from the stored JSON: text, booleans, and numbers as float64
(so an int property groups by floats). The groups with the most objects are
kept, up to ``limit`` (default 100); ties keep the order in which the values
were first seen (Go's map order decides there).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from weftdb.errors import InvalidInput

DEFAULT_GROUP_LIMIT = 100

GroupKey = str | float | bool


def group_rows(
    rows: Sequence[Mapping[str, Any]], prop: str, limit: int | None
) -> list[tuple[GroupKey, list[int]]]:
    """(value, positions of the rows in the group), largest groups first."""
    members: dict[tuple[type, GroupKey], list[int]] = {}
    for pos, row in enumerate(rows):
        for key in dict.fromkeys(_keys(row.get(prop), prop)):
            members.setdefault(key, []).append(pos)
    ranked = sorted(members.items(), key=lambda item: -len(item[1]))
    keep = max(DEFAULT_GROUP_LIMIT if limit is None else limit, 1)
    return [(key[1], positions) for key, positions in ranked[:keep]]


def _keys(value: Any, prop: str) -> list[tuple[type, GroupKey]]:
    if value is None:
        return []
    items = value if isinstance(value, list) else [value]
    return [_key(item, prop) for item in items if item is not None]


def _key(item: Any, prop: str) -> tuple[type, GroupKey]:
    """Typed keys, so ``True`` and ``1.0`` stay different groups (as in Go)."""
    if isinstance(item, bool):
        return bool, item
    if isinstance(item, (int, float)):
        return float, float(item)
    if isinstance(item, str):
        return str, item
    if isinstance(item, Mapping) and isinstance(item.get("beacon"), str):
        return str, item["beacon"]
    raise InvalidInput(f"cannot group by property {prop}: its values are not text, numbers or booleans")
