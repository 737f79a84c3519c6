"""Tokenizers, ASCII folding and stopwords, as Weaviate applies them to text.

- ``word``: runs of Unicode letters and digits, lower-cased
- ``lowercase``: split on whitespace, lower-cased
- ``whitespace``: split on whitespace, case kept
- ``field``: the whole value with surrounding whitespace trimmed (always one token)
- ``trigram``: the letters and digits joined and lower-cased, cut into 3-character windows

Indexing keeps every token; a filter value and a BM25 query drop the stopwords of
the property (word tokenization only). ``Like`` values keep ``*`` and ``?`` inside
tokens. gse / kagome tokenizations are not built (the schema refuses them): they
produce no tokens.

Go's rules where Python's differ: white space is ``unicode.IsSpace`` (Python also
splits on the separators U+001C..U+001F), and lower-casing is per character
(``strings.ToLower``: "İ" becomes "i" and a final "Σ" becomes "σ", where Python
gives "i̇" and "ς").
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

_WORD = re.compile(r"[^\W_]+")
_PY_ONLY_SPACE = "\x1c\x1d\x1e\x1f"
_GO_SPACE = "\t\n\v\f\r \x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000"
_GO_SPLIT = re.compile(f"[{_GO_SPACE}]+")
_WORD_WILDCARDS = re.compile(r"(?:[^\W_]|[*?])+")

WORD, LOWERCASE, WHITESPACE, FIELD, TRIGRAM = "word", "lowercase", "whitespace", "field", "trigram"

_FOLD_TABLE: Mapping[str, str] = {
    "ł": "l", "Ł": "L", "ø": "o", "Ø": "O", "đ": "d", "Đ": "D", "ħ": "h", "Ħ": "H",
    "ŧ": "t", "Ŧ": "T", "ɨ": "i", "Ɨ": "I", "ƀ": "b", "Ƀ": "B", "ɇ": "e", "Ɇ": "E",
    "ɉ": "j", "Ɉ": "J", "ɍ": "r", "Ɍ": "R", "ɏ": "y", "Ɏ": "Y", "ⱥ": "a", "Ⱥ": "A",
    "æ": "ae", "Æ": "AE", "œ": "oe", "Œ": "OE", "ĳ": "ij", "Ĳ": "IJ", "ß": "ss", "ẞ": "SS",
    "ð": "d", "Ð": "D", "þ": "th", "Þ": "TH", "ı": "i", "İ": "I", "ĸ": "k", "ŉ": "n",
    "ſ": "s", "ﬀ": "ff", "ﬁ": "fi", "ﬂ": "fl", "ﬃ": "ffi", "ﬄ": "ffl", "ﬅ": "st", "ﬆ": "st",
    "ɓ": "b", "ƈ": "c", "ɗ": "d", "ƒ": "f", "ɠ": "g", "ɦ": "h", "ƙ": "k", "ɱ": "m",
    "ɲ": "n", "ƞ": "n", "ƥ": "p", "ʠ": "q", "ɽ": "r", "ʂ": "s", "ƭ": "t", "ʋ": "v",
    "ⱳ": "w", "ƴ": "y", "ʐ": "z", "Ɓ": "B", "Ƈ": "C", "Ɗ": "D", "Ƒ": "F", "Ɠ": "G",
    "Ƙ": "K", "Ɲ": "N", "Ƥ": "P", "Ƭ": "T", "Ʋ": "V", "Ƴ": "Y", "Ȥ": "Z",
}  # fmt: skip


def tokenize(tokenization: str, text: str) -> list[str]:
    """The tokens a value is indexed under (duplicates kept, in order)."""
    if tokenization == WORD:
        return _WORD.findall(go_lower(text))
    if tokenization == LOWERCASE:
        return _split(go_lower(text))
    if tokenization == WHITESPACE:
        return _split(text)
    if tokenization == FIELD:
        return [_strip(text)]
    if tokenization == TRIGRAM:
        return _trigrams(go_lower("".join(_WORD.findall(text))))
    return []


def go_lower(text: str) -> str:
    """Go's ``strings.ToLower``: simple per-character lower-casing."""
    if text.isascii() or ("İ" not in text and "Σ" not in text):
        return text.lower()
    return "".join("i" if ch == "İ" else ch.lower() for ch in text)


