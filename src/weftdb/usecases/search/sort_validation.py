"""Sort checks that need only the schema (Weaviate's ``entities/filters/sort_validator.go``).

A sort path has exactly one element: ``_id``, ``_creationTimeUnix``,
``_lastUpdateTimeUnix`` or a property. uuid and reference properties cannot be
sorted on; every other type can (geo coordinates, phone numbers and blobs
included, objects all tie). Errors carry their position and are joined.
"""

from __future__ import annotations

from collections.abc import Sequence

from weftdb.entities.filters import CREATION_TIME_PATH, ID_PATH, UPDATE_TIME_PATH
from weftdb.entities.schema import CollectionDef
from weftdb.entities.search import SortSpec
from weftdb.errors import InvalidInput
from weftdb.usecases.objects.validation import ERROR_NO_SUCH_PROPERTY as NO_SUCH_PROPERTY

_INTERNAL = frozenset({ID_PATH, "id", CREATION_TIME_PATH, UPDATE_TIME_PATH})


def sort_errors(collection: CollectionDef, sort: Sequence[SortSpec]) -> str | None:
    """The joined errors of a sort, or None when it is valid."""
    if not sort:
        return "empty sort"
    errors = []
    for pos, spec in enumerate(sort):
        error = _spec_error(collection, spec)
        if error is not None:
            errors.append(f"sort parameter at position {pos}: {error}")
    return ", ".join(errors) or None


def validate_sort(collection: CollectionDef, sort: Sequence[SortSpec]) -> None:
    """Raise InvalidInput as Weaviate's search does (``invalid 'sort' parameter: ...``)."""
    error = sort_errors(collection, sort)
    if error is not None:
        raise InvalidInput(f"invalid 'sort' parameter: {error}")


def _spec_error(collection: CollectionDef, spec: SortSpec) -> str | None:
    if not spec.path:
        return "path parameter cannot be empty"
    if len(spec.path) > 1:
        return "sorting by reference not supported, path must have exactly one argument"
    name = spec.path[0]
    if name in _INTERNAL:
        return None
    prop = collection.prop(name.split(".", 1)[0])
    if prop is None:
        return NO_SUCH_PROPERTY.format(name, collection.name)
    if prop.is_reference:
        return (
            f'sorting by reference not supported, property "{name}" is a ref prop to the class '
            f'"{prop.data_type[0]}"'
        )
    if prop.primitive in ("uuid", "uuid[]"):
        return (
            f'prop "{prop.name}" is of type uuid/uuid[]: sorting by uuid is currently not supported - if you '
            "believe it should be, please open a feature request on github.com/weaviate/weaviate"
        )
    return None
