"""A generated corpus over every tokenization, for the BM25 tests."""

from __future__ import annotations

import random
from pathlib import Path
from typing import Any

from tests.bm25_oracle import Bm25Oracle, OracleProp
from tests.unit.storage.inverted_support import Setup, collection, obj, open_setup
from weftdb.storage.kv.port import KeyValueEngine

WORDS = ["cat", "Cat", "dog", "fish", "bird", "the", "a", "of", "and", "red", "blue", "green", "fast",
         "slow", "x1", "y2", "über", "naïve", "cat-dog", "dog's", "state_of", "art", "is", "to"]
PROPS: list[dict[str, Any]] = [
    {"name": "title", "dataType": ["text"], "tokenization": "word"},
    {"name": "body", "dataType": ["text"], "tokenization": "word"},
    {"name": "tags", "dataType": ["text[]"], "tokenization": "word"},
    {"name": "code", "dataType": ["text"], "tokenization": "field"},
    {"name": "kind", "dataType": ["text"], "tokenization": "lowercase"},
    {"name": "raw", "dataType": ["text"], "tokenization": "whitespace"},
    {"name": "tri", "dataType": ["text"], "tokenization": "trigram"},
    {"name": "hidden", "dataType": ["text"], "tokenization": "word", "indexSearchable": False},
    {"name": "count", "dataType": ["int"]},
]
SEARCHABLE = [OracleProp(p["name"], p["tokenization"]) for p in PROPS
              if p["dataType"][0].startswith("text") and p.get("indexSearchable", True)]


def searchable_props() -> list[dict[str, Any]]:
    return [{**p, "indexSearchable": p.get("indexSearchable", p["dataType"][0].startswith("text"))} for p in PROPS]


def phrase(rng: random.Random, low: int, high: int) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(rng.randint(low, high)))


def corpus(n: int, seed: int = 7) -> list[dict[str, Any]]:
    rng = random.Random(seed)
    docs = []
    for i in range(n):
        doc: dict[str, Any] = {
            "title": phrase(rng, 1, 4), "body": phrase(rng, 0, 12),
            "tags": [phrase(rng, 1, 2) for _ in range(rng.randint(0, 3))],
            "code": rng.choice(["A-1", "B-2", " A-1 ", "c 3"]), "kind": phrase(rng, 1, 2),
            "raw": phrase(rng, 1, 3), "tri": phrase(rng, 1, 2), "hidden": "cat", "count": i,
        }
        for name in rng.sample(["title", "body", "tags", "kind", "raw", "tri"], rng.randint(0, 2)):
            del doc[name]  # absent properties
        docs.append(doc)
    return docs


def queries(n: int, seed: int = 11) -> list[str]:
    rng = random.Random(seed)
    out = [phrase(rng, 1, 5) for _ in range(n)]
    return out + ["cat cat dog", "The CAT", "the a of", "A-1", " A-1 ", "x1 x1 x1", "dog's cat-dog"]


def indexed(engine: KeyValueEngine, path: Path, docs: list[dict[str, Any]], **inverted: Any) -> Setup:
    setup = open_setup(engine, path, collection(searchable_props(), {"stopwords": {"preset": "en"}, **inverted}))
    for start in range(0, len(docs), 64):  # several batches: postings appended block by block
        setup.put(obj(i, docs[i]) for i in range(start, min(start + 64, len(docs))))
    return setup


def oracle(docs: list[dict[str, Any]], k1: float = 1.2, b: float = 0.75) -> Bm25Oracle:
    return Bm25Oracle(docs, SEARCHABLE, k1, b)
