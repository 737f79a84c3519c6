"""The tenant rules every object operation checks first (Weaviate's messages)."""

from __future__ import annotations

from weftdb.entities.schema import CollectionDef
from weftdb.errors import InvalidInput, NotImplementedYet


def check_tenant(collection: CollectionDef, tenant: str) -> None:
    if collection.multi_tenancy and not tenant:
        raise InvalidInput(
            f"class {collection.name} has multi-tenancy enabled, but request was without tenant"
        )
    if not collection.multi_tenancy and tenant:
        raise InvalidInput(
            f"class {collection.name} has multi-tenancy disabled, but request was with tenant"
        )
    if collection.multi_tenancy:
        raise NotImplementedYet("objects in multi-tenant collections are not implemented yet")
