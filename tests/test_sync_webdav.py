"""Sync through a real WebDAV server (WsgiDAV, basic auth) started on 127.0.0.1 by the test."""

from __future__ import annotations

import socket
import threading
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from cheroot import wsgi
from sqlalchemy import func, select
from wsgidav.wsgidav_app import WsgiDAVApp

from binhdan_desktop.errors import BinhdanError
from binhdan_desktop.services import demo
from binhdan_desktop.services import households as hh
from binhdan_desktop.store.db import open_database
from binhdan_desktop.store.models import Household
from binhdan_desktop.sync import webdav
from binhdan_desktop.sync.engine import sync
from binhdan_desktop.sync.targets import open_target
from binhdan_desktop.sync.team import create_team, ensure_identity
from tests.teamkit import enrol
from tests.test_sync import dump


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture
def dav(tmp_path: Path) -> Iterator[str]:
    root = tmp_path / "dav-root"
    (root / "binhdan").mkdir(parents=True)
    port = _free_port()
    app = WsgiDAVApp({
        "host": "127.0.0.1", "port": port, "provider_mapping": {"/": str(root)},
        "simple_dc": {"user_mapping": {"*": {"to-cns": {"password": "mat-khau-1"}}}},
        "http_authenticator": {"accept_basic": True, "accept_digest": False, "default_to_digest": False},
        "verbose": 0, "logging": {"enable_loggers": []}, "property_manager": True, "lock_storage": True,
    })
    server = wsgi.Server(("127.0.0.1", port), app)
    thread = threading.Thread(target=server.safe_start, daemon=True)
    thread.start()
    server.ready or __import__("time").sleep(0.2)
    yield f"http://127.0.0.1:{port}/binhdan/"
    server.stop()
    thread.join(5)


def test_three_databases_stay_in_step_through_webdav(dav: str, tmp_path: Path) -> None:
    office = open_database(tmp_path / "office.sqlite3")
    ensure_identity(office)
    demo.generate(office, 20, seed=8)
    create_team(office, tmp_path / "team.key")
    laptops = []
    for name in ("a", "b"):
        db = open_database(tmp_path / f"{name}.sqlite3")
        ensure_identity(db)
        enrol(office, db, tmp_path / "team.key", name)
        laptops.append(db)
    target = open_target(dav, user="to-cns", password="mat-khau-1")
    for db in (office, *laptops):
        sync(db, target)
    with laptops[0].read() as s:
        hid = s.scalar(select(Household.id).limit(1))
    hh.update_household(laptops[0], hid, address="Số 7, Xóm Chợ")
    again = open_target(dav, user="to-cns")  # the password comes back from the keyring
    for _ in range(2):
        for db in (laptops[0], office, laptops[1]):
            sync(db, again)
    assert dump(office) == dump(laptops[0]) == dump(laptops[1])
    with laptops[1].read() as s:
        assert s.get(Household, hid).address == "Số 7, Xóm Chợ"
        assert s.scalar(select(func.count()).select_from(Household)) == 20
    assert not list((tmp_path / "dav-root" / "binhdan").glob(".~*"))  # no temporary files left


def test_wrong_password_and_unreachable_server_are_clear_errors(dav: str, tmp_path: Path) -> None:
    db = open_database(tmp_path / "x.sqlite3")
    ensure_identity(db)
    demo.generate(db, 3, seed=1)
    create_team(db, tmp_path / "k.key")
    with pytest.raises(BinhdanError) as err:
        sync(db, open_target(dav, user="to-cns", password="sai"))
    assert "mật khẩu" in err.value.message("vi")
    assert err.value.code == "sync.wrong_password" and err.value.params["user"] == "to-cns"
    with pytest.raises(BinhdanError) as err:
        sync(db, open_target(f"http://127.0.0.1:{_free_port()}/x/", user="to-cns", password="p"))
    assert err.value.code == "sync.no_connection"
    assert "kiểm tra mạng" in err.value.message("vi") and "Error" not in err.value.bilingual()


def test_a_server_that_accepts_and_never_answers_gives_up_with_words_not_an_exception_name() -> None:
    assert webdav.TIMEOUT.connect == 5.0 and webdav.TIMEOUT.read is not None and webdav.TIMEOUT.read <= 10.0
    with socket.socket() as silent:
        silent.bind(("127.0.0.1", 0))
        silent.listen(1)  # the kernel accepts; nobody ever answers
        url = f"http://127.0.0.1:{silent.getsockname()[1]}/binhdan/"
        target = webdav.WebDavTarget(url, None, timeout=httpx.Timeout(connect=5.0, read=0.5, write=0.5, pool=5.0))
        with pytest.raises(BinhdanError) as err:
            target.check()
        target.close()
    assert err.value.code == "sync.no_answer" and url in err.value.message("vi")
    assert "không trả lời" in err.value.message("vi") and "does not answer" in err.value.message("en")
    assert "Timeout" not in err.value.bilingual()
