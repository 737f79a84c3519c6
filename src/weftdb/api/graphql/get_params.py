"""``Get { Class(...) }`` arguments and selection -> ``SearchParams``.

Pagination follows Weaviate's explorer: with none of limit, offset and autocut
the GraphQL default limit applies (QUERY_DEFAULTS_LIMIT_GRAPHQL); with offset or
autocut but no limit, the general default (QUERY_DEFAULTS_LIMIT); a vector
search with a certainty or distance and no limit returns everything within it
(up to QUERY_MAXIMUM_RESULTS). Cursor rules and messages are Weaviate's
(entities/filters/cursor_validator.go).
"""

from __future__ import annotations

import uuid as uuidlib
from dataclasses import dataclass
from typing import Any

from weftdb.api.graphql.filters import parse_graphql_where
from weftdb.api.graphql.searches import bm25, hybrid, near_object, near_vector
from weftdb.api.graphql.selection import GetSelection
from weftdb.entities.schema import CollectionDef
from weftdb.entities.search import GroupBy, NearObject, NearVector, SearchParams, SortSpec
from weftdb.errors import InvalidInput

_SEARCH_ARGS = ("nearVector", "nearObject", "bm25", "hybrid")


@dataclass(frozen=True)
class GraphQLLimits:
    default_limit: int = 100  # QUERY_DEFAULTS_LIMIT_GRAPHQL
    maximum_results: int = 10000  # QUERY_MAXIMUM_RESULTS


def search_params(collection: CollectionDef, args: dict[str, Any], selection: GetSelection,
                  limits: GraphQLLimits) -> SearchParams:
    searches = [name for name in _SEARCH_ARGS if args.get(name) is not None]
    _check_combinations(args, searches)
    sort = _sort(args.get("sort"))
    nv = near_vector(args["nearVector"], collection) if args.get("nearVector") is not None else None
    no = near_object(args["nearObject"]) if args.get("nearObject") is not None else None
    return SearchParams(
        collection=collection.name,
        tenant=args.get("tenant") or "",
        limit=_limit(args, nv or no, limits),
        offset=args.get("offset") or 0,
        autocut=max(args.get("autocut") or 0, 0),
        after=_after(args, searches, sort),
        filters=parse_graphql_where(args["where"]) if args.get("where") is not None else None,
        sort=sort,
        properties=selection.properties,
        metadata=selection.metadata,
        near_vector=nv,
        near_object=no,
        bm25=bm25(args["bm25"]) if args.get("bm25") is not None else None,
        hybrid=hybrid(args["hybrid"], collection) if args.get("hybrid") is not None else None,
        group_by=_group_by(args.get("groupBy")),
    )


def _check_combinations(args: dict[str, Any], searches: list[str]) -> None:
    if "nearVector" in searches and "nearObject" in searches:
        raise InvalidInput("found both 'nearVector' and 'nearObject' parameters which are conflicting, "
                           "choose one instead")
    if "bm25" in searches and ("nearVector" in searches or "nearObject" in searches):
        raise InvalidInput("conflict: both near<Media> and keyword-based (bm25) arguments present, choose one")
    if len(searches) > 1:
        raise InvalidInput(f"found more than one search argument ({', '.join(searches)}); choose one")
    if args.get("sort") and searches and searches[0] in ("bm25", "hybrid"):
        raise InvalidInput(f"{searches[0]} search is not compatible with sort")


def _limit(args: dict[str, Any], vector: NearVector | NearObject | None, limits: GraphQLLimits) -> int | None:
    limit = args.get("limit")
    by_distance = vector is not None and (vector.distance is not None or bool(vector.certainty))
    if limit is not None and limit >= 0:
        return int(limit)
    if by_distance:
        return max(limits.maximum_results - (args.get("offset") or 0), 0)
    if limit is None and args.get("offset") is None and args.get("autocut") is None:
        return limits.default_limit
    return None  # the use case's default (QUERY_DEFAULTS_LIMIT)


def _after(args: dict[str, Any], searches: list[str], sort: tuple[SortSpec, ...]) -> uuidlib.UUID | None:
    after = args.get("after")
    if after is None:
        return None
    prefix = "cursor api: invalid 'after' parameter: "
    if searches:
        raise InvalidInput(prefix + "other params cannot be set with after and limit parameters")
    clashes = [name for name, on in (("offset", bool(args.get("offset"))), ("where", args.get("where") is not None),
                                     ("sort", bool(sort))) if on]
    if clashes:
        raise InvalidInput(prefix + f"{','.join(clashes)} cannot be set with after and limit parameters")
    if args.get("limit") is None or args["limit"] < 0:
        raise InvalidInput(prefix + "limit parameter must be set")
    if after == "":
        return None
    try:
        return uuidlib.UUID(after)
    except ValueError:
        raise InvalidInput(prefix + f"after parameter '{after}' is not a valid uuid") from None


def _sort(raw: list[dict[str, Any]] | None) -> tuple[SortSpec, ...]:
    if not raw:
        return ()
    specs = []
    for item in raw:
        path = tuple(item.get("path") or ())
        if not path:
            raise InvalidInput("invalid 'sort' parameter: sort path cannot be empty")
        specs.append(SortSpec(path, (item.get("order") or "asc") != "desc"))
    return tuple(specs)


def _group_by(raw: dict[str, Any] | None) -> GroupBy | None:
    if raw is None:
        return None
    path = raw.get("path") or []
    if len(path) != 1:
        raise InvalidInput("groupBy: path must name exactly one property")
    return GroupBy(property=path[0], number_of_groups=raw["groups"], objects_per_group=raw["objectsPerGroup"])
