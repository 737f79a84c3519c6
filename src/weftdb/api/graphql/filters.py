"""The ``where`` argument: its GraphQL input type and its conversion to a Filter.

Weaviate builds one recursive input type per class and query kind
(``GetObjects<Class>WhereInpObj``, common_filters/filters.go) whose ``value*``
fields take a value or a list of values; a list becomes the matching
``value*Array`` of the REST model (parse_filters_into_ast.go), so the REST parser
does the rest.
"""

from __future__ import annotations

from typing import Any

from graphql import (
    GraphQLEnumType,
    GraphQLEnumValue,
    GraphQLFloat,
    GraphQLInputField,
    GraphQLInputObjectType,
    GraphQLList,
    GraphQLNonNull,
    GraphQLString,
)

from weftdb.api.graphql.scalars import where_value_scalars
from weftdb.api.rest.where import parse_where
from weftdb.entities.filters import Filter, Operator

#: value fields that turn into ``<field>Array`` when a list is given
_ARRAY_FIELDS = ("valueInt", "valueNumber", "valueBoolean", "valueString", "valueText", "valueDate")


def where_input(path: str) -> GraphQLInputObjectType:
    """``<path>WhereInpObj`` (e.g. path ``GetObjectsArticle``), operands recursive."""
    operator = GraphQLEnumType(
        f"{path}WhereOperatorEnum",
        {op.value: GraphQLEnumValue(op.value) for op in Operator},
        description="Enumeration object for the 'where' filter",
    )
    values = where_value_scalars(path)
    fields: dict[str, GraphQLInputField] = {
        "operator": GraphQLInputField(operator),
        "path": GraphQLInputField(GraphQLList(GraphQLString)),
        **{name: GraphQLInputField(scalar) for name, scalar in values.items()},
        "valueGeoRange": GraphQLInputField(_geo_range(path)),
    }
    operands = GraphQLInputObjectType(f"{path}WhereOperandsInpObj", lambda: fields)
    fields["operands"] = GraphQLInputField(GraphQLList(operands))
    return GraphQLInputObjectType(f"{path}WhereInpObj", lambda: fields,
                                  description="An object containing filter options for a local Get query")


def _geo_range(path: str) -> GraphQLInputObjectType:
    coordinates = GraphQLInputObjectType(f"{path}WhereGeoRangeGeoCoordinatesInpObj", {
        "latitude": GraphQLInputField(GraphQLNonNull(GraphQLFloat)),
        "longitude": GraphQLInputField(GraphQLNonNull(GraphQLFloat)),
    })
    distance = GraphQLInputObjectType(f"{path}WhereGeoRangeDistanceInpObj", {
        "max": GraphQLInputField(GraphQLNonNull(GraphQLFloat)),
    })
    return GraphQLInputObjectType(f"{path}WhereGeoRangeInpObj", {
        "geoCoordinates": GraphQLInputField(GraphQLNonNull(coordinates)),
        "distance": GraphQLInputField(GraphQLNonNull(distance)),
    })


def rest_where(where: dict[str, Any]) -> dict[str, Any]:
    """The coerced GraphQL argument as the REST WhereFilter JSON."""
    out: dict[str, Any] = {}
    for key, value in where.items():
        if value is None:
            continue
        if key == "operands":
            out[key] = [rest_where(o) for o in value]
        elif key in _ARRAY_FIELDS and isinstance(value, list):
            out[f"{key}Array"] = value
        else:
            out[key] = value
    return out


def parse_graphql_where(where: dict[str, Any]) -> Filter:
    return parse_where(rest_where(where))
