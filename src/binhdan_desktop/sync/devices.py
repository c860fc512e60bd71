"""The devices the office knows — enrolled, revoked, asking to join, turned away — and finding one by what the
admin types: the whole id, the start of the id, or the name. A name or an id prefix that fits two devices is
refused with both listed (id prefix, join date, last sync, device code), never guessed: a copied data folder
re-joins under the genuine laptop's name, and `team revoke "Laptop thôn 1"` must not pick one of the two."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from sqlalchemy import func, select

from binhdan_desktop.domain.formatting import fmt_date
from binhdan_desktop.domain.hlc import millis_of
from binhdan_desktop.domain.text import nfc
from binhdan_desktop.errors import BinhdanError
from binhdan_desktop.store.db import Database
from binhdan_desktop.store.models import ChangeLog, TeamDevice
from binhdan_desktop.sync import membership as M
from binhdan_desktop.sync.state import store_dir

STATES_VI = {"new": "chờ duyệt", "enrolled": "đã duyệt", "rejected": "đã từ chối", "revoked": "đã thu hồi",
             "office": "máy văn phòng"}
STATES_EN = {"new": "waiting", "enrolled": "enrolled", "rejected": "rejected", "revoked": "revoked",
             "office": "the office"}


@dataclass(frozen=True)
class Known:
    """One device as the office knows it, with what tells two of the same name apart."""

    device_id: str
    name: str
    state: str  # "office", "enrolled", "revoked", "new" (asking), "rejected"
    code: str  # the 6-digit device code its keys give
    joined: dt.datetime | None  # when it joined the team (its device row), else when its request came
    last_seen: dt.datetime | None  # the time of the last change of it this office holds

    def describe(self, lang: str) -> str:
        states = STATES_EN if lang == "en" else STATES_VI
        joined, seen = fmt_date(self.joined.date()) if self.joined else "-", \
            fmt_date(self.last_seen.date()) if self.last_seen else "-"
        if lang == "en":
            return (f"{self.device_id[:8]} “{self.name or '-'}” ({states[self.state]}; joined {joined}; last sync "
                    f"{seen}; device code {self.code})")
        return (f"{self.device_id[:8]} “{self.name or '-'}” ({states[self.state]}; tham gia {joined}; đồng bộ cuối "
                f"{seen}; mã máy {self.code})")


def same_name(a: str, b: str) -> bool:
    """Names compared as a person reads them: case, accents' encoding and spaces aside (not the accents)."""
    return bool(a) and (nfc(a) or "").casefold() == (nfc(b) or "").casefold()


def known(db: Database, found: M.Membership, pending: Iterable[tuple[M.Request, str]], office_id: str) -> list[Known]:
    """Every device of the log, then every request of a device the log does not hold (asking or turned away)."""
    with db.read() as s:
        joined = dict(s.execute(select(TeamDevice.device_id, func.min(TeamDevice.created_at))
                                .group_by(TeamDevice.device_id)).all())
        seen = {d: _when(h) for d, h in s.execute(select(ChangeLog.device_id, func.max(ChangeLog.hlc))
                                                  .group_by(ChangeLog.device_id))}
    out: dict[str, Known] = {}
    for cert in found.devices.values():
        state = "office" if cert.device_id == office_id else "revoked" if cert.revoked_after is not None else "enrolled"
        out[cert.device_id] = Known(cert.device_id, cert.name, state,
                                    M.device_code(cert.device_id, cert.signing_key, cert.agreement_key),
                                    joined.get(cert.device_id), seen.get(cert.device_id))
    folder = store_dir(db) / M.REQUESTS
    for req, state in pending:
        if req.device_id not in out:
            path = folder / M.request_name(req.device_id)
            came = dt.datetime.fromtimestamp(path.stat().st_mtime, dt.UTC).replace(tzinfo=None) \
                if path.is_file() else None
            out[req.device_id] = Known(req.device_id, req.name, state, req.code, came, seen.get(req.device_id))
    return list(out.values())


def _when(hlc: int | None) -> dt.datetime | None:
    return dt.datetime.fromtimestamp(millis_of(hlc) / 1000, dt.UTC).replace(tzinfo=None) if hlc else None


def pick(devices: Sequence[Known], wanted: str) -> Known | None:
    """The one device `wanted` names: its whole id, else the start of one id or its name. None: none does;
    two or more: refused, listing them."""
    wanted = (nfc(wanted) or "").strip()
    if not wanted:
        return None
    exact = [d for d in devices if d.device_id == wanted]
    if exact:
        return exact[0]
    fits = [d for d in devices if d.device_id.startswith(wanted.lower()) or same_name(d.name, wanted)]
    if len(fits) > 1:
        raise ambiguous(wanted, fits)
    return fits[0] if fits else None


def listing(fits: Sequence[Known]) -> tuple[str, dict[str, str]]:
    """The devices as one line of the message, in the message's language."""
    return "sync.device_list", {"vi": "; ".join(d.describe("vi") for d in fits),
                                "en": "; ".join(d.describe("en") for d in fits)}


def ambiguous(wanted: str, fits: Sequence[Known]) -> BinhdanError:
    return BinhdanError("sync.ambiguous_device", value=wanted, n=len(fits), devices=listing(fits))


def namesakes(devices: Sequence[Known], name: str, device_id: str) -> list[Known]:
    """The other devices in the team (enrolled, or the office) under this name: approving a second one under it
    would make the two indistinguishable in every list."""
    return [d for d in devices if d.device_id != device_id and d.state in ("enrolled", "office")
            and same_name(d.name, name)]
