"""Named fault points: make the process die inside a multi-step operation.

Tests set ``WEFTDB_FAULT=<name>`` to kill the server at an exact point (between
two durable steps) and then check that a restart recovers. In production no
point is armed and ``hit`` costs one string comparison.
"""

from __future__ import annotations

import logging
import os

log = logging.getLogger(__name__)

#: exit status of a process stopped at a fault point (distinct from signals)
FAULT_EXIT_CODE = 86


class FaultPoints:
    def __init__(self, armed: str = "") -> None:
        self._armed = armed

    def hit(self, name: str) -> None:
        if self._armed and name == self._armed:
            log.warning("fault point reached: exiting", extra={"fault": name})
            logging.shutdown()
            os._exit(FAULT_EXIT_CODE)


#: for code paths and tests that never arm a fault
NO_FAULTS = FaultPoints()
