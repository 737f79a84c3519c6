"""Group search results by a property's value, as Weaviate does.

Both forms walk the ranked hits once, best first. For each value of the hit
(arrays: each element, in order, duplicates included) the hit joins that value's
group unless the group already holds ``objects_per_group`` hits; a value that
would open a group beyond ``number_of_groups`` ends the walk for that hit.
Groups come in the order they were opened. They differ in what a value is:

- vector searches (near_vector, near_object; adapters/repos/db/shard_group_by.go):
  the stored JSON of the value (strings unquoted but JSON-escaped, numbers as Go's
  ``encoding/json`` writes float64, booleans ``true``/``false``, objects as JSON,
  references their beacon). A missing value or an empty array is the group ``""``.
  A group's min/max distance are those of its first and last hit.
- keyword and hybrid searches (usecases/traverser/hybrid_group_by.go): only text
  values (text, date, uuid and their arrays) group; other values and missing ones
  leave the hit out. A group's min and max distance are both its first hit's.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from weftdb.entities.schema import CollectionDef, PropertyDef
from weftdb.entities.search import GroupBy, SearchGroup, SearchHit
from weftdb.errors import InvalidInput
from weftdb.goformat import go_json_string, go_json_value
from weftdb.usecases.objects.validation import ERROR_NO_SUCH_PROPERTY as NO_SUCH_PROPERTY

ValuesOf = Callable[[SearchHit], "list[str] | None"]

#: stored as strings in Weaviate's property maps (the keyword/hybrid grouping reads those)
_STRING_TYPES = frozenset({"text", "date", "uuid", "blob", "string"})


def group_property(collection: CollectionDef, group_by: GroupBy) -> PropertyDef:
    """The property to group by (Weaviate matches the part before a dot)."""
    prop = collection.prop(group_by.property.split(".")[0])
    if prop is None:
        raise InvalidInput(NO_SUCH_PROPERTY.format(group_by.property, collection.name))
    return prop


def group_vector_hits(hits: list[SearchHit], group_by: GroupBy, prop: PropertyDef) -> list[SearchGroup]:
    """Groups of a vector search (the hits' ``distance`` set)."""
    def values_of(hit: SearchHit) -> list[str] | None:
        return stored_values(hit.obj.properties.get(group_by.property), prop)

    groups = _walk(hits, group_by, values_of)
    return [_group(name, members, first_and_last=True) for name, members in groups.items()]


def group_text_hits(hits: list[SearchHit], group_by: GroupBy, prop: PropertyDef) -> list[SearchGroup]:
    """Groups of a keyword or hybrid search (distance 0 where a hit has none)."""
    def values_of(hit: SearchHit) -> list[str] | None:
        return text_values(hit.obj.properties.get(group_by.property), prop)

    groups = _walk(hits, group_by, values_of)
    return [_group(name, members, first_and_last=False) for name, members in groups.items()]


def _walk(hits: list[SearchHit], group_by: GroupBy, values_of: ValuesOf) -> dict[str, list[SearchHit]]:
    groups: dict[str, list[SearchHit]] = {}
    for hit in hits:
        values = values_of(hit)
        if not values:
            continue
        for value in values:
            current = groups.get(value)
            if len(current or ()) >= group_by.objects_per_group:
                continue
            if current is None:
                if len(groups) >= group_by.number_of_groups:
                    break
                current = groups[value] = []
            current.append(hit)
    return groups


def _group(name: str, members: list[SearchHit], first_and_last: bool) -> SearchGroup:
    hits = [SearchHit(h.obj, distance=h.distance or 0.0) for h in members]
    low = hits[0].distance or 0.0
    high = (hits[-1].distance or 0.0) if first_and_last else low
    return SearchGroup(name=name, value=name, hits=hits, min_distance=low, max_distance=high,
                       number_of_objects=len(hits))


def stored_values(value: Any, prop: PropertyDef) -> list[str]:
    """The group values of a stored property value (vector searches)."""
    items = value if isinstance(value, list) else ([] if value is None else [value])
    if not items:
        return [""]
    if prop.is_reference:
        return [str(item.get("beacon", "")) if isinstance(item, dict) else "" for item in items]
    bits = 32 if prop.primitive == "geoCoordinates" else 64
    return [go_json_string(item) if isinstance(item, str) else go_json_value(item, bits) for item in items]


def text_values(value: Any, prop: PropertyDef) -> list[str] | None:
    """The group values of a keyword/hybrid hit: strings only, else None (not grouped).
    An ``object[]`` value is an error there (its elements are not strings)."""
    if prop.primitive == "object[]" and isinstance(value, list) and value:
        raise InvalidInput(
            f"failed to extract groupBy values for property {prop.name}: "
            "array element at index 0 is not a string: map[string]interface {}"
        )
    if prop.is_reference or prop.primitive.rstrip("[]") not in _STRING_TYPES:
        return None
    if isinstance(value, str):
        return [value]
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return list(value)
    return None
