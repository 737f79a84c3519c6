"""Filter evaluation to allow-lists: roaring bitmaps of doc ids.

And/Or/Not are bitmap algebra. Clauses on the object id resolve through the
objects bucket. Property clauses need the inverted index, which is not built
yet: they raise NotImplementedYet rather than scanning objects.
"""

from __future__ import annotations

import uuid as uuidlib
from collections.abc import Iterable
from typing import Any, Protocol

from pyroaring import BitMap

from weftdb.entities.filters import Filter, Operator
from weftdb.errors import InvalidInput, NotImplementedYet


class DocIdSource(Protocol):
    def doc_ids_of(self, ids: Iterable[uuidlib.UUID]) -> list[int]: ...
    def all_doc_ids(self) -> BitMap: ...


class FilterEvaluator:
    def __init__(self, source: DocIdSource) -> None:
        self._source = source
        self._universe: BitMap | None = None

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
            return self._id_clause(clause)
        raise NotImplementedYet(
            f"filtering on property '{'.'.join(clause.path)}' is not implemented yet: only the object id can be filtered"
        )

    def universe(self) -> BitMap:
        if self._universe is None:
            self._universe = self._source.all_doc_ids()
        return self._universe

    def _id_clause(self, clause: Filter) -> BitMap:
        op = clause.operator
        values = _as_list(clause.value)
        matched = BitMap(self._source.doc_ids_of(_parse_ids(values)))
        if op is Operator.EQUAL:
            return matched
        if op is Operator.NOT_EQUAL:
            return self.universe() - matched
        if op is Operator.CONTAINS_ANY:
            return matched
        if op is Operator.CONTAINS_ALL:
            return matched if len(set(values)) <= 1 else BitMap()
        if op is Operator.CONTAINS_NONE:
            return self.universe() - matched
        raise NotImplementedYet(f"operator {op.value} on the object id is not implemented yet")


def _require_operands(clause: Filter, combine: Any, parts: list[BitMap]) -> BitMap:
    if not parts:
        raise InvalidInput(f"operator {clause.operator.value} requires operands")
    return parts[0] if len(parts) == 1 else combine(*parts)


def _as_list(value: Any) -> list[Any]:
    if isinstance(value, (list, tuple)):
        return list(value)
    return [value]


def _parse_ids(values: list[Any]) -> list[uuidlib.UUID]:
    out = []
    for value in values:
        try:
            out.append(uuidlib.UUID(str(value)))
        except ValueError:
            continue  # a malformed id matches nothing
    return out
