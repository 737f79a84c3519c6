"""What a Get query selects: properties, cross-references and ``_additional``.

Read from the class field's selection set (fragments expanded) once per query,
as Weaviate's ``extractProperties`` (local/get/class_builder_fields.go). Object,
geo and phone properties are selected whole (GraphQL picks their sub-fields);
a reference property's inline fragments (``... on Class { ... }``) say which
linked collections to resolve and what to return of them.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field

from graphql import FieldNode, FragmentDefinitionNode, FragmentSpreadNode, InlineFragmentNode, SelectionSetNode

from weftdb.api.graphql.names import BEACON_TYPE, class_of_type
from weftdb.entities.schema import CollectionDef
from weftdb.entities.search import MetadataRequest, PropertySelection, ReferenceSelection
from weftdb.errors import InvalidInput

Fragments = Mapping[str, FragmentDefinitionNode]
FindCollection = Callable[[str], CollectionDef | None]
ADDITIONAL = "_additional"
TYPENAME = "__typename"
_METADATA_FIELDS = {
    "id": "uuid", "vector": "vector", "creationTimeUnix": "creation_time", "lastUpdateTimeUnix": "update_time",
    "distance": "distance", "certainty": "certainty", "score": "score", "explainScore": "explain_score",
    "isConsistent": "is_consistent",
}


@dataclass(frozen=True)
class GetSelection:
    properties: PropertySelection
    metadata: MetadataRequest


@dataclass
class _Collected:
    """A selection being read (merged when a field appears more than once)."""

    names: dict[str, None] = field(default_factory=dict)
    refs: dict[tuple[str, str], _Collected] = field(default_factory=dict)
    metadata: set[str] = field(default_factory=set)
    vectors: dict[str, None] = field(default_factory=dict)

    def properties(self) -> PropertySelection:
        refs = tuple(
            ReferenceSelection(prop, target, sub.properties(), sub.metadata_request())
            for (prop, target), sub in self.refs.items()
        )
        return PropertySelection(names=tuple(self.names), references=refs)

    def metadata_request(self) -> MetadataRequest:
        flags = self.metadata
        return MetadataRequest(
            uuid=True, vector="vector" in flags, vectors=tuple(self.vectors), creation_time="creation_time" in flags,
            update_time="update_time" in flags, distance="distance" in flags, certainty="certainty" in flags,
            score="score" in flags, explain_score="explain_score" in flags, is_consistent="is_consistent" in flags,
        )


def fields(selection_set: SelectionSetNode | None, fragments: Fragments) -> Iterator[FieldNode]:
    """The fields of a selection set, with fragments (spread and inline) expanded."""
    if selection_set is None:
        return
    for node in selection_set.selections:
        if isinstance(node, FieldNode):
            yield node
        elif isinstance(node, InlineFragmentNode):
            yield from fields(node.selection_set, fragments)
        elif isinstance(node, FragmentSpreadNode) and node.name.value in fragments:
            yield from fields(fragments[node.name.value].selection_set, fragments)


def get_selection(collection: CollectionDef, nodes: Sequence[FieldNode], fragments: Fragments,
                  find: FindCollection) -> GetSelection:
    """``nodes``: the class field's nodes (several when the query repeats the field)."""
    collected = _Collected()
    for node in nodes:
        _collect(collection, node.selection_set, fragments, find, collected)
    return GetSelection(collected.properties(), collected.metadata_request())


def _collect(collection: CollectionDef, selection_set: SelectionSetNode | None, fragments: Fragments,
             find: FindCollection, into: _Collected | None = None) -> _Collected:
    out = into or _Collected()
    for node in fields(selection_set, fragments):
        name = node.name.value
        if name == TYPENAME:
            continue
        if name == ADDITIONAL:
            _additional(collection, node, fragments, find, out)
            continue
        prop = collection.prop(name)
        if prop is not None and prop.is_reference:
            _reference(name, node, fragments, find, out)
        else:
            out.names[name] = None
    return out


def _additional(collection: CollectionDef, node: FieldNode, fragments: Fragments, find: FindCollection,
                out: _Collected) -> None:
    for sub in fields(node.selection_set, fragments):
        name = sub.name.value
        if name in _METADATA_FIELDS:
            out.metadata.add(_METADATA_FIELDS[name])
        elif name == "vectors":
            out.vectors.update((v.name.value, None) for v in fields(sub.selection_set, fragments)
                               if v.name.value != TYPENAME)
        elif name == "group":
            _group(collection, sub, fragments, find, out)


def _group(collection: CollectionDef, node: FieldNode, fragments: Fragments, find: FindCollection,
           out: _Collected) -> None:
    """Group hits are objects of the collection: their selection joins the main one."""
    for sub in fields(node.selection_set, fragments):
        if sub.name.value == "hits":
            _collect(collection, sub.selection_set, fragments, find, out)


def _reference(prop: str, node: FieldNode, fragments: Fragments, find: FindCollection, out: _Collected) -> None:
    """``... on Class { ... }`` per linked collection. A reference selected without one
    resolves nothing and shows null (Weaviate returns no unresolved links): it is
    kept with no linked collection."""
    linked = []
    for sel in node.selection_set.selections if node.selection_set is not None else ():
        if isinstance(sel, InlineFragmentNode) and sel.type_condition is not None:
            linked.append((sel.type_condition.name.value, sel.selection_set))
        elif isinstance(sel, FragmentSpreadNode) and sel.name.value in fragments:
            fragment = fragments[sel.name.value]
            linked.append((fragment.type_condition.name.value, fragment.selection_set))
    for type_name, selection_set in linked:
        _linked(prop, type_name, selection_set, fragments, find, out)
    if not linked:
        out.refs.setdefault((prop, ""), _Collected())


def _linked(prop: str, type_name: str, selection_set: SelectionSetNode, fragments: Fragments,
            find: FindCollection, out: _Collected) -> None:
    if type_name == BEACON_TYPE:
        raise InvalidInput("retrieving cross-refs by beacon is not supported yet - coming soon!")
    linked = find(class_of_type(type_name))
    if linked is None:
        raise InvalidInput(f"the inline fragment type name '{type_name}' is not a valid class name")
    key = (prop, linked.name)
    out.refs[key] = _collect(linked, selection_set, fragments, find, out.refs.get(key))
