"""Roaring bitmaps of doc ids as numpy arrays (shared by the inverted and vector indexes)."""

from __future__ import annotations

import numpy as np
import numpy.typing as npt
from pyroaring import BitMap


def doc_id_array(bitmap: BitMap) -> npt.NDArray[np.uint32]:
    """The bitmap's doc ids, ascending, without a copy per id."""
    return np.frombuffer(bitmap.to_array(), dtype=np.uint32)
