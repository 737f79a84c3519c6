"""Domain errors -> gRPC status codes, in one table looked up along the class MRO.

Only UNAVAILABLE is retried by the official client (``weaviate/retry.py``), so
every validation error maps to a non-retried code. Exceptions that are not
``WeftError`` are internal bugs: INTERNAL with a generic message, logged once
with the traceback, never shown to the client.
"""

from __future__ import annotations

import logging
from typing import Any, NoReturn

import grpc

from weftdb import errors

log = logging.getLogger(__name__)

STATUS: dict[type[BaseException], Any] = {
    errors.InvalidInput: grpc.StatusCode.INVALID_ARGUMENT,
    errors.BadRequest: grpc.StatusCode.INVALID_ARGUMENT,
    errors.NotFound: grpc.StatusCode.NOT_FOUND,
    errors.Conflict: grpc.StatusCode.ABORTED,
    errors.Unauthenticated: grpc.StatusCode.UNAUTHENTICATED,
    errors.Forbidden: grpc.StatusCode.PERMISSION_DENIED,
    errors.PayloadTooLarge: grpc.StatusCode.RESOURCE_EXHAUSTED,
    errors.NotImplementedYet: grpc.StatusCode.UNIMPLEMENTED,
    errors.Unavailable: grpc.StatusCode.UNAVAILABLE,
    errors.StorageError: grpc.StatusCode.INTERNAL,
}

INTERNAL_MESSAGE = "internal server error"


def status_for(exc: BaseException) -> tuple[Any, str]:
    """The gRPC status code and the message the client sees for ``exc``."""
    if isinstance(exc, errors.WeftError):
        for cls in type(exc).__mro__:
            code = STATUS.get(cls)
            if code is not None:
                return code, exc.message
        return grpc.StatusCode.INTERNAL, exc.message
    return grpc.StatusCode.INTERNAL, f"{INTERNAL_MESSAGE}: {type(exc).__name__}"


async def abort(context: Any, exc: BaseException, method: str) -> NoReturn:
    """End the call with the status that ``exc`` maps to (raises)."""
    code, message = status_for(exc)
    if not isinstance(exc, errors.WeftError):
        log.error("grpc call failed", exc_info=exc, extra={"method": method})
    elif code == grpc.StatusCode.INTERNAL:
        log.error("grpc call failed", extra={"method": method, "error": message})
    await context.abort(code, message)
    raise AssertionError("context.abort returned")  # pragma: no cover
