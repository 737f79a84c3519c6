"""``BatchObjectsRequest`` -> ``ObjectInput`` list; ``BatchDeleteRequest`` and the replies.

Properties arrive split by kind (a ``google.protobuf.Struct`` plus typed arrays,
nested objects and references); they are joined into the JSON-like dict the
REST API takes, so validation sees one shape. Struct numbers are floats:
validation decides whether a whole float is an int. A malformed object (bad
vector bytes, reference to an unknown property) fails alone, with its index.
"""

from __future__ import annotations

import struct
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from weaviate.proto.v1 import base_pb2, batch_delete_pb2, batch_pb2

from weftdb.api.grpc.filters import FindCollection
from weftdb.entities.objects import BatchDeleteOutcome, BatchItemResult, ObjectInput
from weftdb.entities.schema import CollectionDef
from weftdb.errors import InvalidInput, NotImplementedYet, WeftError
from weftdb.usecases.objects.validation import ERROR_NO_SUCH_PROPERTY as NO_SUCH_PROPERTY

BEACON_PREFIX = "weaviate://localhost/"
_MULTI = base_pb2.Vectors.VECTOR_TYPE_MULTI_FP32


@dataclass(slots=True)
class ParsedBatch:
    """The objects that parsed, their positions in the request, and the ones that did not."""

    inputs: list[ObjectInput] = field(default_factory=list)
    positions: list[int] = field(default_factory=list)
    errors: dict[int, str] = field(default_factory=dict)


def parse_batch_objects(req: Any, find: FindCollection) -> ParsedBatch:
    parsed = ParsedBatch()
    for pos, obj in enumerate(req.objects):
        try:
            inp = parse_batch_object(obj, find)
        except WeftError as exc:
            parsed.errors[pos] = exc.message
            continue
        parsed.inputs.append(inp)
        parsed.positions.append(pos)
    return parsed


def parse_batch_object(obj: Any, find: FindCollection) -> ObjectInput:
    if not obj.uuid:
        raise InvalidInput("invalid UUID length: 0")
    props: dict[str, Any] | None = None
    if obj.HasField("properties"):
        props = properties_dict(obj.properties)
        collection = find(obj.collection) if obj.collection else None
        if collection is not None:
            _add_references(obj.properties, collection, props)
    return ObjectInput(
        collection=obj.collection,
        id=obj.uuid,
        properties=props,
        vector=_legacy_vector(obj),
        vectors=_named_vectors(obj.vectors) if len(obj.vectors) else None,
        tenant=obj.tenant,
        json_numbers=False,
    )


def properties_dict(msg: Any) -> dict[str, Any]:
    """Join the typed parts of a (nested) properties message into one dict."""
    props = struct_dict(msg.non_ref_properties) if msg.HasField("non_ref_properties") else {}
    for p in msg.boolean_array_properties:
        props[p.prop_name] = list(p.values)
    for p in msg.text_array_properties:
        props[p.prop_name] = list(p.values)
    for p in msg.int_array_properties:
        props[p.prop_name] = list(p.values)
    for p in msg.number_array_properties:
        props[p.prop_name] = _float64s(p.values_bytes, p.prop_name) if p.values_bytes else list(p.values)
    for p in msg.object_properties:
        props[p.prop_name] = properties_dict(p.value)
    for p in msg.object_array_properties:
        props[p.prop_name] = [properties_dict(v) for v in p.values]
    for name in msg.empty_list_props:
        props[name] = []
    return props


def struct_dict(msg: Any) -> dict[str, Any]:
    return {key: _struct_value(value) for key, value in msg.fields.items()}


def _struct_value(value: Any) -> Any:
    kind = value.WhichOneof("kind")
    if kind == "string_value":
        return value.string_value
    if kind == "number_value":
        return value.number_value
    if kind == "bool_value":
        return value.bool_value
    if kind == "struct_value":
        return struct_dict(value.struct_value)
    if kind == "list_value":
        return [_struct_value(v) for v in value.list_value.values]
    return None


def _float64s(raw: bytes, name: str) -> list[float]:
    if len(raw) % 8:
        raise InvalidInput(f"property {name}: number array bytes must be a multiple of 8 long, got {len(raw)}")
    return list(struct.unpack(f"<{len(raw) // 8}d", raw))


def _add_references(msg: Any, collection: CollectionDef, props: dict[str, Any]) -> None:
    for ref in msg.single_target_ref_props:
        prop = collection.prop(ref.prop_name)
        if prop is None:
            raise InvalidInput(NO_SUCH_PROPERTY.format(ref.prop_name, collection.name))
        if len(prop.data_type) > 1:
            raise InvalidInput(f"target is a multi-target reference, need single target [{' '.join(prop.data_type)}]")
        props[ref.prop_name] = _beacons(prop.data_type[0], ref.uuids)
    for ref in msg.multi_target_ref_props:
        prop = collection.prop(ref.prop_name)
        if prop is None:
            raise InvalidInput(NO_SUCH_PROPERTY.format(ref.prop_name, collection.name))
        if len(prop.data_type) < 2:
            raise InvalidInput(f"target is a single-target reference, need multi-target [{' '.join(prop.data_type)}]")
        target = ref.target_collection[:1].upper() + ref.target_collection[1:]
        props.setdefault(ref.prop_name, []).extend(_beacons(target, ref.uuids))


def _beacons(target: str, uuids: Any) -> list[dict[str, str]]:
    return [{"beacon": f"{BEACON_PREFIX}{target}/{u}"} for u in uuids]


def _legacy_vector(obj: Any) -> Any:
    if obj.vector_bytes:
        return float32s(obj.vector_bytes, "vector")
    if len(obj.vector):
        return np.asarray(obj.vector, dtype=np.float32)
    return None


def _named_vectors(vectors: Any) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for vec in vectors:
        if vec.type == _MULTI:
            raise NotImplementedYet(f"multi-vector values for vector {vec.name} are not implemented yet")
        out[vec.name] = float32s(vec.vector_bytes, vec.name)
    return out


def float32s(raw: bytes, name: str) -> Any:
    """Little-endian float32 bytes -> a (read-only) numpy float32 array."""
    if len(raw) % 4:
        raise InvalidInput(f"vector {name}: vector bytes must be a multiple of 4 long, got {len(raw)}")
    return np.frombuffer(raw, dtype="<f4")


def batch_objects_reply(parsed: ParsedBatch, results: list[BatchItemResult], took: float) -> Any:
    errors = dict(parsed.errors)
    for pos, result in zip(parsed.positions, results, strict=True):
        if result.error is not None:
            errors[pos] = result.error
    reply = batch_pb2.BatchObjectsReply(took=took)
    for pos in sorted(errors):
        reply.errors.add(index=pos, error=errors[pos])
    return reply


def batch_delete_reply(outcome: BatchDeleteOutcome, verbose: bool, took: float) -> Any:
    reply = batch_delete_pb2.BatchDeleteReply(
        took=took, failed=outcome.failed, matches=outcome.matches, successful=outcome.successful
    )
    if verbose:
        add = reply.objects.add
        for result in outcome.objects:
            add(uuid=result.id.bytes, successful=result.error is None, error=result.error or "")
    return reply
