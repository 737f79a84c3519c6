"""Binary layout of object records and keys.

Keys are big-endian fixed width so byte order is numeric order. An object
record is a fixed header, the names of the vectors the object has (the vectors
themselves live in per-name buckets keyed by doc id), then the properties as
JSON (already normalised by validation, so JSON round-trips them exactly).
"""

from __future__ import annotations

import struct
import uuid as uuidlib
from dataclasses import dataclass

import numpy as np
import orjson

from weftdb.entities.objects import StoredObject, Vector
from weftdb.errors import StorageError

_HEADER = struct.Struct(">BQQQB")
_VERSION = 1


def docid_key(doc_id: int) -> bytes:
    return doc_id.to_bytes(8, "big")


def key_docid(key: bytes) -> int:
    return int.from_bytes(key, "big")


def uuid_key(value: uuidlib.UUID) -> bytes:
    return value.bytes


def vector_bucket(name: str) -> str:
    """Bucket holding one vector space, keyed by doc id (Weaviate's names)."""
    return "vectors" if name == "" else f"vectors_{name}"


def encode_vector(vector: Vector) -> bytes:
    return np.ascontiguousarray(vector, dtype="<f4").tobytes()


def decode_vector(raw: bytes) -> Vector:
    return np.frombuffer(raw, dtype="<f4")


@dataclass(slots=True)
class RecordHeader:
    doc_id: int
    creation_time_ms: int
    update_time_ms: int
    vector_names: tuple[str, ...]
    body_offset: int


def encode_record(obj: StoredObject) -> bytes:
    names = list(obj.vectors)
    parts = [_HEADER.pack(_VERSION, obj.doc_id, obj.creation_time_ms, obj.update_time_ms, len(names))]
    for name in names:
        raw = name.encode()
        parts.append(len(raw).to_bytes(2, "big") + raw)
    parts.append(orjson.dumps(obj.properties))
    return b"".join(parts)


def decode_header(raw: bytes) -> RecordHeader:
    try:
        version, doc_id, created, updated, count = _HEADER.unpack_from(raw, 0)
    except struct.error as exc:
        raise StorageError(f"corrupt object record: {exc}") from exc
    if version != _VERSION:
        raise StorageError(f"unknown object record version {version}")
    pos = _HEADER.size
    names = []
    for _ in range(count):
        size = int.from_bytes(raw[pos : pos + 2], "big")
        names.append(raw[pos + 2 : pos + 2 + size].decode())
        pos += 2 + size
    return RecordHeader(doc_id, created, updated, tuple(names), pos)


def decode_record(raw: bytes, obj_id: uuidlib.UUID, collection: str, tenant: str = "") -> tuple[StoredObject, tuple[str, ...]]:
    """The object (without vectors) and the names of the vectors it has."""
    header = decode_header(raw)
    try:
        props = orjson.loads(raw[header.body_offset :])
    except orjson.JSONDecodeError as exc:
        raise StorageError(f"corrupt object record {obj_id}: {exc}") from exc
    obj = StoredObject(
        id=obj_id,
        collection=collection,
        properties=props,
        tenant=tenant,
        creation_time_ms=header.creation_time_ms,
        update_time_ms=header.update_time_ms,
        doc_id=header.doc_id,
    )
    return obj, header.vector_names
