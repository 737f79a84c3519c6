"""``Like`` patterns: ``*`` any run of characters, ``?`` exactly one, the rest literal.

As Weaviate, the pattern must match a whole indexed key (a token for text, the
decimal form for timestamps). The literal prefix before the first wildcard
bounds the scan of the sorted term dictionary.
"""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class LikePattern:
    regex: re.Pattern[str]
    prefix: str

    def matches(self, term: str) -> bool:
        return self.regex.fullmatch(term) is not None

    def prefix_bounds(self) -> tuple[bytes | None, bytes | None]:
        """The byte range of keys that can match (None: unbounded)."""
        if not self.prefix:
            return None, None
        low = self.prefix.encode()
        return low, successor(low)


def parse_like(pattern: str) -> LikePattern:
    parts = []
    for ch in pattern:
        if ch == "*":
            parts.append(".*")
        elif ch == "?":
            parts.append(".")
        else:
            parts.append(re.escape(ch))
    prefix = re.split(r"[*?]", pattern, maxsplit=1)[0]
    return LikePattern(re.compile("".join(parts)), prefix)


def successor(prefix: bytes) -> bytes | None:
    """The smallest byte string greater than every string starting with ``prefix``."""
    trimmed = prefix.rstrip(b"\xff")
    if not trimmed:
        return None
    return trimmed[:-1] + bytes([trimmed[-1] + 1])
