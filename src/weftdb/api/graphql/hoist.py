"""Long number lists (query vectors) and strings lifted out of the query text into variables.

Clients write vectors and search texts into the query (``nearVector: {vector:
[0.12, ...]}``, ``bm25: {query: "..."}``, ``valueText: "..."``); a 384-number
literal costs graphql-core ~10 ms to lex, validate and coerce, and every new
literal makes the query text unique, so nothing can be cached. Before parsing,
each flat list of at least ``MIN_NUMBERS`` numbers (outside strings and
comments) is replaced by a variable ``$weftdbVector<i>``, and each string (one
without escapes; block strings stay) by ``$weftdbText<i>``; the variables are
declared on the operation with the type their position expects (found with
graphql-core's TypeInfo), and their values are the numbers (a float32 array
where the type is a vector scalar) or the string. All queries of one shape then
share one cached document.

It is only an optimisation, and must not change what a query means. A string where
the position expects something other than a ``String`` or ``ID`` (an enum or a
custom scalar, which may read a variable otherwise than a literal) stays in the
text: the query is lifted again without it (``Declared.kept``). Every variable is
followed by a space, so it cannot run into the next token (``"a"null`` stays two
tokens). A query with a block string (three double quotes) keeps its strings (the pattern here does not follow
the lexer's block strings when one is unterminated). A document with several
operations, a number list inside a custom scalar's literal (no input type there),
or a rewritten document that does not validate, is run from the original text, so
error messages always refer to what the client sent. Locations of errors raised
while executing are mapped back to the original text.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass
from typing import Any

import numpy as np
from graphql import (
    DocumentNode,
    GraphQLID,
    GraphQLInputType,
    GraphQLList,
    GraphQLNonNull,
    GraphQLScalarType,
    GraphQLSchema,
    GraphQLString,
    ListTypeNode,
    NamedTypeNode,
    NameNode,
    NonNullTypeNode,
    OperationDefinitionNode,
    Source,
    TypeInfo,
    TypeInfoVisitor,
    TypeNode,
    VariableDefinitionNode,
    VariableNode,
    Visitor,
    get_location,
    get_nullable_type,
    visit,
)

MIN_NUMBERS = 16
PREFIX = "weftdbVector"
TEXT_PREFIX = "weftdbText"
_NUMBER = r"-?(?:0|[1-9]\d*+)(?:\.\d++)?(?:[eE][+-]?\d++)?"
_TOKENS = re.compile(
    r'(?P<block>"""(?:\\"""|[^"]|"(?!""))*+""")'
    r'|(?P<string>"(?:\\.|[^"\\\n])*+")'
    r"|(?P<comment>#[^\n\r]*+)"
    rf"|(?P<numbers>\[[\s,]*+(?:{_NUMBER}(?=[\s,\]])[\s,]*+){{{MIN_NUMBERS},}}+\])"
)
_SPLIT = re.compile(r"[\s,]+")
_LINE_BREAK = re.compile(r"\r\n|[\n\r]")
#: what keeps a string in the text: escapes, and control characters the lexer refuses
_NOT_LIFTED = re.compile(r"[\\\x00-\x08\x0a-\x1f]")


@dataclass(frozen=True)
class Hoisted:
    """The rewritten text, the lists' numbers and the strings (each in order), and
    where each lifted literal was (start and end in the original text, start and end
    in the rewritten one)."""

    text: str
    numbers: tuple[list[str], ...]
    spans: tuple[tuple[int, int, int, int], ...]
    texts: tuple[str, ...] = ()
    #: per lifted string, which of the query's liftable strings it is (for ``keep``)
    sources: tuple[int, ...] = ()

    def sources_of(self, names: frozenset[str]) -> frozenset[int]:
        """The liftable strings behind these ``$weftdbText<i>`` variables."""
        return frozenset(self.sources[i] for i in range(len(self.texts)) if f"{TEXT_PREFIX}{i}" in names)


def hoist(query: str, keep: frozenset[int] = frozenset()) -> Hoisted | None:
    """None when the query has no long number list and no string to lift (or names our
    variables). ``keep``: the liftable strings (counted in order) to leave in the text."""
    if PREFIX in query or TEXT_PREFIX in query or ("[" not in query and '"' not in query):
        return None
    strings = '"""' not in query
    pieces: list[str] = []
    numbers: list[list[str]] = []
    texts: list[str] = []
    sources: list[int] = []
    spans: list[tuple[int, int, int, int]] = []
    position = length = candidate = 0
    for match in _TOKENS.finditer(query):
        kind, literal = match.lastgroup, match.group()
        if kind == "numbers":
            name = f"${PREFIX}{len(numbers)} "
            numbers.append([t for t in _SPLIT.split(literal[1:-1]) if t])
        elif kind == "string" and strings and not _NOT_LIFTED.search(literal):
            candidate += 1
            if candidate - 1 in keep:
                continue
            name = f"${TEXT_PREFIX}{len(texts)} "
            texts.append(literal[1:-1])
            sources.append(candidate - 1)
        else:
            continue
        pieces.append(query[position:match.start()])
        length += match.start() - position
        spans.append((match.start(), match.end(), length, length + len(name)))
        pieces.append(name)
        length += len(name)
        position = match.end()
    if not spans:
        return None
    pieces.append(query[position:])
    return Hoisted("".join(pieces), tuple(numbers), tuple(spans), tuple(texts), tuple(sources))


