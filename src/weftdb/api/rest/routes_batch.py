"""/v1/batch/objects: batch import and batch delete."""

from __future__ import annotations

from typing import Any

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from weftdb.api.rest.io import JSONResponse, read_object
from weftdb.api.rest.render import object_json
from weftdb.api.rest.routes_objects import object_input
from weftdb.api.rest.threads import run_sync
from weftdb.api.rest.where import parse_where
from weftdb.entities.objects import BatchDeleteOutcome, ObjectInput
from weftdb.errors import InvalidInput, WeftError
from weftdb.usecases.objects.manager import ObjectsManager, now_ms


class BatchRoutes:
    def __init__(self, objects: ObjectsManager, max_body: int) -> None:
        self._objects = objects
        self._max_body = max_body

    def routes(self) -> list[Route]:
        return [
            Route("/v1/batch/objects", self.add, methods=["POST"]),
            Route("/v1/batch/objects", self.delete, methods=["DELETE"]),
        ]

    async def add(self, request: Request) -> Response:
        body = await read_object(request, self._max_body)
        raw_objects = body.get("objects")
        if not isinstance(raw_objects, list):
            raise InvalidInput("objects in body is required and must be an array")
        inputs: list[ObjectInput] = []
        early: dict[int, str] = {}
        for pos, raw in enumerate(raw_objects):
            try:
                if not isinstance(raw, dict):
                    raise InvalidInput("object must be a JSON object")
                inputs.append(object_input(raw))
            except WeftError as exc:
                early[pos] = exc.message
                inputs.append(ObjectInput(collection=""))
        results = await run_sync(self._objects.batch_add, inputs)
        out = []
        for pos, (raw, result) in enumerate(zip(raw_objects, results)):
            error = early.get(pos) or result.error
            if result.obj is not None and error is None:
                item = object_json(result.obj, include_vector=True)
                item["result"] = {"status": "SUCCESS"}
            else:
                item = dict(raw) if isinstance(raw, dict) else {}
                item["result"] = {"status": "FAILED", "errors": {"error": [{"message": error}]}}
            out.append(item)
        return JSONResponse(out)

    async def delete(self, request: Request) -> Response:
        body = await read_object(request, self._max_body)
        match = body.get("match")
        if not isinstance(match, dict):
            raise InvalidInput("validate: empty match clause")
        cls = match.get("class")
        if not isinstance(cls, str) or not cls:
            raise InvalidInput("validate: empty match.class clause")
        if match.get("where") is None:
            raise InvalidInput("validate: empty match.where clause")
        output = body.get("output") or "minimal"
        if output not in ("minimal", "verbose"):
            raise InvalidInput(f'output "{output}" not supported: use "minimal" or "verbose"')
        dry_run = bool(body.get("dryRun", False))
        where = parse_where(match["where"])
        tenant = request.query_params.get("tenant", "")
        outcome = await run_sync(self._objects.batch_delete, cls, where, dry_run=dry_run, tenant=tenant)
        return JSONResponse(_delete_json(match, outcome, output, body.get("deletionTimeUnixMilli")))


def _delete_json(match: dict[str, Any], outcome: BatchDeleteOutcome, output: str, when: Any) -> dict[str, Any]:
    objects = []
    for item in outcome.objects:
        if outcome.dry_run:
            status = "DRYRUN"
        else:
            status = "FAILED" if item.error else "SUCCESS"
        if output == "minimal" and status != "FAILED":
            continue
        entry: dict[str, Any] = {"id": str(item.id), "status": status}
        if item.error:
            entry["errors"] = {"error": [{"message": item.error}]}
        objects.append(entry)
    return {
        "match": {"class": match.get("class"), "where": match.get("where")},
        "output": output,
        "deletionTimeUnixMilli": when if isinstance(when, int) else now_ms(),
        "dryRun": outcome.dry_run,
        "results": {
            "matches": outcome.matches,
            "limit": outcome.limit,
            "successful": outcome.successful if not outcome.dry_run else 0,
            "failed": outcome.failed,
            "objects": objects or None,
        },
    }
