"""`weftdb serve` (also `python -m weftdb serve`)."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from weftdb.config import Settings


def _pin_native_threads() -> None:
    """One BLAS thread per call: default BLAS threading made brute force much slower
    on small machines (DESIGN.md §5). Must run before numpy loads. OpenMP is left
    alone: faiss's thread count is set in code, and ``OMP_NUM_THREADS=1`` in the
    environment made its two-thread HNSW build ~40% slower (libgomp's waiting)."""
    for name in ("OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
        os.environ.setdefault(name, "1")


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="weftdb", description="weftdb: the Weaviate vector database in Python")
    sub = parser.add_subparsers(dest="command")
    serve = sub.add_parser("serve", help="start the server (REST+GraphQL and gRPC)")
    serve.add_argument("--host", help="address to bind (env HOST, default 0.0.0.0)")
    serve.add_argument("--port", type=int, help="REST/GraphQL port (env PORT, default 8080)")
    serve.add_argument("--grpc-port", type=int, help="gRPC port (env GRPC_PORT, default 50051)")
    serve.add_argument("--data-path", type=Path, help="data directory (env PERSISTENCE_DATA_PATH, default ./weftdb-data)")
    sub.add_parser("version", help="print versions")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    command = args.command or "serve"
    if command == "version":
        from weftdb import __version__
        from weftdb.config import WEAVIATE_VERSION

        print(f"weftdb {__version__} (Weaviate API {WEAVIATE_VERSION})")
        return 0
    _pin_native_threads()
    from weftdb.config import Settings, SettingsError

    try:
        settings = Settings.from_env()
    except SettingsError as exc:
        print(f"weftdb: invalid configuration: {exc}", file=sys.stderr)
        return 2
    overrides = {
        key: value
        for key, value in (
            ("host", getattr(args, "host", None)),
            ("port", getattr(args, "port", None)),
            ("grpc_port", getattr(args, "grpc_port", None)),
            ("data_path", getattr(args, "data_path", None)),
        )
        if value is not None
    }
    return serve(settings.replace(**overrides))


def serve(settings: Settings) -> int:
    import asyncio
    import warnings

    with warnings.catch_warnings():
        # weaviate-client (source of the gRPC definitions) imports authlib, which
        # warns about its own httpx integration at import time (after forcing its
        # warning class to "always", hence the import before the filter).
        import authlib.deprecate  # noqa: F401

        warnings.simplefilter("ignore")
        from weftdb.app import Server
    from weftdb.logs import configure_logging
    from weftdb.storage.db.datadir import DataDirLocked

    configure_logging(settings.log_level, settings.log_format)
    try:
        import uvloop

        uvloop.install()
    except ImportError:  # pragma: no cover - uvloop is a dependency
        pass
    try:
        asyncio.run(Server(settings).run())
    except DataDirLocked as exc:
        print(f"weftdb: {exc.message}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
