"""A WebDAV sync place (Nextcloud, ownCloud, any WebDAV server): list, read, and write each change
file under a temporary name then MOVE it into place. The password lives in the OS keyring."""

from __future__ import annotations

import getpass
import os
import sys
import uuid
import xml.etree.ElementTree as ET
from urllib.parse import quote, unquote, urlsplit

import httpx

from binhdan_desktop.errors import BinhdanError
from binhdan_desktop.sync.bundle import parse_name

SERVICE = "binhdan-desktop-webdav"
TIMEOUT = httpx.Timeout(30.0, connect=10.0)


def _keyring_get(key: str) -> str | None:
    try:
        import keyring

        return keyring.get_password(SERVICE, key)
    except Exception:
        return None


def _keyring_set(key: str, password: str) -> None:
    try:
        import keyring

        keyring.set_password(SERVICE, key, password)
    except Exception:
        pass


def password_for(url: str, user: str, given: str | None = None) -> str:
    """The given password (remembered in the keyring), else the keyring's, else ask (or the
    BINHDAN_WEBDAV_PASSWORD environment variable for scripts)."""
    key = f"{user}@{url}"
    if given:
        _keyring_set(key, given)
        return given
    found = _keyring_get(key) or os.environ.get("BINHDAN_WEBDAV_PASSWORD")
    if found:
        return found
    if sys.stdin and sys.stdin.isatty():
        typed = getpass.getpass(f"Mật khẩu WebDAV của {user} / WebDAV password: ")
        _keyring_set(key, typed)
        return typed
    raise BinhdanError("sync.target_unreachable", target=url, reason="thiếu mật khẩu / no password")


class WebDavTarget:
    def __init__(self, url: str, user: str | None, password: str | None = None) -> None:
        self.url = url.rstrip("/") + "/"
        self.label = self.url
        auth = (user, password_for(self.url, user, password)) if user else None
        self.client = httpx.Client(auth=auth, timeout=TIMEOUT, follow_redirects=True)

    def _fail(self, reason: str) -> BinhdanError:
        return BinhdanError("sync.target_unreachable", target=self.label, reason=reason)

    def _request(self, method: str, url: str, **kw: object) -> httpx.Response:
        try:
            response = self.client.request(method, url, **kw)  # type: ignore[arg-type]
        except httpx.HTTPError as exc:
            raise self._fail(f"mất kết nối / no connection ({type(exc).__name__})") from exc
        if response.status_code in (401, 403):
            raise self._fail("sai tài khoản hoặc mật khẩu / wrong user or password")
        return response

    def check(self) -> None:
        response = self._request("PROPFIND", self.url, headers={"Depth": "0"})
        if response.status_code == 404:
            created = self._request("MKCOL", self.url)
            if created.status_code not in (201, 405):
                raise self._fail(f"HTTP {created.status_code}")
        elif response.status_code >= 400:
            raise self._fail(f"HTTP {response.status_code}")

    def names(self) -> set[str]:
        response = self._request("PROPFIND", self.url, headers={"Depth": "1"})
        if response.status_code >= 400:
            raise self._fail(f"HTTP {response.status_code}")
        root = ET.fromstring(response.content)
        out = set()
        for href in root.iter("{DAV:}href"):
            name = unquote((href.text or "").rstrip("/").rsplit("/", 1)[-1])
            if parse_name(name):
                out.add(name)
        return out

    def read(self, name: str) -> bytes:
        response = self._request("GET", self.url + quote(name))
        if response.status_code >= 400:
            raise OSError(f"HTTP {response.status_code}")
        return response.content

    def write(self, name: str, data: bytes) -> None:
        tmp = f".~{name}.{uuid.uuid4().hex[:8]}.tmp"
        put = self._request("PUT", self.url + quote(tmp), content=data)
        if put.status_code >= 400:
            raise self._fail(f"HTTP {put.status_code}")
        destination = self.url + quote(name)
        if not urlsplit(destination).scheme:
            raise self._fail("bad URL")
        moved = self._request("MOVE", self.url + quote(tmp), headers={"Destination": destination, "Overwrite": "F"})
        if moved.status_code == 412:  # already there: the same name holds the same changes
            self._request("DELETE", self.url + quote(tmp))
        elif moved.status_code >= 400:
            raise self._fail(f"HTTP {moved.status_code}")
