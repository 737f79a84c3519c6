"""What the schema rules need to know about modules, derived from their names.

Weaviate asks its module provider (usecases/modules/modules.go,
vectorizer.go); here only ENABLE_MODULES names are known, so a module's kind
follows Weaviate's naming convention (``text2vec-*``, ``multi2multivec-*``...).
"""

from __future__ import annotations

from weftdb.goformat import go_quote

from .defaults import VECTORIZER_NONE

_VECTORIZER_PREFIXES = (
    "text2vec-", "multi2vec-", "img2vec-", "ref2vec-", "text2multivec-", "multi2multivec-",
)
_MULTI_VECTOR_PREFIXES = ("text2multivec-", "multi2multivec-")


def is_vectorizer(name: str) -> bool:
    return name.startswith(_VECTORIZER_PREFIXES)


def is_multi_vector(name: str, enabled: frozenset[str]) -> bool:
    """Provider.IsMultiVector: false for modules that are not present."""
    return name in enabled and name.startswith(_MULTI_VECTOR_PREFIXES)


def vectorizer_error(name: str, enabled: frozenset[str]) -> str | None:
    """Provider.ValidateVectorizer; None when ``name`` is a usable vectorizer."""
    if name not in enabled:
        return f"no module with name {go_quote(name)} present"
    if not is_vectorizer(name):
        return (f"module {go_quote(name)} exists, but does not provide the Vectorizer "
                "or ReferenceVectorizer capability")
    return None


def has_module(name: str, enabled: frozenset[str]) -> bool:
    """Provider.HasModule ("none" always exists)."""
    return name == VECTORIZER_NONE or name in enabled
