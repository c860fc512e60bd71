"""Progress of a long export, as fractions through a plain callback. The callback may raise (the app's raises
`Cancelled` when the user cancels), so writers call it often and keep nothing half-done when it does."""

from __future__ import annotations

from collections.abc import Callable

Progress = Callable[[float], None]


def span(progress: Progress | None, start: float, end: float) -> Progress | None:
    """`progress` for one stage of the work: the stage's 0..1 mapped to start..end of the whole."""
    if progress is None:
        return None
    return lambda fraction: progress(start + (end - start) * min(1.0, max(0.0, fraction)))


class Ticker:
    """Counts units of work and reports `done / total` once `every` more units are done. `beat` is a check-in
    from inside a unit (a row of a table being built): every 256 beats it reports the same fraction again,
    so a cancel is heard within a few hundred rows even when one unit is large."""

    BEATS = 256

    def __init__(self, progress: Progress | None, total: int, every: int = 200) -> None:
        self.progress, self.total, self.every = progress, max(1, total), every
        self.done = 0
        self._reported = 0
        self._beats = 0

    def advance(self, n: int = 1) -> None:
        self.done += n
        if self.done - self._reported >= self.every:
            self.report()

    def beat(self) -> None:
        self._beats += 1
        if self._beats >= self.BEATS:
            self.report()

    def report(self) -> None:
        self._reported, self._beats = self.done, 0
        if self.progress is not None:
            self.progress(min(1.0, self.done / self.total))


class Meter:
    """A progress callback that never goes back, with `check`: a check-in from work that cannot say how far it
    is (reportlab measuring a long table), which every `every` calls reports the fraction reached again."""

    def __init__(self, progress: Progress, every: int = 256) -> None:
        self.progress, self.every = progress, every
        self.at = 0.0
        self._calls = 0

    def __call__(self, fraction: float) -> None:
        self.at = max(self.at, fraction)
        self.progress(self.at)

    def check(self) -> None:
        self._calls += 1
        if self._calls >= self.every:
            self._calls = 0
            self.progress(self.at)
