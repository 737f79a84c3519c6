"""The ``Aggregate`` types of one collection, named as Weaviate names them.

Per class (local/aggregate/aggregate.go, properties.go): ``Aggregate<Class>``
with ``meta { count }``, ``groupedBy { path value }`` and one object per
aggregatable property, whose fields depend on the data type (numbers, dates,
booleans, text, references). Geo coordinates, phone numbers, uuids and objects
cannot be aggregated and have no field.
"""

from __future__ import annotations

from collections.abc import Mapping

from graphql import (
    GraphQLArgument,
    GraphQLField,
    GraphQLFieldResolver,
    GraphQLFloat,
    GraphQLInt,
    GraphQLList,
    GraphQLObjectType,
    GraphQLOutputType,
    GraphQLString,
)

from weftdb.api.graphql.argument_types import Shared, hybrid_input, near_object_input, near_vector_input
from weftdb.api.graphql.filters import where_input
from weftdb.entities.schema import CollectionDef, PropertyDef

_NUMERIC: dict[str, GraphQLOutputType] = {"sum": GraphQLFloat, "minimum": GraphQLFloat, "maximum": GraphQLFloat, "mean": GraphQLFloat,
            "mode": GraphQLFloat, "median": GraphQLFloat, "count": GraphQLInt, "type": GraphQLString}
_DATE: dict[str, GraphQLOutputType] = {"count": GraphQLInt, "minimum": GraphQLString, "maximum": GraphQLString, "mode": GraphQLString,
         "median": GraphQLString}
_BOOLEAN: dict[str, GraphQLOutputType] = {"count": GraphQLInt, "totalTrue": GraphQLInt, "percentageTrue": GraphQLFloat,
            "totalFalse": GraphQLInt, "percentageFalse": GraphQLFloat, "type": GraphQLString}
_REFERENCE: dict[str, GraphQLOutputType] = {"type": GraphQLString, "pointingTo": GraphQLList(GraphQLString)}
_FAMILIES = {
    "int": _NUMERIC, "int[]": _NUMERIC, "number": _NUMERIC, "number[]": _NUMERIC,
    "date": _DATE, "date[]": _DATE, "boolean": _BOOLEAN, "boolean[]": _BOOLEAN,
}
_TEXT_TYPES = frozenset({"text", "text[]", "string", "string[]", "blob"})


def aggregate_class_field(collection: CollectionDef, shared: Shared, resolve: GraphQLFieldResolver) -> GraphQLField:
    name = collection.name
    args = {
        "limit": GraphQLArgument(GraphQLInt),
        "where": GraphQLArgument(where_input(f"AggregateObjects{name}")),
        "groupBy": GraphQLArgument(GraphQLList(GraphQLString)),
        "nearVector": GraphQLArgument(near_vector_input("AggregateObjects", name, shared, False)),
        "nearObject": GraphQLArgument(near_object_input("AggregateObjects", name, shared, False)),
        "objectLimit": GraphQLArgument(GraphQLInt),
        "hybrid": GraphQLArgument(hybrid_input("Aggregate", name, shared)),
    }
    if collection.multi_tenancy:
        args["tenant"] = GraphQLArgument(GraphQLString, description="The value by which a tenant is identified")
    return GraphQLField(GraphQLList(_class_object(collection)), args=args, resolve=resolve,
                        description=collection.definition.get("description"))


def _class_object(collection: CollectionDef) -> GraphQLObjectType:
    name = collection.name
    fields: dict[str, GraphQLField] = {}
    for prop in collection.properties:
        kind = _property_type(name, prop)
        if kind is not None:
            fields[prop.name] = GraphQLField(kind, description=f'Aggregate this property "{prop.name}"')
    fields["meta"] = GraphQLField(GraphQLObjectType(f"Aggregate{name}MetaObject", {"count": GraphQLField(GraphQLInt)}))
    fields["groupedBy"] = GraphQLField(GraphQLObjectType(f"Aggregate{name}GroupedByObj", {
        "path": GraphQLField(GraphQLList(GraphQLString)), "value": GraphQLField(GraphQLString)}))
    return GraphQLObjectType(f"Aggregate{name}", fields, description=collection.definition.get("description"))


def _property_type(class_name: str, prop: PropertyDef) -> GraphQLOutputType | None:
    type_name = f"Aggregate{class_name}{prop.name}Obj"
    if prop.is_reference:
        return _object(type_name, _REFERENCE)
    family = _FAMILIES.get(prop.primitive)
    if family is not None:
        return _object(type_name, family)
    if prop.primitive in _TEXT_TYPES:
        top = GraphQLObjectType(f"Aggregate{class_name}{prop.name}TopOccurrencesObj", {
            "value": GraphQLField(GraphQLString), "occurs": GraphQLField(GraphQLInt)})
        return GraphQLObjectType(type_name, {
            "count": GraphQLField(GraphQLInt),
            "type": GraphQLField(GraphQLString),
            "topOccurrences": GraphQLField(GraphQLList(top), args={"limit": GraphQLArgument(GraphQLInt)}),
        })
    return None


def _object(name: str, fields: Mapping[str, GraphQLOutputType]) -> GraphQLObjectType:
    return GraphQLObjectType(name, {field: GraphQLField(kind) for field, kind in fields.items()})
