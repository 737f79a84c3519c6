"""An independent BM25 oracle for weftdb's keyword search, as Weaviate scores.

Per property, ``bm25s`` (method "lucene") computes ``idf * tf / (tf + k1 * (1 - b + b *
len / avgLen))`` over the objects that have tokens in that property; the oracle keeps
its length-normalised part and applies Weaviate's combination (BlockMax-WAND, the
default: ``adapters/repos/db/inverted/bm25_searcher_block.go``):

- a query is tokenized per property (stopwords dropped for word tokenization only);
  a term occurring twice counts twice (its idf doubles);
- a term's idf uses N = object count and n = the mean (integer division) of its
  document counts over the searched properties of the same analysis that have it;
- each property is scored on its own (its boost a factor), ``and`` / ``minimum_match``
  counting distinct query terms within that property; the property scores (float32)
  are summed.

The tokenizers are written here again (not imported) so the oracle stays independent.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

STOPWORDS_EN = frozenset((
    "a an and are as at be but by for if in into is it no not of on or such that the their then there these "
    "they this to was will with").split())
_WORD = re.compile(r"[^\W_]+")


def _trigrams(text: str) -> list[str]:
    joined = "".join(_WORD.findall(text)).lower()
    return [joined[i : i + 3] for i in range(len(joined) - 2)]


TOKENIZERS: dict[str, Callable[[str], list[str]]] = {
    "word": lambda t: _WORD.findall(t.lower()),
    "lowercase": lambda t: t.lower().split(),
    "whitespace": lambda t: t.split(),
    "field": lambda t: [t.strip()],
    "trigram": _trigrams,
}


@dataclass(frozen=True)
class OracleProp:
    name: str
    tokenization: str = "word"


class Bm25Oracle:
    def __init__(self, docs: Sequence[Mapping[str, Any]], props: Sequence[OracleProp], k1: float = 1.2,
                 b: float = 0.75, stopwords: frozenset[str] = STOPWORDS_EN) -> None:
        import bm25s

        self.n_docs = len(docs)
        self.k1, self.b, self.stopwords = k1, b, stopwords
        self.props = {p.name: p for p in props}
        self.tokens: dict[str, list[list[str]]] = {}
        self._rows: dict[str, np.ndarray] = {}
        self._bm25: dict[str, Any] = {}
        for prop in props:
            tokens = [self._doc_tokens(doc.get(prop.name), prop.tokenization) for doc in docs]
            rows = np.array([i for i, t in enumerate(tokens) if t], dtype=np.intp)
            self.tokens[prop.name], self._rows[prop.name] = tokens, rows
            if len(rows):
                retriever = bm25s.BM25(method="lucene", k1=k1, b=b)
                retriever.index([tokens[i] for i in rows], show_progress=False)
                self._bm25[prop.name] = retriever

    @staticmethod
    def _doc_tokens(value: Any, tokenization: str) -> list[str]:
        values = value if isinstance(value, list) else [value] if isinstance(value, str) else []
        return [t for v in values for t in TOKENIZERS[tokenization](v)]

    def query_terms(self, prop: str, query: str) -> dict[str, int]:
        tokenization = self.props[prop].tokenization
        out: dict[str, int] = {}
        for term in TOKENIZERS[tokenization](query):
            if tokenization == "word" and term in self.stopwords:
                continue
            out[term] = out.get(term, 0) + 1
        return out

    def tf_norm(self, prop: str, term: str) -> np.ndarray:
        """``tf / (tf + k1 * (1 - b + b * len / avgLen))`` per object (0 without the term)."""
        out = np.zeros(self.n_docs)
        retriever = self._bm25.get(prop)
        if retriever is None or term not in retriever.vocab_dict:
            return out
        rows = self._rows[prop]
        df = sum(term in self.tokens[prop][i] for i in rows)
        bm25s_idf = math.log(1 + (len(rows) - df + 0.5) / (df + 0.5))
        out[rows] = retriever.get_scores([term]).astype(np.float64) / bm25s_idf
        return out

    def df(self, prop: str, term: str) -> int:
        return sum(term in tokens for tokens in self.tokens[prop])

    def scores(self, query: str, props: Sequence[tuple[str, float]], operator: str = "or",
               minimum: int = 0) -> tuple[np.ndarray, np.ndarray]:
        """Per object: its float32 score and whether it matched."""
        total = np.zeros(self.n_docs, np.float32)
        matched = np.zeros(self.n_docs, bool)
        groups: dict[str, list[tuple[str, float]]] = {}
        for name, boost in props:
            groups.setdefault(self.props[name].tokenization, []).append((name, boost))
        for members in groups.values():
            terms = self.query_terms(members[0][0], query)
            idfs = {t: self._shared_idf(t, [m for m, _ in members]) * dup for t, dup in terms.items()}
            need = len(terms) if operator == "and" else minimum
            for name, boost in members:
                score, count = np.zeros(self.n_docs), np.zeros(self.n_docs, int)
                for term in terms:
                    norm = self.tf_norm(name, term)
                    score += idfs[term] * boost * norm
                    count += norm > 0
                hit = (count > 0) & (count >= need)
                total[hit] += score[hit].astype(np.float32)
                matched |= hit
        return total, matched

    def _shared_idf(self, term: str, props: Sequence[str]) -> float:
        counts = [c for c in (self.df(p, term) for p in props) if c]
        if not counts:
            return 0.0
        n = sum(counts) // len(counts)
        return math.log(1 + (max(self.n_docs, n) - n + 0.5) / (n + 0.5))

    def ranking(self, query: str, props: Sequence[tuple[str, float]], k: int, operator: str = "or",
                minimum: int = 0, allowed: np.ndarray | None = None) -> list[tuple[int, float]]:
        """(object row, score) of the best ``k``: score descending, ties by row (doc id order)."""
        scores, matched = self.scores(query, props, operator, minimum)
        if allowed is not None:
            matched &= allowed
        rows = np.flatnonzero(matched)
        order = sorted(rows.tolist(), key=lambda r: (-float(scores[r]), r))
        return [(r, float(scores[r])) for r in (order[:k] if k > 0 else order)]
