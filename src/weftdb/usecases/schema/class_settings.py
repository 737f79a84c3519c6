"""Class-level settings other than vectors: sharding, multi-tenancy, replication,
object TTL and the inverted index config.

Sources: usecases/sharding/config/config.go, usecases/schema/class.go
(validateMT, validateUpdatingMT), entities/replication/async_config_validation.go,
adapters/repos/db/ttl/config.go, adapters/repos/db/inverted/{config.go,
config_update.go}.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from weftdb.entities.stopwords import STOPWORD_PRESET_EN, STOPWORD_PRESETS
from weftdb.errors import InvalidInput
from weftdb.goformat import INT64_MAX, INT64_MIN, go_quote, go_type, json_number_text, wrap_int64

from .defaults import multi_tenant_sharding, sharding_defaults

_SECOND = 1_000_000_000
_MILLISECOND = 1_000_000
_MAX_DURATION_MILLIS = INT64_MAX // _MILLISECOND


def mt_enabled(model: Mapping[str, Any]) -> bool:
    return bool((model.get("multiTenancyConfig") or {}).get("enabled"))


def parse_sharding(model: Mapping[str, Any], node_count: int) -> dict[str, Any]:
    """parser.go parseShardingConfig; raises with the 'parse sharding config: ' prefix."""
    if mt_enabled(model):
        return multi_tenant_sharding()
    try:
        return _parse_sharding_config(model.get("shardingConfig"), node_count)
    except InvalidInput as err:
        raise InvalidInput(f"parse sharding config: {err.message}") from None


def _parse_sharding_config(raw: Any, node_count: int) -> dict[str, Any]:
    cfg = sharding_defaults(node_count)
    if raw is None:
        return cfg
    if not isinstance(raw, dict):
        raise InvalidInput(f"input {go_type(raw)}-false must be a non-nil")
    for key in ("virtualPerPhysical", "desiredCount"):
        value = _sharding_int(raw, key)
        if value is not None:
            cfg[key] = value
    cfg["desiredVirtualCount"] = cfg["desiredCount"] * cfg["virtualPerPhysical"]
    for key in ("key", "strategy", "function"):
        if key in raw:
            if not isinstance(raw[key], str):
                raise InvalidInput(f"field {go_quote(key)} must be of type string, "
                                   f"got: {go_type(raw[key])}")
            cfg[key] = raw[key]
    cfg["actualCount"] = cfg["desiredCount"]
    cfg["actualVirtualCount"] = cfg["desiredVirtualCount"]
    _validate_sharding(cfg)
    return cfg


def _sharding_int(raw: dict[str, Any], key: str) -> int | None:
    if key not in raw:
        return None
    value = raw[key]
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return 0
    text = json_number_text(value)
    if isinstance(value, float):
        raise InvalidInput(f'{key}: strconv.ParseInt: parsing "{text}": invalid syntax')
    if not INT64_MIN <= value <= INT64_MAX:
        raise InvalidInput(f'{key}: strconv.ParseInt: parsing "{text}": value out of range')
    return int(value)


def _validate_sharding(cfg: dict[str, Any]) -> None:
    if cfg["key"] != "_id":
        raise InvalidInput(f"sharding only supported on key '_id' for now, got: {cfg['key']}")
    if cfg["strategy"] != "hash":
        raise InvalidInput("sharding only supported with strategy 'hash' for now, "
                           f"got: {cfg['strategy']}")
    if cfg["function"] != "murmur3":
        raise InvalidInput("sharding only supported with function 'murmur3' for now, "
                           f"got: {cfg['function']}")
    if cfg["desiredCount"] < 0:
        raise InvalidInput("sharding config: desiredCount must not be negative, "
                           f"got: {cfg['desiredCount']}")


def validate_sharding_update(current: dict[str, Any], updated: dict[str, Any]) -> None:
    """parser.go validateShardingConfig (prefix 'validate sharding config: ')."""
    for key, message in (
        ("desiredCount", "re-sharding not supported yet: shard count is immutable: "),
        ("virtualPerPhysical", "virtual shards per physical is immutable: "),
    ):
        if current[key] != updated[key]:
            raise InvalidInput(f"validate sharding config: {message}attempted change from "
                               f'"{current[key]}" to "{updated[key]}"')


def validate_multi_tenancy(model: Mapping[str, Any]) -> None:
    """class.go validateMT."""
    tenancy = model.get("multiTenancyConfig") or {}
    if tenancy.get("enabled"):
        return
    if tenancy.get("autoTenantCreation"):
        raise InvalidInput("can't enable autoTenantCreation on a non-multi-tenant class")
    if tenancy.get("autoTenantActivation"):
        raise InvalidInput("can't enable autoTenantActivation on a non-multi-tenant class")


def validate_multi_tenancy_update(current: Mapping[str, Any], updated: Mapping[str, Any]) -> None:
    """class.go validateUpdatingMT."""
    enabled = mt_enabled(current)
    if mt_enabled(updated) != enabled:
        action = "disabling" if enabled else "enabling"
        raise InvalidInput(f"{action} multi-tenancy for an existing class is not supported")
    validate_multi_tenancy(updated)


def _range_check(name: str, low: int, high: int) -> Any:
    def check(value: int) -> str | None:
        if low <= value <= high:
            return None
        return f"{name}: value {value} out of range: min {low}, max {high}"
    return check


def _duration_check(name: str, unit: int, allow_zero: bool) -> Any:
    def check(value: int) -> str | None:
        duration = wrap_int64(value * unit)
        if duration < 0 or (duration == 0 and not allow_zero):
            return f"{name} must be {'>=' if allow_zero else '>'} 0"
        return None
    return check


def _frequency_check(name: str) -> Any:
    def check(value: int) -> str | None:
        if value < 0:
            return f"{name} must be >= 0"
        if value > _MAX_DURATION_MILLIS:
            return f"{name} too large: {value} ms exceeds max {_MAX_DURATION_MILLIS} ms"
        return None
    return check


_ASYNC_CHECKS = (
    ("hashtreeHeight", _range_check("hashtreeHeight", 0, 20)),
    ("frequency", _frequency_check("frequency")),
    ("frequencyWhilePropagating", _frequency_check("frequencyWhilePropagating")),
    ("loggingFrequency", _duration_check("loggingFrequency", _SECOND, False)),
    ("diffBatchSize", _range_check("diffBatchSize", 1, 10_000)),
    ("diffPerNodeTimeout", _duration_check("diffPerNodeTimeout", _SECOND, False)),
    ("prePropagationTimeout", _duration_check("prePropagationTimeout", _SECOND, False)),
    ("propagationTimeout", _duration_check("propagationTimeout", _SECOND, False)),
    ("propagationLimit", _range_check("propagationLimit", 1, 100_000)),
    ("propagationConcurrency", _range_check("propagationConcurrency", 1, 20)),
    ("propagationBatchSize", _range_check("propagationBatchSize", 1, 1_000)),
    ("propagationDelay", _duration_check("propagationDelay", _MILLISECOND, True)),
)


def validate_async_replication(model: Mapping[str, Any]) -> None:
    """replication.ValidateAsyncConfig (prefix 'async replication config: ')."""
    config = (model.get("replicationConfig") or {}).get("asyncConfig")
    if not config:
        return
    for key, check in _ASYNC_CHECKS:
        if config.get(key) is not None:
            problem = check(config[key])
            if problem:
                raise InvalidInput(f"async replication config: {problem}")


def validate_object_ttl(model: Mapping[str, Any]) -> None:
    """ttl.ValidateObjectTTLConfig: weftdb runs no TTL deletion scheduler."""
    if (model.get("objectTtlConfig") or {}).get("enabled"):
        raise InvalidInput("ObjectTTLConfig: enabling objectTTL requires a running background "
                           "scheduler. Set OBJECTS_TTL_DELETE_SCHEDULE to activate it")


def validate_inverted_config(inverted: dict[str, Any]) -> None:
    """inverted.ValidateConfig (create)."""
    if inverted.get("cleanupIntervalSeconds", 0) < 0:
        raise InvalidInput("cleanup interval seconds must be > 0")
    _validate_bm25(inverted.get("bm25"))
    validate_stopwords(inverted)
    _validate_stopword_presets(inverted.get("stopwordPresets") or {})
    _validate_user_dict(inverted.get("tokenizerUserDict"))


def validate_inverted_update(current: dict[str, Any], updated: dict[str, Any]) -> None:
    """inverted.ValidateUserConfigUpdate (prefix 'inverted index config: ')."""
    try:
        if updated.get("cleanupIntervalSeconds", 0) < 0:
            raise InvalidInput("cleanup interval seconds must be > 0")
        _validate_bm25(updated.get("bm25"))
        for flag, label in (("indexPropertyLength", "IndexPropertyLength"),
                            ("indexNullState", "IndexNullState")):
            if bool(updated.get(flag)) != bool(current.get(flag)):
                raise InvalidInput(f"{label} cannot be changed when updating a schema")
        validate_stopwords(updated)
    except InvalidInput as err:
        raise InvalidInput(f"inverted index config: {err.message}") from None


def _validate_bm25(bm25: dict[str, Any] | None) -> None:
    if bm25 is None:
        return
    if bm25.get("k1", 0.0) < 0:
        raise InvalidInput("BM25.k1 must be >= 0")
    if not 0 <= bm25.get("b", 0.0) <= 1:
        raise InvalidInput("BM25.b must be >= 0 and <= 1")


def validate_stopwords(inverted: dict[str, Any]) -> None:
    """validateStopwordConfig: fills the preset, drops additions already in it."""
    stopwords = inverted.setdefault("stopwords", {})
    if not stopwords.get("preset"):
        stopwords["preset"] = STOPWORD_PRESET_EN
    if stopwords["preset"] not in STOPWORD_PRESETS:
        raise InvalidInput(f"stopwordPreset '{stopwords['preset']}' does not exist")
    additions = stopwords.get("additions") or []
    for word in additions:
        if not word.strip():
            raise InvalidInput("cannot use whitespace in stopword.additions")
    for word in stopwords.get("removals") or []:
        if not word.strip():
            raise InvalidInput("cannot use whitespace in stopword.removals")
        if word in additions:
            raise InvalidInput(f"found '{word}' in both stopwords.additions and "
                               "stopwords.removals")
    preset = STOPWORD_PRESETS[stopwords["preset"]]
    if any(word in preset for word in additions):
        kept = [word for word in additions if word not in preset]
        stopwords["additions"] = kept or None


def _validate_stopword_presets(presets: Mapping[str, Any]) -> None:
    for name, words in presets.items():
        if not name.strip():
            raise InvalidInput("stopwordPresets: preset name must not be empty or "
                               "whitespace-only")
        if not words:
            raise InvalidInput(f"stopwordPresets: preset {go_quote(name)} must have at least "
                               "one word")
        if any(not word.strip() for word in words):
            raise InvalidInput(f"stopwordPresets: preset {go_quote(name)} contains empty or "
                               "whitespace-only word")


def _validate_user_dict(entries: list[Any] | None) -> None:
    seen_tokenizers: set[str] = set()
    for entry in entries or []:
        tokenizer = (entry or {}).get("tokenizer", "")
        if tokenizer not in ("kagome_kr", "kagome_ja"):
            raise InvalidInput(f"tokenizer '{tokenizer}' in tokenizer user dict config is not "
                               "supported")
        if tokenizer in seen_tokenizers:
            raise InvalidInput(f"found duplicate tokenizer '{tokenizer}' in tokenizer user dict "
                               "config")
        seen_tokenizers.add(tokenizer)
        _validate_replacements((entry or {}).get("replacements") or [])


def _validate_replacements(replacements: list[Any]) -> None:
    sources: set[str] = set()
    for replacement in replacements:
        source = (replacement or {}).get("source")
        if source is None or (replacement or {}).get("target") is None:
            raise InvalidInput("both source and target must be set")
        if not source.strip():
            raise InvalidInput("source cannot be empty or whitespace")
        if source in sources:
            raise InvalidInput(f"found duplicate replacement source '{source}'")
        sources.add(source)


def validate_presets_still_used(properties: list[Any], presets: Mapping[str, Any]) -> None:
    """parser.go validateStopwordPresetsStillReferenced (prefix 'inverted index config: ')."""
    for prop in properties:
        if prop is not None:
            _check_preset_use(prop, prop.get("name", ""), presets)


def _check_preset_use(prop: dict[str, Any], name: str, presets: Mapping[str, Any]) -> None:
    preset = (prop.get("textAnalyzer") or {}).get("stopwordPreset", "")
    if preset and preset not in STOPWORD_PRESETS and preset not in presets:
        raise InvalidInput(
            "inverted index config: invertedIndexConfig.stopwordPresets: cannot remove preset "
            f"{go_quote(preset)} because it is still used by property {go_quote(name)}")
    for nested in prop.get("nestedProperties") or []:
        if nested is not None:
            _check_preset_use(nested, f"{name}.{nested.get('name', '')}", presets)
