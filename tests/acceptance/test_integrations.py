"""LangChain, LlamaIndex and Haystack, through their Weaviate stores unmodified: each
writes documents, searches them (vector, BM25, hybrid, filtered) and deletes one, and
gets what the same search through weaviate-client returns (the searches they send are
read from their sources: langchain_weaviate.vectorstores, llama_index's
WeaviateVectorStore.get_query_parameters, haystack's document store).

Embeddings are a hash of the text (16 numbers): no model is needed."""

from __future__ import annotations

import hashlib
import os
import warnings
from typing import Any

import pytest
import weaviate
from weaviate.classes.query import Filter, MetadataQuery

from tests.harness import ServerProcess

os.environ.setdefault("HAYSTACK_TELEMETRY_ENABLED", "False")  # no calls home from the tests
with warnings.catch_warnings():  # the libraries warn about their own dependencies on import
    warnings.simplefilter("ignore")
    from haystack import Document
    from haystack_integrations.components.retrievers.weaviate import (
        WeaviateBM25Retriever,
        WeaviateEmbeddingRetriever,
        WeaviateHybridRetriever,
    )
    from haystack_integrations.document_stores.weaviate import WeaviateDocumentStore
    from langchain_core.embeddings import Embeddings
    from langchain_weaviate.vectorstores import WeaviateVectorStore as LangChainStore
    from llama_index.core.schema import TextNode
    from llama_index.core.vector_stores.types import (
        MetadataFilter,
        MetadataFilters,
        VectorStoreQuery,
        VectorStoreQueryMode,
    )
    from llama_index.vector_stores.weaviate import WeaviateVectorStore as LlamaIndexStore

pytestmark = [pytest.mark.acceptance, pytest.mark.filterwarnings("ignore")]  # the libraries' own warnings

TEXTS = ["the cat sat on the mat", "dogs chase cats", "a quick brown fox jumps", "weaviate is a vector database",
         "python is a language", "cats and dogs and foxes"]


def embed(text: str) -> list[float]:
    return [b / 255.0 for b in hashlib.sha256(text.encode()).digest()[:16]]


def direct_hybrid(client: weaviate.WeaviateClient, name: str, query: str, text: str = "text",
                  **kwargs: Any) -> list[tuple[str, float]]:
    """The same hybrid search through weaviate-client: (``text`` property, score) per hit."""
    res = client.collections.get(name).query.hybrid(query, vector=embed(query), return_metadata=MetadataQuery(score=True),
                                                     **kwargs)
    return [(o.properties[text], o.metadata.score) for o in res.objects]


class HashEmbeddings(Embeddings):  # type: ignore[misc]
    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        return [embed(t) for t in texts]

    def embed_query(self, text: str) -> list[float]:
        return embed(text)


def test_langchain(client: weaviate.WeaviateClient, name: str) -> None:
    store = LangChainStore.from_texts(TEXTS, HashEmbeddings(), client=client, index_name=name,
                                           metadatas=[{"n": i} for i in range(len(TEXTS))])
    found = store.similarity_search_with_score("cat mat", k=3)
    assert [(d.page_content, s) for d, s in found] == direct_hybrid(client, name, "cat mat", limit=3)
    assert len(found) == 3 and {d.metadata["n"] for d, _ in found} <= set(range(len(TEXTS)))
    filtered = store.similarity_search("cats", k=5, filters=Filter.by_property("n").greater_than(2))
    assert sorted(d.page_content for d in filtered) == sorted(TEXTS[3:])
    assert len(store.max_marginal_relevance_search("cats", k=2, fetch_k=4)) == 2
    assert [d.page_content for d in store.as_retriever(search_kwargs={"k": 2}).invoke("fox")] == [
        t for t, _ in direct_hybrid(client, name, "fox", limit=2)]


def test_llama_index(client: weaviate.WeaviateClient, name: str) -> None:
    store = LlamaIndexStore(weaviate_client=client, index_name=name, text_key="text")
    nodes = [TextNode(text=t, embedding=embed(t), metadata={"n": i, "kind": "odd" if i % 2 else "even"})
             for i, t in enumerate(TEXTS)]
    ids = store.add(nodes)
    assert len(ids) == len(TEXTS)
    vector = store.query(VectorStoreQuery(query_embedding=embed("cat mat"), query_str="cat mat", similarity_top_k=3))
    assert [(n.text, s) for n, s in zip(vector.nodes, vector.similarities or [])] == direct_hybrid(
        client, name, "cat mat", alpha=1, limit=3)  # the default mode: hybrid at alpha 1
    hybrid = store.query(VectorStoreQuery(query_embedding=embed("cat mat"), query_str="cat mat", similarity_top_k=3,
                                          mode=VectorStoreQueryMode.HYBRID, alpha=0.5))
    assert [(n.text, s) for n, s in zip(hybrid.nodes, hybrid.similarities or [])] == direct_hybrid(
        client, name, "cat mat", alpha=0.5, limit=3)
    odd = store.query(VectorStoreQuery(query_embedding=embed("cat"), similarity_top_k=5,
                                       filters=MetadataFilters(filters=[MetadataFilter(key="kind", value="odd")])))
    assert sorted(n.text for n in odd.nodes) == sorted(TEXTS[1::2])
    store.delete_nodes([ids[0]])
    assert client.collections.get(name).aggregate.over_all(total_count=True).total_count == len(TEXTS) - 1


def test_haystack(client: weaviate.WeaviateClient, server: ServerProcess, name: str) -> None:
    store = WeaviateDocumentStore(url=server.url, grpc_port=server.grpc_port, collection_settings={"class": name})
    try:
        check_haystack(store, client, name)
    finally:
        store.client.close()


def check_haystack(store: Any, client: weaviate.WeaviateClient, name: str) -> None:
    docs = [Document(content=t, embedding=embed(t), meta={"n": i}) for i, t in enumerate(TEXTS)]
    assert store.write_documents(docs) == len(TEXTS) and store.count_documents() == len(TEXTS)
    coll = client.collections.get(name)
    bm25 = WeaviateBM25Retriever(document_store=store).run(query="cats dogs", top_k=3)["documents"]
    expected = coll.query.bm25("cats dogs", limit=3, return_metadata=MetadataQuery(score=True)).objects
    assert [(d.content, d.score) for d in bm25] == [(o.properties["content"], o.metadata.score) for o in expected]
    nearest = WeaviateEmbeddingRetriever(document_store=store).run(query_embedding=embed("fox"), top_k=2)["documents"]
    expected = coll.query.near_vector(embed("fox"), limit=2, return_metadata=MetadataQuery(certainty=True)).objects
    assert [(d.content, d.score) for d in nearest] == [(o.properties["content"], o.metadata.certainty)
                                                       for o in expected]
    hybrid = WeaviateHybridRetriever(document_store=store).run(query="cats", query_embedding=embed("cats"),
                                                                top_k=3)["documents"]
    assert [(d.content, d.score) for d in hybrid] == direct_hybrid(  # Haystack's alpha is 0.7
        client, name, "cats", "content", alpha=0.7, limit=3, query_properties=["content"])
    assert sorted(d.content for d in store.filter_documents({"field": "meta.n", "operator": ">=", "value": 3})) == \
        sorted(TEXTS[3:])
    store.delete_documents([docs[0].id])
    assert store.count_documents() == len(TEXTS) - 1
