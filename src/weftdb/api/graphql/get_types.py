"""The ``Get`` types of one collection, named as Weaviate names them.

Per class (local/get/class_builder*.go): an object type with a field per
property (text -> String, int -> Int, number -> Float, date and uuid -> String,
geo and phone objects, nested objects ``<Class>_<path>_object``, arrays as
lists, references as a list of the union ``<Class><Prop>Obj`` of the linked
classes and ``Beacon``) and ``_additional`` (``<Class>Additional``); the class
field takes Weaviate's arguments. Fields are thunks so classes may reference
each other.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

from graphql import (
    GraphQLArgument,
    GraphQLBoolean,
    GraphQLEnumType,
    GraphQLEnumValue,
    GraphQLField,
    GraphQLFieldResolver,
    GraphQLFloat,
    GraphQLInt,
    GraphQLList,
    GraphQLObjectType,
    GraphQLOutputType,
    GraphQLString,
    GraphQLUnionType,
)

from weftdb.api.graphql.argument_types import (
    Shared,
    bm25_input,
    group_by_input,
    hybrid_input,
    near_object_input,
    near_vector_input,
    sort_input,
)
from weftdb.api.graphql.filters import where_input
from weftdb.api.graphql.names import BEACON_TYPE, REF_CLASS_KEY, object_type_name, title
from weftdb.api.graphql.scalars import vector_scalar
from weftdb.entities.schema import CollectionDef, PropertyDef

_SCALARS: dict[str, GraphQLOutputType] = {
    "text": GraphQLString, "string": GraphQLString, "int": GraphQLInt, "number": GraphQLFloat,
    "boolean": GraphQLBoolean, "date": GraphQLString, "uuid": GraphQLString, "blob": GraphQLString,
    "blobHash": GraphQLString,
}
_GEO_FIELDS = {"latitude": GraphQLFloat, "longitude": GraphQLFloat}
_PHONE_FIELDS = {
    "input": GraphQLString, "internationalFormatted": GraphQLString, "nationalFormatted": GraphQLString,
    "national": GraphQLInt, "valid": GraphQLBoolean, "countryCode": GraphQLInt, "defaultCountry": GraphQLString,
}


def replication_enabled(collection: CollectionDef) -> bool:
    factor = (collection.definition.get("replicationConfig") or {}).get("factor") or 1
    return int(factor) > 1


class GetTypes:
    """Builds the Get object type of every collection of one schema version."""

    def __init__(self, collections: Sequence[CollectionDef], shared: Shared) -> None:
        self._collections = {c.name: c for c in collections}
        self._shared = shared
        self._beacon = GraphQLObjectType(BEACON_TYPE, {"beacon": GraphQLField(GraphQLString)})
        self.objects: dict[str, GraphQLObjectType] = {
            c.name: GraphQLObjectType(object_type_name(c.name), self._fields_thunk(c),
                                      description=c.definition.get("description"))
            for c in collections
        }

    def class_field(self, collection: CollectionDef, resolve: GraphQLFieldResolver) -> GraphQLField:
        name, shared = collection.name, self._shared
        args = {
            "after": GraphQLArgument(GraphQLString),
            "limit": GraphQLArgument(GraphQLInt),
            "offset": GraphQLArgument(GraphQLInt),
            "autocut": GraphQLArgument(GraphQLInt),
            "sort": GraphQLArgument(sort_input(name)),
            "nearVector": GraphQLArgument(near_vector_input("GetObjects", name, shared, True)),
            "nearObject": GraphQLArgument(near_object_input("GetObjects", name, shared, True)),
            "where": GraphQLArgument(where_input(f"GetObjects{name}")),
            "groupBy": GraphQLArgument(group_by_input(name)),
            "bm25": GraphQLArgument(bm25_input(name)),
            "hybrid": GraphQLArgument(hybrid_input("Get", name, shared)),
        }
        if replication_enabled(collection):
            args["consistencyLevel"] = GraphQLArgument(GraphQLEnumType(
                f"{name}ConsistencyLevelEnum", {v: GraphQLEnumValue(v) for v in ("ONE", "QUORUM", "ALL")}))
        if collection.multi_tenancy:
            args["tenant"] = GraphQLArgument(GraphQLString, description="The value by which a tenant is identified")
        return GraphQLField(GraphQLList(self.objects[name]), args=args, resolve=resolve,
                            description=collection.definition.get("description"))

    # -- properties ------------------------------------------------------------------------
    def _fields_thunk(self, collection: CollectionDef) -> Callable[[], dict[str, GraphQLField]]:
        def thunk() -> dict[str, GraphQLField]:
            fields = self._property_fields(collection)
            fields["_additional"] = GraphQLField(self._additional(collection, fields))
            return fields

        return thunk

    def _property_fields(self, collection: CollectionDef) -> dict[str, GraphQLField]:
        fields: dict[str, GraphQLField] = {}
        for prop in collection.properties:
            field = self._property_field(collection.name, prop)
            if field is not None:
                fields[prop.name] = field
        return fields

    def _property_field(self, class_name: str, prop: PropertyDef) -> GraphQLField | None:
        if prop.is_reference:
            return self._reference_field(class_name, prop)
        base, is_list = prop.primitive.removesuffix("[]"), prop.primitive.endswith("[]")
        kind: GraphQLOutputType
        if base == "object":
            if not prop.nested:
                return None  # an object without nested properties has nothing to select
            kind = nested_object(class_name, prop.name, prop.nested)
        elif base == "geoCoordinates":
            kind = GraphQLObjectType(f"{class_name}{prop.name}GeoCoordinatesObj", _leaf_fields(_GEO_FIELDS),
                                     description="GeoCoordinates as latitude and longitude in decimal form")
        elif base == "phoneNumber":
            kind = GraphQLObjectType(f"{class_name}{prop.name}PhoneNumberObj", _leaf_fields(_PHONE_FIELDS),
                                     description="PhoneNumber in various parsed formats")
        else:
            kind = _SCALARS.get(base, GraphQLString)
        return GraphQLField(GraphQLList(kind) if is_list else kind)

    def _reference_field(self, class_name: str, prop: PropertyDef) -> GraphQLField | None:
        """Links to collections that no longer exist are left out (as Weaviate)."""
        linked = [self.objects[c] for c in prop.data_type if c in self.objects]
        if not linked:
            return None
        union = GraphQLUnionType(f"{class_name}{title(prop.name)}Obj", [*linked, self._beacon],
                                 resolve_type=_resolve_reference_type)
        return GraphQLField(GraphQLList(union))

    # -- _additional -----------------------------------------------------------------------
    def _additional(self, collection: CollectionDef, properties: Mapping[str, GraphQLField]) -> GraphQLObjectType:
        name = collection.name
        fields = {
            "classification": GraphQLField(GraphQLObjectType(f"{name}AdditionalClassification", {
                "id": GraphQLField(GraphQLString), "basedOn": GraphQLField(GraphQLList(GraphQLString)),
                "scope": GraphQLField(GraphQLList(GraphQLString)),
                "classifiedFields": GraphQLField(GraphQLList(GraphQLString)),
                "completed": GraphQLField(GraphQLString)})),
            "certainty": GraphQLField(GraphQLFloat),
            "distance": GraphQLField(GraphQLFloat),
            "vector": GraphQLField(GraphQLList(GraphQLFloat)),
            "id": GraphQLField(GraphQLString, description="The UUID of a Object, assigned by its Weaviate"),
            "creationTimeUnix": GraphQLField(GraphQLString),
            "lastUpdateTimeUnix": GraphQLField(GraphQLString),
            "score": GraphQLField(GraphQLString),
            "explainScore": GraphQLField(GraphQLString),
            "queryProfile": GraphQLField(GraphQLString),
            "group": GraphQLField(self._group(name, properties)),
        }
        if collection.named_vectors:
            fields["vectors"] = GraphQLField(GraphQLObjectType(f"{name}AdditionalVectors", {
                v: GraphQLField(vector_scalar(f"{name}{v}")) for v in collection.named_vectors}))
        if replication_enabled(collection):
            fields["isConsistent"] = GraphQLField(GraphQLBoolean)
        return GraphQLObjectType(f"{name}Additional", fields)

    @staticmethod
    def _group(name: str, properties: Mapping[str, GraphQLField]) -> GraphQLObjectType:
        hit_additional = GraphQLObjectType(f"{name}AdditionalGroupHitsAdditional", {
            "id": GraphQLField(GraphQLString), "vector": GraphQLField(GraphQLList(GraphQLFloat)),
            "distance": GraphQLField(GraphQLFloat)})
        hits = GraphQLObjectType(f"{name}AdditionalGroupHits",
                                 {"_additional": GraphQLField(hit_additional), **properties})
        grouped_by = GraphQLObjectType(f"{name}AdditionalGroupGroupedBy", {
            "path": GraphQLField(GraphQLList(GraphQLString)), "value": GraphQLField(GraphQLString)})
        return GraphQLObjectType(f"{name}AdditionalGroup", {
            "id": GraphQLField(GraphQLInt), "groupedBy": GraphQLField(grouped_by),
            "minDistance": GraphQLField(GraphQLFloat), "maxDistance": GraphQLField(GraphQLFloat),
            "count": GraphQLField(GraphQLInt), "hits": GraphQLField(GraphQLList(hits))})


def nested_object(class_name: str, path: str, nested: Sequence[PropertyDef]) -> GraphQLObjectType:
    """``<Class>_<path>_object``; deeper objects extend the path with ``_<name>``."""
    fields: dict[str, GraphQLField] = {}
    for prop in nested:
        base, is_list = prop.primitive.removesuffix("[]"), prop.primitive.endswith("[]")
        kind: GraphQLOutputType
        if base == "object" and not prop.nested:
            continue
        if base == "object":
            kind = nested_object(class_name, f"{path}_{prop.name}", prop.nested)
        else:
            kind = _SCALARS.get(base, GraphQLString)
        fields[prop.name] = GraphQLField(GraphQLList(kind) if is_list else kind)
    return GraphQLObjectType(f"{class_name}_{path}_object", fields)


def _leaf_fields(kinds: Mapping[str, GraphQLOutputType]) -> dict[str, GraphQLField]:
    return {name: GraphQLField(kind) for name, kind in kinds.items()}


def _resolve_reference_type(value: Any, info: Any, abstract_type: Any) -> str:
    return object_type_name(value[REF_CLASS_KEY]) if isinstance(value, dict) and REF_CLASS_KEY in value \
        else BEACON_TYPE
