"""Firmware Management, driven from outside, against file servers the tests run themselves on
127.0.0.1 (port 0, in a thread): an HTTP server (GET serves a directory, PUT and POST store
uploads) and an FTP server (pyftpdlib: anonymous with write access, and a user with a password).

UpdateFirmware over HTTP and over FTP: Downloading, Downloaded, Installing, a new BootNotification
with the image's version, then Installed. A location that answers 404, with retries 2, is tried
twice then reported DownloadFailed; an image without the simulated firmware header installs with
its file name as the version; an installation the user asked to fail (control API) is reported
InstallationFailed without a reboot; an update that arrives during a transaction installs only
after the transaction stopped, and no new session starts meanwhile. GetDiagnostics to HTTP and to
FTP: a fileName, Uploading then Uploaded, and a tar archive holding station.log and ocpp.log; an
upload location that refuses the connection, with retries 1, ends in UploadFailed. TriggerMessage
FirmwareStatusNotification and DiagnosticsStatusNotification when nothing runs answer Idle.

The simulated installer accepts any image; its version is the one in a first line
`CHARGESTATION-FIRMWARE <version>`, otherwise made of the file name.
"""

from __future__ import annotations

import io
import tarfile
import threading
import time
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from pyftpdlib.authorizers import DummyAuthorizer
from pyftpdlib.handlers import FTPHandler
from pyftpdlib.servers import FTPServer

from conftest import OTHER_TAG, TAG, free_port, start_session, wait_until

NEW_VERSION = "2.0.0"
IMAGE = f"CHARGESTATION-FIRMWARE {NEW_VERSION}\n".encode() + b"simulated firmware payload line\n" * 200
HEADERLESS_IMAGE = bytes(range(256)) * 64  # any file the operator has: binary, no header
FTP_USER, FTP_PASSWORD = "user", "password"

INSTALL_WAIT = 30.0  # seconds: download, install and an in-process reboot

# The FTP server's anonymous user may write (GetDiagnostics uploads anonymously); pyftpdlib warns.
pytestmark = pytest.mark.filterwarnings("ignore:write permissions assigned to anonymous user:RuntimeWarning")


def ocpp_time(seconds_from_now: float = 0) -> str:
    moment = datetime.now(timezone.utc) + timedelta(seconds=seconds_from_now)
    return moment.isoformat(timespec="milliseconds").replace("+00:00", "Z")


# MARK: The file servers


@dataclass
class Request:
    method: str
    path: str
    body: bytes = b""


@dataclass
class HTTPFileServer:
    """GET serves `root`; PUT and POST store the body; every request is recorded."""

    root: Path
    requests: list[Request] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)
    server: ThreadingHTTPServer | None = None

    def start(self) -> "HTTPFileServer":
        files = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"  # answers `Expect: 100-continue`

            def log_message(self, format, *args):
                pass

            def record(self, body: bytes = b"") -> None:
                with files.lock:
                    files.requests.append(Request(self.command, self.path, body))

            def answer(self, status: int, body: bytes = b"") -> None:
                self.send_response(status)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def do_GET(self):
                self.record()
                path = (files.root / self.path.lstrip("/")).resolve()
                if path.is_file() and files.root.resolve() in path.parents:
                    self.answer(200, path.read_bytes())
                else:
                    self.answer(404, b"not found\n")

            def do_PUT(self):
                length = int(self.headers.get("Content-Length") or 0)
                self.record(self.rfile.read(length))
                self.answer(201)

            do_POST = do_PUT

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        threading.Thread(target=self.server.serve_forever, name="test-http", daemon=True).start()
        return self

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}/{path.lstrip('/')}"

    def seen(self, method: str, path: str | None = None) -> list[Request]:
        with self.lock:
            return [r for r in self.requests if r.method == method and (path is None or r.path == path)]


class FTPFileServer:
    """pyftpdlib on `root`: anonymous (read and write) and FTP_USER with FTP_PASSWORD. Records
    logins, files sent and files received."""

    def __init__(self, root: Path):
        self.root = root
        self.events: list[tuple[str, str]] = []
        authorizer = DummyAuthorizer()
        authorizer.add_user(FTP_USER, FTP_PASSWORD, str(root), perm="elradfmwMT")
        authorizer.add_anonymous(str(root), perm="elradfmw")
        events = self.events

        class Handler(FTPHandler):
            def on_login(self, username):
                events.append(("login", username))

            def on_file_sent(self, file):
                events.append(("sent", file))

            def on_file_received(self, file):
                events.append(("received", file))

        Handler.authorizer = authorizer
        Handler.passive_ports = None
        self.server = FTPServer(("127.0.0.1", 0), Handler)
        self.port = self.server.address[1]
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._serve, name="test-ftp", daemon=True)

    def _serve(self) -> None:
        while not self._stop.is_set():
            self.server.serve_forever(timeout=0.05, blocking=False, handle_exit=False)
        self.server.close_all()

    def start(self) -> "FTPFileServer":
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stop.set()
        self._thread.join(5)

    def url(self, path: str, user: bool = True) -> str:
        login = f"{FTP_USER}:{FTP_PASSWORD}@" if user else ""
        return f"ftp://{login}127.0.0.1:{self.port}/{path.lstrip('/')}"


