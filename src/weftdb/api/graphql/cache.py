"""Parsed and validated queries, kept per (schema version, query text).

Parsing and validating a query costs about as much as running a small search,
and clients repeat the same query text; a hit skips both. A text whose number
lists and strings were lifted into variables (``hoist.py``) is prepared with those variables
declared and typed. Entries of older schema versions can never match again and
are dropped when the schema changes. Bounded (least recently used out first)
and thread-safe.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from dataclasses import dataclass

from graphql import DocumentNode, GraphQLError, GraphQLInputType, GraphQLSchema, GraphQLSyntaxError, parse, validate

from weftdb.api.graphql.hoist import declare


@dataclass(frozen=True)
class Prepared:
    """A query ready to execute (``errors`` empty), or why it cannot run."""

    document: DocumentNode | None
    errors: tuple[GraphQLError, ...] = ()
    #: the types of the lifted variables (hoisted texts only)
    variables: dict[str, GraphQLInputType] | None = None
    #: lifted strings that must stay in the text (``hoist.Declared.kept``)
    kept: frozenset[str] = frozenset()


class QueryCache:
    def __init__(self, max_entries: int = 512) -> None:
        self._max = max_entries
        self._entries: OrderedDict[tuple[int, bool, str], Prepared] = OrderedDict()
        self._version = -1
        self._lock = threading.Lock()
        self.hits = 0
        self.misses = 0

    def prepare(self, version: int, schema: GraphQLSchema, query: str, *, hoisted: bool = False) -> Prepared:
        """``hoisted``: the text has lifted literals (an unusable result means: lift
        again keeping ``kept`` in the text, or with nothing kept, run the original text)."""
        key = (version, hoisted, query)
        with self._lock:
            found = self._entries.get(key)
            if found is not None:
                self._entries.move_to_end(key)
                self.hits += 1
                return found
        prepared = _prepare(schema, query, hoisted)
        with self._lock:
            self.misses += 1
            if version < self._version:
                return prepared  # a request that started before the schema changed
            if version > self._version:
                self._entries.clear()
                self._version = version
            self._entries[key] = prepared
            if len(self._entries) > self._max:
                self._entries.popitem(last=False)
        return prepared

    def __len__(self) -> int:
        return len(self._entries)


def _prepare(schema: GraphQLSchema, query: str, hoisted: bool) -> Prepared:
    """Parsed and validated. With ``hoisted`` (a text whose literals were lifted into
    variables) the variables are declared first (``hoist.declare``); when they cannot be,
    the result is unusable and the caller runs the original text."""
    try:
        document = parse(query)
    except GraphQLSyntaxError as exc:
        return Prepared(None, (exc,))
    types = None
    if hoisted:
        declared = declare(document, schema)
        if declared is None or declared.document is None:
            return Prepared(None, kept=declared.kept if declared is not None else frozenset())
        document, types = declared.document, declared.types
    errors = validate(schema, document)
    return Prepared(None, tuple(errors)) if errors else Prepared(document, (), types)
