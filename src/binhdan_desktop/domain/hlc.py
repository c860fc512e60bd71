"""Hybrid logical clock: 48 bits of wall-clock milliseconds, 16 bits of logical counter."""

from __future__ import annotations

import time
from collections.abc import Callable

LOGICAL_BITS = 16
LOGICAL_MASK = (1 << LOGICAL_BITS) - 1


def pack(millis: int, logical: int = 0) -> int:
    return (millis << LOGICAL_BITS) | logical


def millis_of(hlc: int) -> int:
    return hlc >> LOGICAL_BITS


class HybridClock:
    """Monotonic timestamps that follow the wall clock and never go backwards."""

    def __init__(self, last: int = 0, wall: Callable[[], int] | None = None) -> None:
        self.last = last
        self._wall = wall or (lambda: time.time_ns() // 1_000_000)

    def now(self) -> int:
        """The next local timestamp, strictly greater than every one seen so far."""
        candidate = pack(self._wall())
        self.last = candidate if candidate > self.last else self.last + 1
        return self.last

    def observe(self, remote: int) -> None:
        """Advance past a timestamp received from another device."""
        if remote > self.last:
            self.last = remote