@pytest.fixture
def http_files(tmp_path):
    root = tmp_path / "http-root"
    root.mkdir()
    server = HTTPFileServer(root).start()
    yield server
    server.stop()


@pytest.fixture
def ftp_files(tmp_path):
    root = tmp_path / "ftp-root"
    root.mkdir()
    server = FTPFileServer(root).start()
    yield server
    server.stop()


# MARK: Helpers


def firmware_statuses(csms, after: int, before: int | None = None) -> list[str]:
    return [f.payload["status"] for f in csms.calls("FirmwareStatusNotification", after, before)]


def wait_firmware_status(csms, station, status: str, after: int, timeout: float = INSTALL_WAIT):
    try:
        return csms.wait_call("FirmwareStatusNotification", after, timeout, status=status)
    except BaseException:
        print(station.log_tail())
        raise


def update_firmware(station, location: str, **options) -> None:
    answer = station.call("UpdateFirmware", {"location": location, "retrieveDate": ocpp_time(), **options})
    assert answer == {}, answer


def assert_installs_with_a_reboot(csms, station, after: int, version: str = NEW_VERSION) -> None:
    """Downloading, Downloaded, Installing, a BootNotification with `version`, then Installed."""
    downloading = wait_firmware_status(csms, station, "Downloading", after)
    downloaded = wait_firmware_status(csms, station, "Downloaded", downloading.index)
    installing = wait_firmware_status(csms, station, "Installing", downloaded.index)
    boot = csms.wait_call("BootNotification", installing.index, INSTALL_WAIT)
    assert boot.payload["firmwareVersion"] == version, f"{boot.payload}\n{station.log_tail()}"
    installed = wait_firmware_status(csms, station, "Installed", boot.index)
    assert firmware_statuses(csms, after, installed.index + 1) == ["Downloading", "Downloaded", "Installing", "Installed"]
    assert csms.calls("BootNotification", after, installing.index) == [], "no reboot before Installing"
    assert csms.calls("BootNotification", boot.index + 1) == [], "one reboot"
    station.wait_registered()


def diagnostics_statuses(csms, after: int) -> list[str]:
    return [f.payload["status"] for f in csms.calls("DiagnosticsStatusNotification", after)]


def wait_diagnostics_end(csms, station, after: int, timeout: float = 20) -> str:
    """The status of the first DiagnosticsStatusNotification Uploaded or UploadFailed from frame
    `after` on."""

    def final(frame) -> bool:
        return (
            frame.direction == "received" and frame.message_type == 2 and frame.action == "DiagnosticsStatusNotification"
            and frame.payload.get("status") in ("Uploaded", "UploadFailed")
        )  # fmt: skip

    try:
        return csms.csms.wait_for(final, timeout, after).payload["status"]
    except TimeoutError:
        pytest.fail(f"no Uploaded or UploadFailed within {timeout} s: {diagnostics_statuses(csms, after)}\n{station.log_tail()}")


def assert_diagnostics_archive(data: bytes, station) -> None:
    """A tar archive holding station.log and ocpp.log, the latter showing the BootNotification."""
    with tarfile.open(fileobj=io.BytesIO(data)) as archive:
        names = archive.getnames()
        assert {"station.log", "ocpp.log"} <= set(names), names
        ocpp_log = archive.extractfile("ocpp.log").read().decode(errors="replace")
    assert "BootNotification" in ocpp_log, f"ocpp.log of the archive:\n{ocpp_log[:2000]}\n{station.log_tail()}"


# MARK: UpdateFirmware


