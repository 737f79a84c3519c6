"""Filter evaluation to allow-lists: roaring bitmaps of doc ids.

And/Or/Not are bitmap algebra over the shard's live doc ids (the universe:
``Not``, ``NotEqual`` and ``ContainsNone`` subtract from it). Clauses on the
object id resolve through the objects bucket; every other clause is served by
the shard's ``InvertedIndex`` (``predicates.py`` for property values, ``meta.py``
for null state, lengths, reference counts and timestamps). Nothing here scans
objects. Without an inverted index only id clauses can be evaluated.
"""

from __future__ import annotations

import uuid as uuidlib
from collections.abc import Callable, Iterable
from typing import Protocol

from pyroaring import BitMap

from weftdb.entities.filters import CREATION_TIME_PATH, UPDATE_TIME_PATH, Filter, Operator
from weftdb.errors import InvalidInput, NotImplementedYet
from weftdb.storage.inverted import messages
from weftdb.storage.inverted.index import InvertedIndex
from weftdb.storage.inverted.meta import IdPredicates, is_null, length, ref_count, timestamp
from weftdb.storage.inverted.plan import REFERENCE, PropPlan
from weftdb.storage.inverted.predicates import PropertyPredicates


class DocIdSource(Protocol):
    def doc_ids_of(self, ids: Iterable[uuidlib.UUID]) -> list[int]: ...
    def all_doc_ids(self) -> BitMap: ...


class FilterEvaluator:
    def __init__(self, source: DocIdSource, index: InvertedIndex | None = None) -> None:
        self._source = source
        self._index = index
        self._universe: BitMap | None = None
        self._ids = IdPredicates(source.doc_ids_of, self.universe, index)

    def allow_list(self, clause: Filter) -> BitMap:
        op = clause.operator
        if op is Operator.AND:
            return _require_operands(clause, BitMap.intersection, [self.allow_list(o) for o in clause.operands])
        if op is Operator.OR:
            return _require_operands(clause, BitMap.union, [self.allow_list(o) for o in clause.operands])
        if op is Operator.NOT:
            if len(clause.operands) != 1:
                raise InvalidInput("operator Not requires exactly one operand")
            return self.universe() - self.allow_list(clause.operands[0])
        if clause.is_id_filter:
            return self._ids.evaluate(clause)
        return self._leaf(clause)

    def universe(self) -> BitMap:
        if self._universe is None:
            self._universe = self._source.all_doc_ids()
        return self._universe

    def _leaf(self, clause: Filter) -> BitMap:
        if len(clause.path) != 1:
            raise NotImplementedYet("filtering on properties of referenced objects is not implemented yet")
        index = self._index
        if index is None:
            raise NotImplementedYet(
                f"filtering on property '{clause.path[0]}' is not implemented yet: only the object id can be filtered"
            )
        name = clause.path[0]
        if name in (CREATION_TIME_PATH, UPDATE_TIME_PATH):
            return timestamp(index, name, clause, self.universe)
        prop = _property(index, name)
        if clause.on_length:
            return length(index, prop, clause, self.universe)
        if clause.operator is Operator.IS_NULL:
            return is_null(index, prop, clause)
        if clause.on_ref_count or prop.base == REFERENCE:
            return ref_count(index, prop, clause, self.universe)
        return PropertyPredicates(index, self.universe).evaluate(prop, clause)


def _property(index: InvertedIndex, name: str) -> PropPlan:
    root = name.split(".", 1)[0].split("[", 1)[0]
    prop = index.plan.props.get(root)
    if prop is None:
        raise messages.no_such_property(name, index.plan.collection)
    if root != name or prop.data_type in ("object", "object[]"):
        raise messages.nested_disabled()
    return prop


def _require_operands(clause: Filter, combine: Callable[..., BitMap], parts: list[BitMap]) -> BitMap:
    if not parts:
        raise InvalidInput(f"operator {clause.operator.value} requires operands")
    return parts[0] if len(parts) == 1 else combine(*parts)
