"""Run synchronous use-case calls off the event loop."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any, TypeVar

import anyio.to_thread

T = TypeVar("T")


async def run_sync(fn: Callable[..., T], *args: Any, **kwargs: Any) -> T:
    if kwargs:
        return await anyio.to_thread.run_sync(functools.partial(fn, *args, **kwargs))
    return await anyio.to_thread.run_sync(fn, *args)
