"""Input types of the search arguments, named and shaped as Weaviate's.

Weaviate's definitions: common_filters/near_filters.go and targets.go
(nearVector, nearObject, targets), local/get/sparse_search.go (bm25),
local/get/hybrid_search.go and local/aggregate/hybrid_search.go (hybrid),
local/get/sort_argument.go and group_by_argument.go. Types every class shares
(the fusion and combination enums, the Weights and VectorPerTarget scalars) are
made once per schema and passed in ``Shared``.
"""

from __future__ import annotations

from dataclasses import dataclass

from graphql import (
    GraphQLEnumType,
    GraphQLEnumValue,
    GraphQLFloat,
    GraphQLInputField,
    GraphQLInputObjectType,
    GraphQLInputType,
    GraphQLInt,
    GraphQLList,
    GraphQLNonNull,
    GraphQLScalarType,
    GraphQLString,
)

from weftdb.api.graphql.scalars import vector_per_target_scalar, vector_scalar, weights_scalar
from weftdb.entities.search import Combination, FusionType

#: the ``combinationMethod`` names Weaviate's GraphQL uses
COMBINATION_NAMES: dict[str, Combination] = {
    "minimum": Combination.MINIMUM,
    "average": Combination.AVERAGE,
    "sum": Combination.SUM,
    "manualWeights": Combination.MANUAL_WEIGHTS,
    "relativeScore": Combination.RELATIVE_SCORE,
}
#: the bm25 search operators (values as Weaviate keeps them)
OPERATOR_AND, OPERATOR_OR, OPERATOR_AND_CROSS = "OPERATOR_AND", "OPERATOR_OR", "OPERATOR_AND_CROSS"


@dataclass(frozen=True)
class Shared:
    """Types that exist once per schema."""

    fusion: GraphQLEnumType
    combination: GraphQLEnumType
    weights: GraphQLScalarType
    vector_per_target: GraphQLScalarType

    @classmethod
    def create(cls) -> Shared:
        fusion = GraphQLEnumType("FusionEnum", {f.value: GraphQLEnumValue(f) for f in FusionType})
        combination = GraphQLEnumType(
            "targetCombinationEnum", {name: GraphQLEnumValue(c) for name, c in COMBINATION_NAMES.items()})
        return cls(fusion, combination, weights_scalar(), vector_per_target_scalar())


def _strings() -> GraphQLList[GraphQLInputType]:
    return GraphQLList(GraphQLString)


def targets_input(prefix: str, shared: Shared) -> GraphQLInputObjectType:
    return GraphQLInputObjectType(f"{prefix}TargetInpObj", {
        "targetVectors": GraphQLInputField(_strings(), description="Target vectors"),
        "combinationMethod": GraphQLInputField(shared.combination, description="Combination method"),
        "weights": GraphQLInputField(shared.weights, description="Weights for target vectors"),
    })


def near_vector_fields(prefix: str, shared: Shared, with_targets: bool) -> dict[str, GraphQLInputField]:
    fields = {
        "vector": GraphQLInputField(vector_scalar(prefix), description="Target vector to be used in kNN search"),
        "vectorPerTarget": GraphQLInputField(shared.vector_per_target, description="Vector per target"),
        "certainty": GraphQLInputField(GraphQLFloat),
        "distance": GraphQLInputField(GraphQLFloat),
        "targetVectors": GraphQLInputField(_strings(), description="Target vectors"),
    }
    if with_targets:
        fields["targets"] = GraphQLInputField(targets_input(f"{prefix}nearVector", shared), description="Subsearch list")
    return fields


def near_vector_input(argument_prefix: str, class_name: str, shared: Shared,
                      with_targets: bool) -> GraphQLInputObjectType:
    prefix = f"{argument_prefix}{class_name}"
    return GraphQLInputObjectType(f"{prefix}NearVectorInpObj", near_vector_fields(prefix, shared, with_targets))


def near_object_input(argument_prefix: str, class_name: str, shared: Shared,
                      with_targets: bool) -> GraphQLInputObjectType:
    prefix = f"{argument_prefix}{class_name}"
    fields = {
        "id": GraphQLInputField(GraphQLString),
        "beacon": GraphQLInputField(GraphQLString),
        "certainty": GraphQLInputField(GraphQLFloat),
        "distance": GraphQLInputField(GraphQLFloat),
        "targetVectors": GraphQLInputField(_strings(), description="Target vectors"),
    }
    if with_targets:
        fields["targets"] = GraphQLInputField(targets_input(f"{prefix}nearObject", shared), description="Subsearch list")
    return GraphQLInputObjectType(f"{prefix}NearObjectInpObj", fields)


