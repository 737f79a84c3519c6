"""Weaviate's custom GraphQL scalars: vectors, where-filter values, weights.

Weaviate declares these per class (the name carries a prefix such as
``GetObjectsArticle``) so each class's types stay distinct; the literal parsing
follows adapters/handlers/graphql/local/common_filters (``graphql_types.go``,
``filters_types.go``, ``targets.go``, ``near_filters.go``). A value a scalar
cannot read raises, which graphql-core reports as an invalid argument value.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np
from graphql import (
    BooleanValueNode,
    FloatValueNode,
    GraphQLScalarType,
    IntValueNode,
    ListValueNode,
    ObjectValueNode,
    StringValueNode,
    ValueNode,
)


class LiteralError(ValueError):
    """A literal of the wrong shape for a custom scalar (reported by graphql-core)."""


# -- numbers -----------------------------------------------------------------------------
def _number(node: ValueNode) -> float:
    if isinstance(node, (IntValueNode, FloatValueNode)):
        return float(node.value)
    raise LiteralError("expected a number")


def _numbers(node: ValueNode) -> list[float]:
    if not isinstance(node, ListValueNode):
        raise LiteralError("expected a list of numbers")
    return [_number(v) for v in node.values]


def _number_value(value: Any) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise LiteralError("expected a number")
    return float(value)


# -- vectors -----------------------------------------------------------------------------
def _vector_literal(node: ValueNode) -> list[float] | list[list[float]]:
    """``[1, 2]`` is one vector, ``[[1, 2], [3, 4]]`` a multi-vector."""
    if not isinstance(node, ListValueNode):
        raise LiteralError("expected a list of numbers")
    if node.values and isinstance(node.values[0], ListValueNode):
        return [_numbers(v) for v in node.values]
    return _numbers(node)


def _vector_value(value: Any) -> Any:
    """Variables: Weaviate ignores them here; weftdb accepts the same shapes (and
    float32 arrays, the values of lifted number lists)."""
    if isinstance(value, np.ndarray):
        return value
    if not isinstance(value, list):
        raise LiteralError("expected a list of numbers")
    if value and isinstance(value[0], list):
        return [[_number_value(x) for x in row] for row in value]
    return [_number_value(x) for x in value]


def _vector_output(value: Any) -> Any:
    if isinstance(value, np.ndarray):
        return value
    return value if isinstance(value, list) else None


def vector_scalar(prefix: str) -> GraphQLScalarType:
    """``<prefix>NearVectorVectorScalar``: a vector or a multi-vector, in and out."""
    return GraphQLScalarType(
        f"{prefix}NearVectorVectorScalar",
        description="A type that can be either a regular or colbert embedding",
        coerce_output_value=_vector_output,
        coerce_input_value=_vector_value,
        coerce_input_literal=_vector_literal,
    )


# -- where-filter values ----------------------------------------------------------------------
def _one_or_list_literal(node_type: type[ValueNode], convert: Callable[[Any], Any],
                         what: str) -> Callable[[ValueNode], Any]:
    """A literal parser: one ``node_type`` value, or a list of them, each ``convert``-ed."""

    def parse(node: ValueNode) -> Any:
        if isinstance(node, node_type):
            return convert(node.value)  # type: ignore[attr-defined]
        if isinstance(node, ListValueNode) and all(isinstance(v, node_type) for v in node.values):
            return [convert(v.value) for v in node.values]  # type: ignore[attr-defined]
        raise LiteralError(f"expected {what}")

    return parse


def _one_or_list_value(kind: type, what: str) -> Callable[[Any], Any]:
    """A variable-value parser: one ``kind`` value, or a list of them."""

    def parse(value: Any) -> Any:
        if isinstance(value, kind):
            return value
        if isinstance(value, list) and all(isinstance(v, kind) for v in value):
            return list(value)
        raise LiteralError(f"expected {what}")

    return parse


_TEXTS, _INTS, _BOOLS = "a string or a list of strings", "an integer or a list of integers", "a boolean or a list of booleans"
_text_literal = _one_or_list_literal(StringValueNode, str, _TEXTS)
_text_value = _one_or_list_value(str, _TEXTS)
_int_literal = _one_or_list_literal(IntValueNode, int, _INTS)
_bool_literal = _one_or_list_literal(BooleanValueNode, bool, _BOOLS)
_bool_value = _one_or_list_value(bool, _BOOLS)


def _int_value(value: Any) -> int | list[int]:
    def one(v: Any) -> int:
        if isinstance(v, bool) or not isinstance(v, (int, float)) or float(v) != int(v):
            raise LiteralError("expected an integer")
        return int(v)

    return [one(v) for v in value] if isinstance(value, list) else one(value)


def _float_literal(node: ValueNode) -> float | list[float]:
    if isinstance(node, ListValueNode):
        return _numbers(node)
    return _number(node)


def _float_value(value: Any) -> float | list[float]:
    return [_number_value(v) for v in value] if isinstance(value, list) else _number_value(value)


def _passthrough(value: Any) -> Any:
    return value


def where_value_scalars(path: str) -> dict[str, GraphQLScalarType]:
    """The ``value*`` fields of a where filter: each takes a value or a list of them."""

    def scalar(name: str, description: str, literal: Any, value: Any) -> GraphQLScalarType:
        return GraphQLScalarType(name, description=description, coerce_output_value=_passthrough,
                                 coerce_input_value=value, coerce_input_literal=literal)

    return {
        "valueInt": scalar(f"Int{path}", "Int or Int[]", _int_literal, _int_value),
        "valueNumber": scalar(f"Float{path}", "Float or Float[]", _float_literal, _float_value),
        "valueBoolean": scalar(f"Boolean{path}", "Boolean or Boolean[]", _bool_literal, _bool_value),
        "valueString": scalar(f"TextString{path}", "String or String[]", _text_literal, _text_value),
        "valueText": scalar(f"Text{path}", "String or String[]", _text_literal, _text_value),
        "valueDate": scalar(f"TextDate{path}", "String or String[]", _text_literal, _text_value),
    }


# -- target weights and vectors per target ----------------------------------------------------
def _weights_literal(node: ValueNode) -> dict[str, float | list[float]]:
    if not isinstance(node, ObjectValueNode):
        raise LiteralError("expected an object of weights")
    out: dict[str, float | list[float]] = {}
    for field in node.fields:
        value = field.value
        out[field.name.value] = _numbers(value) if isinstance(value, ListValueNode) else _number(value)
    return out


def _weights_value(value: Any) -> dict[str, float | list[float]]:
    if not isinstance(value, dict):
        raise LiteralError("expected an object of weights")
    return {str(k): _float_value(v) for k, v in value.items()}


def weights_scalar() -> GraphQLScalarType:
    return GraphQLScalarType(
        "Weights",
        description="A custom scalar type for a map with strings as keys and floats as values",
        coerce_output_value=_passthrough,
        coerce_input_value=_weights_value,
        coerce_input_literal=_weights_literal,
    )


def _per_target_literal(node: ValueNode) -> dict[str, Any]:
    if not isinstance(node, ObjectValueNode):
        raise LiteralError("expected an object of vectors per target vector")
    return {field.name.value: _vector_literal(field.value) for field in node.fields}


def _per_target_value(value: Any) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise LiteralError("expected an object of vectors per target vector")
    return {str(k): _vector_value(v) for k, v in value.items()}


def vector_per_target_scalar() -> GraphQLScalarType:
    return GraphQLScalarType(
        "VectorPerTarget",
        description="A custom scalar type for a map with strings as keys and list of floats or "
        "list of lists of floats as values",
        coerce_output_value=_passthrough,
        coerce_input_value=_per_target_value,
        coerce_input_literal=_per_target_literal,
    )