def _split(text: str) -> list[str]:
    """``strings.Fields``: split on Go's white space."""
    if not any(ch in text for ch in _PY_ONLY_SPACE):
        return text.split()
    return [t for t in _GO_SPLIT.split(text) if t]


def _strip(text: str) -> str:
    if not any(ch in text for ch in _PY_ONLY_SPACE):
        return text.strip()
    return re.sub(f"^[{_GO_SPACE}]+|[{_GO_SPACE}]+\\Z", "", text)


def tokenize_with_wildcards(tokenization: str, text: str) -> list[str]:
    """Tokens of a ``Like`` value: ``*`` and ``?`` stay part of word and trigram tokens."""
    if tokenization == WORD:
        return _WORD_WILDCARDS.findall(go_lower(text))
    if tokenization == TRIGRAM:
        return _trigrams(go_lower("".join(_WORD_WILDCARDS.findall(text))))
    return tokenize(tokenization, text)


def _trigrams(joined: str) -> list[str]:
    return [joined[i : i + 3] for i in range(len(joined) - 2)]


@dataclass(frozen=True)
class AsciiFold:
    """``textAnalyzer.asciiFold``: accents and ligatures folded to ASCII, except the
    characters of ``asciiFoldIgnore`` (in either case)."""

    ignore: frozenset[str] = frozenset()

    @classmethod
    def from_ignore(cls, chars: Iterable[str]) -> AsciiFold:
        kept: set[str] = set()
        for entry in chars:
            for ch in unicodedata.normalize("NFC", entry):
                kept.update((ch, ch.lower(), ch.upper()))
        return cls(frozenset(k for k in kept if len(k) == 1))

    def apply(self, text: str) -> str:
        if text.isascii():
            return text
        out: list[str] = []
        for ch in text:
            if ch in self.ignore or ch.isascii():
                out.append(ch)
            elif ch in _FOLD_TABLE:
                out.append(_FOLD_TABLE[ch])
            else:
                out.append(_strip_marks(ch))
        return unicodedata.normalize("NFC", "".join(out))


def _strip_marks(ch: str) -> str:
    decomposed = unicodedata.normalize("NFD", ch)
    kept = [c for c in decomposed if unicodedata.category(c) != "Mn"]
    return "".join(_FOLD_TABLE.get(c, c) for c in kept)


@dataclass(frozen=True)
class TextAnalysis:
    """How one text property is analyzed: tokenization, folding, query stopwords."""

    tokenization: str
    fold: AsciiFold | None = None
    stopwords: frozenset[str] = frozenset()

    def indexed(self, values: Sequence[str]) -> set[str]:
        """The distinct tokens the values are indexed under."""
        out: set[str] = set()
        for value in values:
            out.update(tokenize(self.tokenization, self._fold(value)))
        return out

    def query(self, value: str) -> list[str]:
        """Distinct tokens of a filter value, stopwords removed (word tokenization)."""
        tokens = tokenize(self.tokenization, self._fold(value))
        if self.tokenization == WORD and self.stopwords:
            tokens = [t for t in tokens if t not in self.stopwords]
        return list(dict.fromkeys(tokens))

    def counts(self, values: Sequence[str]) -> Counter[str]:
        """Every token of the values with its frequency (what BM25 indexes)."""
        out: Counter[str] = Counter()
        for value in values:
            out.update(tokenize(self.tokenization, self._fold(value)))
        return out

    def query_counts(self, value: str) -> dict[str, int]:
        """BM25 query terms in order of first occurrence, each with how often it occurs
        (Weaviate's duplicate boost); stopwords removed for word tokenization."""
        counts = Counter(tokenize(self.tokenization, self._fold(value)))
        if self.tokenization == WORD:
            for word in self.stopwords & counts.keys():
                del counts[word]
        return dict(counts)

    def like(self, value: str) -> list[str]:
        return list(dict.fromkeys(tokenize_with_wildcards(self.tokenization, self._fold(value))))

    def _fold(self, value: str) -> str:
        return value if self.fold is None else self.fold.apply(value)