def search_operator_field(prefix: str) -> GraphQLInputField:
    name = f"{prefix}Searches"
    operator = GraphQLEnumType(f"{name}Operator", {
        "And": GraphQLEnumValue(OPERATOR_AND, description="All tokens must match"),
        "Or": GraphQLEnumValue(OPERATOR_OR, description="At least one token must match"),
        "AndCross": GraphQLEnumValue(OPERATOR_AND_CROSS, description="All tokens must match, across properties"),
    })
    return GraphQLInputField(GraphQLInputObjectType(name, {
        "operator": GraphQLInputField(operator, description="The search operator to use"),
        "minimumOrTokensMatch": GraphQLInputField(GraphQLInt, description="The minimum number of tokens that "
                                                  "should match (only for OR operator)"),
    }), description=f"The search operator to use for the {name}")


def bm25_fields(prefix: str) -> dict[str, GraphQLInputField]:
    return {
        "query": GraphQLInputField(GraphQLString, description="The query to search for"),
        "properties": GraphQLInputField(_strings(), description="The properties to search in"),
        "searchOperator": search_operator_field(prefix),
    }


def bm25_input(class_name: str) -> GraphQLInputObjectType:
    prefix = f"GetObjects{class_name}"
    return GraphQLInputObjectType(f"{prefix}HybridGetBm25InpObj", bm25_fields(prefix))


def hybrid_input(kind: str, class_name: str, shared: Shared) -> GraphQLInputObjectType:
    """``kind`` is ``Get`` or ``Aggregate``; they differ in type names and in the
    ``vector`` field (a list of floats for Get, the vector scalar for Aggregate)."""
    sub = f"{class_name}SubSearch" if kind == "Get" else f"{class_name}HybridSubSearch"
    searches = f"{sub}SearchesInpObj" if kind == "Get" else f"{sub}SearchesSearchesInpObj"
    vector: GraphQLInputType = GraphQLList(GraphQLFloat) if kind == "Get" else vector_scalar(sub)
    near_prefix = sub if kind == "Get" else f"{sub}Searches"
    fields = {
        "query": GraphQLInputField(GraphQLString, description="Query string"),
        "alpha": GraphQLInputField(GraphQLFloat, description="Search weight"),
        "maxVectorDistance": GraphQLInputField(GraphQLFloat, description="Removes all results that have a "
                                               "vector distance larger than the given value"),
        "vector": GraphQLInputField(vector, description="Vector search"),
        "properties": GraphQLInputField(_strings(), description="Which properties should be included in the "
                                        "sparse search"),
        "targetVectors": GraphQLInputField(_strings(), description="Target vectors"),
        "bm25SearchOperator": search_operator_field(sub),
        "searches": GraphQLInputField(GraphQLList(GraphQLInputObjectType(searches, {
            "nearVector": GraphQLInputField(GraphQLInputObjectType(
                f"{near_prefix}NearVectorInpObj", near_vector_fields(near_prefix, shared, kind == "Get"))),
        })), description="Subsearch list"),
    }
    if kind == "Get":
        fields["fusionType"] = GraphQLInputField(shared.fusion, description="Algorithm used for fusing results "
                                                 "from vector and keyword search")
        fields["targets"] = GraphQLInputField(targets_input(f"{sub}hybrid", shared), description="Subsearch list")
    return GraphQLInputObjectType(f"{kind}Objects{class_name}HybridInpObj", fields, description="Hybrid search")


def sort_input(class_name: str) -> GraphQLList[GraphQLInputType]:
    prefix = f"GetObjects{class_name}"
    order = GraphQLEnumType(f"{prefix}SortInpObjTypeEnum", {"asc": GraphQLEnumValue("asc"),
                                                             "desc": GraphQLEnumValue("desc")})
    return GraphQLList(GraphQLInputObjectType(f"{prefix}SortInpObj", {
        "path": GraphQLInputField(_strings(), description="Specify the path from the Objects fields to the "
                                  "property name"),
        "order": GraphQLInputField(order, description="Specify the sort order, either ascending (asc) or "
                                   "descending (desc)"),
    }))


def group_by_input(class_name: str) -> GraphQLInputObjectType:
    prefix = f"GetObjects{class_name}"
    return GraphQLInputObjectType(f"{prefix}GroupByInpObj", {
        "path": GraphQLInputField(GraphQLNonNull(_strings()), description="Property path used to group by"),
        "groups": GraphQLInputField(GraphQLNonNull(GraphQLInt), description="Number of groups"),
        "objectsPerGroup": GraphQLInputField(GraphQLNonNull(GraphQLInt), description="Number of objects per group"),
    }, description="Group search results by a property")