def test_update_firmware_over_http_installs_and_reboots(csms, station, http_files):
    (http_files.root / "fw.img").write_bytes(IMAGE)
    first_boot = csms.calls("BootNotification")[0]
    assert first_boot.payload["firmwareVersion"] != NEW_VERSION
    mark = csms.mark()
    update_firmware(station, http_files.url("fw.img"))
    assert_installs_with_a_reboot(csms, station, mark)
    assert len(http_files.seen("GET", "/fw.img")) == 1, http_files.requests

    # The installed version survives a restart of the process, and Installed is not sent again.
    assert station.terminate() == 0, station.log_tail()
    wait_until(lambda: "IT-1" not in csms.csms.stations, what="the CSMS seeing the station go")
    mark = csms.mark()
    station.start()
    boot = csms.wait_call("BootNotification", mark)
    assert boot.payload["firmwareVersion"] == NEW_VERSION, boot.payload
    station.wait_registered()
    csms.wait_status(0, "Available", boot.index)
    assert firmware_statuses(csms, mark) == [], station.log_tail()


def test_update_firmware_over_ftp_with_a_user_and_password(csms, station, ftp_files):
    (ftp_files.root / "fw.img").write_bytes(IMAGE)
    mark = csms.mark()
    update_firmware(station, ftp_files.url("fw.img"))
    assert_installs_with_a_reboot(csms, station, mark)
    assert ("login", FTP_USER) in ftp_files.events, ftp_files.events
    assert ("sent", str(ftp_files.root / "fw.img")) in ftp_files.events, ftp_files.events


def test_a_missing_image_is_retried_then_reported_download_failed(csms, station, http_files):
    mark = csms.mark()
    update_firmware(station, http_files.url("missing.img"), retries=2, retryInterval=1)
    failed = wait_firmware_status(csms, station, "DownloadFailed", mark)
    assert len(http_files.seen("GET", "/missing.img")) == 2, http_files.requests
    statuses = firmware_statuses(csms, mark, failed.index + 1)
    assert set(statuses[:-1]) == {"Downloading"} and statuses[-1] == "DownloadFailed", statuses
    time.sleep(1.5)  # longer than the retry interval: no third attempt
    assert len(http_files.seen("GET", "/missing.img")) == 2, http_files.requests
    assert csms.calls("BootNotification", mark) == []


def test_an_image_without_the_firmware_header_installs_named_after_its_file(csms, station, http_files):
    (http_files.root / "maxero-3.1.4.bin").write_bytes(HEADERLESS_IMAGE)
    mark = csms.mark()
    update_firmware(station, http_files.url("maxero-3.1.4.bin"))
    assert_installs_with_a_reboot(csms, station, mark, version="maxero-3.1.4")


def test_an_installation_the_user_asked_to_fail_is_reported_without_a_reboot(csms, station, http_files):
    assert station.api("GET", "/api/firmware/next-installation") == (200, {"fails": False})
    station.post("/api/firmware/next-installation", {"fails": True})
    assert station.api("GET", "/api/firmware/next-installation") == (200, {"fails": True})
    (http_files.root / "fw.img").write_bytes(IMAGE)
    mark = csms.mark()
    update_firmware(station, http_files.url("fw.img"))
    failed = wait_firmware_status(csms, station, "InstallationFailed", mark)
    assert firmware_statuses(csms, mark, failed.index + 1) == ["Downloading", "Downloaded", "Installing", "InstallationFailed"]
    assert station.api("GET", "/api/firmware/next-installation") == (200, {"fails": False}), "the switch is used up"
    time.sleep(1)
    assert csms.calls("BootNotification", mark) == [], station.log_tail()
    snapshot = station.snapshot()
    assert snapshot["connected"] and snapshot["registration"] == "Accepted", snapshot
    # Nothing holds sessions back any more.
    start_session(station, csms, connector_id=1)
    # The version did not change.
    mark = csms.mark()
    assert station.call("TriggerMessage", {"requestedMessage": "BootNotification"}) == {"status": "Accepted"}
    boot = csms.wait_call("BootNotification", mark)
    assert boot.payload["firmwareVersion"] != NEW_VERSION, boot.payload


def test_the_firmware_switch_refuses_what_it_does_not_understand(station):
    status, answer = station.api("POST", "/api/firmware/next-installation", {"fails": "yes"})
    assert status == 400 and "fails" in answer["error"], (status, answer)