@dataclass(frozen=True)
class Declared:
    """The document with our variables declared and their types; or, in ``kept``, the
    string variables whose positions take no ``String``/``ID`` (lift again without them)."""

    document: DocumentNode | None
    types: dict[str, GraphQLInputType]
    kept: frozenset[str] = frozenset()


def declare(document: DocumentNode, schema: GraphQLSchema) -> Declared | None:
    """Our variables declared on the document's one operation; None when that cannot
    be done (then the original text is used)."""
    operations = [d for d in document.definitions if isinstance(d, OperationDefinitionNode)]
    if len(operations) != 1:
        return None
    found: dict[str, GraphQLInputType | None] = {}
    type_info = TypeInfo(schema)
    visit(document, TypeInfoVisitor(type_info, _VariableTypes(type_info, found)))
    kept = frozenset(name for name, t in found.items() if name.startswith(TEXT_PREFIX) and (
        t is None or get_nullable_type(t) not in (GraphQLString, GraphQLID)))
    if kept:
        return Declared(None, {}, kept)
    if not found or any(t is None for t in found.values()):
        return None
    types: dict[str, GraphQLInputType] = {name: t for name, t in found.items() if t is not None}
    operation = operations[0]
    definitions = [*(operation.variable_definitions or ()), *(
        VariableDefinitionNode(variable=VariableNode(name=NameNode(value=n)), type=_type_node(t), directives=())
        for n, t in types.items())]
    rewritten = OperationDefinitionNode(
        operation=operation.operation, name=operation.name, variable_definitions=tuple(definitions),
        directives=operation.directives, selection_set=operation.selection_set, loc=operation.loc)
    others = tuple(d for d in document.definitions if d is not operation)
    return Declared(DocumentNode(definitions=(rewritten, *others), loc=document.loc), types)


class _VariableTypes(Visitor):
    def __init__(self, type_info: TypeInfo, found: dict[str, GraphQLInputType | None]) -> None:
        super().__init__()
        self._type_info = type_info
        self._found = found

    def enter_variable(self, node: VariableNode, *_: Any) -> None:
        if node.name.value.startswith((PREFIX, TEXT_PREFIX)):
            self._found[node.name.value] = self._type_info.get_input_type()


def _type_node(kind: GraphQLInputType) -> TypeNode:
    if isinstance(kind, GraphQLNonNull):
        inner = _type_node(kind.of_type)
        assert isinstance(inner, (NamedTypeNode, ListTypeNode))
        return NonNullTypeNode(type=inner)
    if isinstance(kind, GraphQLList):
        return ListTypeNode(type=_type_node(kind.of_type))
    return NamedTypeNode(name=NameNode(value=kind.name))


def variable_values(hoisted: Hoisted, types: dict[str, GraphQLInputType]) -> dict[str, Any]:
    """The values of our variables: the strings; float32 arrays for vector scalars
    (taken as they are), Python numbers otherwise (coerced by graphql-core)."""
    out: dict[str, Any] = {f"{TEXT_PREFIX}{i}": text for i, text in enumerate(hoisted.texts)}
    for i, tokens in enumerate(hoisted.numbers):
        name = f"{PREFIX}{i}"
        kind = get_nullable_type(types[name])
        if isinstance(kind, GraphQLScalarType) and kind.name.endswith("NearVectorVectorScalar"):
            out[name] = np.array(tokens, dtype=np.float64).astype(np.float32)
        elif all(t.lstrip("-").isdigit() for t in tokens):
            out[name] = [int(t) for t in tokens]
        else:
            out[name] = [float(t) for t in tokens]
    return out


def original_location(hoisted: Hoisted, original: str, line: int, column: int) -> tuple[int, int]:
    """A (line, column) of the rewritten text as a (line, column) of the original (lines
    end as graphql-core ends them: at ``\r\n``, ``\n`` or ``\r``)."""
    offset = _line_starts(hoisted.text)[line - 1] + column - 1
    starts = [s[2] for s in hoisted.spans]
    index = bisect_right(starts, offset) - 1
    if index >= 0:
        orig_start, orig_end, new_start, new_end = hoisted.spans[index]
        offset = orig_start if offset < new_end else offset + (orig_end - new_end)
    found = get_location(Source(original), offset)
    return found.line, found.column


def _line_starts(text: str) -> list[int]:
    return [0, *(m.end() for m in _LINE_BREAK.finditer(text))]
