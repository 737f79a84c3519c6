"""Numbers as Weaviate's GraphQL answers show them.

Weaviate keeps distances, scores and vectors as float32 and JSON-encodes them
with their shortest float32 digits (``0.1``, not ``0.10000000149011612``);
``String`` fields (``score``, ``creationTimeUnix``) hold Go's ``%v`` of the value.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import orjson

from weftdb.goformat import go_float


def f32(value: float) -> float:
    """The float whose shortest repr is the float32 value's shortest digits."""
    return float(str(np.float32(value)))


def f32_list(vector: Any) -> Any:
    """A float32 vector (or multi-vector) as Python floats with float32 digits
    (orjson prints float32 arrays shortest-first, in C)."""
    array = np.asarray(vector, dtype=np.float32)
    return orjson.loads(orjson.dumps(array, option=orjson.OPT_SERIALIZE_NUMPY))


def go_v(value: Any) -> str:
    """Go's ``%v`` of a JSON scalar (numbers come from float64 in Weaviate)."""
    if value is None:
        return "<nil>"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return go_float(float(value))
    return str(value)
