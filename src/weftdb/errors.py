"""Domain errors: one hierarchy, no HTTP or gRPC knowledge.

Each transport maps these in one table looked up along the class MRO
(``api/rest/errors.py``, ``api/grpc/errors.py``). Anything that is not a
``WeftError`` is an internal bug: a 500 / INTERNAL, logged once.
"""

from __future__ import annotations


class WeftError(Exception):
    """Base of every error a user may see. ``message`` is shown verbatim."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class InvalidInput(WeftError):
    """The request is well-formed but its content is invalid (REST 422)."""


class BadRequest(WeftError):
    """The request cannot be parsed at all: malformed JSON, bad path param (REST 400)."""


class NotFound(WeftError):
    """A collection, object, shard or tenant does not exist (REST 404)."""


class AlreadyExists(InvalidInput):
    """Creating something that exists; Weaviate answers 422 for these."""


class Conflict(WeftError):
    """A concurrent change won (REST 409)."""


class Unauthenticated(WeftError):
    """No or invalid credentials (REST 401)."""


class Forbidden(WeftError):
    """Authenticated but not allowed (REST 403)."""


class PayloadTooLarge(WeftError):
    """Request body over the configured limit (REST 413)."""


class NotImplementedYet(WeftError):
    """A Weaviate feature weftdb does not implement yet (REST 501, gRPC UNIMPLEMENTED)."""


class StorageError(WeftError):
    """Storage refused or failed an operation (corruption, closed shard) (REST 500)."""


class Unavailable(WeftError):
    """The server is starting or shutting down (REST 503, gRPC UNAVAILABLE)."""
