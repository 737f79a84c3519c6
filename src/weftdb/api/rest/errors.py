"""Domain errors -> HTTP status, in one table looked up along the class MRO.

Unknown exceptions are internal bugs: 500 with the error shape, logged once
with the traceback, never shown to the client.
"""

from __future__ import annotations

import logging

import orjson
from starlette.requests import Request
from starlette.responses import Response

from weftdb import errors

log = logging.getLogger(__name__)

STATUS: dict[type[BaseException], int] = {
    errors.InvalidInput: 422,
    errors.BadRequest: 400,
    errors.NotFound: 404,
    errors.Conflict: 409,
    errors.Unauthenticated: 401,
    errors.Forbidden: 403,
    errors.PayloadTooLarge: 413,
    errors.NotImplementedYet: 501,
    errors.Unavailable: 503,
    errors.StorageError: 500,
}


def status_for(exc: BaseException) -> int:
    for cls in type(exc).__mro__:
        if cls in STATUS:
            return STATUS[cls]
    return 500


def error_body(*messages: str) -> bytes:
    return orjson.dumps({"error": [{"message": m} for m in messages]})


def error_response(status: int, *messages: str) -> Response:
    return Response(error_body(*messages), status_code=status, media_type="application/json")


async def handle_domain_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, errors.WeftError)
    status = status_for(exc)
    if status >= 500:
        log.error("request failed", extra={"path": request.url.path, "error": exc.message})
    return error_response(status, exc.message)


async def handle_unexpected(request: Request, exc: Exception) -> Response:
    log.exception("internal error", extra={"path": request.url.path, "method": request.method})
    return error_response(500, f"internal server error: {type(exc).__name__}")