def test_an_update_during_a_transaction_installs_after_it_stopped(csms, station, http_files):
    (http_files.root / "fw.img").write_bytes(IMAGE)
    transaction_id = start_session(station, csms, connector_id=1)
    mark = csms.mark()
    update_firmware(station, http_files.url("fw.img"))
    downloaded = wait_firmware_status(csms, station, "Downloaded", mark)

    # While the image waits, a card at the free connector starts nothing.
    station.plug(2)
    station.swipe(OTHER_TAG, 2)
    csms.wait_call("Authorize", downloaded.index, idTag=OTHER_TAG)
    time.sleep(1)
    assert csms.calls("StartTransaction", mark) == [], station.log_tail()
    assert station.connector(2)["transactionId"] is None
    assert firmware_statuses(csms, downloaded.index + 1) == [], "nothing installs while the transaction runs"
    station.wait_connector(1, transactionId=transaction_id, status="Charging")

    station.swipe(TAG, 1)
    stop = csms.wait_call("StopTransaction", downloaded.index, transactionId=transaction_id)
    installing = wait_firmware_status(csms, station, "Installing", downloaded.index)
    assert stop.index < installing.index
    boot = csms.wait_call("BootNotification", installing.index, INSTALL_WAIT)
    assert boot.payload["firmwareVersion"] == NEW_VERSION, boot.payload
    wait_firmware_status(csms, station, "Installed", boot.index)
    assert csms.calls("StartTransaction", mark) == []


def test_trigger_firmware_and_diagnostics_status_when_idle(csms, station):
    for message in ("FirmwareStatusNotification", "DiagnosticsStatusNotification"):
        mark = csms.mark()
        assert station.call("TriggerMessage", {"requestedMessage": message}) == {"status": "Accepted"}
        assert csms.wait_call(message, mark).payload == {"status": "Idle"}


# MARK: GetDiagnostics


def test_get_diagnostics_uploads_a_tar_archive_over_http(csms, station, http_files):
    mark = csms.mark()
    answer = station.call("GetDiagnostics", {"location": http_files.url("diagnostics/")})
    file_name = answer.get("fileName")
    assert isinstance(file_name, str) and file_name, answer
    uploaded = csms.wait_call("DiagnosticsStatusNotification", mark, status="Uploaded")
    assert diagnostics_statuses(csms, mark) == ["Uploading", "Uploaded"], station.log_tail()
    # The location is a directory: the station PUTs the archive to location + fileName.
    uploads = http_files.seen("PUT")
    assert len(uploads) == 1, http_files.requests
    assert uploads[0].path == "/diagnostics/" + file_name, uploads[0].path
    assert_diagnostics_archive(uploads[0].body, station)
    assert uploaded.index > mark


def test_get_diagnostics_uploads_over_ftp(csms, station, ftp_files):
    # Anonymous login, a location naming the file, in a directory that does not exist yet.
    mark = csms.mark()
    answer = station.call("GetDiagnostics", {"location": ftp_files.url("diagnostics/upload.tar", user=False)})
    assert isinstance(answer.get("fileName"), str) and answer["fileName"], answer
    assert wait_diagnostics_end(csms, station, mark) == "Uploaded", station.log_tail()
    assert diagnostics_statuses(csms, mark) == ["Uploading", "Uploaded"], station.log_tail()
    target = ftp_files.root / "diagnostics" / "upload.tar"
    assert ("received", str(target)) in ftp_files.events, ftp_files.events
    assert_diagnostics_archive(target.read_bytes(), station)


def test_get_diagnostics_uploads_over_ftp_into_the_location_directory(csms, station, ftp_files):
    mark = csms.mark()
    answer = station.call("GetDiagnostics", {"location": ftp_files.url("diagnostics/"), "retries": 1})
    file_name = answer.get("fileName")
    assert isinstance(file_name, str) and file_name, answer
    assert wait_diagnostics_end(csms, station, mark) == "Uploaded", station.log_tail()
    assert diagnostics_statuses(csms, mark) == ["Uploading", "Uploaded"], station.log_tail()
    target = ftp_files.root / "diagnostics" / file_name
    assert ("login", FTP_USER) in ftp_files.events, ftp_files.events
    assert ("received", str(target)) in ftp_files.events, ftp_files.events
    assert_diagnostics_archive(target.read_bytes(), station)


def test_get_diagnostics_to_a_refusing_location_fails(csms, station):
    closed_port = free_port()  # nothing listens there
    mark = csms.mark()
    answer = station.call("GetDiagnostics", {"location": f"http://127.0.0.1:{closed_port}/diagnostics/", "retries": 1, "retryInterval": 1})
    assert isinstance(answer.get("fileName"), str), answer
    csms.wait_call("DiagnosticsStatusNotification", mark, status="UploadFailed")
    assert diagnostics_statuses(csms, mark) == ["Uploading", "UploadFailed"], station.log_tail()
    # Idle again afterwards.
    mark = csms.mark()
    assert station.call("TriggerMessage", {"requestedMessage": "DiagnosticsStatusNotification"}) == {"status": "Accepted"}
    assert csms.wait_call("DiagnosticsStatusNotification", mark).payload == {"status": "Idle"}
    wait_until(lambda: (s := station.snapshot()) and s["connected"], what="the station still connected")
