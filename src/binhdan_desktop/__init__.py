"""Bình Dân Desktop: offline-first tool for the commune community digital-technology teams."""

__version__ = "0.1.0"
APP_NAME = "binhdan-desktop"
