"""The property types every transport test collection carries (one of each data type)."""

from __future__ import annotations

from typing import Any


def typed_properties(geo: str) -> list[dict[str, Any]]:
    """A property of each scalar and array type, a blob, a phone number, a geo
    coordinate named ``geo``, and references to Person and to Person or Org."""
    return [
        {"name": "title", "dataType": ["text"]},
        {"name": "tags", "dataType": ["text[]"]},
        {"name": "count", "dataType": ["int"]},
        {"name": "counts", "dataType": ["int[]"]},
        {"name": "price", "dataType": ["number"]},
        {"name": "prices", "dataType": ["number[]"]},
        {"name": "done", "dataType": ["boolean"]},
        {"name": "flags", "dataType": ["boolean[]"]},
        {"name": "when", "dataType": ["date"]},
        {"name": "whens", "dataType": ["date[]"]},
        {"name": "uid", "dataType": ["uuid"]},
        {"name": "uids", "dataType": ["uuid[]"]},
        {"name": geo, "dataType": ["geoCoordinates"]},
        {"name": "phone", "dataType": ["phoneNumber"]},
        {"name": "image", "dataType": ["blob"]},
        {"name": "author", "dataType": ["Person"]},
        {"name": "mentions", "dataType": ["Person", "Org"]},
    ]
