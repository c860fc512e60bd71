"""A WebDAV sync place (Nextcloud, ownCloud, any WebDAV server): list, read, and write each change
file under a temporary name then MOVE it into place. The core never prompts: the caller hands a password
provider (the CLI asks in the terminal, the window takes the Settings field); the OS keyring remembers it."""

from __future__ import annotations

import logging
import uuid
import xml.etree.ElementTree as ET
from collections.abc import Callable
from urllib.parse import quote, unquote, urlsplit, urlunsplit

import httpx

from binhdan_desktop.errors import BinhdanError
from binhdan_desktop.sync.bundle import parse_name
from binhdan_desktop.sync.place import QUARANTINE, aside_name, listed

log = logging.getLogger(__name__)
SERVICE = "binhdan-desktop-webdav"
# Every request gives up: 5 s to connect, 10 s of silence while reading or writing (a bundle is at most a few
# MB and the server answers as it reads it, so a live server is never silent that long). A server that accepts
# and never answers costs one timeout, and the network thread is the one that waits.
TIMEOUT = httpx.Timeout(connect=5.0, read=10.0, write=10.0, pool=5.0)

PasswordProvider = Callable[[str, str], "str | None"]  # (url, user) -> password, or None: none to give


def _key(url: str, user: str) -> str:
    return f"{user}@{url}"


def keyring_password(url: str, user: str) -> str | None:
    """The password the OS keyring holds for this place and user (None: none, or no keyring here)."""
    try:
        import keyring

        return keyring.get_password(SERVICE, _key(url, user))
    except Exception:  # no backend (headless Linux), a locked or broken keyring: as if none
        return None


def remember_password(url: str, user: str, password: str) -> bool:
    """Keep the password in the OS keyring; False when there is no keyring to keep it in."""
    try:
        import keyring

        keyring.set_password(SERVICE, _key(url, user), password)
        return True
    except Exception:
        return False


def place_url(url: str) -> str:
    """The canonical form of a WebDAV place's address (the keyring's key uses it)."""
    return url.strip().rstrip("/") + "/"


def request_url(url: str) -> str:
    """The address as HTTP carries it: the path percent-encoded ("…/Tổ CNS/Đồng bộ/" →
    "…/T%E1%BB%95%20CNS/…"), an address already encoded kept as it is, a Vietnamese host name in IDNA."""
    parts = urlsplit(url)
    netloc = parts.netloc
    if not netloc.isascii():
        host = (parts.hostname or "").encode("idna").decode("ascii")
        netloc = host if parts.port is None else f"{host}:{parts.port}"
    path = quote(unquote(parts.path), safe="/")
    return urlunsplit((parts.scheme, netloc, path, parts.query, parts.fragment))


