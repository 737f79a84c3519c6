"""Proto ``GroupBy`` -> ``entities.search.GroupBy`` (Weaviate's ``extractGroupBy``).

The path must name exactly one property, which must exist. Weaviate returns the
grouped-by property with every hit, so it joins the requested properties when
they name others.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from weftdb.api.grpc.targets import go_list
from weftdb.entities.schema import CollectionDef
from weftdb.entities.search import GroupBy, MetadataRequest, PropertySelection
from weftdb.errors import InvalidInput
from weftdb.usecases.search.groupby import group_property


def parse_group_by(msg: Any, collection: CollectionDef, properties: PropertySelection) -> tuple[GroupBy, PropertySelection]:
    """The grouping, and the property selection with the grouped-by property added."""
    if len(msg.path) != 1:
        raise InvalidInput(f"groupby path can only have one entry, received {go_list(msg.path)}")
    group_by = GroupBy(msg.path[0], msg.number_of_groups, msg.objects_per_group)
    prop = group_property(collection, group_by)
    names = properties.names
    if names is not None and prop.name not in names and not prop.is_reference:
        properties = replace(properties, names=(*names, prop.name))
    return group_by, properties


def group_hit_metadata(md: MetadataRequest) -> MetadataRequest:
    """A group's hits carry only their id, vectors and distance (prepare_reply.go)."""
    return MetadataRequest(uuid=md.uuid, vector=md.vector, vectors=md.vectors, distance=md.distance)
