"""The composition root: storage -> use cases -> transports, and the server run loop."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import signal
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any

import uvicorn

from weftdb import __version__
from weftdb.api.graphql.get_params import GraphQLLimits
from weftdb.api.graphql.resolvers import QueryDeps
from weftdb.api.graphql.service import GraphQLService
from weftdb.api.grpc.server import GrpcDeps, build_grpc_server
from weftdb.api.rest.app import RestDeps, build_rest_app
from weftdb.api.rest.routes_meta import MetaInfo
from weftdb.config import WEAVIATE_VERSION, Settings
from weftdb.faults import FaultPoints
from weftdb.storage.db.database import ShardedDatabase
from weftdb.storage.db.datadir import DataDir
from weftdb.storage.db.schema_store import KVSchemaStore
from weftdb.storage.db.vectors import VectorSettings
from weftdb.storage.kv.port import KeyValueEngine
from weftdb.storage.kv.rocksdb import RocksEngine
from weftdb.storage.vector.hnsw import set_build_threads
from weftdb.usecases.aggregate.aggregator import Aggregator
from weftdb.usecases.limits import QueryLimits
from weftdb.usecases.nodes.status import NodesService
from weftdb.usecases.objects.manager import ObjectsManager
from weftdb.usecases.schema.autoschema import AutoSchemaSettings
from weftdb.usecases.schema.definitions import SchemaDefaults
from weftdb.usecases.schema.manager import SchemaManager
from weftdb.usecases.search.hybrid import HybridSearch
from weftdb.usecases.search.keyword import KeywordSearch
from weftdb.usecases.search.references import SearchWithReferences
from weftdb.usecases.search.traverser import Traverser
from weftdb.usecases.search.vector_search import VectorSearch

log = logging.getLogger(__name__)


@dataclass
class Core:
    """Storage and use cases, wired; no network. Tests can build one in-process."""

    settings: Settings
    datadir: DataDir
    schema_store: KVSchemaStore
    db: ShardedDatabase
    schema: SchemaManager
    objects: ObjectsManager
    traverser: Traverser
    aggregator: Aggregator
    nodes: NodesService

    def close(self) -> None:
        self.db.close()
        self.schema_store.close()
        self.datadir.unlock()


def _search(schema: SchemaManager, db: ShardedDatabase, limits: QueryLimits) -> tuple[Traverser, Aggregator]:
    vectors = VectorSearch(db, db)
    hybrid = HybridSearch(db, vectors, limits)
    traverser = Traverser(schema, db, limits, vectors, KeywordSearch(db, limits), hybrid)
    return traverser, Aggregator(schema, db, db, traverser, hybrid, limits)


def build_core(settings: Settings, kv_engine: KeyValueEngine | None = None) -> Core:
    engine: KeyValueEngine = kv_engine or RocksEngine()
    set_build_threads(os.cpu_count() or 1)
    datadir = DataDir(settings.data_path)
    datadir.lock()
    try:
        schema_store = KVSchemaStore(engine, datadir.schema_path)
        faults = FaultPoints(settings.fault)
        db = ShardedDatabase(
            datadir, engine, VectorSettings(async_indexing=settings.async_indexing), fault=faults.hit
        )
        schema = SchemaManager(
            schema_store,
            db,
            db,
            _schema_defaults(settings),
            _autoschema_settings(settings),
            fault=faults.hit,
        )
        db.open_all(schema.load())
    except BaseException:
        datadir.unlock()
        raise
    limits = QueryLimits(
        settings.query_defaults_limit, settings.query_maximum_results, settings.query_hybrid_maximum_results
    )
    objects = ObjectsManager(schema, db, db, limits)
    traverser, aggregator = _search(schema, db, limits)
    return Core(
        settings=settings,
        datadir=datadir,
        schema_store=schema_store,
        db=db,
        schema=schema,
        objects=objects,
        traverser=traverser,
        aggregator=aggregator,
        nodes=NodesService(
            schema, db, objects.batch_stats, settings.hostname, WEAVIATE_VERSION, f"weftdb-{__version__}"
        ),
    )


def _schema_defaults(settings: Settings) -> SchemaDefaults:
    return SchemaDefaults(
        default_vectorizer=settings.default_vectorizer_module,
        default_vector_index_type=settings.default_vector_index_type,
        enabled_modules=settings.enable_modules,
    )


def _autoschema_settings(settings: Settings) -> AutoSchemaSettings:
    return AutoSchemaSettings(
        enabled=settings.autoschema_enabled,
        default_string=settings.autoschema_default_string,
        default_number=settings.autoschema_default_number,
        default_date=settings.autoschema_default_date,
    )


class _Uvicorn(uvicorn.Server):
    """uvicorn without its own signal handling: the app owns shutdown order."""

    @contextlib.contextmanager
    def capture_signals(self) -> Iterator[None]:
        yield


class Server:
    """Runs REST and gRPC on one event loop around a Core; shuts down in order."""

    def __init__(self, settings: Settings, engine: KeyValueEngine | None = None) -> None:
        self.settings = settings
        self._engine = engine
        self._ready = False
        self._stop = asyncio.Event()

    def request_stop(self) -> None:
        self._stop.set()

    async def run(self) -> None:
        started = time.perf_counter()
        core = build_core(self.settings, self._engine)
        executor = ThreadPoolExecutor(max_workers=32, thread_name_prefix="weftdb-io")
        try:
            await self._serve(core, executor, started)
        finally:
            executor.shutdown(wait=True)
            core.close()
            log.info("weftdb stopped; storage flushed and closed")

    async def _serve(self, core: Core, executor: ThreadPoolExecutor, started: float) -> None:
        s = self.settings
        grpc_server = build_grpc_server(
            GrpcDeps(core.schema, core.objects, core.traverser, core.aggregator, executor),
            host=s.host,
            port=s.grpc_port,
            max_message_size=s.grpc_max_message_size,
        )
        rest = _Uvicorn(uvicorn.Config(self._rest_app(core), host=s.host, port=s.port, log_config=None,
                                       access_log=False, lifespan="off", server_header=False))
        await grpc_server.start()
        loop = asyncio.get_running_loop()
        for sig in (signal.SIGINT, signal.SIGTERM):
            loop.add_signal_handler(sig, self.request_stop)
        rest_task = asyncio.create_task(rest.serve())
        self._ready = True
        log.info(
            "weftdb started",
            extra={"weftdb_version": __version__, "weaviate_version": WEAVIATE_VERSION, "rest_port": s.port,
                   "grpc_port": s.grpc_port, "data_path": str(core.datadir.root),
                   "collections": len(core.schema.names()), "startup_seconds": round(time.perf_counter() - started, 3)},
        )
        stop_task = asyncio.create_task(self._stop.wait())
        await asyncio.wait({rest_task, stop_task}, return_when=asyncio.FIRST_COMPLETED)
        self._ready = False
        log.info("weftdb shutting down")
        rest.should_exit = True
        await grpc_server.stop(grace=5)
        await asyncio.gather(rest_task, return_exceptions=True)
        stop_task.cancel()

    def _rest_app(self, core: Core) -> Any:
        s = self.settings
        return build_rest_app(
            RestDeps(
                schema=core.schema,
                objects=core.objects,
                nodes=core.nodes,
                meta=MetaInfo(
                    hostname=f"http://{s.host}:{s.port}",
                    version=WEAVIATE_VERSION,
                    weftdb_version=__version__,
                    grpc_max_message_size=s.grpc_max_message_size,
                    modules={},
                ),
                max_body_bytes=s.max_request_body_bytes,
                is_ready=lambda: self._ready,
                graphql=_graphql_service(core),
            )
        )


def _graphql_service(core: Core) -> GraphQLService:
    """GraphQL over the same use cases; its searches also resolve cross-references."""
    s = core.settings
    return GraphQLService(core.schema, QueryDeps(
        schema=core.schema,
        searcher=SearchWithReferences(core.traverser, core.schema, core.db),
        aggregator=core.aggregator,
        limits=GraphQLLimits(s.query_defaults_limit_graphql, s.query_maximum_results),
    ))
