"""Weaviate's built-in stopword presets (adapters/repos/db/inverted/stopwords/presets.go)."""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

STOPWORD_PRESET_EN = "en"
STOPWORD_PRESETS: Mapping[str, tuple[str, ...]] = MappingProxyType({
    "en": (
        "a", "an", "and", "are", "as", "at", "be", "but", "by", "for", "if", "in", "into", "is",
        "it", "no", "not", "of", "on", "or", "such", "that", "the", "their", "then", "there",
        "these", "they", "this", "to", "was", "will", "with",
    ),
    "none": (),
})
