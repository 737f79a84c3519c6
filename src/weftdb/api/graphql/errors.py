"""GraphQL errors in Weaviate's shape, and the one table for domain errors.

A query's errors travel in the body with HTTP 200: ``{"data": ..., "errors":
[{"message", "locations", "path"}]}`` (``locations`` and ``path`` are null when
unknown, as Weaviate's ``GraphQLError`` model). A domain error raised by a use
case shows its message; any other exception is an internal bug: logged once
with its traceback and shown as ``internal server error: <type>``. Messages
graphql-core writes are put in the wording of Weaviate's GraphQL library
(graphql-go): syntax errors as ``Syntax Error GraphQL request (line:col) ...``
with the source excerpt, names in double quotes.
"""

from __future__ import annotations

import logging
import re
from typing import Any

from graphql import GraphQLError, GraphQLSyntaxError, Source

from weftdb import errors

log = logging.getLogger(__name__)

#: domain errors that point at the server rather than the request: logged once
SERVER_SIDE: tuple[type[errors.WeftError], ...] = (errors.StorageError, errors.Unavailable)
INTERNAL_MESSAGE = "internal server error"
#: the REST error for an empty schema (Weaviate builds no GraphQL schema without classes)
NO_SCHEMA = ("no graphql provider present, this is most likely because no schema is present. "
             "Import a schema first!")
_QUOTED_NAME = re.compile(r"'([_$@A-Za-z][_0-9A-Za-z.!\[\]$@]*)'")
_QUOTED_PUNCTUATOR = re.compile(r"'(\.\.\.|[!$&()\[\]{|}:=@])'")
_UNKNOWN_ARGUMENT = re.compile(r"^Unknown argument \"([^\"]+)\" on field \"([^\"]+)\.([^\"]+)\"\.")


def format_error(error: GraphQLError) -> dict[str, Any]:
    locations = [{"line": loc.line, "column": loc.column} for loc in error.locations or ()]
    return {
        "message": message_of(error),
        "locations": locations or None,
        "path": list(error.path) if error.path else None,
    }


def message_of(error: GraphQLError) -> str:
    original = error.original_error
    if isinstance(original, errors.WeftError):
        if isinstance(original, SERVER_SIDE):
            log.error("graphql query failed", extra={"error": original.message, "path": error.path})
        return original.message
    if original is not None and not isinstance(original, GraphQLError):
        log.error("graphql resolver failed", exc_info=original, extra={"path": error.path})
        return f"{INTERNAL_MESSAGE}: {type(original).__name__}"
    if isinstance(error, GraphQLSyntaxError):
        return syntax_message(error)
    return go_wording(error.message)


def go_wording(message: str) -> str:
    """graphql-core's names in single quotes -> graphql-go's double quotes; the
    unknown-argument message as graphql-go words it."""
    message = _QUOTED_NAME.sub(r'"\1"', message)
    return _UNKNOWN_ARGUMENT.sub(r'Unknown argument "\1" on field "\3" of type "\2".', message)


def syntax_message(error: GraphQLSyntaxError) -> str:
    """``Syntax Error GraphQL request (1:5) Expected Name, found EOF`` and the
    lines around the position with a caret under it."""
    description = error.message.removeprefix("Syntax Error: ").removesuffix(".")
    description = _QUOTED_PUNCTUATOR.sub(r"\1", description.replace("<EOF>", "EOF"))
    description = go_wording(description)
    if not error.locations or error.source is None:
        return f"Syntax Error GraphQL request {description}"
    line, column = error.locations[0].line, error.locations[0].column
    return (f"Syntax Error {error.source.name} ({line}:{column}) {description}\n\n"
            f"{_excerpt(error.source, line, column)}")


def _excerpt(source: Source, line: int, column: int) -> str:
    lines = re.split(r"\r\n|[\n\r]", source.body)
    width = len(str(line + 1))
    out = ""
    if line >= 2:
        out += f"{str(line - 1).rjust(width)}: {lines[line - 2]}\n"
    out += f"{str(line).rjust(width)}: {lines[line - 1]}\n"
    out += " " * (1 + width + column) + "^\n"
    if line < len(lines):
        out += f"{str(line + 1).rjust(width)}: {lines[line]}\n"
    return out


def response(data: Any, errors_: list[dict[str, Any]]) -> dict[str, Any]:
    """The body: ``data`` and ``errors`` each left out when empty (Weaviate's omitempty)."""
    body: dict[str, Any] = {}
    if data is not None:
        body["data"] = data
    if errors_:
        body["errors"] = errors_
    return body


def batch_item_error(message: str) -> dict[str, Any]:
    """An error of one query of a batch (Weaviate prefixes the status code)."""
    return {"errors": [{"message": f"422: {message}", "locations": None, "path": None}]}