class WebDavTarget:
    def __init__(self, url: str, user: str | None, password: str | None = None, *,
                 ask: PasswordProvider | None = None, timeout: httpx.Timeout | None = None) -> None:
        self.url = place_url(url)
        self.label = self.url
        self.base = request_url(self.url)  # what goes on the wire (and in MOVE's Destination header)
        self.user = user
        self._password, self._ask = password, ask
        # No I/O here: the window builds the target on the GUI thread; the first request (on the network
        # thread) asks the provider for the password.
        self.client = httpx.Client(timeout=timeout or TIMEOUT, follow_redirects=True)
        self._authorised = user is None
        self._server_date: str | None = None

    def server_time_ms(self) -> int | None:
        """The server's clock (the Date of its last answer) in milliseconds; None before any answer."""
        from email.utils import parsedate_to_datetime

        try:
            return int(parsedate_to_datetime(self._server_date).timestamp() * 1000) if self._server_date else None
        except (TypeError, ValueError):
            return None

    def close(self) -> None:
        self.client.close()

    def _fail(self, reason: str) -> BinhdanError:
        return BinhdanError("sync.target_unreachable", target=self.label, reason=reason)

    def _authorise(self) -> None:
        if self._authorised or self.user is None:
            return
        password = self._password
        if password:
            remember_password(self.url, self.user, password)
        else:
            password = self._ask(self.url, self.user) if self._ask else keyring_password(self.url, self.user)
        if not password:
            raise BinhdanError("sync.no_password", target=self.label, user=self.user)
        self.client.auth = httpx.BasicAuth(self.user, password)
        self._authorised = True

    def _request(self, method: str, url: str, **kw: object) -> httpx.Response:
        self._authorise()
        try:
            response = self.client.request(method, url, **kw)  # type: ignore[arg-type]
        except httpx.TimeoutException as exc:  # connected (or not) and then nothing: the user checks the network
            log.info("WebDAV request gave up: %s", type(exc).__name__)
            raise BinhdanError("sync.no_answer", target=self.label) from exc
        except httpx.HTTPError as exc:
            log.info("WebDAV request failed: %s", type(exc).__name__)
            raise BinhdanError("sync.no_connection", target=self.label) from exc
        self._server_date = response.headers.get("date") or self._server_date
        if response.status_code in (401, 403):
            raise BinhdanError("sync.wrong_password", target=self.label, user=self.user or "")
        return response

    def check(self) -> None:
        response = self._request("PROPFIND", self.base, headers={"Depth": "0"})
        if response.status_code == 404:
            created = self._request("MKCOL", self.base)
            if created.status_code not in (201, 405):
                raise self._fail(f"HTTP {created.status_code}")
        elif response.status_code >= 400:
            raise self._fail(f"HTTP {response.status_code}")

    def names(self) -> set[str]:
        return {name for name in self.sizes() if parse_name(name)}

    def sizes(self) -> dict[str, int]:
        """Bundle files and Syncthing conflict copies of them, with their sizes (-1: the server gave none)."""
        return {name: size for name, size in self._listing(self.base).items() if listed(name)}

    def files_in(self, folder: str) -> dict[str, int]:
        """The files of a sub-folder of the place and their sizes ({} when it is not there yet)."""
        return {name: size for name, size in self._listing(self.base + quote(folder) + "/", missing_ok=True).items()
                if name and name != folder and not name.startswith(".~")}

    def read_in(self, folder: str, name: str) -> bytes:
        response = self._request("GET", self.base + quote(folder) + "/" + quote(name))
        if response.status_code >= 400:
            raise OSError(f"HTTP {response.status_code}")
        return response.content

    def write_in(self, folder: str, name: str, data: bytes, replace: bool = False) -> None:
        """PUT under a temporary name in the sub-folder (made if needed), then MOVE into place."""
        where = self.base + quote(folder) + "/"
        made = self._request("MKCOL", where)
        if made.status_code >= 400 and made.status_code != 405:
            raise self._fail(f"HTTP {made.status_code}")
        tmp = where + quote(f".~{name}.{uuid.uuid4().hex[:8]}.tmp")
        put = self._request("PUT", tmp, content=data)
        if put.status_code >= 400:
            self._request("DELETE", tmp)
            if put.status_code == 507:
                raise BinhdanError("sync.place_full", target=self.label)
            raise self._fail(f"HTTP {put.status_code}")
        moved = self._request("MOVE", tmp, headers={"Destination": where + quote(name),
                                                    "Overwrite": "T" if replace else "F"})
        if moved.status_code >= 400:
            self._request("DELETE", tmp)
            if moved.status_code != 412:  # already there: kept (statements never change)
                raise self._fail(f"HTTP {moved.status_code}")

    def _listing(self, url: str, missing_ok: bool = False) -> dict[str, int]:
        response = self._request("PROPFIND", url, headers={"Depth": "1"})
        if missing_ok and response.status_code == 404:
            return {}
        if response.status_code >= 400:
            raise self._fail(f"HTTP {response.status_code}")
        try:
            root = ET.fromstring(response.content)
        except ET.ParseError as exc:
            raise self._fail("trả lời không hợp lệ / not a WebDAV answer") from exc
        out: dict[str, int] = {}
        for item in root.iter("{DAV:}response"):
            href = item.find("{DAV:}href")
            text = (href.text or "") if href is not None else ""
            if text.endswith("/"):
                continue  # the folder itself, or a sub-folder
            name = unquote(text.rsplit("/", 1)[-1])
            length = item.find(".//{DAV:}getcontentlength")
            try:
                out[name] = int((length.text or "").strip()) if length is not None else -1
            except ValueError:
                out[name] = -1
        return out

    def set_aside(self, name: str) -> str:
        """Move a damaged file under a bundle's name into quarantine/ (its maker writes the bundle again)."""
        folder = self.base + QUARANTINE + "/"
        made = self._request("MKCOL", folder)
        if made.status_code not in (201, 405) and made.status_code >= 400:
            raise self._fail(f"HTTP {made.status_code}")
        aside = aside_name(name)
        moved = self._request("MOVE", self.base + quote(name),
                              headers={"Destination": folder + quote(aside), "Overwrite": "F"})
        if moved.status_code >= 400 and moved.status_code != 404:  # 404: another device set it aside first
            raise self._fail(f"HTTP {moved.status_code}")
        return f"{QUARANTINE}/{aside}"

    def read(self, name: str) -> bytes:
        response = self._request("GET", self.base + quote(name))
        if response.status_code >= 400:
            raise OSError(f"HTTP {response.status_code}")
        return response.content

    def write(self, name: str, data: bytes) -> None:
        tmp = f".~{name}.{uuid.uuid4().hex[:8]}.tmp"
        put = self._request("PUT", self.base + quote(tmp), content=data)
        if put.status_code >= 400:
            if put.status_code == 507:  # Insufficient Storage: say so, and leave no half-stored file behind
                self._request("DELETE", self.base + quote(tmp))
                raise BinhdanError("sync.place_full", target=self.label)
            raise self._fail(f"HTTP {put.status_code}")
        destination = self.base + quote(name)
        if not urlsplit(destination).scheme:
            raise self._fail("bad URL")
        moved = self._request("MOVE", self.base + quote(tmp), headers={"Destination": destination, "Overwrite": "F"})
        if moved.status_code == 412:  # already there (the caller set aside what was not this bundle)
            self._request("DELETE", self.base + quote(tmp))
        elif moved.status_code >= 400:
            self._request("DELETE", self.base + quote(tmp))
            raise self._fail(f"HTTP {moved.status_code}")
