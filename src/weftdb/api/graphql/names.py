"""GraphQL names of collections and their types (Weaviate's conventions)."""

from __future__ import annotations

#: GraphQL scalar names a class may not take as its type name; Weaviate prefixes
#: such classes with ``_`` (a Weaviate class name never starts with one)
_RESERVED = frozenset({"String", "DateTime", "Int", "Float", "Boolean", "ID", "FieldSet"})
#: the union member for references that could not be resolved (``beacon`` only)
BEACON_TYPE = "Beacon"
#: key a resolved reference carries so its union member can be found
REF_CLASS_KEY = "__refClass"


def object_type_name(class_name: str) -> str:
    return f"_{class_name}" if class_name in _RESERVED else class_name


def class_of_type(type_name: str) -> str:
    """The collection a class object type (or fragment type condition) names."""
    if type_name.startswith("_") and type_name[1:] in _RESERVED:
        return type_name[1:]
    return type_name


def title(name: str) -> str:
    """Upper-case first letter, the rest kept (Go ``cases.Title`` with ``NoLower``
    on a property name, which is one word)."""
    return name[:1].upper() + name[1:]
