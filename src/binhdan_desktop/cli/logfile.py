"""The command line's log: its stderr carries only the one-line Vietnamese / English messages meant for the user;
what the core logs (a refused file's code, a retry) goes to `binhdan.log` in the data folder (0600, rotated at
1 MB, three kept; the file and its folder are made only when something is logged). Set up for one run and taken
down after it, so that a test calling `run` leaves nothing behind; a data folder that cannot be written takes
the log nowhere rather than onto the terminal."""

from __future__ import annotations

import contextlib
import logging
import os
from collections.abc import Iterator
from logging.handlers import RotatingFileHandler
from pathlib import Path
from typing import Any

from binhdan_desktop.errors import BinhdanError
from binhdan_desktop.paths import log_path


class _PrivateLog(RotatingFileHandler):
    """A rotating log file made 0600 (a rotated one keeps its mode)."""

    def _open(self) -> Any:
        Path(self.baseFilename).parent.mkdir(parents=True, exist_ok=True)  # only when something is logged
        fd = os.open(self.baseFilename, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
        return open(fd, "a", encoding=self.encoding, errors=self.errors)  # the handler closes it

    def handleError(self, record: logging.LogRecord) -> None:
        """A log that cannot be written (a read-only data folder, a full disk) is dropped: never a traceback on
        the terminal in the middle of the command's own lines."""


def _handler() -> logging.Handler:
    try:
        path = log_path()
        handler: logging.Handler = _PrivateLog(path, maxBytes=1_000_000, backupCount=3, encoding="utf-8", delay=True)
    except (OSError, ValueError, BinhdanError):  # a blank BINHDAN_DATA_DIR: the command's own error, said later
        return logging.NullHandler()
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    return handler


@contextlib.contextmanager
def to_file() -> Iterator[None]:
    """Log records (the package's and its libraries') go to the log file for the duration, never to stderr
    (Python's last-resort handler prints a warning there when no handler is set)."""
    logger = logging.getLogger()
    handler = _handler()
    logger.addHandler(handler)
    try:
        yield
    finally:
        logger.removeHandler(handler)
        handler.close()
