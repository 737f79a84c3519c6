"""``WithinGeoRange``: coordinates per doc id, searched with a vectorised haversine.

The store keeps ``geo_<prop>``: doc id (8 bytes) -> latitude, longitude (two
float64). A numpy copy (doc ids, latitudes, longitudes) is built on first use
and follows committed writes under the same lock discipline as ``columns.py``.
Distances are great-circle meters on a sphere of radius 6371 km, as Weaviate's
geo distancer; a point is in range when its distance is at most the maximum.
"""

from __future__ import annotations

import struct
import threading
from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
from pyroaring import BitMap

from weftdb.storage.inverted import keys
from weftdb.storage.kv.port import KeyValueStore

EARTH_RADIUS_M = 6371e3
_POINT = struct.Struct(">dd")
F64 = npt.NDArray[np.float64]


def encode_point(latitude: float, longitude: float) -> bytes:
    return _POINT.pack(latitude, longitude)


@dataclass(frozen=True)
class GeoPoints:
    doc_ids: npt.NDArray[np.uint32]
    lat: F64
    lon: F64

    def within(self, latitude: float, longitude: float, max_meters: float) -> BitMap:
        if len(self.doc_ids) == 0:
            return BitMap()
        dist = haversine(np.radians(latitude), np.radians(longitude), self.lat, self.lon)
        return keys.bitmap_of(self.doc_ids[dist <= max_meters])


def haversine(lat0: float, lon0: float, lat: F64, lon: F64) -> F64:
    """Great-circle distances in meters from one point to many (radians in)."""
    a = np.sin((lat - lat0) / 2) ** 2 + np.cos(lat0) * np.cos(lat) * np.sin((lon - lon0) / 2) ** 2
    result: F64 = 2 * EARTH_RADIUS_M * np.arctan2(np.sqrt(a), np.sqrt(np.maximum(1 - a, 0.0)))
    return result


class GeoIndex:
    def __init__(self, store: KeyValueStore, bucket: str) -> None:
        self._store = store
        self._bucket = bucket
        self._lock = threading.Lock()
        self._points: GeoPoints | None = None

    def points(self) -> GeoPoints:
        current = self._points
        if current is not None:
            return current
        with self._lock:
            if self._points is None:
                self._points = self._load()
            return self._points

    def _load(self) -> GeoPoints:
        rows = list(self._store.scan(self._bucket))
        ids = np.fromiter((keys.key_u64(k) for k, _ in rows), dtype=np.uint32, count=len(rows))
        coords = np.frombuffer(b"".join(v for _, v in rows), dtype=">f8").reshape(-1, 2)
        return GeoPoints(ids, np.radians(coords[:, 0].astype(np.float64)), np.radians(coords[:, 1].astype(np.float64)))

    def apply(self, removed: Iterable[int], added: Iterable[tuple[int, float, float]]) -> None:
        with self._lock:
            current = self._points
            if current is None:
                return
            adds = list(added)
            gone = np.asarray(list(removed) + [d for d, _, _ in adds], dtype=np.uint32)
            keep = ~np.isin(current.doc_ids, gone)
            new_ids = np.asarray([d for d, _, _ in adds], dtype=np.uint32)
            new_lat = np.radians(np.asarray([a for _, a, _ in adds], dtype=np.float64))
            new_lon = np.radians(np.asarray([o for _, _, o in adds], dtype=np.float64))
            self._points = GeoPoints(
                np.concatenate([current.doc_ids[keep], new_ids]),
                np.concatenate([current.lat[keep], new_lat]),
                np.concatenate([current.lon[keep], new_lon]),
            )
