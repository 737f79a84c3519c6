"""Parsing, validation and update rules of one vector index config (hnsw, flat, dynamic).

Mirrors entities/vectorindex/{config.go, hnsw/*.go, flat/config.go,
dynamic/config.go} and the update checks in adapters/repos/db/vector/{hnsw/
config_update.go, flat/index.go, dynamic/config.go}. A parsed config is the
complete typed config in its rendered (JSON) form, every default filled.
Errors are raised as InvalidInput carrying Weaviate's unwrapped message;
callers add Weaviate's prefixes.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from weftdb.errors import InvalidInput
from weftdb.goformat import INT64_MAX, INT64_MIN, go_quote, go_value, wrap_int16, wrap_uint64

from .defaults import (
    VECTOR_INDEX_DROPPED,
    VECTOR_INDEX_DYNAMIC,
    VECTOR_INDEX_FLAT,
    VECTOR_INDEX_HFRESH,
    VECTOR_INDEX_HNSW,
    dynamic_defaults,
    flat_defaults,
    hnsw_defaults,
)

DISTANCES = ("cosine", "dot", "l2-squared", "manhattan", "hamming")
HFRESH_DISABLED = "the hfresh index is available only in experimental mode"
_HNSW_INTS = (
    "maxConnections", "cleanupIntervalSeconds", "efConstruction", "ef", "dynamicEfFactor",
    "dynamicEfMax", "dynamicEfMin", "vectorCacheMaxObjects", "flatSearchCutoff",
)


def optional_int(raw: dict[str, Any], key: str) -> int | None:
    """entities/vectorindex/common/config.go OptionalIntFromMap (json.Number input)."""
    if key not in raw:
        return None
    value = raw[key]
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return 0
    if isinstance(value, float):
        raise InvalidInput(
            f"json.Number to int64 for {go_quote(key)}: strconv.ParseInt: "
            f"parsing {go_quote(repr(value))}: invalid syntax"
        )
    if not INT64_MIN <= value <= INT64_MAX:
        return INT64_MAX
    return int(value)


def _set_int(raw: dict[str, Any], key: str, cfg: dict[str, Any], target: str = "") -> None:
    value = optional_int(raw, key)
    if value is not None:
        cfg[target or key] = value


def _set_typed(raw: dict[str, Any], key: str, cfg: dict[str, Any], kind: type) -> None:
    value = raw.get(key)
    if isinstance(value, kind):
        cfg[key] = value


def _section(raw: dict[str, Any], key: str) -> dict[str, Any] | None:
    value = raw.get(key)
    return value if isinstance(value, dict) else None


def parse_hnsw(raw: Any, is_multi_vector: bool) -> dict[str, Any]:
    """hnsw.ParseAndValidateConfig."""
    cfg = hnsw_defaults()
    if raw is None:
        return cfg
    if not isinstance(raw, dict):
        raise InvalidInput("input must be a non-nil map")
    for key in _HNSW_INTS:
        _set_int(raw, key, cfg)
    _set_typed(raw, "skip", cfg, bool)
    _set_typed(raw, "distance", cfg, str)
    _parse_pq(raw, cfg["pq"])
    _parse_flags(_section(raw, "bq"), cfg["bq"], ())
    _parse_flags(_section(raw, "sq"), cfg["sq"], ("trainingLimit", "rescoreLimit"))
    _parse_hnsw_rq(_section(raw, "rq"), cfg["rq"])
    _set_typed(raw, "filterStrategy", cfg, str)
    _parse_multivector(_section(raw, "multivector"), cfg["multivector"], is_multi_vector)
    _set_typed(raw, "skipDefaultQuantization", cfg, bool)
    _set_typed(raw, "trackDefaultQuantization", cfg, bool)
    _validate_hnsw(cfg)
    return cfg


def _parse_flags(section: dict[str, Any] | None, cfg: dict[str, Any], ints: tuple[str, ...]) -> None:
    if section is None:
        return
    _set_typed(section, "enabled", cfg, bool)
    for key in ints:
        _set_int(section, key, cfg)


def _parse_pq(raw: dict[str, Any], pq: dict[str, Any]) -> None:
    section = _section(raw, "pq")
    if section is None:
        return
    _set_typed(section, "enabled", pq, bool)
    _set_typed(section, "bitCompression", pq, bool)
    for key in ("segments", "centroids", "trainingLimit"):
        _set_int(section, key, pq)
    encoder = _section(section, "encoder")
    if encoder is None:
        return
    if isinstance(encoder.get("type"), str):
        pq["encoder"]["type"] = _valid_encoder(encoder["type"])
    if isinstance(encoder.get("distribution"), str):
        pq["encoder"]["distribution"] = _valid_distribution(encoder["distribution"])


def _valid_encoder(value: str) -> str:
    if value not in ("kmeans", "tile"):
        raise InvalidInput(f"invalid encoder type {value}")
    return value


def _valid_distribution(value: str) -> str:
    if value not in ("log-normal", "normal"):
        raise InvalidInput(f"invalid encoder distribution {value}")
    return value


def _parse_hnsw_rq(section: dict[str, Any] | None, rq: dict[str, Any]) -> None:
    if section is None:
        return
    _set_typed(section, "enabled", rq, bool)
    bits = optional_int(section, "bits")
    if bits is not None:
        rq["bits"] = wrap_int16(bits)
    _set_int(section, "rescoreLimit", rq)
    if rq["bits"] == 1 and section.get("rescoreLimit") is None:
        rq["rescoreLimit"] = 512


def _parse_multivector(section: dict[str, Any] | None, cfg: dict[str, Any], is_multi: bool) -> None:
    if section is None:
        return
    if isinstance(section.get("enabled"), bool):
        cfg["enabled"] = True if is_multi else section["enabled"]
    muvera = _section(section, "muvera")
    if muvera is None:
        return
    _set_typed(muvera, "enabled", cfg["muvera"], bool)
    for key in ("ksim", "dprojections", "repetitions"):
        _set_int(muvera, key, cfg["muvera"])
    _set_typed(section, "aggregation", cfg, str)


def _validate_hnsw(cfg: dict[str, Any]) -> None:
    problems = []
    if cfg["maxConnections"] < 4:
        problems.append("maxConnections must be a positive integer with a minimum of 4")
    if cfg["maxConnections"] > 2047:
        problems.append("maxConnections must be less than 2048")
    if cfg["efConstruction"] < 4:
        problems.append("efConstruction must be a positive integer with a minimum of 4")
    if cfg["filterStrategy"] not in ("sweeping", "acorn"):
        problems.append("filterStrategy must be either 'sweeping' or 'acorn'")
    if problems:
        raise InvalidInput("invalid hnsw config: " + ", ".join(problems))
    if sum(cfg[name]["enabled"] for name in ("pq", "bq", "sq", "rq")) > 1:
        raise InvalidInput("invalid hnsw config: more than a single compression methods enabled")
    pq = cfg["pq"]
    if pq["enabled"]:
        if pq["segments"] < 0:
            raise InvalidInput("pq segments must be non-negative")
        _valid_encoder(pq["encoder"]["type"])
        _valid_distribution(pq["encoder"].get("distribution", ""))
    if cfg["rq"]["enabled"] and cfg["rq"]["bits"] not in (8, 4, 1):
        raise InvalidInput("RQ bits must be 8, 4 or 1")
    muvera = cfg["multivector"]["muvera"]
    if muvera["enabled"] and muvera["ksim"] > 10:
        raise InvalidInput("invalid hnsw config: ksim must be at most 10")


def parse_flat(raw: Any) -> dict[str, Any]:
    """flat.ParseAndValidateConfig."""
    cfg = flat_defaults()
    if raw is None:
        return cfg
    if not isinstance(raw, dict):
        raise InvalidInput("input must be a non-nil map")
    _set_typed(raw, "distance", cfg, str)
    _set_int(raw, "vectorCacheMaxObjects", cfg)
    _set_typed(raw, "skipDefaultQuantization", cfg, bool)
    _set_typed(raw, "trackDefaultQuantization", cfg, bool)
    if any(key in raw for key in ("pq", "bq", "sq", "rq")):
        for key in ("pq", "bq", "sq", "rq"):
            _parse_flat_compression(_section(raw, key), cfg[key])
        _validate_flat_compression(cfg)
    if not cfg["rq"]["bits"]:
        del cfg["rq"]["bits"]  # `json:"bits,omitempty"`
    return cfg


def _parse_flat_compression(section: dict[str, Any] | None, cfg: dict[str, Any]) -> None:
    if section is None:
        return
    _set_typed(section, "enabled", cfg, bool)
    _set_typed(section, "cache", cfg, bool)
    _set_int(section, "rescoreLimit", cfg)
    if "bits" in cfg:
        _set_int(section, "bits", cfg)


def _validate_flat_compression(cfg: dict[str, Any]) -> None:
    for key in ("pq", "bq", "sq", "rq"):
        if cfg[key]["cache"] and not cfg[key]["enabled"]:
            raise InvalidInput("not possible to use the cache without compression")
    rq = cfg["rq"]
    if rq["enabled"] and rq["bits"] not in (1, 8):
        raise InvalidInput("RQ bits must be either 1 or 8")
    if sum(cfg[key]["enabled"] for key in ("pq", "bq", "sq", "rq")) > 1:
        raise InvalidInput("cannot enable multiple quantization methods at the same time")
    if cfg["pq"]["enabled"]:
        raise InvalidInput("PQ is not currently supported for flat indices")
    if cfg["sq"]["enabled"]:
        raise InvalidInput("SQ is not currently supported for flat indices")


def parse_dynamic(raw: Any, is_multi_vector: bool) -> dict[str, Any]:
    """dynamic.ParseAndValidateConfig."""
    cfg = dynamic_defaults()
    if raw is None:
        return cfg
    if not isinstance(raw, dict):
        raise InvalidInput("input must be a non-nil map")
    _set_typed(raw, "distance", cfg, str)
    threshold = optional_int(raw, "threshold")
    if threshold is not None:
        cfg["threshold"] = wrap_uint64(threshold)
    if raw.get("hnsw") is not None:
        cfg["hnsw"] = parse_hnsw(raw["hnsw"], is_multi_vector)
        if cfg["hnsw"]["multivector"]["enabled"]:
            raise InvalidInput("multi vector index is not supported for dynamic index")
    if raw.get("flat") is not None:
        cfg["flat"] = parse_flat(raw["flat"])
    return cfg


def parse_index_config(index_type: str, raw: Any, is_multi_vector: bool) -> dict[str, Any]:
    """usecases/schema/parser.go parseGivenVectorIndexConfig (messages already prefixed)."""
    prefix = "parse vector index config: "
    if index_type == VECTOR_INDEX_DROPPED:
        raise InvalidInput(prefix + f"{go_quote(index_type)} is not a valid vector index type; "
                           "it is an internal sentinel for dropped indexes")
    if index_type not in (VECTOR_INDEX_HNSW, VECTOR_INDEX_FLAT, VECTOR_INDEX_DYNAMIC,
                          VECTOR_INDEX_HFRESH):
        raise InvalidInput(prefix + f"unsupported vector index type: {go_quote(index_type)}")
    if index_type != VECTOR_INDEX_HNSW and is_multi_vector:
        raise InvalidInput(prefix + "multi vector index is not supported for vector index "
                           f"type: {go_quote(index_type)}, only supported type is hnsw")
    try:
        return _parse_by_type(index_type, raw, is_multi_vector)
    except InvalidInput as err:
        raise InvalidInput(prefix + err.message) from None


def _parse_by_type(index_type: str, raw: Any, is_multi_vector: bool) -> dict[str, Any]:
    if index_type == VECTOR_INDEX_FLAT:
        return parse_flat(raw)
    if index_type == VECTOR_INDEX_DYNAMIC:
        return parse_dynamic(raw, is_multi_vector)
    if index_type == VECTOR_INDEX_HFRESH:
        raise InvalidInput(HFRESH_DISABLED)
    return parse_hnsw(raw, is_multi_vector)


def check_distance(cfg: dict[str, Any]) -> None:
    """Shard init (adapters/repos/db/shard_init_vector.go) refuses unknown metrics."""
    distance = cfg.get("distance", "")
    if distance and distance not in DISTANCES:
        raise InvalidInput(
            f"init vector index: unrecognized distance metric {go_quote(distance)},"
            'choose one of ["cosine", "dot", "l2-squared", "manhattan","hamming"]'
        )


def is_multi_vector(cfg: Mapping[str, Any]) -> bool:
    multivector = cfg.get("multivector")
    return bool(multivector and multivector.get("enabled"))


_Accessor = Callable[[dict[str, Any]], Any]
_HNSW_IMMUTABLE: tuple[tuple[str, _Accessor], ...] = (
    ("efConstruction", lambda c: c["efConstruction"]),
    ("maxConnections", lambda c: c["maxConnections"]),
    ("cleanupIntervalSeconds", lambda c: c["cleanupIntervalSeconds"]),
    ("distance", lambda c: c["distance"]),
    ("multivector enabled", lambda c: c["multivector"]["enabled"]),
    ("muvera enabled", lambda c: c["multivector"]["muvera"]["enabled"]),
)
_FLAT_IMMUTABLE: tuple[tuple[str, _Accessor], ...] = (
    ("distance", lambda c: c["distance"]),
    ("pq.cache", lambda c: c["pq"]["cache"]),
    ("pq", lambda c: c["pq"]["enabled"]),
    ("bq", lambda c: c["bq"]["enabled"]),
    ("rq", lambda c: c["rq"]["enabled"]),
    ("rq.bits", lambda c: c["rq"].get("bits", 0)),
)


def _check_immutable(fields: tuple[tuple[str, _Accessor], ...], old: dict[str, Any],
                     new: dict[str, Any]) -> None:
    for name, accessor in fields:
        before, after = accessor(old), accessor(new)
        if before != after:
            raise InvalidInput(f"{name} is immutable: attempted change from "
                               f'"{go_value(before)}" to "{go_value(after)}"')


def validate_index_update(index_type: str, old: dict[str, Any], new: dict[str, Any]) -> None:
    """Migrator.ValidateVectorIndexConfigUpdate, dispatched on the current index type."""
    if index_type == VECTOR_INDEX_HNSW:
        _validate_hnsw_update(old, new)
    elif index_type == VECTOR_INDEX_FLAT:
        _check_immutable(_FLAT_IMMUTABLE, old, new)
    elif index_type == VECTOR_INDEX_DYNAMIC:
        _check_immutable((("distance", lambda c: c["distance"]),), old, new)
        _check_immutable(_FLAT_IMMUTABLE, old["flat"], new["flat"])
        _validate_hnsw_update(old["hnsw"], new["hnsw"])
    else:
        raise InvalidInput(f"invalid index type: {index_type}")


def _validate_hnsw_update(old: dict[str, Any], new: dict[str, Any]) -> None:
    _check_immutable(_HNSW_IMMUTABLE, old, new)
    old_rq, new_rq = old["rq"], new["rq"]
    if old_rq["enabled"] and new_rq["enabled"] and old_rq["bits"] != new_rq["bits"]:
        raise InvalidInput("rq bits is immutable: attempted change from "
                           f'"{old_rq["bits"]}" to "{new_rq["bits"]}"')
