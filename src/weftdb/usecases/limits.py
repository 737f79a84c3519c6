"""Query limits shared by the read use cases."""

from __future__ import annotations

from dataclasses import dataclass

from weftdb.errors import InvalidInput


@dataclass(frozen=True)
class QueryLimits:
    default_limit: int = 10  # QUERY_DEFAULTS_LIMIT
    maximum_results: int = 10000  # QUERY_MAXIMUM_RESULTS
    hybrid_maximum_results: int = 100  # QUERY_HYBRID_MAXIMUM_RESULTS: candidates per hybrid leg

    def check(self, offset: int, limit: int) -> None:
        """Weaviate's window rule: offset + limit may not exceed QUERY_MAXIMUM_RESULTS."""
        if offset < 0 or limit < 0 or offset + limit > self.maximum_results:
            raise InvalidInput(
                "query maximum results exceeded: the total limit calculated from the provided "
                f"offset '{offset}' and limit '{limit}' exceeds the configured value for "
                f"QUERY_MAXIMUM_RESULTS '{self.maximum_results}'. If you've supplied a negative "
                "offset or limit, this may be an underflow error"
            )
