"""Settings, read once from the environment (Weaviate's variable names).

Nothing else in weftdb reads ``os.environ``: the CLI builds a ``Settings`` with
``Settings.from_env()`` (plus flag overrides) and hands it to the app.
Every field is documented in ``docs/configuration.md`` (a test checks that).
"""

from __future__ import annotations

import dataclasses
import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeVar

T = TypeVar("T")

#: Weaviate API version weftdb reports in /v1/meta: the highest version whose
#: client code paths (weaviate-client 4.24.1) weftdb implements.
WEAVIATE_VERSION = "1.31.0"


class SettingsError(ValueError):
    """An environment variable has a value that cannot be used."""


def _bool(raw: str) -> bool:
    value = raw.strip().lower()
    if value in ("true", "1", "on", "yes", "enabled"):
        return True
    if value in ("false", "0", "off", "no", "disabled", ""):
        return False
    raise SettingsError(f"not a boolean: {raw!r}")


def _int(raw: str) -> int:
    try:
        return int(raw.strip())
    except ValueError as exc:
        raise SettingsError(f"not an integer: {raw!r}") from exc


def _modules(raw: str) -> frozenset[str]:
    return frozenset(m.strip() for m in raw.split(",") if m.strip())


@dataclass(frozen=True)
class Settings:
    """Everything configurable. Field docs are in docs/configuration.md."""

    host: str = "0.0.0.0"
    port: int = 8080
    grpc_port: int = 50051
    data_path: Path = Path("./weftdb-data")
    hostname: str = "weftdb-0"
    query_defaults_limit: int = 10
    query_defaults_limit_graphql: int = 100
    query_maximum_results: int = 10000
    query_hybrid_maximum_results: int = 100
    grpc_max_message_size: int = 104858000
    max_request_body_bytes: int = 256 * 1024 * 1024
    autoschema_enabled: bool = True
    autoschema_default_string: str = "text"
    autoschema_default_number: str = "number"
    autoschema_default_date: str = "date"
    default_vectorizer_module: str = "none"
    default_vector_index_type: str = "hnsw"
    enable_modules: frozenset[str] = field(default_factory=frozenset)
    async_indexing: bool = False
    log_level: str = "info"
    log_format: str = "json"
    fault: str = ""

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None) -> Settings:
        """Read the Weaviate-named environment variables; unset ones keep defaults."""
        env = os.environ if env is None else env
        values: dict[str, object] = {}
        for name, (attr, parse) in _ENV.items():
            raw = env.get(name)
            if raw is None or raw == "":
                continue
            try:
                values[attr] = parse(raw)
            except SettingsError as exc:
                raise SettingsError(f"{name}: {exc}") from exc
        return cls(**values)  # type: ignore[arg-type]

    def replace(self, **changes: object) -> Settings:
        return dataclasses.replace(self, **changes)  # type: ignore[arg-type]


def _str(raw: str) -> str:
    return raw.strip()


def _lower(raw: str) -> str:
    return raw.strip().lower()


_Parser = Callable[[str], object]

#: environment variable -> (Settings attribute, parser)
_ENV: dict[str, tuple[str, _Parser]] = {
    "HOST": ("host", _str),
    "PORT": ("port", _int),
    "GRPC_PORT": ("grpc_port", _int),
    "PERSISTENCE_DATA_PATH": ("data_path", lambda raw: Path(raw.strip())),
    "CLUSTER_HOSTNAME": ("hostname", _str),
    "QUERY_DEFAULTS_LIMIT": ("query_defaults_limit", _int),
    "QUERY_DEFAULTS_LIMIT_GRAPHQL": ("query_defaults_limit_graphql", _int),
    "QUERY_MAXIMUM_RESULTS": ("query_maximum_results", _int),
    "QUERY_HYBRID_MAXIMUM_RESULTS": ("query_hybrid_maximum_results", _int),
    "GRPC_MAX_MESSAGE_SIZE": ("grpc_max_message_size", _int),
    "WEFTDB_MAX_REQUEST_BODY_BYTES": ("max_request_body_bytes", _int),
    "AUTOSCHEMA_ENABLED": ("autoschema_enabled", _bool),
    "AUTOSCHEMA_DEFAULT_STRING": ("autoschema_default_string", _str),
    "AUTOSCHEMA_DEFAULT_NUMBER": ("autoschema_default_number", _str),
    "AUTOSCHEMA_DEFAULT_DATE": ("autoschema_default_date", _str),
    "DEFAULT_VECTORIZER_MODULE": ("default_vectorizer_module", _str),
    "DEFAULT_VECTOR_INDEX": ("default_vector_index_type", _lower),
    "ENABLE_MODULES": ("enable_modules", _modules),
    "ASYNC_INDEXING": ("async_indexing", _bool),
    "LOG_LEVEL": ("log_level", _lower),
    "LOG_FORMAT": ("log_format", _lower),
    "WEFTDB_FAULT": ("fault", _str),
}


def documented_variables() -> list[str]:
    """The environment variables weftdb reads (used by the docs test)."""
    return sorted(_ENV)
